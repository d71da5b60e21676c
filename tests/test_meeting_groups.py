"""Series named by title, participant groups resolved at each call, calls found on their new date."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.core import Status
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA, deliver, row_counts

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
GROUP_CALL = (
    'meeting new "Troika call" rrule="FREQ=MONTHLY;BYDAY=2TU" start=2027-01-12 at=15:00 tz=Europe/Zurich '
    "participants=troika"
)


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)


# -- a series by number or title ------------------------------------------------------------------
async def test_a_series_is_named_by_number_title_or_unique_prefix(bot: Dialogue) -> None:
    assert (await bot.say(TROIKA)).ok
    assert (await bot.say('meeting new "Geneva network" rrule=FREQ=WEEKLY start=2027-01-13 at=10:00 '
                          "tz=Europe/Zurich participants=Estonia")).ok  # fmt: skip
    for text in (
        "meeting show 1",
        "meeting show #1",
        "meeting show troika call",
        'meeting show "Troika call"',
        "meeting show TROIKA CALL",
        "meeting show tro",
    ):
        reply = await bot.say(text)
        assert reply.ok and reply.data["series"] == 1, (text, reply.text)
    assert (await bot.say("meeting show geneva")).data["series"] == 2
    nxt = await bot.say("meeting next troika call 2")
    assert nxt.ok and [o["series"] for o in nxt.data["occurrences"]] == [1, 1]
    ics = await bot.say("meeting ics troika call 2027-02-09")
    assert ics.ok and ics.data["file"] == "meeting-1-2027-02-09.ics"
    skip = await bot.say("meeting skip Troika call 2027-02-09")
    assert skip.ok and "Meeting 1 (Troika call)" in skip.text
    rsvp = await bot.say("meeting rsvp troika call 2027-03-09 yes", as_="kadri")
    assert rsvp.ok and rsvp.data["series"] == 1, rsvp.text
    assert (await bot.say("meeting rsvp troika call maybe", as_="kadri")).data["answer"] == "maybe"


async def test_an_ambiguous_or_unknown_name_is_refused_and_nothing_changes(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    await bot.say(TROIKA.replace('"Troika call"', '"Troika prep"'))
    before = await row_counts(bot)
    ambiguous = await bot.say("meeting skip troika 2027-02-09")
    assert ambiguous.status is Status.ERROR
    assert "`troika` names 2 meetings: 1 (Troika call); 2 (Troika prep)" in ambiguous.text
    assert ambiguous.data["field"] == "meeting"
    unknown = await bot.say("meeting cancel budget call")
    assert unknown.status is Status.ERROR and "no meeting `budget call`" in unknown.text
    assert unknown.data["field"] == "meeting"
    assert await row_counts(bot) == before
    assert (await bot.say("meeting show troika prep")).data["series"] == 2  # exact wins


async def test_a_cancelled_series_gives_way_to_a_live_one_of_the_same_title(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting cancel troika call")).data == {"series": 1, "cancelled": True}
    await bot.say(TROIKA)
    assert (await bot.say("meeting show troika call")).data["series"] == 2
    assert (await bot.say("meeting show 1")).data["cancelled"] is True


# -- calls by the date they now have --------------------------------------------------------------
async def test_a_moved_call_is_found_on_its_new_date_and_its_old_one_with_a_note(bot: Dialogue) -> None:
    await bot.say(TROIKA)
    assert (await bot.say("meeting move 1 2027-02-09 to=2027-02-10")).ok
    new = await bot.say("meeting ics 1 2027-02-10")
    assert new.ok and "Note" not in new.text and new.data["original_start"] == "2027-02-09T14:00:00+00:00"
    old = await bot.say("meeting ics 1 2027-02-09")
    assert old.ok and old.text.startswith("Note: the call of 2027-02-09 was moved to 2027-02-10.")
    moved_again = await bot.say("meeting move troika call 2027-02-10 at=16:30")
    assert moved_again.ok, moved_again.text
    assert moved_again.data["start"] == "2027-02-10T15:30:00+00:00"  # the held date was kept
    skipped = await bot.say("meeting skip 1 2027-02-09")
    assert skipped.ok and skipped.text.startswith("Note: the call of 2027-02-09 was moved to 2027-02-10.")
    show = await bot.say("meeting show 1")
    assert [o["action"] for o in show.data["overrides"]] == ["skip"]
    none = await bot.say("meeting ics 1 2027-02-11")
    assert none.status is Status.ERROR and "no call on 2027-02-11" in none.text


# -- participant groups ---------------------------------------------------------------------------
async def test_the_troika_call_follows_troika_set(bot: Dialogue) -> None:
    await bot.say("tz for console:hans member=Germany")
    created = await bot.say(GROUP_CALL)
    assert created.ok, created.text
    assert created.data["participants"] == ["troika"]
    before = await bot.say("meeting show troika")
    troika = await bot.say("troika")  # 2027: derived from the chairs (past Switzerland)
    expected = [c for c in (troika.data["past"], troika.data["current"], troika.data["next"]) if c]
    assert before.data["attendees"] == expected
    assert "Germany" not in before.text
    assert "Groups (resolved at each call): troika; participants for the call of 2027-01-12" in before.text
    assert (await bot.say("troika set next=Germany")).ok
    after = await bot.say('meeting show "Troika call"')
    assert "Germany" in after.data["attendees"] and "Germany (Europe/Berlin)" in after.text
    nxt = await bot.say("meeting next troika 1")
    assert "Germany" in nxt.data["occurrences"][0]["local"]
    bot.clock.set(datetime(2027, 1, 11, 14, 0, tzinfo=UTC))  # 24 h before the first call
    await deliver(bot.app)
    [notice] = bot.notifier.sent
    assert "Troika call" in notice.reply.text and "Germany Tue 15:00 (Europe/Berlin)" in notice.reply.text
    assert notice.reply.mentions == ("console:hans",)


async def test_the_troika_of_each_call_is_that_of_its_year(bot: Dialogue) -> None:
    bot.clock.set(datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    assert (await bot.say("troika set year=2026 past=Estonia current=Switzerland next=Canada")).ok
    assert (await bot.say("troika set year=2027 past=Switzerland current=Canada next=Germany")).ok
    assert (await bot.say(GROUP_CALL.replace("start=2027-01-12", "start=2026-12-01"))).ok
    nxt = await bot.say("meeting next 1 2")
    first, second = nxt.data["occurrences"]
    assert first["start"].startswith("2026-12-08") and set(first["local"]) == {
        "Estonia",
        "Switzerland",
        "Canada",
    }
    assert second["start"].startswith("2027-01-12")
    assert set(second["local"]) == {"Switzerland", "Canada", "Germany"}


async def test_members_network_and_multi_word_countries(bot: Dialogue) -> None:
    assert (await bot.say("roster geneva add alice,bob")).ok
    reply = await bot.say(
        'meeting new "Geneva call" rrule=FREQ=WEEKLY start=2027-01-13 at=10:00 tz=Europe/Zurich '
        "participants=New Zealand,network=geneva,Republic of Korea"
    )
    assert reply.ok, reply.text
    assert reply.data["participants"] == ["New Zealand", "network=geneva", "Republic of Korea"]
    show = await bot.say("meeting show geneva call")
    assert show.data["attendees"] == ["New Zealand", "alice", "bob", "Republic of Korea"]
    assert (await bot.say("roster geneva add carol")).ok
    assert "carol" in (await bot.say("meeting show geneva call")).data["attendees"]
    everyone = await bot.say(
        'meeting new "All hands" rrule=FREQ=MONTHLY start=2027-01-20 at=10:00 tz=UTC participants=members'
    )
    assert everyone.ok and everyone.data["participants"] == ["members"]
    members = await bot.say("member")
    current = (await bot.say("meeting show all hands")).data["attendees"]
    assert len(current) > 30 and "United States" not in current  # withdrew in 2026
    assert members.ok


@pytest.mark.parametrize(
    ("participants", "fragment"),
    [
        ("network=atlantis", "`network=atlantis` is not a network"),
        ("troika,Atlantis", "`Atlantis` is neither a member country"),
        (",", "names no one"),
    ],
)
async def test_bad_groups_are_refused_and_nothing_stored(
    bot: Dialogue, participants: str, fragment: str
) -> None:
    before = await row_counts(bot)
    reply = await bot.say(GROUP_CALL.replace("participants=troika", f"participants={participants}"))
    assert reply.status is Status.USAGE and fragment in reply.text, reply.text
    assert reply.data["field"] == "participants"
    assert await row_counts(bot) == before
