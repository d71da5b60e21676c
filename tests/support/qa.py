"""Scoring the `ask` question sets, shared by the index test and the end-to-end test."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PROGRAM_KINDS = ("goal", "objective", "activity")


@dataclass(frozen=True)
class Ranked:
    kind: str
    id: str
    title: str


def load_questions(name: str) -> list[dict[str, object]]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def matches(hit: Ranked, target: str) -> bool:
    """'kind:key' matches a hit of that kind whose id is the key (goal, objective, activity) or whose
    id or title contains the key (other kinds). 'a|b' means either target will do."""
    for option in target.split("|"):
        kind, key = option.split(":", 1)
        if hit.kind != kind:
            continue
        if kind in PROGRAM_KINDS:
            if hit.id.lower() == key.lower():
                return True
        elif key.lower() in hit.id.lower() or key.lower() in hit.title.lower():
            return True
    return False


def score(
    questions: Sequence[dict[str, object]], answers: Sequence[Sequence[Ranked]]
) -> tuple[float, float, list[str]]:
    """Share of questions whose first hit is expected, share with every expected target in the top 3."""
    first = top3 = 0
    misses: list[str] = []
    for question, hits in zip(questions, answers, strict=True):
        expect = [str(t) for t in question["expect"]]  # type: ignore[attr-defined]
        is_first = bool(hits) and any(matches(hits[0], t) for t in expect)
        in_top3 = all(any(matches(h, t) for h in hits[:3]) for t in expect)
        first += is_first
        top3 += in_top3
        if not (is_first and in_top3):
            got = ", ".join(f"{h.kind}:{h.id}" for h in hits)
            label = "first" if in_top3 else "TOP3"
            misses.append(f"{label} miss: {question['q']!r} expected {expect}, got {got}")
    return first / len(questions), top3 / len(questions), misses
