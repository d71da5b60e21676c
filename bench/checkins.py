"""Benchmark of check-in delivery: a round to 1,000 focal points in 40 zones, beside meeting reminders.

1. Check-in round: 1,000 focal points (users with their own zone, 40 IANA zones, spread over the 41
   current members) in one round of a check-in at 10:00 each one's own time. The bot's clock jumps to each
   moment the due-work engine armed its timer (`due-work`), then runs in real time while that wake-up
   works, as if the timer had fired on time: the lateness of a DM is when it was sent minus its
   participant's due moment. Checked: every DM sent exactly once (notifier and database agree), none
   before its due moment.
   Printed: lateness p50/p99/max (median of rounds), and the time to build the digest of the round (rows
   read + grouped by country + text) with 60 % of them answered, median of 5.
2. Baseline, the meeting reminder path: 1,000 series in the same 40 due moments (25 each), one reminder
   each to a place, driven the same way (all the series due at a moment woken together, as APScheduler
   fires their timers). Printed: the same lateness figures, and the ratio check-in/meeting of the p50 and p99.

Usage, from the repository root: .venv/bin/python bench/checkins.py [--people 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
# bench/ itself must not be on the path: bench/schedules.py would shadow the `schedules` package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from bot.wiring import build_services  # noqa: E402
from handlers.checkins.delivery import checkin_kinds  # noqa: E402
from handlers.checkins.messages import digest  # noqa: E402
from handlers.checkins.template import load_template  # noqa: E402
from handlers.context import CoreSettings  # noqa: E402
from handlers.core import Place, Reply  # noqa: E402
from handlers.due import TIMER, DueEngine  # noqa: E402
from handlers.meetings.delivery import MeetingKind  # noqa: E402
from handlers.ports import TimerCallback  # noqa: E402
from schedules.checkins import round_starts_at  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade_and_seed  # noqa: E402
from storage.models import FocalPoint, MeetingPlace, MeetingSeries, User  # noqa: E402

DAY = date(2027, 3, 15)
ZONES = [
    "Pacific/Kiritimati",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Australia/Sydney",
    "Australia/Adelaide",
    "Australia/Brisbane",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Jakarta",
    "Asia/Bangkok",
    "Asia/Dhaka",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Karachi",
    "Asia/Kabul",
    "Asia/Dubai",
    "Asia/Tehran",
    "Europe/Moscow",
    "Africa/Nairobi",
    "Europe/Helsinki",
    "Africa/Cairo",
    "Europe/Berlin",
    "Africa/Lagos",
    "Europe/London",
    "Africa/Accra",
    "Atlantic/Azores",
    "Atlantic/Cape_Verde",
    "America/Noronha",
    "America/Sao_Paulo",
    "America/St_Johns",
    "America/Halifax",
    "America/Toronto",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "Pacific/Pago_Pago",
]


@dataclass
class JumpClock:
    """The bot's clock: set to a moment, then running on in real time (as if a timer fired at it)."""

    base: datetime = datetime(2027, 1, 1, tzinfo=UTC)
    started: float = field(default_factory=time.perf_counter)

    def __call__(self) -> datetime:
        return self.base + timedelta(seconds=time.perf_counter() - self.started)

    def jump(self, moment: datetime) -> None:
        self.base, self.started = moment, time.perf_counter()


@dataclass
class Recorder:
    clock: JumpClock
    direct: list[tuple[str, datetime]] = field(default_factory=list)
    places: list[tuple[str, Reply, datetime]] = field(default_factory=list)

    async def send(self, place: Place, reply: Reply) -> None:
        self.places.append((place.key, reply, self.clock()))

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        self.direct.append((user_key, self.clock()))


@dataclass
class ArmedTimers:
    """Timers that only note when each job wants to wake (the bench fires them)."""

    armed: dict[str, tuple[datetime, TimerCallback]] = field(default_factory=dict)

    def arm(self, job_id: str, at: datetime, callback: TimerCallback) -> None:
        self.armed[job_id] = (at, callback)

    def disarm(self, job_id: str) -> None:
        self.armed.pop(job_id, None)


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def fresh_db(directory: Path, name: str) -> Database:
    db = Database.connect(f"sqlite+aiosqlite:///{directory / name}")
    await upgrade_and_seed(db)
    return db


