"""Schedules in words (`schedules.phrases`): each phrase read into the rule, first date, time and zone;
first dates across DST and date lines with a fixed `now`; unreadable or incomplete phrases refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from schedules.phrases import PhraseError, parse_schedule
from schedules.recurrence import Schedule

NOW = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)  # a Saturday; 23:00 in Zurich
ADMIN_ZONE = "Europe/Berlin"

CASES = [
    # phrase, at=, expected rule, first date, time, zone, words
    (
        "every second Tuesday at 15:00 Zurich time",
        None,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        date(2026, 12, 1),
        time(15, 0),
        "Europe/Zurich",
        "every 2 weeks on Tuesday at 15:00 (Europe/Zurich)",
    ),
    (
        "monthly on the 2nd Tuesday",
        time(10, 0),
        "FREQ=MONTHLY;BYDAY=2TU",
        date(2026, 12, 8),
        time(10, 0),
        ADMIN_ZONE,
        "every month on the 2nd Tuesday at 10:00 (Europe/Berlin)",
    ),
    (
        "every 3 months on the first Wednesday at 14:00 UTC",
        None,
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=1WE",
        date(2026, 12, 2),
        time(14, 0),
        "UTC",
        "every quarter (every 3 months) on the 1st Wednesday at 14:00 (UTC)",
    ),
    (
        "weekly on Tuesday and Thursday",
        time(9, 0),
        "FREQ=WEEKLY;BYDAY=TU,TH",
        date(2026, 12, 1),
        time(9, 0),
        ADMIN_ZONE,
        "every week on Tuesday and Thursday at 09:00 (Europe/Berlin)",
    ),
    (
        "every weekday at 9:00",
        None,
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        date(2026, 11, 30),
        time(9, 0),
        ADMIN_ZONE,
        "every weekday (Monday to Friday) at 09:00 (Europe/Berlin)",
    ),
    (
        "on the last Friday of each month at 10:00 Geneva time",
        None,
        "FREQ=MONTHLY;BYDAY=-1FR",
        date(2026, 12, 25),
        time(10, 0),
        "Europe/Zurich",
        "every month on the last Friday at 10:00 (Europe/Zurich)",
    ),
    (
        "every 2 weeks on Monday",
        time(8, 0),
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
        date(2026, 11, 30),
        time(8, 0),
        ADMIN_ZONE,
        "every 2 weeks on Monday at 08:00 (Europe/Berlin)",
    ),
    (
        "daily at 08:30",
        None,
        "FREQ=DAILY",
        date(2026, 11, 29),
        time(8, 30),
        ADMIN_ZONE,
        "every day at 08:30 (Europe/Berlin)",
    ),
    (
        "quarterly on the 15th",
        time(16, 0),
        "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
        date(2026, 12, 15),
        time(16, 0),
        ADMIN_ZONE,
        "every quarter (every 3 months) on the 15th at 16:00 (Europe/Berlin)",
    ),
    (
        "Every Monday at 9am New York time",
        None,
        "FREQ=WEEKLY;BYDAY=MO",
        date(2026, 11, 30),
        time(9, 0),
        "America/New_York",
        "every week on Monday at 09:00 (America/New_York)",
    ),
    (
        "every other week on Mon, Wed and Fri at 7:30 pm Tokyo",
        None,
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR",
        date(2026, 11, 30),
        time(19, 30),
        "Asia/Tokyo",
        "every 2 weeks on Monday, Wednesday and Friday at 19:30 (Asia/Tokyo)",
    ),
    (
        "monthly on the 1st and 3rd Tuesday at 11:00 Asia/Tokyo",
        None,
        "FREQ=MONTHLY;BYDAY=1TU,3TU",
        date(2026, 12, 1),
        time(11, 0),
        "Asia/Tokyo",
        "every month on the 1st Tuesday and 3rd Tuesday at 11:00 (Asia/Tokyo)",
    ),
    (
        "every second Tuesday of the month at 15:00",
        None,
        "FREQ=MONTHLY;BYDAY=2TU",
        date(2026, 12, 8),
        time(15, 0),
        ADMIN_ZONE,
        "every month on the 2nd Tuesday at 15:00 (Europe/Berlin)",
    ),
    (
        "every last Friday at noon in Wellington",
        None,
        "FREQ=MONTHLY;BYDAY=-1FR",
        date(2026, 12, 25),
        time(12, 0),
        "Pacific/Auckland",
        "every month on the last Friday at 12:00 (Pacific/Auckland)",
    ),
    (
        "monthly on the last day at 17:00",
        None,
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        date(2026, 11, 30),
        time(17, 0),
        ADMIN_ZONE,
        "every month on the last day at 17:00 (Europe/Berlin)",
    ),
]


@pytest.mark.parametrize(
    ("phrase", "at", "rule", "first", "wall", "tz", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_phrase(
    phrase: str, at: time | None, rule: str, first: date, wall: time, tz: str, words: str
) -> None:
    got = parse_schedule(phrase, ADMIN_ZONE, NOW, at=at)
    assert (got.rrule, got.first_date, got.at, got.zone, got.words) == (rule, first, wall, tz, words)
    assert got.zone_named == (tz != ADMIN_ZONE)
    # the stored series starts on that date and it is the next call after now
    schedule = Schedule.build(got.rrule, got.first_date, [f"{got.at:%H:%M}"], 60, got.zone)
    assert schedule.first_start() > NOW
    assert schedule.first_start().astimezone(schedule.tz).date() == first


def test_every_second_tuesday_alternates_weeks() -> None:
    got = parse_schedule("every second Tuesday at 15:00 Zurich time", ADMIN_ZONE, NOW)
    schedule = Schedule.build(got.rrule, got.first_date, ["15:00"], 60, got.zone)
    starts = [o.start for o in schedule.occurrences(NOW, datetime(2027, 1, 1, tzinfo=UTC))]
    assert [s.date() for s in starts] == [date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 29)]
    assert {s.hour for s in starts} == {14}  # 15:00 CET


def test_today_counts_when_its_time_is_still_ahead_in_the_series_zone() -> None:
    # 22:00 UTC Saturday is 17:00 Saturday in New York: a Saturday 18:00 call there is still today
    got = parse_schedule("every Saturday at 18:00 New York time", ADMIN_ZONE, NOW)
    assert got.first_date == date(2026, 11, 28)
    # ... but in Zurich it is already 23:00, so the Saturday 18:00 call is next week's
    assert parse_schedule("every Saturday at 18:00 Zurich", ADMIN_ZONE, NOW).first_date == date(2026, 12, 5)


@pytest.mark.parametrize(
    ("now", "phrase", "first"),
    [
        # spring forward in Zurich (2027-03-28, 01:00 UTC): 08:30 CEST is 06:30 UTC, already past at 06:45
        (datetime(2027, 3, 28, 6, 45, tzinfo=UTC), "daily at 08:30 Zurich time", date(2027, 3, 29)),
        (datetime(2027, 3, 28, 6, 15, tzinfo=UTC), "daily at 08:30 Zurich time", date(2027, 3, 28)),
        # fall back (2027-10-31, 01:00 UTC): 08:30 CET is 07:30 UTC, still ahead at 07:15
        (datetime(2027, 10, 31, 7, 15, tzinfo=UTC), "daily at 08:30 Zurich time", date(2027, 10, 31)),
        # the local date in Tokyo is already the next day
        (datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "daily at 08:30 Tokyo", date(2026, 12, 2)),
        (datetime(2026, 11, 30, 23, 30, tzinfo=UTC), "daily at 09:00 Tokyo", date(2026, 12, 1)),
        # a time in the spring gap (02:30 does not exist on 2027-03-28 in Zurich): the offset before it
        (datetime(2027, 3, 27, 23, 30, tzinfo=UTC), "daily at 02:30 Zurich time", date(2027, 3, 28)),
    ],
)
def test_first_date_across_dst_and_date_lines(now: datetime, phrase: str, first: date) -> None:
    assert parse_schedule(phrase, ADMIN_ZONE, now).first_date == first


def test_start_moves_the_first_date() -> None:
    got = parse_schedule(
        "every second Tuesday at 15:00 Zurich time", ADMIN_ZONE, NOW, start=date(2027, 1, 10)
    )
    assert got.first_date == date(2027, 1, 12)


def test_at_option_must_agree_with_the_phrase() -> None:
    assert parse_schedule("daily at 08:30", ADMIN_ZONE, NOW, at=time(8, 30)).at == time(8, 30)
    with pytest.raises(PhraseError, match="give the time once"):
        parse_schedule("daily at 08:30", ADMIN_ZONE, NOW, at=time(9, 0))


@pytest.mark.parametrize(
    ("phrase", "says"),
    [
        ("every blue moon", "could not read `every blue`"),
        ("sometimes on Tuesdays", "could not read `sometimes`"),
        ("every Tuesday at 15:00 sometimes", "could not read `sometimes`"),
        ("monthly on the 2nd Tuesday", "at what time?"),
        ("weekly at 10:00", "on which day of the week?"),
        ("monthly on Tuesday at 10:00", "which Tuesday of the month?"),
        ("monthly at 10:00", "on which day of the month?"),
        ("on Tuesdays at 10:00", "say how often"),
        ("every Tuesday at 10:00 CET", "does not say which daylight-saving rules"),
        ("every Tuesday at 10:00 GMT", "say `UTC` or `London time`"),
        ("every Tuesday at 15", "not a time"),
        ("every day at 25:00", "not a time"),
        ("bimonthly on the 1st at 10:00", "either twice a month or every two months"),
        ("on the 31st of each month at 10:00", "not every month has a 31st"),
        ("every Tuesday at 10:00 Zurich time London", "two time zones"),
        ("every Tuesday at 10:00 Europe/Atlantis", "unknown time zone"),
        ("every Tuesday at 10:00 Europe", "could not read `europe`"),
        ("daily on Monday at 10:00", "daily call has no days"),
        ("every 0 weeks on Monday at 10:00", "never happens"),
        ("yearly on the 15th at 10:00", "rrule=FREQ=YEARLY"),
        ("every 2000 weeks on Monday at 10:00", "INTERVAL"),
        ("every 99999999999999999999 weeks on Monday at 10:00", "could not read `every 99999"),
        ("every ² weeks on Monday at 10:00", "could not read `every ²`"),
        ("every Tuesday at 10:00 " + "x" * 5000, "could not read `xxxx"),
        ("", "missing"),
    ],
)
def test_unreadable_phrases_are_refused_with_an_example(phrase: str, says: str) -> None:
    with pytest.raises(PhraseError) as caught:
        parse_schedule(phrase, ADMIN_ZONE, NOW)
    assert says in str(caught.value)
    assert "e.g." in str(caught.value) or "at=HH:MM" in str(caught.value)


def test_a_phrase_error_is_a_value_error() -> None:
    assert issubclass(PhraseError, ValueError)
