"""Recurrence rules checked part by part against RFC 5545 before use, and expansion within a budget.

Issue 10, findings 3 and 12: `FREQ=WEEKLY;INTERVAL=0` hung start-up for good; negative INTERVAL or COUNT
were taken. Every part is checked, unknown parts refused, and no rule, however odd, can make an expansion
scan for more than a bounded number of steps (dateutil scans to the year 9999 for rules that never fire).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schedules.recurrence import (
    LAST_DATE,
    RuleError,
    Schedule,
    check_date,
    parse_rule,
    rule_dates,
)
from schedules.zones import zone
from tests.support.watchdog import within

FIRST = date(2027, 1, 1)


@pytest.mark.parametrize(
    ("rule", "part"),
    [
        ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL"),
        ("FREQ=WEEKLY;INTERVAL=-2", "INTERVAL"),
        ("FREQ=WEEKLY;INTERVAL=x", "INTERVAL"),
        ("FREQ=WEEKLY;INTERVAL=99999999999", "INTERVAL"),
        ("FREQ=WEEKLY;COUNT=-1", "COUNT"),
        ("FREQ=WEEKLY;COUNT=0", "COUNT"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20280101", "UNTIL"),
        ("FREQ=WEEKLY;UNTIL=99991231", "UNTIL"),
        ("FREQ=WEEKLY;UNTIL=tomorrow", "UNTIL"),
        ("INTERVAL=2;BYDAY=TU", "FREQ"),
        ("FREQ=FORTNIGHTLY", "FREQ"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH"),
        ("FREQ=YEARLY;BYMONTH=0", "BYMONTH"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"),
        ("FREQ=MONTHLY;BYMONTHDAY=-32", "BYMONTHDAY"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY"),
        ("FREQ=YEARLY;BYYEARDAY=0", "BYYEARDAY"),
        ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY"),
        ("FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY"),
        ("FREQ=YEARLY;BYWEEKNO=54", "BYWEEKNO"),
        ("FREQ=YEARLY;BYWEEKNO=0", "BYWEEKNO"),
        ("FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO"),
        ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=0", "BYSETPOS"),
        ("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=367", "BYSETPOS"),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS"),
        ("FREQ=MONTHLY;BYDAY=6TU", "BYDAY"),
        ("FREQ=MONTHLY;BYDAY=0TU", "BYDAY"),
        ("FREQ=YEARLY;BYDAY=54MO", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=2TU", "BYDAY"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY"),
        ("FREQ=WEEKLY;BYHOUR=25", "BYHOUR"),
        ("FREQ=WEEKLY;BYMINUTE=60", "BYMINUTE"),
        ("FREQ=WEEKLY;BYSECOND=61", "BYSECOND"),
        ("FREQ=WEEKLY;WKST=XY", "WKST"),
        ("FREQ=WEEKLY;BYEASTER=0", "BYEASTER"),
        ("FREQ=WEEKLY;COLOUR=RED", "COLOUR"),
        ("FREQ=WEEKLY;FREQ=DAILY", "FREQ"),
        ("FREQ=WEEKLY;BYDAY", "BYDAY"),
    ],
)
def test_each_bad_part_is_refused_by_name(rule: str, part: str) -> None:
    with pytest.raises(RuleError) as caught:
        within(5, lambda: parse_rule(rule, FIRST))
    assert part in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;INTERVAL=4;BYDAY=TU",
        "FREQ=MONTHLY;BYDAY=2TU",
        "FREQ=MONTHLY;BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=1MO",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
        "FREQ=YEARLY;BYYEARDAY=-1",
        "FREQ=DAILY;COUNT=5",
        "FREQ=WEEKLY;UNTIL=20271231T235959Z;WKST=MO",
        "freq=weekly;byday=tu",
        "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1",
    ],
)
def test_good_rules_pass(rule: str) -> None:
    assert len(rule_dates(rule, FIRST, 3)) >= 1


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=YEARLY;BYYEARDAY=366;BYMONTH=1",  # the 366th day is never in January
        "FREQ=YEARLY;BYWEEKNO=53;BYMONTH=6",
        "FREQ=YEARLY;BYYEARDAY=60;BYMONTH=3;BYMONTHDAY=2",
        "FREQ=DAILY;BYDAY=MO;BYSETPOS=2",  # a day's set has one element: dateutil scans to 9999
        "FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
    ],
)
def test_rules_that_never_fire_are_refused_within_the_budget(rule: str) -> None:
    with pytest.raises(RuleError, match="never fires"):
        within(10, lambda: parse_rule(rule, FIRST))


def test_a_rare_rule_is_found_far_ahead() -> None:
    # 29 February on a Monday: 2044, 2072, ...
    dates = within(10, lambda: rule_dates("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", FIRST, 2))
    assert dates == [date(2044, 2, 29), date(2072, 2, 29)]


def test_expansion_stops_at_the_end_of_the_supported_window() -> None:
    schedule = Schedule.build("FREQ=YEARLY", date(2190, 6, 1), ["10:00"], 60, "UTC")
    found = within(
        10, lambda: schedule.occurrences(datetime(2190, 1, 1, tzinfo=UTC), datetime(9999, 1, 1, tzinfo=UTC))
    )
    assert found[-1].start.year == LAST_DATE.year == 2200


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1), date(1969, 12, 31), date(2201, 1, 1)])
def test_dates_outside_the_window_are_refused(day: date) -> None:
    with pytest.raises(RuleError, match="1970"):
        check_date(day)
    with pytest.raises(RuleError, match="1970"):
        Schedule.build("FREQ=WEEKLY", day, ["10:00"], 60, "UTC")


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("Europe", "region"),
        ("America", "region"),
        ("America/Argentina", "region"),
        ("x" * 256, "too long"),
        ("Mars/Olympus", "unknown time zone"),
        ("zone.tab", "unknown time zone"),
        ("Europe/", "unknown time zone"),
        ("/etc/passwd", "unknown time zone"),
        ("../UTC", "unknown time zone"),
        ("", "unknown time zone"),
    ],
)
def test_folders_and_junk_are_not_zones(name: str, fragment: str) -> None:
    with pytest.raises(RuleError, match=fragment):
        zone(name)


def test_zone_names_are_read_whatever_their_case() -> None:
    assert zone("europe/zurich").key == "Europe/Zurich"
    assert zone("UTC").key == "UTC"


RULE_PARTS = st.sampled_from(
    [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYDAY",
        "BYSETPOS", "WKST", "BYHOUR", "BYEASTER", "X",
    ]
)  # fmt: skip
NUMBERS = st.integers(-400, 400).map(str)
VALUES = st.one_of(
    st.sampled_from(
        ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "MO", "TU", "SU", "-1FR", "2TU", "53MO"]
    ),
    NUMBERS,
    st.lists(NUMBERS, min_size=1, max_size=4).map(",".join),
    st.sampled_from(["20270301", "20261231", "22001231T235959Z", "99991231", "19000101"]),
    st.text(max_size=6),
)
PART = st.tuples(RULE_PARTS, VALUES).map("=".join)
RULES = st.one_of(
    st.lists(PART, max_size=5).map(lambda parts: ";".join(["FREQ=DAILY", *parts])),
    st.lists(PART, max_size=5).map(";".join),
    st.text(max_size=40),
)


@given(rule=RULES, first=st.dates(min_value=date(1970, 1, 1), max_value=date(2200, 12, 31)))
@settings(max_examples=400, deadline=None)
def test_any_rule_is_refused_clearly_or_expands_within_the_budget(rule: str, first: date) -> None:
    def expand() -> list[date] | str:
        try:
            schedule = Schedule.build(rule, first, ["10:00"], 60, "Europe/Zurich")
        except RuleError as exc:
            return str(exc)
        schedule.occurrences(datetime(1970, 1, 1, tzinfo=UTC), datetime(2300, 1, 1, tzinfo=UTC), limit=50)
        return rule_dates(rule, first, 20)

    outcome = within(10, expand)
    if isinstance(outcome, str):
        assert outcome and "Traceback" not in outcome
    else:
        assert outcome and all(first <= d <= LAST_DATE for d in outcome)
