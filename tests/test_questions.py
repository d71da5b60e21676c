"""Plain questions through the real dispatcher: answered; near-misses corrected; echoes made safe."""

from __future__ import annotations

import pytest

from handlers.core import Place, Status
from handlers.questions import echo
from tests.support.dialogue import Dialogue

ROOM = Place("console", "room", is_direct=False)

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the tests share one app: they only read


@pytest.fixture
def bot(reading_bot: Dialogue) -> Dialogue:
    return reading_bot


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("who chaired the FOC in 2022?", "Canada"),
        ("which countries joined in 2024", "Slovenia"),
        ("what's goal 2", "country-level"),
        ("When is the 2027 chair known?", "2027"),
        ("/foc who chaired the coalition in 2018", "Germany"),
        ("!foc is Britain a member", "United Kingdom"),
        ("activity 3 of objective 3B", "3B.3"),
        ("activity 3b 3", "3B.3"),
    ],
)
async def test_plain_questions_are_answered(bot: Dialogue, text: str, expected: str) -> None:
    reply = await bot.say(text, as_="alice")
    assert reply.ok, reply.text
    assert expected in reply.text


@pytest.mark.parametrize("text", ["activty 3B.3", "memebr Estonia", "statment 2020", "troka"])
async def test_a_near_miss_of_a_command_gets_the_usage(bot: Dialogue, text: str) -> None:
    reply = await bot.say(text, as_="alice")
    assert reply.status is Status.USAGE
    assert "Did you mean" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "who chaired the FOC in 2022",
        "which countries joined",
        "when is the next call",
        "what's goal 2",
        "whats goal 2",
        "activities?",
        "tz?",
        "chars?",
    ],
)
async def test_question_shaped_text_is_never_a_near_miss(bot: Dialogue, text: str) -> None:
    reply = await bot.say(text, as_="alice")
    assert reply.status is not Status.USAGE or "Did you mean" not in reply.text


async def test_the_unknown_command_reply_echoes_little_and_no_control_characters(bot: Dialogue) -> None:
    reply = await bot.say("activty\x07 3B.3", as_="alice")
    assert reply.status is Status.USAGE and "Did you mean `activity`" in reply.text
    assert "\x07" not in reply.text and "`activty`" in reply.text
    long = await bot.say("A" * 5000 + "\x1b[31m", as_="alice")  # too far from any command: a question
    assert long.ok and "\x1b" not in long.text and "A" * 41 not in long.text


async def test_echo_caps_and_strips() -> None:
    assert echo("\x1b[2J\u202eabc" + "x" * 100) == "[2Jabc" + "x" * 33 + "…"
    assert echo("a`b") == "a'b"


async def test_a_huge_plain_question_is_answered_quickly_and_shortly(bot: Dialogue) -> None:
    reply = await bot.say("who " + "x" * 1_000_000, as_="alice")
    assert reply.ok
    assert len(reply.text) < 2000
    assert len(reply.data["question"]) <= 500


async def test_ask_stays_an_explicit_form_and_data_is_structured(bot: Dialogue) -> None:
    reply = await bot.say("ask which statements came out in 2020", as_="alice")
    assert reply.data["kind"] == "statements"
    assert reply.data["entities"] == {"years": "2020"}
    assert len(reply.data["records"]) == 5
    assert reply.parts[0].title == "Joint statements"  # type: ignore[union-attr]


async def test_a_question_in_a_room_is_answered_like_a_command(bot: Dialogue) -> None:
    # The adapters decide when the bot is addressed in a room (prefix, mention, reply); once it is, a
    # question is answered there like any command.
    reply = await bot.say("who holds the chair this year", as_="alice", place=ROOM)
    assert reply.ok and "Switzerland" in reply.text
