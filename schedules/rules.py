"""RFC 5545 recurrence rules (section 3.3.10) read part by part, and run by dateutil within a budget.

`read_rule` checks every part before dateutil sees it: FREQ is required; INTERVAL and COUNT are
positive; UNTIL is a date or date-time in the supported window and never beside COUNT; each BYxxx
value is in its range (BYMONTH 1..12, BYMONTHDAY +-1..31, BYYEARDAY +-1..366, BYWEEKNO +-1..53,
BYSETPOS +-1..366, all non-zero; BYHOUR 0..23, BYMINUTE 0..59, BYSECOND 0..60), is allowed with the
FREQ (no BYMONTHDAY with WEEKLY, BYYEARDAY only with YEARLY..., BYWEEKNO only with YEARLY, BYSETPOS only
beside another BYxxx), BYDAY ordinals only with MONTHLY (+-1..5) or YEARLY (+-1..53); no part twice,
no unknown part. The message names the part.

`BoundedRule` is dateutil's rrule that never scans past `LAST_DATE`: dateutil looks for a rule's next
date one period at a time, up to the year 9999, without yielding, so a rule that never fires again
(``FREQ=DAILY;BYDAY=MO;BYSETPOS=2``) would hold the process for minutes. Its `_iterinfo` rebuilds once
per month or year it scans, and reads the rule's ``_bynweekday`` each time: counted there, the scan
stops once it must be past the window, whatever the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, weekday

from schedules.errors import RuleError

FIRST_DATE = date(1970, 1, 1)
LAST_DATE = date(2200, 12, 31)
"""The supported window: every date a user gives and every occurrence computed lies within it."""

WINDOW_TEXT = f"{FIRST_DATE.year}-{LAST_DATE.year}"
MAX_RULE = 500
MAX_INTERVAL = 1000
MAX_COUNT = 100_000
MAX_VALUES = 400

FREQS = {"SECONDLY": 6, "MINUTELY": 5, "HOURLY": 4, "DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY}
FREQS["YEARLY"] = YEARLY
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PARTS = (
    "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY",
    "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
)  # fmt: skip
_NUMBER = re.compile(r"^[+-]?\d{1,6}$")
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})Z?)?$")


def window_error(day: date | datetime) -> RuleError:
    return RuleError(f"{day.isoformat()[:10]} is outside the supported dates ({WINDOW_TEXT})")


def check_date(day: date) -> date:
    """``day`` if it lies in the supported window, else `RuleError` saying so."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise window_error(day)
    return day


