"""Benchmark of meeting scheduling: start-up rebuild with 10,000 series, and 1,000 reminders due at once.

1. Rebuild: a file SQLite database holds 10,000 series (2-6 participants, 1-2 places, some overrides,
   a mix of weekly, monthly and rotating rules in members' zones). Start-up loads them, makes each
   one's due-work rows and arms the one due-work timer (APScheduler, started). Printed: wall time
   (median of the rounds) and the peak of Python allocations during it (tracemalloc, a separate run)
   plus the process's max RSS, beside the
   naive baseline that loads each series with its own queries. Goals: under 5 s and 200 MB.
2. Burst: 1,000 series whose reminders fall due in the same instant, on real timers (the bot's clock is
   shifted so that instant is two seconds away). Each reminder goes to a recording notifier. Printed:
   all delivered exactly once (notifier and database agree), lateness p50/p99/max (median of rounds),
   beside a baseline that claims and sends one row at a time, without batching. Goal: p99 under 2 s.
3. Rotation: `meeting plan` for all 41 current members (capital zones from the seed), N = 1 to 4, over
   12 monthly and 52 weekly calls (median of rounds), and N = 2 beside a brute force over every pair
   of 15-minute UTC starts. Goal: a few seconds.
4. A plan for 10,000 people (users in 8 zones), N = 2, 12 monthly calls: the time of `meeting plan`'s
   computation (median of rounds) beside the per-person baseline it replaced, and the longest the event
   loop stood still meanwhile (a 5 ms heartbeat), computed on the loop vs off it (asyncio.to_thread, as
   the command does). Goal: the loop never blocked for more than a fraction of a second.

Usage, from the repository root: .venv/bin/python bench/schedules.py [--series 10000] [--burst 1000]
[--rounds 3] [--baseline-rounds 1]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import delete, insert  # noqa: E402

from bot.timers import SchedulerTimers  # noqa: E402
from bot.wiring import build_services  # noqa: E402
from handlers.context import CoreSettings, Services  # noqa: E402
from handlers.core import Place, Reply  # noqa: E402
from handlers.due import DueEngine, Policy  # noqa: E402
from handlers.meetings.delivery import MeetingKind  # noqa: E402
from handlers.meetings.firings import KINDS, REMINDERS, Firing, firings  # noqa: E402
from handlers.ports import TimerCallback  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade_and_seed  # noqa: E402
from storage.models import MeetingOverride, MeetingParticipant, MeetingPlace, MeetingSeries  # noqa: E402
from storage.models.due_work import DueWork  # noqa: E402
from storage.repositories.due_work import DueRow  # noqa: E402

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
ZONES = ["Europe/Zurich", "Asia/Tokyo", "America/Mexico_City", "Pacific/Auckland", "Europe/Tallinn", "UTC"]
MEMBERS = ["Estonia", "Switzerland", "Japan", "Mexico", "New Zealand", "Kenya", "Canada", "Chile"]
RULES = ["FREQ=WEEKLY;BYDAY=TU", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "FREQ=MONTHLY;BYDAY=2TU", "FREQ=DAILY"]


@dataclass
class Recorder:
    """A notifier that notes when (on the bot's clock) each message arrived."""

    clock: Callable[[], datetime]
    sent: list[tuple[str, str, datetime]] = field(default_factory=list)

    async def send(self, place: Place, reply: Reply) -> None:
        self.sent.append((place.key, reply.data["start"], self.clock()))

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        raise AssertionError("reminders go to places")


class ShiftedTimers:
    """Real timers for a clock running ``shift`` ahead of real time."""

    def __init__(self, inner: SchedulerTimers, shift: timedelta) -> None:
        self.inner, self.shift = inner, shift

    def arm(self, job_id: str, at: datetime, callback: TimerCallback) -> None:
        self.inner.arm(job_id, at - self.shift, callback)

    def disarm(self, job_id: str) -> None:
        self.inner.disarm(job_id)


class NaiveKind(MeetingKind):
    """Baseline: one query per series at start (`MeetingRepository.active_one_by_one`)."""

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        series = await self.services.meetings.active_one_by_one()
        return [row for one in series for row in firings(one, now, self.what)]


def engine_for(services: Services, clock: Callable[[], datetime], naive: bool) -> DueEngine:
    """The due-work engine with the meeting kind; the baseline reads series one by one and claims one
    row at a time (no batching)."""
    if naive:
        kinds = [NaiveKind(services, what) for what in KINDS]
        return DueEngine(services, clock, kinds, policy=Policy(batch=1, per_lane=1))
    return DueEngine(services, clock, [MeetingKind(services, what) for what in KINDS])


async def fill(db: Database, count: int, *, burst_start: datetime | None = None) -> None:
    """``count`` series; with ``burst_start`` all single calls at that instant with a 60-minute reminder."""
    rng = random.Random(7)
    series, people, places, overrides = [], [], [], []
    for i in range(1, count + 1):
        tz = ZONES[i % len(ZONES)]
        if burst_start is not None:
            first, at, rule, rotation, tz = (
                burst_start.date(),
                f"{burst_start:%H:%M}",
                "FREQ=DAILY;COUNT=1",
                None,
                "UTC",
            )
        else:
            first = date(2027, 1, 5) + timedelta(days=rng.randint(0, 60))
            at, rule = f"{rng.randint(7, 18):02d}:{rng.choice(['00', '30'])}", RULES[i % len(RULES)]
            rotation = "07:00,15:00" if i % 10 == 0 else None
        series.append(
            {
                "id": i,
                "title": f"Call {i}",
                "kind": "custom",
                "activity_id": None,
                "rrule": rule,
                "first_date": first,
                "start_time": at,
                "duration_minutes": 60,
                "timezone": tz,
                "rotation": rotation,
                "agenda": None,
                "reminder_offsets": "60" if burst_start else "1440,60",
                "created_by": "bench:admin",
                "created_at": NOW - timedelta(days=1),
            }
        )
        for pos, name in enumerate(rng.sample(MEMBERS, rng.randint(2, 6))):
            people.append({"series_id": i, "ref": name, "kind": "member", "position": pos})
        for pos in range(1 if burst_start else rng.randint(1, 2)):
            places.append({"series_id": i, "place": f"bench:room{i}-{pos}", "position": pos})
        if burst_start is None and i % 7 == 0:
            overrides.append(
                {
                    "series_id": i,
                    "original_start": datetime(2031, 1, 1, tzinfo=UTC),
                    "action": "skip",
                    "moved_to": None,
                    "by": "bench:admin",
                    "at": NOW,
                }
            )
    async with db.transaction() as s:
        for model, rows in (
            (MeetingSeries, series),
            (MeetingParticipant, people),
            (MeetingPlace, places),
            (MeetingOverride, overrides),
        ):
            for chunk in range(0, len(rows), 2000):
                if rows[chunk : chunk + 2000]:
                    await s.execute(insert(model), rows[chunk : chunk + 2000])


async def make_db(directory: Path, name: str, count: int, burst_start: datetime | None = None) -> str:
    url = f"sqlite+aiosqlite:///{directory / name}"
    db = Database.connect(url)
    try:
        await upgrade_and_seed(db)
        await fill(db, count, burst_start=burst_start)
    finally:
        await db.dispose()
    return url


async def rebuild_once(url: str, naive: bool) -> tuple[float, int, int]:
    """Seconds for start-up (every series' due-work rows made, the one timer armed, the scheduler
    started), the series with a waiting row, and the series count."""
    db = Database.connect(url)
    timers = SchedulerTimers()
    services = build_services(db, CoreSettings(), Recorder(lambda: NOW), timers)
    engine = engine_for(services, lambda: NOW, naive)
    try:
        async with db.transaction() as s:
            await s.execute(delete(DueWork))
        started = time.perf_counter()
        await engine.start()
        await engine.wake()
        timers.start()
        elapsed = time.perf_counter() - started
        items = [i for kind in KINDS.values() for i in await services.due_work.items(kind)]
        waiting = {Firing.of(i).series for i in items if i.state == "pending"}
        return elapsed, len(waiting), len(await services.meetings.active())
    finally:
        timers.shutdown()
        await db.dispose()


async def rebuild_memory(url: str, naive: bool) -> float:
    tracemalloc.start()
    try:
        await rebuild_once(url, naive)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def burst_once(
    directory: Path, count: int, naive: bool, round_no: int
) -> tuple[float, float, float, bool]:
    """(p50, p99, max) lateness in seconds of ``count`` reminders due together, and exactly-once."""
    start = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
    due = start - timedelta(minutes=60)
    url = await make_db(directory, f"burst-{naive}-{round_no}.db", count, burst_start=start)
    shift = due - datetime.now(UTC) - timedelta(seconds=2)  # the bot's clock reaches `due` in 2 s

    def clock() -> datetime:
        return datetime.now(UTC) + shift

    db = Database.connect(url)
    inner = SchedulerTimers()
    recorder = Recorder(clock)
    services = build_services(db, CoreSettings(), recorder, ShiftedTimers(inner, shift))
    engine = engine_for(services, clock, naive)
    try:
        await engine.start()
        await engine.wake()
        inner.start()
        for _ in range(1200):  # at most a minute
            if len(recorder.sent) >= count:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # anything sent twice would show up now
        rows = await services.due_work.items(REMINDERS)
    finally:
        inner.shutdown()
        await db.dispose()
    lateness = [(at - due).total_seconds() for _, _, at in recorder.sent]
    keys = {(place, start_iso) for place, start_iso, _ in recorder.sent}
    once = len(recorder.sent) == count == len(keys) == len(rows) and all(r.state == "sent" for r in rows)
    return percentile(lateness, 0.5), percentile(lateness, 0.99), max(lateness), once


def ratio(baseline: float, ours: float) -> str:
    return f"{baseline / ours:.1f}x" if ours > 0 else "-"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--burst", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only-rotation", action="store_true", help="print the rotation figures only")
    parser.add_argument(
        "--baseline-rounds",
        type=int,
        default=1,
        help="rounds of the slow rebuild baseline (about a minute each)",
    )
    args = parser.parse_args()
    rotation_figures(args.rounds)
    from bench.plan_figures import crowd_plan_figures

    await crowd_plan_figures(args.rounds)
    if args.only_rotation:
        return

    with tempfile.TemporaryDirectory(prefix="focbot-bench-") as tmp:
        directory = Path(tmp)
        made = time.perf_counter()
        url = await make_db(directory, "series.db", args.series)
        print(f"{args.series} series written to a file SQLite database in {time.perf_counter() - made:.1f} s")

        results: dict[bool, list[float]] = {False: [], True: []}
        for round_no in range(max(args.rounds, args.baseline_rounds)):
            for naive in (False, True):
                if round_no >= (args.baseline_rounds if naive else args.rounds):
                    continue
                elapsed, armed, count = await rebuild_once(url, naive)
                assert armed == count == args.series, (armed, count)
                results[naive].append(elapsed)
        ours, base = statistics.median(results[False]), statistics.median(results[True])
        memory, memory_base = await rebuild_memory(url, False), await rebuild_memory(url, True)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"start-up rebuild, {args.series} series, median of {args.rounds}"
            f" (baseline: {args.baseline_rounds}):"
        )
        print(
            f"  batched:  {ours:6.2f} s   peak Python allocations {memory:6.1f} MB   (goal < 5 s, < 200 MB)"
        )
        print(
            f"  baseline: {base:6.2f} s   peak Python allocations {memory_base:6.1f} MB"
            "   (a query per series)"
        )
        print(f"  speed-up: {ratio(base, ours)}; process max RSS so far {rss:.0f} MB")

        burst: dict[bool, list[tuple[float, float, float, bool]]] = {False: [], True: []}
        for round_no in range(args.rounds):
            for naive in (False, True):
                burst[naive].append(await burst_once(directory, args.burst, naive, round_no))
        print(f"{args.burst} reminders due in the same instant, real timers, median of {args.rounds}:")
        for naive, label in ((False, "batched "), (True, "baseline")):
            rows = burst[naive]
            p50, p99, worst = (statistics.median(r[i] for r in rows) for i in range(3))
            once = all(r[3] for r in rows)
            print(
                f"  {label}: lateness p50 {p50:5.2f} s  p99 {p99:5.2f} s  max {worst:5.2f} s  "
                f"exactly once: {'yes' if once else 'NO'}"
            )
        p99_ours = statistics.median(r[1] for r in burst[False])
        p99_base = statistics.median(r[1] for r in burst[True])
        print(f"  p99 ratio baseline/batched: {ratio(p99_base, p99_ours)} (goal p99 < 2 s)")


