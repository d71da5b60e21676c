"""Benchmark: 1,000 respondents answering a survey at once, through the real dispatcher and service.

For each round, a fresh survey of the support-unit template is opened to 1,000 console users on a SQLite
file (or --database-url), and each user sends one complete `survey answer` line. The concurrent run fires
all 1,000 at once (asyncio.gather); the baseline beside it sends the same lines one after another. After
every run the stored responses are counted: each respondent must be stored exactly once, complete.
Prints the median throughput of each (answers per second), the p50/p95 latency of a concurrent answer,
and the ratio; the goal is 200 answers/s or more on SQLite.

Usage, from the repository root: .venv/bin/python bench/surveys.py [--respondents 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bot.app import App, build_app, lifespan  # noqa: E402
from bot.config import Settings  # noqa: E402
from handlers.core import Actor, Command, Place, Reply  # noqa: E402

PLACE = Place("console", "bench", is_direct=True)
ANSWERS = '1=1,2 2="Quick replies" 3=3 5=1,4 6=2 7=4 8=Both 9=5 10=1 11=1,3,7 12=2 13=1 14=4'
NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


class NullNotifier:
    """Counts invitations instead of printing them."""

    def __init__(self) -> None:
        self.sent = 0

    async def send(self, place: Place, reply: Reply) -> None:
        self.sent += 1

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        self.sent += 1


async def say(app: App, user: str, line: str) -> Reply:
    reply = await app.handle(Command(Actor("console", user, user), PLACE, line))
    assert reply is not None
    return reply


async def open_survey(app: App, people: list[str], anonymous: bool) -> int:
    created = await say(app, "admin", "survey new support-unit")
    survey_id = int(created.data["survey"])
    flags = " anonymous" if anonymous else ""
    opened = await say(app, "admin", f"survey open {survey_id} to={','.join(people)}{flags}")
    assert opened.ok, opened.text
    return survey_id


async def verify(app: App, survey_id: int, people: list[str], anonymous: bool) -> None:
    """Every respondent stored exactly once, complete (counted in the database)."""
    async with app.db.engine.connect() as conn:
        rows = (
            await conn.execute(
                text("SELECT respondent_key, complete FROM survey_responses WHERE survey_id = :s"),
                {"s": survey_id},
            )
        ).all()
    keys = [r[0] for r in rows]
    assert len(keys) == len(people) == len(set(keys)), f"{len(keys)} rows for {len(people)} people"
    assert all(bool(r[1]) for r in rows), "an incomplete response"
    if not anonymous:
        assert sorted(keys) == sorted(f"console:{p}" for p in people)


async def timed_run(
    app: App, people: list[str], anonymous: bool, send: Callable[[int, list[str]], Awaitable[list[float]]]
) -> tuple[float, list[float]]:
    survey_id = await open_survey(app, people, anonymous)
    start = time.perf_counter()
    latencies = await send(survey_id, people)
    elapsed = time.perf_counter() - start
    await verify(app, survey_id, people, anonymous)
    return len(people) / elapsed, latencies


def concurrent(app: App) -> Callable[[int, list[str]], Awaitable[list[float]]]:
    async def send(survey_id: int, people: list[str]) -> list[float]:
        async def one(person: str) -> float:
            start = time.perf_counter()
            reply = await say(app, person, f"survey answer {survey_id} {ANSWERS}")
            assert reply.ok, reply.text
            return time.perf_counter() - start

        return list(await asyncio.gather(*(one(p) for p in people)))

    return send


def sequential(app: App) -> Callable[[int, list[str]], Awaitable[list[float]]]:
    async def send(survey_id: int, people: list[str]) -> list[float]:
        latencies = []
        for person in people:
            start = time.perf_counter()
            reply = await say(app, person, f"survey answer {survey_id} {ANSWERS}")
            assert reply.ok, reply.text
            latencies.append(time.perf_counter() - start)
        return latencies

    return send


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'bench-surveys.db'}"
        settings = Settings(_env_file=None, database_url=url, admins="console:admin", secret_key="bench")  # type: ignore[call-arg]
        app = build_app(settings, clock=lambda: NOW)
        notifier = NullNotifier()
        app.notifier.register("console", notifier)
        people = [f"member{i:04d}" for i in range(args.respondents)]
        async with lifespan(app, start_timers=False):
            print(f"database: {app.db.dialect}, respondents: {len(people)}, rounds: {args.rounds}")
            for anonymous in (False, True):
                label = "anonymous" if anonymous else "named"
                ours, base, lat = [], [], []
                for _ in range(args.rounds):
                    rate, latencies = await timed_run(app, people, anonymous, concurrent(app))
                    ours.append(rate)
                    lat.extend(latencies)
                    rate, _ = await timed_run(app, people, anonymous, sequential(app))
                    base.append(rate)
                concurrent_rate, sequential_rate = statistics.median(ours), statistics.median(base)
                p50, p95 = percentile(lat, 0.5) * 1000, percentile(lat, 0.95) * 1000
                print(
                    f"{label:9}  at once: {concurrent_rate:7.0f} answers/s (p50 {p50:.0f} ms,"
                    f" p95 {p95:.0f} ms per answer)   one after another (baseline): "
                    f"{sequential_rate:7.0f} answers/s   ratio {concurrent_rate / sequential_rate:.2f}   "
                    f"goal >= 200/s: {'met' if concurrent_rate >= 200 else 'NOT met'}"
                )
            print(
                f"all responses stored exactly once ({2 * 2 * args.rounds} runs verified); "
                f"invitations: {notifier.sent}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each kind; medians are printed")
    parser.add_argument("--database-url", default=None, help="default: a SQLite file in a temporary folder")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # one log line per command would dominate the timing
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
