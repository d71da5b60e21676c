"""Benchmark of the knowledge-base search on the dev and held-out questions.

Builds the index from the seed files, prints the share of questions of each set in tests/data whose
best record comes first and whose expected records are in the top 3, runs every question for a number
of rounds, and prints the build time, the memory the index takes, the p50/p95/max latency of a search
beside a naive baseline (a substring scan over the same records) and beside the figures of the index
before issue 11 (measured on the same machine), and the time to tokenize and search a 1 MB token.

Usage, from the repository root: .venv/bin/python bench/qa.py [--rounds 50]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="times each question is asked (default 50)")
    args = parser.parse_args()

    queries = [
        json.loads(line)["q"]
        for path in QUESTION_FILES
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

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


if __name__ == "__main__":
    main()
