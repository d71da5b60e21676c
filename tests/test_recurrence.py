"""Recurrence in the series' own zone: DST on both sides of the Atlantic, with fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.recurrence import Override, RuleError, Schedule, localize, parse_rule, rule_dates


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def starts(schedule: Schedule, after: datetime, before: datetime, **kw: object) -> list[datetime]:
    return [o.start for o in schedule.occurrences(after, before, **kw)]  # type: ignore[arg-type]


def test_weekly_zurich_call_stays_at_15_00_across_the_march_2027_switch() -> None:
    schedule = Schedule.build("FREQ=WEEKLY;BYDAY=TU", date(2027, 3, 16), ["15:00"], 60, "Europe/Zurich")
    assert starts(schedule, utc(2027, 3, 1), utc(2027, 4, 7)) == [
        utc(2027, 3, 16, 14),
        utc(2027, 3, 23, 14),
        utc(2027, 3, 30, 13),  # after 28 March 2027 (CEST): 15:00 Zurich is 13:00 UTC
        utc(2027, 4, 6, 13),
    ]
    local = {
        o.start.astimezone(ZoneInfo("Europe/Zurich")).strftime("%H:%M")
        for o in schedule.occurrences(utc(2027, 3, 1), utc(2027, 12, 1))
    }
    assert local == {"15:00"}


def test_new_york_call_across_14_march_2027_and_the_weeks_between_the_switches() -> None:
    schedule = Schedule.build("FREQ=WEEKLY;BYDAY=WE", date(2027, 3, 3), ["10:00"], 60, "America/New_York")
    found = schedule.occurrences(utc(2027, 3, 1), utc(2027, 4, 8))
    assert [o.start for o in found] == [
        utc(2027, 3, 3, 15),  # EST, UTC-5
        utc(2027, 3, 10, 15),
        utc(2027, 3, 17, 14),  # EDT from 14 March 2027, UTC-4
        utc(2027, 3, 24, 14),
        utc(2027, 3, 31, 14),
        utc(2027, 4, 7, 14),
    ]
    geneva = [o.start.astimezone(ZoneInfo("Europe/Zurich")).strftime("%H:%M") for o in found]
    # Europe switches two weeks later (28 March): in between, the New York call is an hour earlier in Geneva.
    assert geneva == ["16:00", "16:00", "15:00", "15:00", "16:00", "16:00"]


def test_autumn_switch_on_both_sides() -> None:
    zurich = Schedule.build("FREQ=WEEKLY;BYDAY=MO", date(2027, 10, 25), ["09:00"], 30, "Europe/Zurich")
    assert starts(zurich, utc(2027, 10, 20), utc(2027, 11, 2)) == [utc(2027, 10, 25, 7), utc(2027, 11, 1, 8)]
    ny = Schedule.build("FREQ=DAILY", date(2027, 11, 6), ["09:00"], 30, "America/New_York")
    assert starts(ny, utc(2027, 11, 6), utc(2027, 11, 8)) == [utc(2027, 11, 6, 13), utc(2027, 11, 7, 14)]


def test_nonexistent_and_ambiguous_local_times_follow_rfc_5545() -> None:
    zurich = ZoneInfo("Europe/Zurich")
    # 02:30 on 28 March 2027 does not exist: read with the offset before the gap (+01:00) -> 03:30 CEST
    assert localize(datetime(2027, 3, 28, 2, 30), zurich) == utc(2027, 3, 28, 1, 30)  # noqa: DTZ001
    # 02:30 on 31 October 2027 happens twice: the first one (CEST, +02:00)
    assert localize(datetime(2027, 10, 31, 2, 30), zurich) == utc(2027, 10, 31, 0, 30)  # noqa: DTZ001
    daily = Schedule.build("FREQ=DAILY", date(2027, 3, 27), ["02:30"], 30, "Europe/Zurich")
    assert starts(daily, utc(2027, 3, 27), utc(2027, 3, 30)) == [
        utc(2027, 3, 27, 1, 30),
        utc(2027, 3, 28, 1, 30),
        utc(2027, 3, 29, 0, 30),
    ]


def test_monthly_second_tuesday_and_quarterly_rules() -> None:
    assert rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 3) == [
        date(2027, 1, 12),
        date(2027, 2, 9),
        date(2027, 3, 9),
    ]
    assert rule_dates("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH", date(2027, 1, 1), 3) == [
        date(2027, 1, 7),
        date(2027, 4, 1),
        date(2027, 7, 1),
    ]


def test_rotation_uses_slot_i_mod_n_counting_every_occurrence() -> None:
    schedule = Schedule.build("FREQ=WEEKLY;BYDAY=TU", date(2027, 1, 5), ["07:00", "15:00"], 60, "UTC")
    found = schedule.occurrences(utc(2027, 1, 1), utc(2027, 2, 1), {utc(2027, 1, 12, 15): Override("skip")})
    assert [(o.index, o.start) for o in found] == [
        (0, utc(2027, 1, 5, 7)),
        (2, utc(2027, 1, 19, 7)),  # the skipped one (index 1) still counts for the rotation
        (3, utc(2027, 1, 26, 15)),
    ]


def test_overrides_skip_cancel_and_move_single_occurrences() -> None:
    schedule = Schedule.build("FREQ=WEEKLY;BYDAY=TU", date(2027, 1, 5), ["15:00"], 60, "Europe/Zurich")
    overrides = {
        utc(2027, 1, 12, 14): Override("skip"),
        utc(2027, 1, 19, 14): Override("cancel"),
        utc(2027, 1, 26, 14): Override("move", utc(2027, 2, 3, 9)),
    }
    held = schedule.occurrences(utc(2027, 1, 1), utc(2027, 2, 5), overrides)
    assert [(o.start, o.status) for o in held] == [
        (utc(2027, 1, 5, 14), "scheduled"),
        (utc(2027, 2, 2, 14), "scheduled"),
        (utc(2027, 2, 3, 9), "moved"),
    ]
    everything = schedule.occurrences(utc(2027, 1, 1), utc(2027, 2, 5), overrides, include_removed=True)
    assert [o.status for o in everything] == ["scheduled", "skipped", "cancelled", "scheduled", "moved"]
    # moved out of the window: gone from it; moved into another window: found there
    assert schedule.occurrences(utc(2027, 1, 26), utc(2027, 1, 27), overrides) == []
    assert schedule.on_date(date(2027, 1, 26)) is not None and schedule.on_date(date(2027, 1, 27)) is None


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31", "never fires"),
        ("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "never fires"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT is 1 to"),
        ("FREQ=WEEKLY;UNTIL=20261231T000000", "never fires"),
        ("FREQ=HOURLY", "daily at most"),
        ("FREQ=WEEKLY;BYHOUR=9", "dates only"),
        ("every tuesday", "not an RFC 5545 rule"),
        ("", "empty"),
    ],
)
def test_bad_rules_are_refused_quickly(rule: str, message: str) -> None:
    with pytest.raises(RuleError, match=message):
        parse_rule(rule, date(2027, 1, 1))


def test_bad_zone_time_and_duration() -> None:
    with pytest.raises(RuleError, match="unknown time zone"):
        Schedule.build("FREQ=WEEKLY", date(2027, 1, 1), ["15:00"], 60, "Mars/Olympus")
    with pytest.raises(RuleError, match="not a time"):
        Schedule.build("FREQ=WEEKLY", date(2027, 1, 1), ["25:00"], 60, "UTC")
    with pytest.raises(RuleError, match="duration"):
        Schedule.build("FREQ=WEEKLY", date(2027, 1, 1), ["15:00"], 0, "UTC")


MEMBER_ZONES = sorted(
    {
        "Europe/Zurich", "America/New_York", "America/Toronto", "America/Santiago", "Pacific/Auckland",
        "Australia/Sydney", "Asia/Tokyo", "Europe/London", "America/Mexico_City", "Atlantic/Reykjavik",
    }
)  # fmt: skip


@given(
    tz=st.sampled_from(MEMBER_ZONES),
    first=st.dates(min_value=date(2027, 1, 1), max_value=date(2028, 12, 31)),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 15, 30, 45]),
)
@settings(max_examples=60, deadline=None)
def test_every_occurrence_keeps_its_wall_clock_time_unless_it_does_not_exist(
    tz: str, first: date, hour: int, minute: int
) -> None:
    schedule = Schedule.build("FREQ=WEEKLY;COUNT=60", first, [f"{hour:02d}:{minute:02d}"], 60, tz)
    zone = ZoneInfo(tz)
    found = schedule.occurrences(utc(2026, 12, 30), utc(2031, 1, 1))
    assert len(found) == 60
    for occurrence in found:
        local = occurrence.start.astimezone(zone)
        wall = datetime.combine(local.date(), datetime.min.time()).replace(hour=hour, minute=minute)
        exists = wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall
        if exists:
            assert (local.hour, local.minute) == (hour, minute)
        else:  # in the spring gap: pushed forward by the gap, never dropped
            assert local.replace(tzinfo=None) > wall
    assert [o.start for o in found] == sorted(o.start for o in found)
