"""Benchmark of the knowledge-base search on the dev and held-out questions.

Builds the index from the seed files, runs every question of tests/data/qa-dev.jsonl and
tests/data/qa-heldout.jsonl for a number of rounds, and prints the build time and the p50/p95/max
latency of a search, beside a naive baseline (a substring scan over the same records).

Then, end to end: each factual question of tests/data/facts-dev.jsonl and facts-heldout.jsonl typed
plainly (no `ask`) through the real dispatcher on a fresh SQLite database (parse, middleware, direct
answer from the database, retrieval alternatives), p50/p95/max beside the same questions as `ask` with
the retrieval answer alone (goal: p95 under 20 ms).

Usage, from the repository root: .venv/bin/python bench/qa.py [--rounds 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from storage.search import DEFAULT_GLOSSARY, Glossary, SearchIndex, SearchRecord, records_from_seed  # noqa: E402

SEED_DIR = ROOT / "storage" / "seed"
QUESTION_FILES = (ROOT / "tests" / "data" / "qa-dev.jsonl", ROOT / "tests" / "data" / "qa-heldout.jsonl")
FACT_FILES = (ROOT / "tests" / "data" / "facts-dev.jsonl", ROOT / "tests" / "data" / "facts-heldout.jsonl")


def read_questions(paths: Sequence[Path]) -> list[str]:
    return [
        json.loads(line)["q"]
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


async def time_dispatcher(
    questions: Sequence[str], rounds: int
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds per plain question through the dispatcher, per `search`-only retrieval call, and per
    `help` through the same dispatcher (the baseline: parsing, middleware and the admin lookup alone)."""
    from datetime import UTC, datetime

    from bot.app import build_app, lifespan
    from bot.config import Settings
    from bot.timers import SchedulerTimers
    from handlers.core import Actor, Command, Place

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/bench.db"
        settings = Settings(_env_file=None, database_url=url, admins="console:admin")  # type: ignore[call-arg]
        app = build_app(
            settings,
            clock=lambda: datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
            elect=False,
            timers=SchedulerTimers(fire=False),
        )
        place, actor = Place("console", "console", is_direct=True), Actor("console", "alice")
        async with lifespan(app):
            await app.handle(Command(actor, place, "who chaired in 2022"))  # warm: index, pycountry
            plain, retrieval, baseline = [], [], []
            for _ in range(rounds):
                for question in questions:
                    start = time.perf_counter()
                    await app.handle(Command(actor, place, "help"))
                    baseline.append((time.perf_counter() - start) * 1000)
                    start = time.perf_counter()
                    reply = await app.handle(Command(actor, place, question))
                    plain.append((time.perf_counter() - start) * 1000)
                    assert reply is not None and reply.ok, question
                    start = time.perf_counter()
                    await app.services.search.search(question, limit=3)
                    retrieval.append((time.perf_counter() - start) * 1000)
    return sorted(plain), sorted(retrieval), sorted(baseline)


def naive_search(records: Sequence[SearchRecord], query: str, limit: int = 3) -> list[SearchRecord]:
    """Baseline: count the query's words found as substrings of each record, best counts first."""
    words = [w for w in query.lower().split() if len(w) > 2]
    scored = []
    for record in records:
        haystack = " ".join((record.title, record.text, *record.keywords)).lower()
        hits = sum(1 for w in words if w in haystack)
        if hits:
            scored.append((-hits, len(haystack), record))
    scored.sort(key=lambda item: item[:2])
    return [record for _, _, record in scored[:limit]]


def percentile(sorted_values: Sequence[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))]


def time_queries(search: Callable[[str], object], queries: Sequence[str], rounds: int) -> list[float]:
    """Latencies in milliseconds of every search, over all rounds."""
    timings = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            search(query)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="times each question is asked (default 50)")
    args = parser.parse_args()

    queries = read_questions(QUESTION_FILES)

    start = time.perf_counter()
    records = records_from_seed(SEED_DIR)
    glossary = Glossary.from_yaml(DEFAULT_GLOSSARY)
    loaded = time.perf_counter()
    index = SearchIndex.build(records, glossary)
    built = time.perf_counter()
    print(f"records: {len(records)}, questions: {len(queries)}, rounds: {args.rounds}")
    print(f"load seed: {(loaded - start) * 1000:.1f} ms, build index: {(built - loaded) * 1000:.1f} ms")

    ours = time_queries(index.search, queries, args.rounds)
    base = time_queries(lambda q: naive_search(records, q), queries, args.rounds)

    print(f"{'latency (ms)':14}{'index':>10}{'naive scan':>12}{'ratio':>8}")
    for label, share in (("p50", 0.5), ("p95", 0.95), ("max", 1.0)):
        a, b = percentile(ours, share), percentile(base, share)
        print(f"{label:14}{a:10.3f}{b:12.3f}{b / a:8.1f}x")
    a, b = statistics.fmean(ours), statistics.fmean(base)
    print(f"{'mean':14}{a:10.3f}{b:12.3f}{b / a:8.1f}x")

    facts = read_questions(FACT_FILES)
    rounds = max(1, args.rounds // 10)
    plain, retrieval, baseline = asyncio.run(time_dispatcher(facts, rounds))
    print(f"\nplain questions end to end: {len(facts)} questions x {rounds} rounds (goal: p95 < 20 ms)")
    print(f"{'latency (ms)':14}{'question':>10}{'retrieval':>11}{'`help`':>9}{'ratio':>8}")
    for label, share in (("p50", 0.5), ("p95", 0.95), ("max", 1.0)):
        a, r, b = (percentile(v, share) for v in (plain, retrieval, baseline))
        print(f"{label:14}{a:10.3f}{r:11.3f}{b:9.3f}{a / b:7.1f}x")


if __name__ == "__main__":
    main()
