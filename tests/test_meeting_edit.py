"""`meeting edit`: future calls change; past calls (overrides, RSVPs, deliveries) keep what they were."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers.core import Status
from storage.models import MeetingRsvp
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA, deliver, deliveries, row_counts

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)


async def _tick(bot: Dialogue, when: datetime) -> None:
    bot.clock.set(when)
    await deliver(bot.app)


async def _deliveries(bot: Dialogue) -> list[tuple[object, ...]]:
    rows = await deliveries(bot.app, 1)
    return [(r.occurrence_start, r.kind, r.offset_minutes, r.place, r.status, r.attempts) for r in rows]


async def _rsvps(bot: Dialogue) -> list[tuple[datetime, datetime, str]]:
    async with bot.app.db.transaction() as s:
        rows = (await s.scalars(select(MeetingRsvp).order_by(MeetingRsvp.original_start))).all()
        return [(r.original_start, r.call_start, r.answer) for r in rows]


async def test_an_edit_changes_future_calls_and_leaves_past_ones_alone(bot: Dialogue) -> None:
    await bot.say("tz for console:kadri member=Estonia")
    assert (await bot.say(TROIKA)).ok
    assert (await bot.say("meeting move 1 2027-01-12 to=2027-01-13")).ok
    assert (await bot.say("meeting rsvp 1 2027-01-13 yes", as_="kadri")).ok
    for when in (at(1, 12, 14), at(1, 13, 13), at(1, 13, 15)):  # 24 h, 1 h, the minutes
        await _tick(bot, when)
    assert len(bot.notifier.sent) == 3
    bot.clock.set(at(1, 20, 9))
    past_show = await bot.say("meeting show 1")
    past_rows, past_rsvps = await _deliveries(bot), await _rsvps(bot)
    reply = await bot.say(
        "meeting edit troika call at=16:00 title=Troika call (monthly) location=Geneva, Palais des Nations "
        "link=https://meet.example.org/troika participants=Estonia,troika reminders=2h agenda=Budget"
    )
    assert reply.ok, reply.text
    assert reply.data["changed"] == ["agenda", "at", "link", "location", "participants", "reminders", "title"]
    assert (
        "changed for the calls from now on" in reply.text and "past calls keep what they were" in reply.text
    )
    assert reply.data["next"][0] == "2027-02-09T15:00:00+00:00"  # 16:00 Zurich
    show = await bot.say("meeting show troika call")
    assert show.data["title"] == "Troika call (monthly)" and show.data["slots"] == ["16:00"]
    assert show.data["location"] == "Geneva, Palais des Nations"
    assert show.data["link"] == "https://meet.example.org/troika"
    assert show.data["participants"] == ["Estonia", "troika"] and show.data["reminders"] == ["2h"]
    assert "Where: Geneva, Palais des Nations; https://meet.example.org/troika" in show.text
    assert show.data["overrides"] == past_show.data["overrides"]  # the past moved call, as it was
    assert show.data["overrides"][0]["moved_to"] == "2027-01-13T14:00:00+00:00"
    await _tick(bot, at(1, 21, 9))
    assert await _deliveries(bot) == past_rows  # nothing re-sent or re-recorded for past calls
    assert await _rsvps(bot) == past_rsvps
    await _tick(bot, at(2, 9, 13))  # 2 h before the first call under the new settings
    notice = bot.notifier.sent[-1].reply
    assert "Troika call (monthly)" in notice.text and "starts in 2h" in notice.text
    assert "Estonia Tue 17:00 (Europe/Tallinn)" in notice.text
    assert notice.mentions == ("console:kadri",)
    assert (await _deliveries(bot))[: len(past_rows)] == past_rows


async def test_future_overrides_and_rsvps_follow_their_call(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting skip 1 2027-03-09")).ok
    assert (await bot.say("meeting rsvp 1 2027-02-09 yes", as_="kadri")).ok
    assert (await bot.say("meeting edit 1 at=16:30")).ok
    show = await bot.say("meeting show 1")
    assert show.data["overrides"] == [
        {"original_start": "2027-03-09T15:30:00+00:00", "action": "skip", "moved_to": None}
    ]
    assert await _rsvps(bot) == [(at(2, 9, 15, 30), at(2, 9, 15, 30), "yes")]
    assert [o["start"] for o in show.data["next"]][:2] == [
        "2027-01-12T15:30:00+00:00",
        "2027-02-09T15:30:00+00:00",
    ]
    moved = await bot.say("meeting edit 1 rrule=FREQ=WEEKLY;INTERVAL=4;BYDAY=WE")
    assert moved.ok, moved.text
    assert "No longer held, so their changes were dropped: 2027-03-09" in moved.text
    assert (await bot.say("meeting show 1")).data["overrides"] == []


async def test_edit_follows_the_troika_and_keeps_the_series_number(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting edit 1 participants=troika,New Zealand")).ok
    assert (await bot.say("troika set next=Germany")).ok
    show = await bot.say("meeting show 1")
    assert show.data["series"] == 1 and "Germany" in show.data["attendees"]
    assert "New Zealand" in show.data["attendees"]
    counts = await row_counts(bot)
    assert counts["meeting_series"] == 1 and counts["meeting_participants"] == 2


@pytest.mark.parametrize(
    ("text", "status", "field", "fragment"),
    [
        ("meeting edit 1", Status.USAGE, None, "Say which meeting and what to change"),
        ("meeting edit at=16:00", Status.USAGE, None, "Say which meeting"),
        ("meeting edit 1 colour=red", Status.USAGE, "colour", "`colour` is not an option of `meeting edit`"),
        ("meeting edit 1 at=25:00", Status.USAGE, "at", "25:00"),
        ("meeting edit 1 tz=Mars/Olympus", Status.USAGE, "tz", "Mars/Olympus"),
        ("meeting edit 1 tz=Europe", Status.USAGE, "tz", "Europe"),
        ("meeting edit 1 rrule=FREQ=SOMETIMES", Status.USAGE, "rrule", "FREQ"),
        ("meeting edit 1 rrule=FREQ=WEEKLY;COUNT=1", Status.USAGE, "rrule", "no call after now"),
        ("meeting edit 1 reminders=soon", Status.USAGE, "reminders", "soon"),
        ("meeting edit 1 link=ftp://example.org", Status.USAGE, "link", "is not a link"),
        ("meeting edit 1 participants=Atlantis", Status.USAGE, "participants", "Atlantis"),
        ("meeting edit 1 title=", Status.USAGE, "title", "needs a title"),
        ("meeting edit 9 at=10:00", Status.ERROR, "meeting", "no meeting 9"),
        ("meeting edit budget at=10:00", Status.ERROR, "meeting", "no meeting `budget`"),
    ],
)
async def test_bad_edits_are_refused_and_nothing_changes(
    bot: Dialogue, text: str, status: Status, field: str | None, fragment: str
) -> None:
    await bot.say(TROIKA)
    bot.clock.set(at(1, 20, 9))  # after the first call: COUNT=1 leaves nothing ahead
    before, shown = await row_counts(bot), (await bot.say("meeting show 1")).data
    reply = await bot.say(text)
    assert reply.status is status, reply.text
    assert fragment in reply.text
    assert reply.data.get("field") == field
    assert await row_counts(bot) == before
    assert (await bot.say("meeting show 1")).data == shown


async def test_only_admins_edit_and_a_cancelled_series_is_not_edited(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting edit 1 at=16:00", as_="alice")).status is Status.DENIED
    assert (await bot.say("meeting cancel 1")).ok
    reply = await bot.say("meeting edit 1 at=16:00")
    assert reply.status is Status.ERROR and "cancelled" in reply.text
