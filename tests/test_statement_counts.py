"""The work one command asks of the database (issue 21 item 6): a burst of 50 commands is answered within
a second only while each stays small. Counted through the dispatcher, with the statements listed on failure
so that a new query shows where it came from. Bounds, not timings: a regression breaks them."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from tests.support.dialogue import Dialogue
from tests.support.statements import Statements, counting

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
WEEKLY = (
    'meeting new "Nordic-Pacific" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 at=14:00 tz=UTC '
    "participants=console:alice,Estonia,Australia activity=3B.3"
)


@pytest.fixture(autouse=True)
async def _a_meeting(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    assert (await bot.say(WEEKLY)).ok
    assert (await bot.say("tz Europe/Vienna", as_="alice")).ok  # alice's row exists
    assert (await bot.say("activity 3B.3 note started")).ok


async def said(bot: Dialogue, text: str) -> Statements:
    await bot.say(text, as_="alice")  # warm: caches filled, as on a running bot
    with counting(bot.app.db) as seen:
        reply = await bot.say(text, as_="alice")
    assert reply.ok, reply.text
    return seen


async def test_activity_reads_each_thing_once_on_one_connection(bot: Dialogue) -> None:
    seen = await said(bot, "activity 3B.3")
    # in a direct chat: a survey being answered there?, the user (for admin rights), the activity with its
    # objective and goal, its notes, linked surveys, the linked meeting with its participants, places and
    # overrides: nothing written, the user read once, one connection for the whole command (before: 11
    # statements on 8 connections, the user read twice)
    assert len(seen.sql) <= 9, seen.sql
    assert len(seen.reading("users")) == 1, seen.sql
    assert [s for s in seen.sql if not s.startswith("SELECT")] == [], seen.sql
    assert seen.checkouts == 1, seen.sql


async def test_meeting_next_reads_each_thing_once_on_one_connection(bot: Dialogue) -> None:
    seen = await said(bot, "meeting next")
    # a survey dialogue?, the user, the series with participants, places and overrides, then the zones of
    # the asker and of every participant (users, focal points, member capitals); 17 today, on one connection
    assert len(seen.sql) <= 17, seen.sql
    assert [s for s in seen.sql if not s.startswith("SELECT")] == [], seen.sql
    assert seen.checkouts == 1, seen.sql


async def test_a_note_writes_once_and_reads_no_user_of_a_configured_admin(bot: Dialogue) -> None:
    with counting(bot.app.db) as seen:
        assert (await bot.say("activity 3B.3 note going well")).ok
    assert seen.reading("users") == [], seen.sql  # FOCBOT_ADMINS says so: nothing to read
    assert len(seen.writing("activity_notes")) == 1, seen.sql
    assert len(seen.sql) <= 3, seen.sql


async def test_meeting_new_writes_each_row_once(bot: Dialogue) -> None:
    new = (
        'meeting new "Weekly" rrule="FREQ=WEEKLY;BYDAY=WE" start=2027-01-13 at=10:00 tz=UTC '
        "participants=Estonia,console:alice"
    )
    with counting(bot.app.db) as seen:
        assert (await bot.say(new)).ok
    for table in ("meeting_series", "meeting_participants", "meeting_places"):
        assert len(seen.writing(table)) == 1, (table, seen.sql)
    # a survey dialogue in this direct chat?, the creator's zone (users, focal points, capitals), three
    # inserts and their read-back, then one `changed` of the engine for this series' two kinds
    # (reminders, minutes): each kind's series read, then one read of their waiting rows and one insert
    # of both kinds' new rows (nothing to drop); nothing is due yet, so nothing is claimed, and the one
    # timer is re-armed at the earliest row (one read): 20 on 3 connections (23 on 4 when each kind put
    # its rows and read its others to drop, and the earliest row took two reads; 32 on 6 when each kind
    # woke the engine)
    assert len(seen.sql) <= 20, seen.sql
    assert seen.checkouts <= 3, seen.sql


async def test_claims_arriving_together_are_one_statement_and_each_event_is_claimed_once(
    bot: Dialogue,
) -> None:
    inbox, at = bot.app.services.inbox, bot.clock()
    events = ["Ev1", "Ev2", "Ev1", "Ev3", "Ev1", "Ev2"]
    with counting(bot.app.db) as seen:
        claimed = await asyncio.gather(*(inbox.claim("slack", e, at) for e in events))
    assert claimed == [True, True, False, True, False, False]
    assert len(seen.writing("processed_events")) == 1, seen.sql
    assert await inbox.claim("slack", "Ev3", at) is False  # a retry, later
    assert await inbox.claim("matrix", "Ev3", at) is True  # the same id on another platform
    assert await bot.count("processed_events") == 4


async def test_a_start_with_nothing_changed_reads_the_due_work_once_and_writes_nothing(bot: Dialogue) -> None:
    """What each election (every app start) asks of the due-work engine: its start hook and its first
    wake-up, on a database whose due work is already what the domain wants (the weekly call's rows)."""
    assert bot.app.due is not None
    with counting(bot.app.db) as seen:
        await bot.app.due.start()
        await bot.app.due.wake()
    # every kind's domain read (16 today), one read of the waiting rows (nothing to put, drop, release or
    # purge), and the wake-up's one read of the earliest row (nothing due: nothing claimed), on 2
    # connections (before: 33 statements on 26 connections, 5 of them writes that changed nothing: the
    # claims released, each kind's rows put again, the purge, an empty claim)
    assert [s for s in seen.sql if not s.startswith("SELECT")] == [], seen.sql
    assert len(seen.reading("due_work")) == 2, seen.sql
    assert len(seen.sql) <= 18, seen.sql
    assert seen.checkouts <= 2, seen.sql
