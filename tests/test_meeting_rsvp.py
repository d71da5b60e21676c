"""`meeting rsvp`: per call and user, changeable until the call starts; listed by `meeting show`, the
1-hour reminder and the minutes; reminders and one-call invites carry Going / Not going / Maybe."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from handlers.core import Choices, Status, Table
from storage.models import MeetingRsvp
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA, deliver

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
FIRST = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)  # 15:00 Zurich
SECOND = datetime(2027, 2, 9, 14, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
async def _troika(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    assert (await bot.say(TROIKA)).ok
    await bot.say("tz for console:kadri member=Estonia")
    await bot.say("focal Switzerland add alice")


async def stored(bot: Dialogue) -> list[tuple[datetime, str, str, str | None]]:
    async with bot.app.db.transaction() as s:
        rows = (
            await s.scalars(select(MeetingRsvp).order_by(MeetingRsvp.original_start, MeetingRsvp.user_key))
        ).all()
    return [(r.original_start, r.user_key, r.answer, r.member) for r in rows]


def answers(reply_data: dict[str, object]) -> list[tuple[str, str | None, str]]:
    rsvps = reply_data["rsvps"]
    assert isinstance(rsvps, list)
    return [(r["user"], r["member"], r["answer"]) for r in rsvps]


async def test_rsvp_changes_what_meeting_show_lists(bot: Dialogue) -> None:
    show = await bot.say("meeting show 1", as_="bob")
    assert show.ok and show.data["rsvps"] == [] and "RSVPs: none yet." in show.text

    reply = await bot.say("meeting rsvp 1 yes", as_="kadri")
    assert reply.ok, reply.text
    assert reply.data["answer"] == "yes" and reply.data["member"] == "Estonia"
    assert reply.data["start"] == FIRST.isoformat() and reply.data["previous"] is None
    assert "for Estonia" in reply.text and "until the call starts" in reply.text
    assert (await bot.say("meeting rsvp 1 2027-01-12 maybe", as_="alice")).ok
    assert (await bot.say("meeting rsvp 1 no", as_="bob")).ok  # no country: listed apart

    show = await bot.say("meeting show 1", as_="bob")
    assert show.data["rsvp_call"] == FIRST.isoformat()
    assert answers(show.data) == [
        ("console:alice", "Switzerland", "maybe"),
        ("console:bob", None, "no"),
        ("console:kadri", "Estonia", "yes"),
    ]
    assert show.data["rsvp_counts"] == {"yes": 1, "no": 1, "maybe": 1}
    assert "Going: Estonia (kadri)" in show.text
    assert "Maybe: Switzerland (alice)" in show.text
    assert "Not going: (no country) (bob)" in show.text
    table = next(p for p in show.parts if isinstance(p, Table) and p.title == "RSVPs for the next call")
    assert ("Estonia", "kadri", "Going") in table.rows

    changed = await bot.say("meeting rsvp 1 2027-01-12 yes", as_="alice")
    assert changed.data["previous"] == "maybe" and "(was maybe)" in changed.text
    show = await bot.say("meeting show 1")
    assert "Going: Estonia (kadri), Switzerland (alice)" in show.text
    assert ("console:alice", "Switzerland", "yes") in answers(show.data)
    assert await stored(bot) == [
        (FIRST, "console:alice", "yes", "Switzerland"),
        (FIRST, "console:bob", "no", None),
        (FIRST, "console:kadri", "yes", "Estonia"),
    ]


async def test_an_rsvp_for_a_later_call_is_kept_for_that_call(bot: Dialogue) -> None:
    reply = await bot.say("meeting rsvp 1 2027-02-09 maybe", as_="kadri")
    assert reply.ok and reply.data["start"] == SECOND.isoformat()
    assert (await bot.say("meeting show 1")).data["rsvps"] == []  # the next call is 12 January
    assert await stored(bot) == [(SECOND, "console:kadri", "maybe", "Estonia")]


async def test_after_the_call_started_rsvps_are_refused(bot: Dialogue) -> None:
    assert (await bot.say("meeting rsvp 1 yes", as_="kadri")).ok
    bot.clock.set(FIRST)
    late = await bot.say("meeting rsvp 1 2027-01-12 no", as_="kadri")
    assert late.status is Status.ERROR
    assert "has started" in late.text and "Nothing saved" in late.text
    assert await stored(bot) == [(FIRST, "console:kadri", "yes", "Estonia")]
    # without a date, the next call is the one after
    nxt = await bot.say("meeting rsvp 1 no", as_="kadri")
    assert nxt.ok and nxt.data["start"] == SECOND.isoformat()


async def test_a_moved_call_keeps_its_answers_and_is_found_on_its_new_date(bot: Dialogue) -> None:
    assert (await bot.say("meeting rsvp 1 2027-02-09 yes", as_="kadri")).ok
    assert (await bot.say("meeting move 1 2027-02-09 to=2027-02-10")).ok
    reply = await bot.say("meeting rsvp 1 2027-02-10 no", as_="kadri")
    assert reply.ok and reply.data["previous"] == "yes"
    assert reply.data["original_start"] == SECOND.isoformat()
    assert reply.data["start"] == datetime(2027, 2, 10, 14, tzinfo=UTC).isoformat()
    assert await stored(bot) == [(SECOND, "console:kadri", "no", "Estonia")]
    old_date = await bot.say("meeting rsvp 1 2027-02-09 yes", as_="kadri")  # the old date still resolves
    assert old_date.ok, old_date.text
    assert old_date.text.startswith("Note: the call of 2027-02-09 was moved to 2027-02-10.")
    assert old_date.data["note"] == "the call of 2027-02-09 was moved to 2027-02-10"
    assert await stored(bot) == [(SECOND, "console:kadri", "yes", "Estonia")]


async def test_bad_input_gets_a_clear_reply_and_stores_nothing(bot: Dialogue) -> None:
    assert (await bot.say("meeting skip 1 2027-03-09")).ok
    assert (await bot.say("meeting cancel 1 2027-04-06")).ok
    cases = {
        "meeting rsvp": (Status.USAGE, "Usage: `meeting rsvp"),
        "meeting rsvp 1": (Status.USAGE, "Give the meeting number"),
        "meeting rsvp 1 perhapsnot": (Status.USAGE, "`perhapsnot` is not an answer"),
        "meeting rsvp 1 2027-02-30 yes": (Status.USAGE, "is not a date"),
        "meeting rsvp 1 2027-01-12 yes please": (Status.USAGE, "Give the meeting number"),
        "meeting rsvp 1 yes late=1": (Status.USAGE, "takes no options"),
        "meeting rsvp 99 yes": (Status.ERROR, "There is no meeting 99"),
        "meeting rsvp x yes": (Status.ERROR, "no meeting `x`"),
        "meeting rsvp 1 2027-01-13 yes": (Status.ERROR, "has no call on 2027-01-13"),
        "meeting rsvp 1 2027-03-09 yes": (Status.ERROR, "is skipped"),
        "meeting rsvp 1 2027-04-06 yes": (Status.ERROR, "is cancelled;"),
    }
    for line, (status, words) in cases.items():
        await bot.refuses(line, status=status, words=words, unchanged=("meeting_rsvps",), as_="kadri")
    assert (await bot.say("meeting cancel 1")).ok
    cancelled = await bot.say("meeting rsvp 1 yes", as_="kadri")
    assert cancelled.status is Status.ERROR and "cancelled" in cancelled.text
    assert await stored(bot) == []


async def _tick(bot: Dialogue, when: datetime) -> None:
    bot.clock.set(when)
    await deliver(bot.app)


async def test_reminders_carry_the_choices_and_the_1h_reminder_and_minutes_list_answers(
    bot: Dialogue,
) -> None:
    await _tick(bot, datetime(2027, 1, 11, 14, tzinfo=UTC))
    day_before = bot.notifier.sent[-1].reply
    [choices] = [p for p in day_before.parts if isinstance(p, Choices)]
    assert [(c.label, c.value) for c in choices.options] == [
        ("Going", "yes"),
        ("Not going", "no"),
        ("Maybe", "maybe"),
    ]
    assert choices.command == "meeting rsvp 1 2027-01-12 {value}"
    assert "rsvps" not in day_before.data  # the 24h reminder does not list them

    # the button's command, run as the user, is what a click runs
    assert (await bot.say(choices.command.replace("{value}", "yes"), as_="kadri")).ok
    assert (await bot.say(choices.command.replace("{value}", "maybe"), as_="alice")).ok

    await _tick(bot, datetime(2027, 1, 12, 13, tzinfo=UTC))
    hour_before = bot.notifier.sent[-1].reply
    assert "starts in 1h" in hour_before.text
    assert "Going: Estonia (kadri)" in hour_before.text and "Maybe: Switzerland (alice)" in hour_before.text
    assert answers(hour_before.data) == [
        ("console:alice", "Switzerland", "maybe"),
        ("console:kadri", "Estonia", "yes"),
    ]
    assert any(isinstance(p, Choices) for p in hour_before.parts)

    await _tick(bot, datetime(2027, 1, 12, 15, tzinfo=UTC))
    minutes = bot.notifier.sent[-1].reply
    assert minutes.text.startswith("*Minutes: Troika call*")
    assert "RSVPs: Going: Estonia (kadri); Maybe: Switzerland (alice)" in minutes.text


async def test_minutes_say_none_when_nobody_answered(bot: Dialogue) -> None:
    await _tick(bot, datetime(2027, 1, 12, 15, tzinfo=UTC))
    minutes = [n.reply for n in bot.notifier.sent if n.reply.data.get("kind") == "meeting_minutes"]
    assert minutes and "RSVPs: none" in minutes[0].text


async def test_a_one_call_invite_carries_the_choices(bot: Dialogue) -> None:
    invite = await bot.say("meeting ics 1 2027-02-09", as_="kadri")
    [choices] = [p for p in invite.parts if isinstance(p, Choices)]
    assert choices.command == "meeting rsvp 1 2027-02-09 {value}"
    series_invite = await bot.say("meeting ics 1")
    assert not any(isinstance(p, Choices) for p in series_invite.parts)


async def test_the_date_is_the_local_date_of_the_call_across_dst_and_the_date_line(bot: Dialogue) -> None:
    # Zurich moves to summer time on 28 March 2027: the 6 April call is 15:00 there, 13:00 UTC
    summer = await bot.say("meeting rsvp 1 2027-04-06 yes", as_="kadri")
    assert summer.ok and summer.data["start"] == "2027-04-06T13:00:00+00:00"
    # Auckland, 08:00 on Tuesdays (NZDT, UTC+13): the call is on Monday in UTC, Tuesday where it is held
    reply = await bot.say(
        'meeting new "Pacific call" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 at=08:00 '
        "tz=Pacific/Auckland participants=New Zealand,Japan reminders=1h"
    )
    assert reply.ok and reply.data["series"] == 2
    tuesday = await bot.say("meeting rsvp 2 2027-01-12 yes", as_="kadri")
    assert tuesday.ok and tuesday.data["start"] == "2027-01-11T19:00:00+00:00"
    monday = await bot.say("meeting rsvp 2 2027-01-11 yes", as_="kadri")
    assert monday.status is Status.ERROR and "no call on 2027-01-11" in monday.text
    # after NZ daylight time ends (4 April 2027), 08:00 NZST is 20:00 UTC the day before
    winter = await bot.say("meeting rsvp 2 2027-04-06 maybe", as_="kadri")
    assert winter.ok and winter.data["start"] == "2027-04-05T20:00:00+00:00"
    bot.clock.set(datetime(2027, 1, 11, 18, tzinfo=UTC))
    await deliver(bot.app)
    [reminder] = [n.reply for n in bot.notifier.sent if n.reply.data.get("series") == 2]
    [choices] = [p for p in reminder.parts if isinstance(p, Choices)]
    assert choices.command == "meeting rsvp 2 2027-01-12 {value}"  # the local date, not the UTC one
    assert "Going: Estonia (kadri)" in reminder.text


async def test_a_non_participant_is_told_so_and_the_answer_is_kept(bot: Dialogue) -> None:
    kadri = await bot.say("meeting rsvp 1 yes", as_="kadri")  # Estonia is in the call
    assert kadri.ok and kadri.data["participant"] is True and "not a participant" not in kadri.text
    await bot.say("focal Japan add aiko")
    aiko = await bot.say("meeting rsvp 1 maybe", as_="aiko")  # Japan is not
    assert aiko.ok and aiko.data["participant"] is False
    assert aiko.text.startswith(
        "Note: you are not a participant of this call (neither you nor Japan is among its participants); "
        "your answer is saved and listed with the others.\nSaved: maybe"
    ), aiko.text
    bob = await bot.say("meeting rsvp 1 no", as_="bob")  # speaks for no country
    assert bob.ok and "neither you, nor a country you speak for, is among" in bob.text
    assert [(user, answer, member) for _, user, answer, member in await stored(bot)] == [
        ("console:aiko", "maybe", "Japan"),
        ("console:bob", "no", None),
        ("console:kadri", "yes", "Estonia"),
    ]
