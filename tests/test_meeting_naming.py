"""Issue 13, items 1 and 4: a series named by number or title everywhere, and a call by the date it has now.

One resolver (`handlers.meetings.naming`) serves show, next, ics, skip, move, cancel and rsvp: a number, else
the title (any case, exact), else a unique prefix; an ambiguous name lists the series it matches, an unknown
one is refused; nothing is stored by a refused command. A moved call is found on its new date, and its old
date still resolves, with a note in the reply.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from handlers.core import Choices, FileAttachment, Status
from storage.models import MeetingOverride, MeetingRsvp, MeetingSeries
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
PREP = (
    'meeting new "Troika prep" rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=MO" start=2027-01-11 '
    "at=10:00 tz=Europe/Zurich participants=Estonia"
)
QUARTERLY = (
    'meeting new "Quarterly update" rrule="FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE" start=2027-02-03 '
    "at=14:00 tz=UTC participants=all"
)


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)


async def _three(bot: Dialogue) -> None:
    for line in (TROIKA, PREP, QUARTERLY):
        reply = await bot.say(line)
        assert reply.ok, reply.text


async def _count(bot: Dialogue, model: type) -> int:
    async with bot.app.db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.mark.parametrize(
    ("line", "series"),
    [
        ("meeting show 1", 1),
        ("meeting show #2", 2),
        ('meeting show "Troika call"', 1),
        ("meeting show troika call", 1),  # no quotes needed
        ("meeting show TROIKA PREP", 2),  # any case
        ("meeting show quart", 3),  # a unique prefix
        ("meeting show  Quarterly   update ", 3),  # spacing does not matter
    ],
)
async def test_show_by_number_title_or_unique_prefix(bot: Dialogue, line: str, series: int) -> None:
    await _three(bot)
    reply = await bot.say(line)
    assert reply.ok, reply.text
    assert reply.data["series"] == series


async def test_an_ambiguous_prefix_lists_the_series_it_matches(bot: Dialogue) -> None:
    await _three(bot)
    reply = await bot.say("meeting show troika")
    assert reply.status is Status.ERROR
    assert "1 (Troika call)" in reply.text and "2 (Troika prep)" in reply.text
    assert "Quarterly" not in reply.text
    assert reply.data["field"] == "meeting"
    assert reply.data["matches"] == [
        {"series": 1, "title": "Troika call"},
        {"series": 2, "title": "Troika prep"},
    ]


async def test_an_exact_title_wins_over_a_longer_one_it_prefixes(bot: Dialogue) -> None:
    await _three(bot)
    await bot.say(TROIKA.replace('"Troika call"', "Troika"))
    reply = await bot.say("meeting show troika")
    assert reply.ok, reply.text
    assert reply.data["series"] == 4 and reply.data["title"] == "Troika"


async def test_a_live_series_wins_over_a_cancelled_one_of_the_same_title(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting cancel troika call")).ok
    await bot.say(TROIKA)
    reply = await bot.say("meeting show troika call")
    assert reply.ok and reply.data["series"] == 2 and not reply.data["cancelled"]
    assert (await bot.say("meeting show 1")).data["cancelled"]  # the old one by its number


UNKNOWN_NAME = [
    "meeting show nothing like it",
    "meeting next nothing like it",
    "meeting ics nothing 2027-01-12",
    "meeting skip nothing 2027-01-12",
    "meeting move nothing 2027-01-12 to=2027-01-13",
    "meeting cancel nothing 2027-01-12",
    "meeting cancel nothing",
    "meeting rsvp nothing 2027-01-12 yes",
    "meeting rsvp nothing yes",
]


async def test_an_unknown_name_is_refused_everywhere_and_nothing_is_stored(bot: Dialogue) -> None:
    await _three(bot)
    for line in UNKNOWN_NAME:  # one app for the table: each is checked to store nothing
        reply = await bot.say(line)
        assert reply.status is Status.ERROR, (line, reply.text)
        assert "no meeting `nothing" in reply.text, (line, reply.text)
        assert reply.data["field"] == "meeting", line
        assert await _count(bot, MeetingOverride) == 0, line
        assert await _count(bot, MeetingRsvp) == 0, line
        async with bot.app.db.transaction() as s:
            assert await s.scalar(select(func.count()).where(MeetingSeries.cancelled_at.is_not(None))) == 0, (
                line
            )


AMBIGUOUS_NAME = [
    "meeting skip troika 2027-02-09",
    "meeting move troika 2027-02-09 to=2027-02-10",
    "meeting cancel troika 2027-02-09",
    "meeting cancel troika",
    "meeting rsvp troika 2027-02-09 yes",
    "meeting ics troika 2027-02-09",
    "meeting next troika 2",
]


async def test_an_ambiguous_name_changes_nothing(bot: Dialogue) -> None:
    await _three(bot)
    for line in AMBIGUOUS_NAME:  # one app for the table: each is checked to change nothing
        reply = await bot.say(line)
        assert reply.status is Status.ERROR, (line, reply.text)
        assert "Troika call" in reply.text and "Troika prep" in reply.text, (line, reply.text)
        assert await _count(bot, MeetingOverride) == 0, line
        assert await _count(bot, MeetingRsvp) == 0, line


async def test_titles_with_spaces_before_a_date_an_answer_or_a_count(bot: Dialogue) -> None:
    await _three(bot)
    ics = await bot.say("meeting ics troika call 2027-01-12")
    assert ics.ok, ics.text
    attachment = ics.parts[0]
    assert isinstance(attachment, FileAttachment) and attachment.filename == "meeting-1-2027-01-12.ics"
    series_ics = await bot.say('meeting ics "Troika call"')
    assert series_ics.ok and series_ics.data["file"] == "meeting-1.ics"

    nxt = await bot.say("meeting next troika call 2")
    assert nxt.ok and [o["series"] for o in nxt.data["occurrences"]] == [1, 1]

    skipped = await bot.say("meeting skip Troika call 2027-02-09")
    assert skipped.ok, skipped.text
    assert skipped.data["series"] == 1 and skipped.data["status"] == "skipped"

    rsvp = await bot.say("meeting rsvp troika call 2027-03-09 yes", as_="kadri")
    assert rsvp.ok, rsvp.text
    assert rsvp.data["series"] == 1 and rsvp.data["start"] == "2027-03-09T14:00:00+00:00"
    rsvp_next = await bot.say("meeting rsvp troika prep maybe", as_="kadri")
    assert rsvp_next.ok and rsvp_next.data["series"] == 2 and rsvp_next.data["answer"] == "maybe"

    moved = await bot.say('meeting move "Troika call" 2027-01-12 to=2027-01-13')
    assert moved.ok, moved.text
    assert moved.data["start"] == "2027-01-13T14:00:00+00:00"

    one = await bot.say("meeting cancel troika call 2027-04-06")
    assert one.ok and one.data["status"] == "cancelled"
    assert not (await bot.say("meeting show 1")).data["cancelled"]  # one call, not the series
    whole = await bot.say("meeting cancel quarterly update")
    assert whole.ok and whole.data == {"series": 3, "cancelled": True}


async def test_a_number_and_a_date_are_never_read_as_a_title(bot: Dialogue) -> None:
    await _three(bot)
    reply = await bot.say("meeting skip 1 2027-01-13")  # a Wednesday: series 1 has no call that day
    assert reply.status is Status.ERROR and "no call on 2027-01-13" in reply.text
    assert reply.data["field"] == "date"
    assert await _count(bot, MeetingOverride) == 0
    reply = await bot.say("meeting skip troika call")
    assert reply.status is Status.USAGE and "date" in reply.text


# -- item 4: calls addressed by the date they now have ----------------------------------------------
async def _moved(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    reply = await bot.say("meeting move 1 2027-01-12 to=2027-01-14")
    assert reply.ok, reply.text


async def test_a_moved_call_is_found_on_its_new_date(bot: Dialogue) -> None:
    await _moved(bot)
    ics = await bot.say("meeting ics 1 2027-01-14")
    assert ics.ok, ics.text
    assert "moved" not in ics.text.lower()  # its own date: no note
    attachment = ics.parts[0]
    assert isinstance(attachment, FileAttachment)
    assert "DTSTART;TZID=Europe/Zurich:20270114T150000" in attachment.content.decode()
    again = await bot.say("meeting move troika call 2027-01-14 at=16:00")
    assert again.ok, again.text
    assert again.data["start"] == "2027-01-14T15:00:00+00:00"
    assert again.data["original_start"] == "2027-01-12T14:00:00+00:00"  # still the same call
    async with bot.app.db.transaction() as s:
        rows = (await s.execute(select(MeetingOverride.original_start, MeetingOverride.moved_to))).all()
    assert [(a.isoformat(), b.isoformat()) for a, b in rows] == [
        ("2027-01-12T14:00:00+00:00", "2027-01-14T15:00:00+00:00")
    ]
    rsvp = await bot.say("meeting rsvp 1 2027-01-14 yes", as_="kadri")
    assert rsvp.ok and "moved" not in rsvp.text
    assert rsvp.data["original_start"] == "2027-01-12T14:00:00+00:00"
    skipped = await bot.say("meeting skip 1 2027-01-14")
    assert skipped.ok, skipped.text
    async with bot.app.db.transaction() as s:
        assert (await s.execute(select(MeetingOverride.action))).scalars().all() == ["skip"]


@pytest.mark.parametrize(
    "line",
    [
        "meeting ics 1 2027-01-12",
        "meeting rsvp 1 2027-01-12 yes",
        "meeting move 1 2027-01-12 at=17:00",
        "meeting skip 1 2027-01-12",
        "meeting cancel troika call 2027-01-12",
    ],
)
async def test_the_old_date_of_a_moved_call_still_resolves_with_a_note(bot: Dialogue, line: str) -> None:
    await _moved(bot)
    reply = await bot.say(line, as_="admin")
    assert reply.ok, reply.text
    assert "the call of 2027-01-12 was moved to 2027-01-14" in reply.text


async def test_a_date_with_no_call_old_or_new_is_refused(bot: Dialogue) -> None:
    await _moved(bot)
    for line in ("meeting ics 1 2027-01-13", "meeting rsvp 1 2027-01-13 yes", "meeting skip 1 2027-01-13"):
        reply = await bot.say(line)
        assert reply.status is Status.ERROR, line
        assert "no call on 2027-01-13" in reply.text and reply.data["field"] == "date"
    assert await _count(bot, MeetingRsvp) == 0
    async with bot.app.db.transaction() as s:
        assert (await s.execute(select(MeetingOverride.action))).scalars().all() == ["move"]


async def test_plan_names_a_series_by_its_title(bot: Dialogue) -> None:
    await _three(bot)
    by_title = await bot.say("meeting plan troika call slots=1 count=4")
    by_number = await bot.say("meeting plan 1 slots=1 count=4")
    assert by_title.ok and by_number.ok, by_title.text
    assert by_title.data == by_number.data
    ambiguous = await bot.say("meeting plan troika slots=1")
    assert ambiguous.status is Status.ERROR and "Troika prep" in ambiguous.text


async def test_a_call_invite_by_title_or_old_date_carries_the_rsvp_for_the_call_as_held(
    bot: Dialogue,
) -> None:
    await _moved(bot)
    for line in ("meeting ics troika call 2027-01-12", "meeting ics Troika call 2027-01-14"):
        reply = await bot.say(line)
        assert reply.ok, reply.text
        choices = [p for p in reply.parts if isinstance(p, Choices)]
        assert len(choices) == 1 and choices[0].command == "meeting rsvp 1 2027-01-14 {value}", line
