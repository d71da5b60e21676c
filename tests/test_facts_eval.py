"""Factual questions end to end through the real dispatcher, as `ask <q>` and typed plainly.

The first answer is what the user reads before "Also relevant:": the reply's text and its own lists.
facts-dev.jsonl is the issue's dev set; facts-heldout.jsonl was written before any tuning, with other
wording and other entities, to check the answers are general.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handlers.ask import ALSO
from handlers.core import ItemList, Reply
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


def holds(answer: str, case: dict[str, list[str]]) -> bool:
    lowered = answer.lower()
    if "all" in case:
        return all(s.lower() in lowered for s in case["all"])
    return any(s.lower() in lowered for s in case["any"])


def load(name: str) -> list[dict]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("name", ["facts-dev.jsonl", "facts-heldout.jsonl"])
@pytest.mark.parametrize("form", ["ask {q}", "{q}"])
async def test_facts_answered_first(bot: Dialogue, name: str, form: str) -> None:
    cases = load(name)
    misses = []
    for case in cases:
        reply = await bot.say(form.format(q=case["q"]), as_="alice")
        assert reply.ok, (case["q"], reply.text)
        answer = first_answer(reply)
        if not holds(answer, case):
            misses.append((case["q"], answer[:200]))
    share = 1 - len(misses) / len(cases)
    assert share >= 0.9, "\n".join(f"{q!r}: {a!r}" for q, a in misses)
    assert share >= 0.9, misses
