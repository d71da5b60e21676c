"""`meeting new` with a schedule in words: the proposal shown back (words, RRULE, next three calls in the
admin's and the series' zone), stored alone until its author's `yes` (saved once) or `no` (dropped); expired
proposals and other people's `yes` save nothing. On SQLite and PostgreSQL (the `bot` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from handlers.core import Choices, Place, Status, Table
from storage.models import PendingConfirmation
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA, row_counts, waiting

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)  # a Tuesday, 10:00 in Zurich, 04:00 in New York
WORDED = (
    'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia,Switzerland'
)
ROOM = Place("console", "room", is_direct=False)


@pytest.fixture(autouse=True)
async def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say("tz America/New_York")  # the admin reads times in New York


async def proposals(bot: Dialogue) -> list[tuple[str, str]]:
    async with bot.app.db.transaction() as s:
        rows = (await s.execute(select(PendingConfirmation.actor_key, PendingConfirmation.state))).all()
    return [(a, st) for a, st in rows]


async def series_count(bot: Dialogue) -> int:
    return (await row_counts(bot))["meeting_series"]


async def test_proposal_shows_the_schedule_rule_and_next_three_calls_in_both_zones(bot: Dialogue) -> None:
    reply = await bot.say(WORDED)
    assert reply.ok, reply.text
    assert "every 2 weeks on Tuesday at 15:00 (Europe/Zurich)" in reply.text
    assert "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU from 2027-01-05" in reply.text
    assert "Say `yes` to save it or `no` to drop it" in reply.text
    table = next(p for p in reply.parts if isinstance(p, Table))
    assert table.columns == ("#", "Your time (America/New_York)", "Series time (Europe/Zurich)")
    assert table.rows == (
        ("1", "Tue 05 Jan 2027 09:00", "Tue 05 Jan 2027 15:00"),
        ("2", "Tue 19 Jan 2027 09:00", "Tue 19 Jan 2027 15:00"),
        ("3", "Tue 02 Feb 2027 09:00", "Tue 02 Feb 2027 15:00"),
    )
    assert [c["start"] for c in reply.data["next"]] == [
        "2027-01-05T14:00:00+00:00",
        "2027-01-19T14:00:00+00:00",
        "2027-02-02T14:00:00+00:00",
    ]
    choices = next(p for p in reply.parts if isinstance(p, Choices))
    # "every second Tuesday" has two readings: both offered (issue 20), the weekly one as `yes`
    assert [(o.label, o.value) for o in choices.options] == [
        ("Every 2 weeks", "yes"),
        ("2nd Tuesday monthly", "monthly"),
        ("Cancel", "no"),
    ]
    assert choices.command == f"meeting confirm {reply.data['proposal']} {{value}}"
    # only the proposal is stored
    assert await series_count(bot) == 0
    assert await proposals(bot) == [("console:admin", "pending")]
    assert (await bot.say("meeting list")).data["series"] == []


async def test_yes_saves_once_and_meeting_list_lists_it(bot: Dialogue) -> None:
    proposal = (await bot.say(WORDED)).data["proposal"]
    reply = await bot.say("yes")
    assert reply.ok, reply.text
    assert reply.text.startswith("Meeting 1 created: *Troika call*")
    assert reply.data["rrule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert (reply.data["start"], reply.data["slots"]) == ("2027-01-05", ["15:00"])
    assert reply.data["tz"] == "Europe/Zurich"
    assert reply.data["participants"] == ["Estonia", "Switzerland"]
    assert 1 in {series for series, *_ in await waiting(bot.app)}  # due work like any new series
    listed = await bot.say("meeting list")
    assert [(s["series"], s["title"]) for s in listed.data["series"]] == [(1, "Troika call")]
    # a second `yes`, the typed command again, or a replayed button: nothing new
    again = await bot.say("yes")
    assert "already confirmed: meeting 1" in again.text
    replay = await bot.say(f"meeting confirm {proposal} yes")
    assert "already confirmed: meeting 1" in replay.text
    assert await series_count(bot) == 1
    assert await proposals(bot) == [("console:admin", "confirmed")]


async def test_no_saves_nothing(bot: Dialogue) -> None:
    await bot.say(WORDED)
    reply = await bot.say("no")
    assert reply.ok and reply.text.startswith("Dropped proposal 1")
    assert "nothing was saved" in reply.text
    later = await bot.say("yes")
    assert later.status is Status.ERROR and "was dropped; nothing was saved" in later.text
    assert await series_count(bot) == 0
    assert (await bot.say("meeting list")).data["series"] == []


async def test_an_expired_proposal_says_so_and_saves_nothing(bot: Dialogue) -> None:
    await bot.say(WORDED)
    bot.clock.advance(minutes=16)
    reply = await bot.say("yes")
    assert reply.status is Status.ERROR
    assert reply.text.startswith("Proposal 1 expired at 04:15 America/New_York")
    assert "nothing was saved" in reply.text and reply.data["field"] == "proposal"
    assert await series_count(bot) == 0
    assert await proposals(bot) == [("console:admin", "expired")]


async def test_another_users_yes_does_not_confirm_it(bot: Dialogue) -> None:
    await bot.say("admin add console:alice")
    await bot.say(WORDED, place=ROOM)
    theirs = await bot.say("yes", as_="alice", place=ROOM)
    assert "created" not in theirs.text and "confirm" not in theirs.text.lower()
    typed = await bot.say("meeting confirm 1 yes", as_="alice", place=ROOM)
    assert typed.status is Status.ERROR and "for the admin who made it" in typed.text
    elsewhere = await bot.say("yes")  # the author, but in another place
    assert "created" not in elsewhere.text
    assert await series_count(bot) == 0
    mine = await bot.say("foc yes", place=ROOM)  # a prefix, as in a Matrix room (`!foc yes`)
    assert mine.ok and mine.text.startswith("Meeting 1 created")
    assert await series_count(bot) == 1


async def test_a_newer_proposal_replaces_the_pending_one(bot: Dialogue) -> None:
    await bot.say(WORDED)
    second = await bot.say(
        'meeting new "Quarterly update" every 3 months on the first Wednesday at 14:00 UTC participants=all'
    )
    assert second.ok and second.data["rrule"] == "FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE"
    assert second.data["start"] == "2027-01-06"
    reply = await bot.say("yes")
    assert reply.text.startswith("Meeting 1 created: *Quarterly update*")
    old = await bot.say("meeting confirm 1 yes")
    assert old.status is Status.ERROR and "replaced by a newer proposal" in old.text
    assert await series_count(bot) == 1


async def test_the_troika_call_is_one_line_confirmed_and_follows_troika_set(bot: Dialogue) -> None:
    """Issue 13's done-when: one line, confirmed, listed; `troika set next=...` changes the next call."""
    reply = await bot.say(
        'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=troika'
    )
    assert reply.ok, reply.text
    assert reply.data["rrule"] == "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert await series_count(bot) == 0  # nothing saved before `yes`
    saved = await bot.say("yes")
    assert saved.ok and "Meeting 1 created: *Troika call* (troika)" in saved.text, saved.text
    listed = await bot.say("meeting list")
    assert [(m["title"], m["tz"]) for m in listed.data["series"]] == [("Troika call", "Europe/Zurich")]
    before = await bot.say("meeting show troika")
    assert "Germany" not in before.text
    assert (await bot.say("troika set next=Germany")).ok
    after = await bot.say('meeting show "Troika call"')
    assert "Germany (Europe/Berlin)" in after.text, after.text


