"""The question sets asked end to end: `ask` through the dispatcher, on the index built from the database."""

from __future__ import annotations

import pytest

from tests.support.dialogue import Dialogue
from tests.support.qa import Ranked, load_questions, score

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the tests share one app: they only read


@pytest.fixture
def bot(reading_bot: Dialogue) -> Dialogue:
    return reading_bot


async def _ask_all(bot: Dialogue, name: str) -> tuple[float, float, list[str]]:
    questions = load_questions(name)
    answers = []
    for question in questions:
        reply = await bot.say(f"ask {question['q']}", as_="alice")
        assert reply.ok, reply.text
        answers.append([Ranked(r["kind"], r["id"], r["title"]) for r in reply.data["results"]])
    return score(questions, answers)


@pytest.mark.parametrize(
    ("name", "min_first", "min_top3"),
    [
        ("qa-dev.jsonl", 0.92, 1.0),
        ("qa-heldout.jsonl", 0.92, 0.98),
        ("qa-paraphrase-heldout.jsonl", 0.92, 0.98),
        ("qa-paraphrase-heldout2.jsonl", 0.92, 0.98),
        # written after all tuning: 92.6% first, 96.3% top 3 (one question of 27 misses the top 3)
        ("qa-paraphrase-heldout3.jsonl", 0.92, 0.96),
    ],
)
async def test_question_sets_through_the_bot(
    bot: Dialogue, name: str, min_first: float, min_top3: float
) -> None:
    first, top3, misses = await _ask_all(bot, name)
    assert top3 >= min_top3, misses
    assert first >= min_first, misses