async def checkin_round(directory: Path, people: int, round_no: int) -> tuple[list[float], float, bool]:
    """Lateness (s) of each DM, the digest build time (s, median of 5), and exactly-once."""
    db = await fresh_db(directory, f"checkins-{round_no}.db")
    clock = JumpClock()
    recorder, timers = Recorder(clock), ArmedTimers()
    services = build_services(db, CoreSettings(), recorder, timers)
    try:
        members = [m.name for m in await services.knowledge.members() if m.is_current]
        created = datetime(2027, 3, 1, tzinfo=UTC)
        users = [
            {
                "key": f"bench:u{i}",
                "display_name": f"u{i}",
                "timezone": ZONES[i % len(ZONES)],
                "timezone_source": "user",
                "member": None,
                "is_admin": False,
                "created_at": created,
                "updated_at": created,
            }
            for i in range(people)
        ]
        points = [
            {
                "member": members[i % len(members)],
                "user_key": f"bench:u{i}",
                "added_by": "bench",
                "added_at": created,
            }
            for i in range(people)
        ]
        async with db.transaction() as s:
            await s.execute(insert(User), users)
            await s.execute(insert(FocalPoint), points)
        definition = load_template("quarterly-update")
        assert definition is not None
        checkin = await services.checkins.create(
            title="Quarterly update",
            template="quarterly-update",
            definition=definition.to_json(),
            audience_kind="members",
            audience=[],
            rule="FREQ=DAILY;COUNT=1",
            first_date=DAY,
            wall_time="10:00",
            deadline_days=1,
            reminder_minutes=[],
            digest_place="bench:room",
            before_series=None,
            status="active",
            next_round_on=DAY,
            next_round_at=round_starts_at(DAY, wall_time(10, 0)),
            created_by="bench",
            created_at=created,
        )
        delivery = DueEngine(services, clock, checkin_kinds(services))  # the one engine, check-in kinds
        services.due = delivery
        await delivery.sync()
        clock.jump(round_starts_at(DAY, wall_time(10, 0)))
        await delivery.wake()
        rnd = await services.checkins.latest_round(checkin.id)
        assert rnd is not None
        deadline = rnd.deadline_at
        while TIMER in timers.armed and timers.armed[TIMER][0] < deadline:
            clock.jump(timers.armed[TIMER][0])
            await timers.armed[TIMER][1]()
        rows = await services.checkins.participants(rnd.id)
        due = {r.user_key: r.due_at for r in rows}
        lateness = [(at - due[user]).total_seconds() for user, at in recorder.direct]
        once = (
            len(rows) == people
            and Counter(u for u, _ in recorder.direct) == Counter(list(due))
            and all(r.sent == "sent" for r in rows)
            and min(lateness) >= 0
        )
        for row in rows[: int(people * 0.6)]:
            await services.checkins.save_answers(
                row.id,
                {"1": 1, "2": "talks with the mission", "3": "a statement", "4": [3]},
                deadline - timedelta(hours=1),
            )
        closed = await services.checkins.round(rnd.id)
        assert closed is not None
        builds = []
        for _ in range(5):
            started = time.perf_counter()
            digest(checkin, closed, await services.checkins.participants(rnd.id))
            builds.append(time.perf_counter() - started)
        clock.jump(deadline)  # the close: the digest posted once
        await delivery.wake()
        once = once and len(recorder.places) == 1
        return lateness, statistics.median(builds), once
    finally:
        await db.dispose()


def reminders(recorder: Recorder) -> list[tuple[str, Reply, datetime]]:
    return [p for p in recorder.places if p[1].data.get("kind") == "meeting_reminder"]