async def test_unquoted_title_and_worded_options(bot: Dialogue) -> None:
    reply = await bot.say(
        "meeting new Network call monthly on the 2nd Tuesday at=16:00 kind=network "
        "participants=Canada,Estonia"
    )
    assert reply.ok, reply.text
    assert (reply.data["title"], reply.data["rrule"], reply.data["at"]) == (
        "Network call",
        "FREQ=MONTHLY;BYDAY=2TU",
        "16:00",
    )
    assert reply.data["tz"] == "America/New_York"  # no place named: the admin's own zone
    assert reply.data["start"] == "2027-01-12"
    assert (await bot.say("yes")).data["kind"] == "network"


@pytest.mark.parametrize(
    ("line", "field", "says"),
    [
        ('meeting new "X" every blue moon participants=Estonia', "schedule", "could not read `every blue`"),
        ('meeting new "X" sometimes on Tuesdays participants=Estonia', "schedule", "read `sometimes`"),
        ('meeting new "X" monthly on the 2nd Tuesday participants=Estonia', "schedule", "At what time?"),
        ('meeting new "X" daily at 10:00 Tokyo tz=Europe/Zurich participants=Estonia', "tz", "zone once"),
        ('meeting new "X" daily at 10:00 participants=Atlantis', "participants", "`Atlantis`"),
    ],
)
async def test_unreadable_schedules_are_refused_with_an_example(
    bot: Dialogue, line: str, field: str, says: str
) -> None:
    reply = await bot.say(line)
    assert reply.status is Status.USAGE, reply.text
    assert reply.data["field"] == field and says in reply.text
    if field == "schedule":
        assert "e.g. `every second Tuesday at 15:00 Zurich time`" in reply.text or "at=HH:MM" in reply.text
    assert await proposals(bot) == [] and await series_count(bot) == 0


