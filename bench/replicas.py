"""Two replicas on PostgreSQL, 1,000 reminders due at once, the leader killed halfway through sending.

Each round makes a fresh database, 1,000 one-off calls whose reminders fall due at the next whole minute
(at least 20 s away), starts replica A (it leads and arms the timers) and replica B (standby), and at the
due minute watches A send. In a "kill" round A gets kill -9 once it has printed half of the reminders; B
takes over. Prints, as medians over the rounds, beside a baseline round without a kill: delivered,
duplicated, missed, deliveries left "sending" by the dead leader, the takeover time (kill -9 to B's
/healthz saying leader) and how long after the due moment the last reminder went out.

Usage, from the repository root, with PostgreSQL running:
    .venv/bin/python bench/replicas.py [--reminders 1000] [--rounds 3] [--database-url URL]
(URL defaults to FOCBOT_TEST_DATABASE_URL or postgresql+asyncpg://postgres@127.0.0.1:5432/test).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.databases import PostgresTemplate  # noqa: E402
from tests.support.processes import BotProcess, wait_for  # noqa: E402
from tests.support.reminders import Tally, create_series, delivery_statuses, minute, open_claims  # noqa: E402

DEFAULT_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
LEAD = timedelta(seconds=20)


@dataclass
class Round:
    delivered: int
    duplicated: int
    missed: int
    left_sending: int
    takeover: float | None
    last_after_due: float


def run_round(template: PostgresTemplate, count: int, kill: bool, workdir: Path) -> Round:
    url = template.copy()
    try:
        now = datetime.now(UTC)
        due = minute(now + LEAD, up=True)
        rooms = asyncio.run(
            create_series(url, count, start=due + timedelta(minutes=60), created_at=now - timedelta(hours=1))
        )
        a = BotProcess.replica("a", url, workdir)
        b: BotProcess | None = None
        try:
            a.wait_role("leader")
            b = BotProcess.replica("b", url, workdir)
            b.wait_role("standby")
            assert datetime.now(UTC) < due, "the replicas started too slowly: raise LEAD"
            takeover: float | None = None
            if kill:
                wait_for(lambda: Tally.of(rooms, a.notifications()).delivered >= count // 2, 90, "half sent")
                a.kill()
                killed = time.monotonic()
                wait_for(lambda: b is not None and b.role() == "leader", 30, "b to take over", every=0.02)
                takeover = time.monotonic() - killed
            last_seen = _watch(rooms, a, b, url, count)
            tally = Tally.of(rooms, a.notifications(), b.notifications())
        finally:
            a.close()
            if b is not None:
                b.close()
        statuses = asyncio.run(delivery_statuses(url))
        return Round(
            delivered=tally.delivered,
            duplicated=tally.duplicated,
            missed=tally.missed,
            left_sending=statuses.get("unknown", 0),
            takeover=takeover,
            last_after_due=(last_seen - due).total_seconds(),
        )
    finally:
        template.drop(url.rsplit("/", 1)[1])


def _watch(rooms: list[str], a: BotProcess, b: BotProcess, url: str, count: int) -> datetime:
    """Poll both outputs until every reminder is claimed and no claim is open (the dead leader's are
    settled once they expire: "unknown" if begun); the wall time the last new reminder showed."""
    seen, last = -1, datetime.now(UTC)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        current = sum(Tally.of(rooms, a.notifications(), b.notifications()).seen.values())
        if current != seen:
            seen, last = current, datetime.now(UTC)
        total, still = asyncio.run(open_claims(url))
        if total >= count and still == 0 and seen > 0:
            time.sleep(0.2)  # the last lines flushed after the last claim settled
            if sum(Tally.of(rooms, a.notifications(), b.notifications()).seen.values()) == seen:
                return last
        time.sleep(0.05)
    raise AssertionError("the replicas did not finish within 3 minutes")


def _median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reminders", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("FOCBOT_TEST_DATABASE_URL", DEFAULT_URL))
    args = parser.parse_args()
    template = PostgresTemplate(args.database_url)
    results: dict[str, list[Round]] = {"baseline": [], "kill": []}
    try:
        with tempfile.TemporaryDirectory(prefix="focbot-bench-") as tmp:
            for i in range(args.rounds):
                for kind in ("baseline", "kill"):
                    workdir = Path(tmp) / f"{kind}-{i}"
                    workdir.mkdir()
                    result = run_round(template, args.reminders, kind == "kill", workdir)
                    results[kind].append(result)
                    print(f"round {i + 1} {kind:8}: {result}", flush=True)
    finally:
        template.close()
    _report(args.reminders, results)


def _report(count: int, results: dict[str, list[Round]]) -> None:
    base, kill = results["baseline"], results["kill"]
    rows = [
        ("delivered", [r.delivered for r in base], [r.delivered for r in kill]),
        ("duplicated", [r.duplicated for r in base], [r.duplicated for r in kill]),
        ("missed", [r.missed for r in base], [r.missed for r in kill]),
        ("left 'sending' by the dead leader", [r.left_sending for r in base], [r.left_sending for r in kill]),
        ("takeover, kill -9 to new leader (s)", [], [r.takeover or 0.0 for r in kill]),
        ("last reminder after due (s)", [r.last_after_due for r in base], [r.last_after_due for r in kill]),
    ]
    print(f"\n{count} reminders due at once, 2 replicas on PostgreSQL, medians of {len(kill)} rounds")
    print(f"{'':38} {'baseline':>10} {'killed':>10} {'ratio':>8}")
    for label, b, k in rows:
        bm = _median([float(x) for x in b]) if b else None
        km = _median([float(x) for x in k])
        ratio = f"{km / bm:.2f}x" if bm else "-"
        shown_b = "-" if bm is None else f"{bm:.2f}".rstrip("0").rstrip(".")
        print(f"{label:38} {shown_b:>10} {f'{km:.2f}'.rstrip('0').rstrip('.'):>10} {ratio:>8}")


if __name__ == "__main__":
    main()