async def meeting_round(directory: Path, people: int, round_no: int) -> tuple[list[float], bool]:
    """The baseline: ``people`` meeting series, 25 per due moment of the check-in round, one reminder each."""
    db = await fresh_db(directory, f"meetings-{round_no}.db")
    clock = JumpClock()
    recorder, timers = Recorder(clock), ArmedTimers()
    services = build_services(db, CoreSettings(), recorder, timers)
    created = datetime(2027, 3, 1, tzinfo=UTC)
    try:
        series, places = [], []
        for i in range(1, people + 1):
            zone = ZONES[i % len(ZONES)]
            start = datetime.combine(DAY, wall_time(11, 0), ZoneInfo(zone))  # reminded 60 min before: 10:00
            series.append(
                {
                    "id": i,
                    "title": f"Call {i}",
                    "kind": "custom",
                    "activity_id": None,
                    "rrule": "FREQ=DAILY;COUNT=1",
                    "first_date": start.date(),
                    "start_time": "11:00",
                    "duration_minutes": 60,
                    "timezone": zone,
                    "rotation": None,
                    "agenda": None,
                    "reminder_offsets": "60",
                    "created_by": "bench",
                    "created_at": created,
                }
            )
            places.append({"series_id": i, "place": f"bench:room{i}", "position": 0})
        async with db.transaction() as s:
            await s.execute(insert(MeetingSeries), series)
            await s.execute(insert(MeetingPlace), places)
        engine = DueEngine(services, clock, [MeetingKind(services, "reminder")])
        clock.jump(round_starts_at(DAY, wall_time(10, 0)))
        await engine.start()
        await engine.wake()
        while len(reminders(recorder)) < people and timers.armed:
            pending = {job: at for job, (at, _) in timers.armed.items()}
            moment = min(pending.values())
            clock.jump(moment)
            due_now = [timers.armed[job][1] for job, at in pending.items() if at == moment]
            await asyncio.gather(*(callback() for callback in due_now))
        sent = reminders(recorder)
        lateness = [
            (at - (datetime.fromisoformat(reply.data["start"]) - timedelta(minutes=60))).total_seconds()
            for _, reply, at in sent
        ]
        once = len(sent) == people == len({key for key, _, _ in sent})
        return lateness, once
    finally:
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        checkin_p50, checkin_p99, checkin_max, builds, meeting_p50, meeting_p99, meeting_max = (
            [] for _ in range(7)
        )
        all_once = True
        for round_no in range(args.rounds):
            lateness, build, once = await checkin_round(directory, args.people, round_no)
            checkin_p50.append(percentile(lateness, 0.5))
            checkin_p99.append(percentile(lateness, 0.99))
            checkin_max.append(max(lateness))
            builds.append(build)
            all_once &= once
            base, base_once = await meeting_round(directory, args.people, round_no)
            meeting_p50.append(percentile(base, 0.5))
            meeting_p99.append(percentile(base, 0.99))
            meeting_max.append(max(base))
            all_once &= base_once
    med = statistics.median
    print(f"check-in round: {args.people} focal points in {len(ZONES)} zones, {args.rounds} rounds (medians)")
    print(
        f"  DM lateness p50 {med(checkin_p50) * 1000:.1f} ms, p99 {med(checkin_p99) * 1000:.1f} ms, "
        f"max {med(checkin_max) * 1000:.1f} ms; each sent exactly once, none early: {all_once}"
    )
    print(f"  digest build ({int(args.people * 0.6)} answered of {args.people}): {med(builds) * 1000:.1f} ms")
    print(f"baseline, meeting reminders: {args.people} series in the same {len(ZONES)} due moments")
    print(
        f"  reminder lateness p50 {med(meeting_p50) * 1000:.1f} ms, p99 {med(meeting_p99) * 1000:.1f} ms, "
        f"max {med(meeting_max) * 1000:.1f} ms"
    )
    print(
        f"ratio check-in/meeting: p50 {med(checkin_p50) / med(meeting_p50):.2f}, "
        f"p99 {med(checkin_p99) / med(meeting_p99):.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