def rotation_figures(rounds: int) -> None:
    import yaml

    from schedules.recurrence import rule_dates
    from schedules.rotation import Participant, brute_force, optimise

    facts = yaml.safe_load((ROOT / "storage" / "seed" / "facts.yaml").read_text(encoding="utf-8"))
    members = [Participant(m["name"], m["tz"]) for m in facts["members"] if not m["left"]]
    print(f"fair rotation for all {len(members)} current members, median of {rounds}:")
    for rule, count in (("FREQ=MONTHLY;BYDAY=2TU", 12), ("FREQ=WEEKLY;BYDAY=TU", 52)):
        dates = rule_dates(rule, date(2027, 1, 1), count)
        cells = []
        for n in (1, 2, 3, 4):
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                plan = optimise(members, dates, 60, n)
                times.append(time.perf_counter() - started)
            cells.append(f"N={n} {statistics.median(times):.2f} s (worst share {plan.max_burden:.0%})")
        print(f"  {count} calls ({rule}): " + ", ".join(cells))
    dates = rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 12)
    started = time.perf_counter()
    optimum = brute_force(members, dates, 60, 2)
    naive = time.perf_counter() - started
    started = time.perf_counter()
    plan = optimise(members, dates, 60, 2)
    ours = time.perf_counter() - started
    assert (plan.max_bad, plan.total_bad) == optimum
    print(
        f"  N=2, 12 calls: optimiser {ours:.2f} s, brute force {naive:.2f} s (same optimum),"
        f" speed-up {ratio(naive, ours)}"
    )


if __name__ == "__main__":
    asyncio.run(main())
