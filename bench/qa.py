"""Benchmark of the knowledge-base search on the dev and held-out questions.

Builds the index from the seed files, prints the share of questions of each set in tests/data whose
best record comes first and whose expected records are in the top 3, runs every question for a number
of rounds, and prints the build time, the memory the index takes, the p50/p95/max latency of a search
beside a naive baseline (a substring scan over the same records) and beside the figures of the index
before issue 11 (measured on the same machine), and the time to tokenize and search a 1 MB token.

Then, end to end: each factual question of tests/data/facts-dev.jsonl and facts-heldout.jsonl typed
plainly (no `ask`) through the real dispatcher on a fresh SQLite database (parse, middleware, direct
answer from the database, retrieval alternatives), p50/p95/max beside the same questions as `ask` with
the retrieval answer alone (goal: p95 under 20 ms).

Beside them, the same plain questions answered by another checkout (`--before DIR`; the implementation
before issue 19, the keyword ladders: `mkdir /tmp/before && git archive 5939419 | tar -x -C /tmp/before`),
run in alternation with this one (`--pairs` times each, the median of each percentile: the machine is
shared), or, without `--before`, the figures recorded for it (`BEFORE_ANSWERS`).

Usage, from the repository root: .venv/bin/python bench/qa.py [--rounds 50] [--before DIR [--pairs 3]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = Path(os.environ.get("FOCBOT_BENCH_CODE", ROOT))
"""Whose code answers: this checkout, or (for `--before`) another one, e.g. `git archive main`."""
if str(CODE) not in sys.path:
    sys.path.insert(0, str(CODE))

from storage.search import Glossary, SearchIndex, SearchRecord, records_from_seed, tokenize  # noqa: E402
from storage.search.index import MAX_QUERY_CHARS  # noqa: E402
from tests.support.qa import Ranked, load_questions, score  # noqa: E402

SEED_DIR = ROOT / "storage" / "seed"
QUESTION_FILES = tuple(
    ROOT / "tests" / "data" / name
    for name in (
        "qa-dev.jsonl",
        "qa-heldout.jsonl",
        "qa-paraphrase-heldout.jsonl",
        "qa-paraphrase-heldout2.jsonl",
        "qa-paraphrase-heldout3.jsonl",
    )
)
BEFORE = {
    "p50": 0.098,
    "p95": 0.433,
    "qa-dev.jsonl": (0.92, 1.0),
    "qa-heldout.jsonl": (0.98, 1.0),
    "qa-paraphrase-heldout.jsonl": (0.468, 0.649),
    "qa-paraphrase-heldout2.jsonl": (0.787, 0.918),
    "qa-paraphrase-heldout3.jsonl": (0.889, 0.926),
}
"""The index before issue 11 (commit a324623) on the same questions, 2-core machine, 30 rounds."""
FACT_FILES = (ROOT / "tests" / "data" / "facts-dev.jsonl", ROOT / "tests" / "data" / "facts-heldout.jsonl")
BEFORE_ANSWERS = {"p50": 4.166, "p95": 10.442, "max": 23.435, "CPU p50": 3.384, "CPU p95": 5.859}
"""Recorded, not measured now: plain questions end to end with the keyword ladders (commit 5939419, before
issue 19), the 90 questions of FACT_FILES x 5 rounds, medians of 5 runs alternating with this checkout's
(which measured p50 4.782, p95 11.137, CPU p50 4.030, p95 6.784) on the 2-core machine shared with other
test runs (load average 5-6), 2026-12-07. `--before DIR` measures it again beside this checkout."""


def read_questions(paths: Sequence[Path]) -> list[str]:
    return [
        json.loads(line)["q"]
        for path in paths
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


async def time_dispatcher(
    questions: Sequence[str], rounds: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Milliseconds per plain question through the dispatcher, per `search`-only retrieval call, per
    `help` through the same dispatcher (the baseline: parsing, middleware and the admin lookup alone),
    and the CPU time of this process per plain question (less sensitive to the other loads of a shared
    machine than the wall clock)."""
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
            plain, retrieval, baseline, cpu = [], [], [], []
            for _ in range(rounds):
                for question in questions:
                    start = time.perf_counter()
                    await app.handle(Command(actor, place, "help"))
                    baseline.append((time.perf_counter() - start) * 1000)
                    start, started_cpu = time.perf_counter(), time.process_time()
                    reply = await app.handle(Command(actor, place, question))
                    plain.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - started_cpu) * 1000)
                    assert reply is not None and reply.ok, question
                    start = time.perf_counter()
                    await app.services.search.search(question, limit=3)
                    retrieval.append((time.perf_counter() - start) * 1000)
    return sorted(plain), sorted(retrieval), sorted(baseline), sorted(cpu)


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


def quality(index: SearchIndex) -> None:
    """First and top-3 shares of each question set, beside the index before issue 11."""
    print(f"{'question set':32}{'n':>4}{'first':>8}{'top 3':>8}{'before':>16}")
    for path in QUESTION_FILES:
        questions = load_questions(path.name)
        answers = [
            [Ranked(h.record.kind, h.record.id, h.record.title) for h in index.search(str(q["q"]), limit=3)]
            for q in questions
        ]
        first, top3, _ = score(questions, answers)
        old_first, old_top3 = BEFORE[path.name]  # type: ignore[misc]
        print(f"{path.name:32}{len(questions):4}{first:8.1%}{top3:8.1%}{old_first:8.1%}{old_top3:8.1%}")


