"""A platform nobody wrote into the bot (tests/support/loopback.py) plugs in through the adapter contract
alone and gets commands, private replies, admins, survey invitations, meeting reminders and help."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from handlers.core import Status, SurveyPrompt
from handlers.visibility import POINTER
from tests.support.clock import FakeClock
from tests.support.loopback import LoopbackPlatform, running_loopback
from tests.support.meetings import deliver


@pytest.fixture
async def loop(database_url: str, clock: FakeClock) -> AsyncIterator[LoopbackPlatform]:
    async with running_loopback(database_url, clock) as platform:
        yield platform


async def test_commands_with_its_prefix_are_answered_where_they_were_said(loop: LoopbackPlatform) -> None:
    [answer] = await loop.say("bob", "?foc activity 3B.3")
    assert answer.target == "loop:lobby" and "3B.3" in answer.text
    [answer] = await loop.say("bob", "?FOC troika", place="dm")
    assert answer.target == "loop:dm-bob" and answer.reply.ok
    assert loop.events == ["start", "rebuild"]  # started once, timers rebuilt through its hook


async def test_a_private_reply_goes_to_the_user_never_to_the_shared_place(loop: LoopbackPlatform) -> None:
    [refusal, pointer] = await loop.say("bob", "?foc admin add loop:carol")
    assert refusal.reply.status is Status.DENIED
    assert refusal.target == "loop:bob"  # directly to bob, not to loop:lobby
    assert pointer.target == "loop:lobby" and pointer.text == POINTER  # the lobby learns nothing more
    assert all(d.target != "loop:lobby" for d in loop.delivered if d is not pointer)


async def test_help_names_its_prefix_and_examples_use_its_users(loop: LoopbackPlatform) -> None:
    [overview] = await loop.say("bob", "?foc help")
    assert "`?foc <command>` in Loopback" in overview.text
    [admin_help] = await loop.say("bob", "?foc help admin")
    assert "admin add loop:alice" in str(admin_help.reply.parts)


async def test_admins_are_named_with_its_user_keys(loop: LoopbackPlatform) -> None:
    [added] = await loop.say("alice", "?foc admin add loop:bob")
    assert added.reply.ok and added.reply.data == {"admin": "loop:bob", "added": True}
    [listed] = await loop.say("bob", "?foc admin list")  # bob may now run admin commands
    assert "loop:bob" in listed.reply.data["admins"]
    [mention] = await loop.say("alice", "?foc admin add ~carol")  # its own mention form
    assert mention.reply.data == {"admin": "loop:carol", "added": True}
    [bad, _pointer] = await loop.say("alice", "?foc admin add nobody:x")
    assert bad.reply.status is Status.USAGE and "`loop:alice`" in bad.text
    assert "loop:nobody" not in (await loop.app.services.users.admin_keys())


async def test_a_survey_invitation_reaches_its_user_through_its_notifier(loop: LoopbackPlatform) -> None:
    [made] = await loop.say("alice", "?foc survey new support-unit", place="dm")
    survey = made.reply.data["survey"]
    sent = await loop.say("alice", f"?foc survey open {survey} to=bob", place="dm")  # bare: typed here
    [invitation] = [d for d in sent if d.target == "loop:bob"]
    prompt = invitation.reply.survey_prompt()
    assert isinstance(prompt, SurveyPrompt) and prompt.survey_id == survey
    loop.members["lobby"] = ["carol", "dave"]
    [second] = await loop.say("alice", "?foc survey new support-unit", place="dm")
    here = await loop.say("alice", f"?foc survey open {second.reply.data['survey']} here")  # its roster
    assert {d.target for d in here if d.reply.survey_prompt()} == {"loop:carol", "loop:dave"}


async def test_a_meeting_reminder_goes_through_its_notifier(loop: LoopbackPlatform, clock: FakeClock) -> None:
    clock.set(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    [made] = await loop.say(
        "alice",
        '?foc meeting new "Loop call" kind=custom rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 at=15:00 '
        "tz=Europe/Zurich participants=Estonia,loop:bob reminders=1h",
    )
    assert made.reply.ok, made.text
    clock.set(datetime(2027, 1, 12, 13, 0, tzinfo=UTC))  # an hour before 15:00 in Zurich
    await deliver(loop.app)  # what the due-work timer runs
    [reminder] = [d for d in loop.delivered if "starts in 1h" in d.reply.text]
    assert reminder.target == "loop:lobby"  # where the meeting was made
    assert reminder.reply.mentions == ("loop:bob",) and reminder.text.endswith("~bob")
