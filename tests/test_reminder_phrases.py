"""The reminder phrase grammar, pure: many phrasings, zones, DST, and refusals with an example."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from schedules.reminder_phrases import PhraseError, next_weekly, parse_when

NOW = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)  # Monday
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("phrase", "at", "what"),
    [
        ("in 2 minutes to call Accra", datetime(2027, 1, 11, 10, 2, tzinfo=UTC), "call Accra"),
        ("in 1 minute call", datetime(2027, 1, 11, 10, 1, tzinfo=UTC), "call"),
        ("in 5m call", datetime(2027, 1, 11, 10, 5, tzinfo=UTC), "call"),
        ("IN 2 HOURS to call", datetime(2027, 1, 11, 12, 0, tzinfo=UTC), "call"),
        ("in 1 day about the report", datetime(2027, 1, 12, 10, 0, tzinfo=UTC), "the report"),
        ("tomorrow 9:00 stand-up", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "stand-up"),
        ("tomorrow at 9 stand-up", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "stand-up"),
        ("tomorrow at 9am stand-up", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "stand-up"),
        ("tomorrow at 12pm lunch", datetime(2027, 1, 12, 11, 0, tzinfo=UTC), "lunch"),
        ("tomorrow at 12am midnight", datetime(2027, 1, 11, 23, 0, tzinfo=UTC), "midnight"),
        ("today at 18:30 go home", datetime(2027, 1, 11, 17, 30, tzinfo=UTC), "go home"),
        ("next Friday at 10 hi", datetime(2027, 1, 15, 9, 0, tzinfo=UTC), "hi"),
        ("friday at 10 hi", datetime(2027, 1, 15, 9, 0, tzinfo=UTC), "hi"),
        ("on Friday at 10 hi", datetime(2027, 1, 15, 9, 0, tzinfo=UTC), "hi"),
        ("next Monday at 9:00 hi", datetime(2027, 1, 18, 8, 0, tzinfo=UTC), "hi"),
        ("on 2027-01-12 at 14:00 Tokyo x", datetime(2027, 1, 12, 5, 0, tzinfo=UTC), "x"),
        ("2027-01-12 14:00 UTC x", datetime(2027, 1, 12, 14, 0, tzinfo=UTC), "x"),
        ("on 2027-01-12 at 14:00 America/New_York x", datetime(2027, 1, 12, 19, 0, tzinfo=UTC), "x"),
        ("tomorrow at 9:00 New_York x", datetime(2027, 1, 12, 14, 0, tzinfo=UTC), "x"),
        ("tomorow 9:00 stand-up", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "stand-up"),  # a typo
        ("tmrw at 9 stand-up", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "stand-up"),
        # "wake" (Pacific/Wake) and "Christmas" (Indian/Christmas) are words here, not zones
        ("tomorrow 7:00 wake up", datetime(2027, 1, 12, 6, 0, tzinfo=UTC), "wake up"),
        ("tomorrow 9:00 Christmas cards", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "Christmas cards"),
        ("tomorrow at 9:00 Wellington call", datetime(2027, 1, 11, 20, 0, tzinfo=UTC), "call"),
    ],
)
def test_phrasings(phrase: str, at: datetime, what: str) -> None:
    when = parse_when(phrase, NOW, BERLIN)
    assert (when.at, when.what) == (at, what)
    assert when.weekday is None


def test_every_weekday_is_weekly_at_wall_clock_time() -> None:
    when = parse_when("every Monday at 9:00 to send the report", NOW, BERLIN)
    assert (
        when.at == datetime(2027, 1, 18, 8, 0, tzinfo=UTC)
        and when.weekday == 0
        and when.what == "send the report"
    )
    assert when.wall is not None
    # Europe: 9:00 Berlin is 08:00 UTC before 28 March 2027, 07:00 UTC after
    assert next_weekly(0, when.wall, BERLIN, datetime(2027, 3, 22, 9, tzinfo=UTC)) == datetime(
        2027, 3, 29, 7, tzinfo=UTC
    )
    # America: 9:00 New York is 13:00 UTC before 7 November 2027, 14:00 UTC after
    ny = ZoneInfo("America/New_York")
    assert next_weekly(0, when.wall, ny, datetime(2027, 11, 1, 13, tzinfo=UTC)) == datetime(
        2027, 11, 8, 14, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("phrase", "says"),
    [
        ("at some point call", "E.g. `remind me in 2 hours"),
        ("soon call", "could not read when"),
        ("in 0 minutes call", "now or past"),
        ("in 2 fortnights call", "not a unit"),
        ("tomorrow at 24:00 call", "not a time"),
        ("tomorrow at 13pm call", "not a time"),
        ("on 2027-02-30 at 9:00 call", "not a date"),
        ("on 2201-01-01 at 9:00 call", "outside the supported dates (1970-2200)"),
        ("in 999999 days call", "after 2200"),
        ("today at 9:00 call", "already past"),
        ("every Someday at 9:00 call", "not a weekday"),
        ("on 2027-02-01 at 9:00 Atlantis/Nowhere call", "Unknown time zone"),
        # every zone through schedules/zones.py: no folders, no posix/ or right/ copies of the database
        ("tomorrow at 9 America/Argentina to x", "is a region, not a time zone"),
        ("tomorrow at 9 posix/Europe/Berlin to x", "Unknown time zone"),
        ("tomorrow at 9 right/UTC to x", "Unknown time zone"),
        ("tomorrow at 9 Europe/../Europe/Berlin to x", "Unknown time zone"),
        ("tomorrow at 9 " + "A/" * 60 + " to x", "too long"),
    ],
)
def test_unreadable_or_refused(phrase: str, says: str) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_when(phrase, NOW, BERLIN)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("phrase", "at", "what"),
    [
        ("at 5pm to call geneva", datetime(2027, 1, 11, 16, 0, tzinfo=UTC), "call geneva"),
        ("9:00 call", datetime(2027, 1, 12, 8, 0, tzinfo=UTC), "call"),  # passed today: tomorrow
        ("on friday to send the draft", datetime(2027, 1, 15, 8, 0, tzinfo=UTC), "send the draft"),
        ("in 2 hours: review", datetime(2027, 1, 11, 12, 0, tzinfo=UTC), "review"),
        ("in 2 weeks call", datetime(2027, 1, 25, 10, 0, tzinfo=UTC), "call"),
        ("22 jan at noon lunch", datetime(2027, 1, 22, 11, 0, tzinfo=UTC), "lunch"),
        ("at noon on friday lunch", datetime(2027, 1, 15, 11, 0, tzinfo=UTC), "lunch"),
    ],
)
def test_the_one_grammar_of_moments(phrase: str, at: datetime, what: str) -> None:
    """`schedules.moments` reads the moment: a time alone, a day alone (09:00), punctuation dropped."""
    when = parse_when(phrase, NOW, BERLIN)
    assert (when.at, when.what) == (at, what)