def long_token(index: SearchIndex) -> None:
    """Issue 10, finding 12: a 1 MB single token (no spaces) through the tokenizer and the search."""
    token = "a" * 1_000_000
    start = time.perf_counter()
    tokenize(token)
    tokenized = time.perf_counter()
    index.search(token)
    searched = time.perf_counter()
    print(
        f"1 MB single token: tokenize {(tokenized - start) * 1000:.0f} ms, "
        f"search {(searched - tokenized) * 1000:.1f} ms (search reads the first {MAX_QUERY_CHARS} characters)"
    )


def plain_percentiles(rounds: int) -> dict[str, float]:
    """p50/p95/max of the plain questions end to end and of `help`, in this process's code."""
    plain, _, baseline, cpu = asyncio.run(time_dispatcher(read_questions(FACT_FILES), rounds))
    found = {label: percentile(plain, share) for label, share in (("p50", 0.5), ("p95", 0.95), ("max", 1.0))}
    found["`help` p50"], found["`help` p95"] = percentile(baseline, 0.5), percentile(baseline, 0.95)
    found["CPU p50"], found["CPU p95"] = percentile(cpu, 0.5), percentile(cpu, 0.95)
    return found


def measured_in(code: Path, rounds: int) -> dict[str, float]:
    """`plain_percentiles` in a fresh process whose code is ``code``."""
    env = {**os.environ, "FOCBOT_BENCH_CODE": str(code)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--plain-only", "--rounds", str(rounds)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def compare(before: Path, rounds: int, pairs: int) -> None:
    """This checkout and ``before``, alternately ``pairs`` times each; the median of each figure."""
    runs: dict[str, list[dict[str, float]]] = {"now": [], "before": []}
    for _ in range(pairs):
        runs["now"].append(measured_in(ROOT, rounds))
        runs["before"].append(measured_in(before, rounds))
    print(f"\nplain questions, this checkout beside {before} ({pairs} alternating runs each, medians)")
    print(f"{'latency (ms)':14}{'now':>10}{'before':>10}")
    for label in runs["now"][0]:
        now = statistics.median(r[label] for r in runs["now"])
        old = statistics.median(r[label] for r in runs["before"])
        print(f"{label:14}{now:10.3f}{old:10.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="times each question is asked (default 50)")
    parser.add_argument("--before", type=Path, help="another checkout to time beside this one")
    parser.add_argument("--pairs", type=int, default=3, help="alternating runs of each (with --before)")
    parser.add_argument("--plain-only", action="store_true", help="print the plain figures as JSON")
    args = parser.parse_args()
    if args.plain_only:
        print(json.dumps(plain_percentiles(max(1, args.rounds // 10))))
        return
    if args.before:
        compare(args.before, max(1, args.rounds // 10), args.pairs)
        return

    queries = read_questions(QUESTION_FILES)

    start = time.perf_counter()
    records = records_from_seed(SEED_DIR)
    glossary = Glossary.default()
    loaded = time.perf_counter()
    index = SearchIndex.build(records, glossary)
    built = time.perf_counter()
    tracemalloc.start()
    SearchIndex.build(records, glossary)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"records: {len(records)}, questions: {len(queries)}, rounds: {args.rounds}")
    print(
        f"load seed and glossary: {(loaded - start) * 1000:.1f} ms, "
        f"build index: {(built - loaded) * 1000:.1f} ms"
    )
    print(f"memory to build the index (tracemalloc peak): {peak / 1024:.0f} KiB")
    quality(index)

    ours = time_queries(index.search, queries, args.rounds)
    base = time_queries(lambda q: naive_search(records, q), queries, args.rounds)

    print(
        f"{'latency (ms)':14}{'index':>10}{'naive scan':>12}{'ratio':>8}{'before #11':>12}"
        "  (goal: p95 < 20 ms)"
    )
    for label, share in (("p50", 0.5), ("p95", 0.95), ("max", 1.0)):
        a, b = percentile(ours, share), percentile(base, share)
        old = f"{BEFORE[label]:12.3f}" if label in BEFORE else ""
        print(f"{label:14}{a:10.3f}{b:12.3f}{b / a:8.1f}x{old}")
    a, b = statistics.fmean(ours), statistics.fmean(base)
    print(f"{'mean':14}{a:10.3f}{b:12.3f}{b / a:8.1f}x")
    long_token(index)

    facts = read_questions(FACT_FILES)
    rounds = max(1, args.rounds // 10)
    plain, retrieval, baseline, cpu = asyncio.run(time_dispatcher(facts, rounds))
    print(f"\nplain questions end to end: {len(facts)} questions x {rounds} rounds (goal: p95 < 20 ms)")
    print(
        f"{'latency (ms)':14}{'question':>10}{'retrieval':>11}{'`help`':>9}{'ratio':>8}"
        f"{'before #19 (recorded)':>24}"
    )
    for label, share in (("p50", 0.5), ("p95", 0.95), ("max", 1.0)):
        a, r, b = (percentile(v, share) for v in (plain, retrieval, baseline))
        print(f"{label:14}{a:10.3f}{r:11.3f}{b:9.3f}{a / b:7.1f}x{BEFORE_ANSWERS[label]:24.1f}")
    print(
        f"CPU time per plain question: p50 {percentile(cpu, 0.5):.3f}, p95 {percentile(cpu, 0.95):.3f} ms "
        f"(before #19, recorded: {BEFORE_ANSWERS['CPU p50']:.3f}, {BEFORE_ANSWERS['CPU p95']:.3f})"
    )
    print("before #19: the keyword ladders (commit 5939419), recorded; `--before DIR` measures it again")


if __name__ == "__main__":
    main()