def _split(body: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for piece in body.split(";"):
        if not piece.strip():
            continue
        name, sep, value = piece.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if not sep or not value:
            raise RuleError(
                f"`{piece.strip()[:30]}` is not an RFC 5545 rule part "
                "(write NAME=VALUE, e.g. FREQ=WEEKLY;BYDAY=TU)"
            )
        if name not in PARTS:
            raise RuleError(f"`{name[:20]}` is not a part of an RFC 5545 rule ({', '.join(PARTS)})")
        if name in parts:
            raise RuleError(f"the rule gives {name} twice")
        parts[name] = value
    return parts


def _numbers(name: str, value: str, low: int, high: int, *, nonzero: bool = False) -> tuple[int, ...]:
    values = value.split(",")
    if len(values) > MAX_VALUES:
        raise RuleError(f"{name} lists too many values")
    found = []
    for item in values:
        number = int(item) if _NUMBER.match(item) else None
        if number is None or not low <= number <= high or (nonzero and number == 0) or (low >= 0 > number):
            span = f"{low} to {high}" if not nonzero else f"1 to {high} or -1 to -{high}"
            raise RuleError(f"{name}={item[:20]} is out of range: {name} takes {span}")
        found.append(number)
    return tuple(dict.fromkeys(found))


def _one(name: str, value: str, low: int, high: int) -> int:
    number = int(value) if _NUMBER.match(value) and "," not in value else None
    if number is None or not low <= number <= high:
        raise RuleError(f"{name}={value[:20]} is out of range: {name} is {low} to {high}")
    return number


def _until(value: str) -> datetime:
    match = _UNTIL.match(value)
    try:
        if match is None:
            raise ValueError(value)
        digits, hhmmss = match.group(1), match.group(2)
        day = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
        clock = time(int(hhmmss[:2]), int(hhmmss[2:4]), int(hhmmss[4:])) if hhmmss else time(23, 59, 59)
    except ValueError:
        raise RuleError(f"UNTIL={value[:20]} is not a date (YYYYMMDD or YYYYMMDDTHHMMSSZ)") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise RuleError(f"UNTIL={value[:20]} is outside the supported dates ({WINDOW_TEXT})")
    return datetime.combine(day, clock)


def _byday(value: str, freq: int, yearly_in_months: bool, has_weekno: bool) -> list[weekday]:
    days = []
    for item in value.split(",")[: MAX_VALUES + 1]:
        match = _BYDAY.match(item)
        if match is None:
            raise RuleError(
                f"BYDAY={item[:20]} is not a weekday (MO..SU, with MONTHLY or YEARLY e.g. 2TU, -1FR)"
            )
        sign, ordinal, day = match.groups()
        if ordinal is None:
            if sign:
                raise RuleError(f"BYDAY={item} has a sign but no number")
            days.append(weekday(DAYS.index(day)))
            continue
        n = int(ordinal)
        top = 5 if freq == MONTHLY or yearly_in_months else 53
        if freq not in (MONTHLY, YEARLY) or has_weekno:
            raise RuleError(
                f"BYDAY={item}: a numbered weekday needs FREQ=MONTHLY or YEARLY (without BYWEEKNO)"
            )
        if not 1 <= n <= top:
            raise RuleError(f"BYDAY={item} is out of range: the number is 1 to {top} or -1 to -{top}")
        days.append(weekday(DAYS.index(day), -n if sign == "-" else n))
    return days


def read_rule(text: str) -> tuple[int, dict[str, Any]]:
    """(FREQ, dateutil keyword arguments) of ``text`` (``FREQ=WEEKLY;BYDAY=TU``); `RuleError` naming the
    bad part otherwise. Parts and values are read whatever their case."""
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[6:]
    if not body.strip():
        raise RuleError("the recurrence rule is empty")
    if len(body) > MAX_RULE:
        raise RuleError(f"the recurrence rule is too long (at most {MAX_RULE} characters)")
    if not body.isprintable():
        raise RuleError("the recurrence rule holds control characters or line breaks")
    parts = _split(body)
    if "FREQ" not in parts:
        raise RuleError("the rule has no FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)")
    freq = FREQS.get(parts["FREQ"])
    if freq is None:
        raise RuleError(f"FREQ={parts['FREQ'][:20]} is not a frequency (DAILY, WEEKLY, MONTHLY or YEARLY)")
    kwargs: dict[str, Any] = {}
    if "INTERVAL" in parts:
        kwargs["interval"] = _one("INTERVAL", parts["INTERVAL"], 1, MAX_INTERVAL)
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("the rule gives both COUNT and UNTIL; RFC 5545 allows one of them")
    if "COUNT" in parts:
        kwargs["count"] = _one("COUNT", parts["COUNT"], 1, MAX_COUNT)
    if "UNTIL" in parts:
        kwargs["until"] = _until(parts["UNTIL"])
    if "BYSECOND" in parts:
        kwargs["bysecond"] = _numbers("BYSECOND", parts["BYSECOND"], 0, 60)
    if "BYMINUTE" in parts:
        kwargs["byminute"] = _numbers("BYMINUTE", parts["BYMINUTE"], 0, 59)
    if "BYHOUR" in parts:
        kwargs["byhour"] = _numbers("BYHOUR", parts["BYHOUR"], 0, 23)
    if "BYMONTH" in parts:
        kwargs["bymonth"] = _numbers("BYMONTH", parts["BYMONTH"], 1, 12)
    if "BYMONTHDAY" in parts:
        if freq == WEEKLY:
            raise RuleError("BYMONTHDAY cannot be used with FREQ=WEEKLY")
        kwargs["bymonthday"] = _numbers("BYMONTHDAY", parts["BYMONTHDAY"], -31, 31, nonzero=True)
    if "BYYEARDAY" in parts:
        if freq in (DAILY, WEEKLY, MONTHLY):
            raise RuleError("BYYEARDAY cannot be used with FREQ=DAILY, WEEKLY or MONTHLY")
        kwargs["byyearday"] = _numbers("BYYEARDAY", parts["BYYEARDAY"], -366, 366, nonzero=True)
    if "BYWEEKNO" in parts:
        if freq != YEARLY:
            raise RuleError("BYWEEKNO can only be used with FREQ=YEARLY")
        kwargs["byweekno"] = _numbers("BYWEEKNO", parts["BYWEEKNO"], -53, 53, nonzero=True)
    if "BYDAY" in parts:
        yearly_in_months = freq == YEARLY and "BYMONTH" in parts
        kwargs["byweekday"] = _byday(parts["BYDAY"], freq, yearly_in_months, "BYWEEKNO" in parts)
    if "BYSETPOS" in parts:
        if not any(name.startswith("BY") and name != "BYSETPOS" for name in parts):
            raise RuleError("BYSETPOS needs another BYxxx part to pick from (e.g. BYDAY=MO,TU;BYSETPOS=1)")
        kwargs["bysetpos"] = _numbers("BYSETPOS", parts["BYSETPOS"], -366, 366, nonzero=True)
    if "WKST" in parts:
        if parts["WKST"] not in DAYS:
            raise RuleError(f"WKST={parts['WKST'][:20]} is not a weekday (MO..SU)")
        kwargs["wkst"] = DAYS.index(parts["WKST"])
    return freq, kwargs


class _PastWindow(Exception):
    """Raised inside dateutil's scan once it must be past the supported window."""


class BoundedRule(rrule):
    """A dateutil rule whose scan stops at `LAST_DATE` (see the module docstring), with its results cached."""

    def __init__(self, freq: int, dtstart: datetime, **kwargs: Any) -> None:
        self._end = datetime.combine(LAST_DATE, time(23, 59, 59))
        if "count" not in kwargs:  # dateutil refuses COUNT beside UNTIL; _iter stops at the end anyway
            kwargs["until"] = min(kwargs.get("until") or self._end, self._end)
        # Each rebuild moves the scan on by at least one month (one year for YEARLY).
        self._scan_limit = (LAST_DATE.year - dtstart.year + 1) * (1 if freq == YEARLY else 12) + 2
        self._scans = 0
        super().__init__(freq, dtstart=dtstart, cache=True, **kwargs)  # type: ignore[arg-type]

    @property
    def _bynweekday(self) -> Any:
        self._scans += 1
        if self._scans > self._scan_limit:
            raise _PastWindow
        return self.__dict__.get("_bynweekday_value")

    @_bynweekday.setter
    def _bynweekday(self, value: Any) -> None:
        self.__dict__["_bynweekday_value"] = value

    def _iter(self) -> Iterator[datetime]:
        self._scans = 0
        total = 0
        try:
            for found in super()._iter():  # type: ignore[misc]
                if found > self._end:
                    break
                total += 1
                yield found
        except _PastWindow:
            pass
        self._len = total  # what dateutil's cache reads once a rule is spent
