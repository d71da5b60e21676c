"""One visibility rule (issue 18, items 1 and 5): every reply is private or public by what it holds,
decided in the core (`handlers/visibility.py`, the `visibility` middleware), whatever the platform. Here
each kind of reply through the real dispatcher, typed in a shared place; the loopback platform shows what
an adapter does with the flag (the answer to the asker alone, a pointer naming nothing in the place)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.core import FileAttachment, Place, Reply, Status
from handlers.visibility import POINTER, private_text, visible
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue
from tests.support.loopback import running_loopback
from tests.support.surveys import open_survey

SHARED = Place("console", "lobby", is_direct=False)
JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
async def _people(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say("tz for console:kadri member=Estonia")
    await bot.say("focal Switzerland add alice")


async def test_public_things_are_answered_where_they_were_asked(bot: Dialogue) -> None:
    for text in ("help", "activity 3B.3", "troika", "who chairs the FOC this year?", "survey templates"):
        reply = await bot.say(text, as_="kadri", place=SHARED)
        assert reply.ok and not reply.private, (text, reply.text)


async def test_a_persons_own_reminders_surveys_and_answers_are_private(bot: Dialogue) -> None:
    survey = await open_survey(bot, "to=alice,kadri deadline=2027-01-20")
    said = {
        "remind me in 2 minutes to call Accra": "call Accra",  # the confirmation names the reminder
        "reminders": "call Accra",
        "survey list": "to answer",
        "survey": "to answer",
        f"survey answer {survey}": f"Survey {survey}",
        f"survey answer {survey} 14=1": "Saved",
        "which surveys do I still have to answer?": "still to answer",
    }
    for text, words in said.items():
        reply = await bot.say(text, as_="kadri", place=SHARED)
        assert reply.ok and words in reply.text, (text, reply.text)
        assert reply.private, (text, "holds the asker's own things")


async def test_admin_reports_naming_inactive_members_are_private(bot: Dialogue) -> None:
    survey = await open_survey(bot, "to=alice,kadri deadline=2027-01-20")
    participation = await bot.say("participation", place=SHARED)
    assert participation.ok and participation.private
    assert any(isinstance(p, FileAttachment) for p in participation.parts)  # the chart goes with it
    quiet = await bot.say("which members have gone quiet?", place=SHARED)
    assert "took no part" in quiet.text and "Estonia" in quiet.text and quiet.private
    status = await bot.say(f"survey status {survey}", place=SHARED)
    assert "Not answered yet" in status.text and status.private
    assert (await bot.say(f"survey export {survey}", place=SHARED)).private
    # the results of a survey are for sharing: aggregated, no one named as silent
    assert not (await bot.say(f"survey results {survey}", place=SHARED)).private


async def test_refusals_denials_and_the_survey_dialogue_are_private(bot: Dialogue) -> None:
    assert (await bot.say("activity 9Z.9", as_="kadri", place=SHARED)).private
    denied = await bot.say("participation", as_="kadri", place=SHARED)
    assert denied.status is Status.DENIED and denied.private
    survey = await open_survey(bot, "to=kadri deadline=2027-01-20")
    assert (await bot.say(f"survey answer {survey}", as_="kadri")).private  # the dialogue starts (console)
    answered = await bot.say("1", as_="kadri")  # answers the question asked
    assert answered.ok and answered.private


def test_a_handlers_own_mark_stands_and_the_rule_reads_forms() -> None:
    marked = Reply("yours", private=True)
    assert visible(marked, "help", []) is marked  # never made public
    assert not visible(Reply("hello"), "help", []).private
    assert visible(Reply("no", status=Status.ERROR), "help", []).private
    assert private_text("survey list") and private_text("participation (RSVPs ...)")
    assert not private_text("meeting list") and not private_text("survey results 1") and not private_text("")


async def test_loopback_sends_a_private_answer_to_the_asker_and_a_pointer_to_the_place(
    database_url: str, clock: FakeClock
) -> None:
    clock.set(JAN_5)
    async with running_loopback(database_url, clock) as loop:  # loop:alice is its admin
        answer, pointer = await loop.say("alice", "?foc participation")
        assert answer.target == "loop:alice" and answer.reply.private and answer.reply.files()
        assert (pointer.target, pointer.text) == ("loop:lobby", POINTER)
        [public] = await loop.say("alice", "?foc activity 3B.3")
        assert public.target == "loop:lobby"