async def test_the_exact_form_still_saves_at_once(bot: Dialogue) -> None:
    reply = await bot.say(TROIKA)
    assert reply.ok and reply.data["series"] == 1
    assert await proposals(bot) == []


async def test_confirm_usage_and_unknown_proposal(bot: Dialogue) -> None:
    bad = await bot.say("meeting confirm yes")
    assert bad.status is Status.USAGE and bad.data["field"] == "proposal"
    unknown = await bot.say("meeting confirm 42 yes")
    assert unknown.status is Status.ERROR and "no proposal 42" in unknown.text
    denied = await bot.say("meeting confirm 1 yes", as_="bob")
    assert denied.status is Status.DENIED


async def test_proposal_count_is_one_row(bot: Dialogue) -> None:
    await bot.say(WORDED)
    async with bot.app.db.transaction() as s:
        assert await s.scalar(select(func.count()).select_from(PendingConfirmation)) == 1


async def test_next_calls_in_both_zones_across_the_american_dst_change(bot: Dialogue) -> None:
    # New York moves to summer time on 14 March 2027, Zurich on 28 March: for two weeks they are 5 hours apart
    bot.clock.set(datetime(2027, 3, 1, 12, 0, tzinfo=UTC))
    reply = await bot.say(
        'meeting new "Weekly sync" every Tuesday at 15:00 Zurich time participants=Switzerland '
        "start=2027-03-09"
    )
    assert reply.ok, reply.text
    table = next(p for p in reply.parts if isinstance(p, Table))
    assert table.rows == (
        ("1", "Tue 09 Mar 2027 09:00", "Tue 09 Mar 2027 15:00"),
        ("2", "Tue 16 Mar 2027 10:00", "Tue 16 Mar 2027 15:00"),
        ("3", "Tue 23 Mar 2027 10:00", "Tue 23 Mar 2027 15:00"),
    )
    assert [c["start"] for c in reply.data["next"]] == [
        "2027-03-09T14:00:00+00:00",
        "2027-03-16T14:00:00+00:00",
        "2027-03-23T14:00:00+00:00",
    ]


async def test_a_plain_yes_long_after_the_decision_is_read_as_before(bot: Dialogue) -> None:
    await bot.say(WORDED)
    assert (await bot.say("yes")).text.startswith("Meeting 1 created")
    bot.clock.advance(minutes=16)
    later = await bot.say("yes")  # no proposal answers it any more: read as a question, as before
    assert "already confirmed" not in later.text and "created" not in later.text
    assert await series_count(bot) == 1
