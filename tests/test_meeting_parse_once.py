"""One `meeting new` reads its schedule once: the rule parser (`schedules.recurrence.parse_rule`) runs once
and the asker's zone (the one rule, `handlers.user_zones.zone_of` behind `Services.zone_of`) is resolved
at most once per request, in words (the proposal, then `yes`) and in the exact form; the parsed rule and
zone travel as values (`handlers.meetings.spec`), never written back as option strings and read again.
Counted with a small wrapper installed by a fixture, through the real dialogue (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.counting import Counts, count_parsing
from tests.support.dialogue import Dialogue

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
WORDED = 'meeting new "Troika call" every 4 weeks on Tuesday at 15:00 Zurich time participants=Estonia'
TWO_READINGS = 'meeting new "Troika call" every second Tuesday at 15:00 Zurich time participants=Estonia'
WORDED_OWN_ZONE = 'meeting new "Nordic call" every monday at 10:00 start="15 jan" participants=Estonia'
EXACT = (
    'meeting new "Weekly" rrule="FREQ=WEEKLY;BYDAY=WE" start=2027-01-13 at=10:00 tz=UTC participants=Estonia'
)
EXACT_OWN_ZONE = 'meeting new "W2" rrule="FREQ=WEEKLY;BYDAY=WE" start="13 jan" at=10:00 participants=Estonia'


@pytest.fixture
def counts(bot: Dialogue, monkeypatch: pytest.MonkeyPatch) -> Counts:
    return count_parsing(monkeypatch)


@pytest.fixture(autouse=True)
async def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say("tz America/New_York")  # the admin reads times in New York


async def test_worded_meeting_new_parses_the_rule_once_and_resolves_the_zone_once(
    bot: Dialogue, counts: Counts
) -> None:
    counts.reset()
    reply = await bot.say(WORDED)
    assert reply.ok, reply.text
    assert "FREQ=WEEKLY;INTERVAL=4;BYDAY=TU from 2027-01-05" in reply.text
    assert counts.seen == (1, 1), "the proposal: (rule parses, zone resolutions)"
    counts.reset()
    reply = await bot.say("yes")  # a new request: the stored proposal's rule (kept: at most once); no zone
    assert reply.ok and reply.text.startswith("Meeting 1 created"), reply.text
    assert counts.seen[0] <= 1 and counts.seen[1] == 0
    counts.reset()
    reply = await bot.say(TWO_READINGS)  # two readings, two rules: each parsed once
    assert reply.ok and len(reply.data["readings"]) == 2, reply.text
    assert counts.seen == (2, 1)
    counts.reset()
    reply = await bot.say(WORDED_OWN_ZONE)  # the asker's zone: for the phrase, start= and the table
    assert reply.ok, reply.text
    assert "(America/New_York)" in reply.text and "from 2027-01-18" in reply.text
    assert counts.seen == (1, 1)


async def test_exact_meeting_new_parses_the_rule_once(bot: Dialogue, counts: Counts) -> None:
    counts.reset()
    reply = await bot.say(EXACT)
    assert reply.ok, reply.text
    assert counts.seen[0] == 1
    assert counts.seen[1] == 0, "tz= given and an ISO date: no need of the asker's zone"
    counts.reset()
    reply = await bot.say(EXACT_OWN_ZONE)  # no tz=: the asker's zone, also for reading `13 jan`
    assert reply.ok, reply.text
    assert reply.data["tz"] == "America/New_York" and reply.data["start"] == "2027-01-13"
    assert counts.seen == (1, 1)


async def test_the_counting_sees_a_second_parse(bot: Dialogue, counts: Counts) -> None:
    """The wrappers count what they should: two series of different rules parse twice."""
    counts.reset()
    assert (await bot.say(EXACT)).ok
    assert (await bot.say(EXACT.replace("BYDAY=WE", "BYDAY=TH").replace('"Weekly"', '"Other"'))).ok
    assert counts.seen[0] == 2
