"""Dates, times and moments as people type them: the ONE grammar for every command that takes one.

Pure time logic (``now`` and the typist's zone are passed in). Meetings (`start=`, skip/move/cancel,
`meeting edit ... from=`), personal reminders, survey deadlines and check-ins read through it, so
"22 dec" means the same everywhere. Understood, case-insensitive:

- days: ``2027-01-12``, ``22 dec``, ``22nd of December 2027``, ``dec 22``, ``December 22, 2027``,
  ``today``, ``tomorrow``, ``friday``/``fri``, ``on friday``, ``next tuesday`` (the first one after
  today, as ``tuesday``), ``this friday`` (today on a Friday), ``in 3 days``, ``in 2 weeks``,
  ``end of month``, ``end of year``;
- times: ``15:00``, ``at 15``, ``5pm``, ``5:30 pm``, ``noon``, ``midday``, ``midnight``;
- moments: a day and a time in either order (``friday at 5pm``, ``at 5pm on friday``), a time alone
  (today, or tomorrow once it has passed), ``in 2 hours``/``in 30 minutes``, ISO ``2027-01-12T14:00``.

A day without a year is the next one on or after today. What cannot be read is refused with a
`MomentError` naming it (never guessed: "the 5" is not a day, "25:00" is not a time).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedules.errors import RuleError
from schedules.recurrence import localize
from schedules.rules import FIRST_DATE, LAST_DATE, WINDOW_TEXT, check_date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS |= {"sept": 9}
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS |= {name.lower(): i for i, name in enumerate(calendar.day_abbr)}
WEEKDAYS |= {"tues": 1, "weds": 2, "thur": 3, "thurs": 3}
TOMORROW = ("tomorrow", "tomorow", "tommorow", "tommorrow", "tmrw", "tmr")
UNIT_MINUTES = {"minute": 1, "min": 1, "m": 1, "hour": 60, "hr": 60, "h": 60, "day": 1440, "d": 1440}
UNIT_MINUTES |= {"week": 7 * 1440, "wk": 7 * 1440, "w": 7 * 1440}
EXAMPLES = "e.g. 2027-01-12, 22 dec, friday, next tuesday, tomorrow at 5pm, in 3 days, end of month"

_END = r"(?=$|[\s,.;:!?])"
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_DAY_PATTERNS = (
    ("iso", re.compile(rf"(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}}){_END}")),
    (
        "day_month",
        re.compile(
            rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\.?(?:,?\s+(?P<y>\d{{4}}))?{_END}"
        ),
    ),
    (
        "month_day",
        re.compile(rf"(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?{_END}"),
    ),
    ("today", re.compile(rf"(?:today|tonight){_END}")),
    ("tomorrow", re.compile(rf"(?:{'|'.join(TOMORROW)}){_END}")),
    ("weekday", re.compile(rf"(?:(?P<rel>next|this)\s+)?(?P<wd>{_WEEKDAY})\.?{_END}")),
    ("in_days", re.compile(rf"in\s+(?P<n>\d{{1,4}})\s*(?P<unit>days?|weeks?|wks?){_END}")),
    ("end_of", re.compile(rf"(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<what>month|year){_END}")),
)
_TIME = re.compile(
    rf"(?:at\s+)?(?:(?P<word>noon|midday|midnight)|(?P<h>\d{{1,2}})(?:[:.h](?P<mi>\d{{2}}))?\s*(?P<ampm>[ap]\.?m\.?)?){_END}"
)
_IN = re.compile(rf"in\s+(?P<n>\d{{1,6}})\s*(?P<unit>[a-z]+){_END}")
_ISO_MOMENT = re.compile(rf"(?P<d>\d{{4}}-\d{{1,2}}-\d{{1,2}})[t ](?:at\s+)?(?P<t>\d{{1,2}}:\d{{2}}){_END}")


class MomentError(ValueError):
    """What could not be read, named in the message with examples."""


@dataclass(frozen=True)
class Moment:
    """A moment read from the start of a text: ``at`` (aware, in the zone), whether a day and a time were
    given, and ``end``, how many characters of the text it used (the rest is the message, title...)."""

    at: datetime
    has_day: bool
    has_time: bool
    end: int


def _year_day(year: int, month: int, day: int, text: str) -> date:
    """The day, within the one window of dates (`schedules.rules.check_date`)."""
    try:
        return check_date(date(year, month, day))
    except RuleError:
        raise MomentError(f"`{text}` is outside the supported dates ({WINDOW_TEXT})") from None
    except ValueError:
        if not FIRST_DATE.year <= year <= LAST_DATE.year:
            raise MomentError(f"`{text}` is outside the supported dates ({WINDOW_TEXT})") from None
        raise MomentError(f"`{text}` is not a date (no such day)") from None


def _next_of(today: date, month: int, day: int, text: str) -> date:
    """The next ``day`` of ``month`` on or after ``today`` (29 Feb: the next leap year's)."""
    for year in range(today.year, today.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise MomentError(f"`{text}` is not a date (no such day)")


def _day_at(text: str, pos: int, today: date) -> tuple[date, int] | None:
    """The day read at ``pos`` and where it ends, or None when no day starts there."""
    for kind, pattern in _DAY_PATTERNS:
        m = pattern.match(text, pos)
        if m is None:
            continue
        said = m.group(0)
        if kind == "iso":
            return _year_day(int(m["y"]), int(m["m"]), int(m["d"]), said), m.end()
        if kind in ("day_month", "month_day"):
            month, day = MONTHS[m["mon"]], int(m["d"])
            if m["y"]:
                return _year_day(int(m["y"]), month, day, said), m.end()
            return _next_of(today, month, day, said), m.end()
        if kind == "today":
            return today, m.end()
        if kind == "tomorrow":
            return today + timedelta(days=1), m.end()
        if kind == "weekday":
            ahead = (WEEKDAYS[m["wd"]] - today.weekday()) % 7
            if m["rel"] != "this":
                ahead = ahead or 7  # "friday" and "next friday" said on a Friday: a week on
            return today + timedelta(days=ahead), m.end()
        if kind == "in_days":
            days = int(m["n"]) * (7 if m["unit"].startswith("w") else 1)
            return today + timedelta(days=days), m.end()
        if m["what"] == "month":
            return today.replace(day=calendar.monthrange(today.year, today.month)[1]), m.end()
        return date(today.year, 12, 31), m.end()
    return None


def _time_at(text: str, pos: int, *, needs_at: bool) -> tuple[time, int] | None:
    """The time read at ``pos``: ``15:00``, ``5pm``, ``noon``; a bare number only after ``at``."""
    m = _TIME.match(text, pos)
    if m is None:
        return None
    said = m.group(0)
    if m["word"]:
        return (time(0) if m["word"] == "midnight" else time(12)), m.end()
    if m["mi"] is None and m["ampm"] is None and (needs_at or not said.startswith("at")):
        return None  # "5" alone is not a time (it may be a count or a day)
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            raise MomentError(f"`{said.strip()}` is not a time (1-12 with am/pm)")
        hour = hour % 12 + (12 if m["ampm"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise MomentError(f"`{said.strip()}` is not a time")
    return time(hour, minute), m.end()


def _skip_space(text: str, pos: int, *words: str) -> int:
    """``pos`` past spaces and any of ``words`` (``on``, ``at``) followed by a space."""
    while pos < len(text) and text[pos] == " ":
        pos += 1
    for word in words:
        if text.startswith(word + " ", pos):
            return _skip_space(text, pos + len(word) + 1)
    return pos


def match_moment(
    text: str, now: datetime, tz: ZoneInfo, *, default_time: time | None = None
) -> Moment | None:
    """The moment at the start of ``text`` (see the module), or None when it does not start with one.

    A day without a time is at ``default_time`` (None: the start of that day); a time without a day is
    today, or tomorrow once it has passed. Raises `MomentError` for a day or time that is malformed."""
    lowered = text.lower()
    today = now.astimezone(tz).date()
    iso = _ISO_MOMENT.match(lowered)
    if iso is not None:
        year, month, mday = (int(p) for p in iso["d"].split("-"))
        day = _year_day(year, month, mday, iso["d"])
        parsed = _time_at(iso["t"], 0, needs_at=False)
        if parsed is None:
            raise MomentError(f"`{iso['t']}` is not a time")
        return Moment(localize(datetime.combine(day, parsed[0]), tz), True, True, iso.end())
    inn = _IN.match(lowered)
    if inn is not None and inn["unit"].startswith(("d", "w")):
        after = _skip_space(lowered, inn.end())
        if after < len(lowered) and _time_at(lowered, after, needs_at=False) is not None:
            inn = None  # "in 3 days at 10:00": a day and a time
    if inn is not None:
        unit = inn["unit"].rstrip("s") if len(inn["unit"]) > 2 else inn["unit"]
        minutes = UNIT_MINUTES.get({"mins": "min", "hrs": "hr", "wks": "wk"}.get(inn["unit"], unit))
        if minutes is None:
            raise MomentError(f"`{inn['unit']}` is not a unit (minutes, hours, days, weeks)")
        if int(inn["n"]) * minutes > 100 * 366 * 1440:
            raise MomentError(f"`{inn.group(0)}` is too far away (after {LAST_DATE.year})")
        at = (now + timedelta(minutes=int(inn["n"]) * minutes)).astimezone(tz)
        return Moment(at, minutes >= 1440, minutes < 1440, inn.end())
    start = _skip_space(lowered, 0, "on")
    day_found = _day_at(lowered, start, today)
    if day_found is not None:
        day, end = day_found
        after = _skip_space(lowered, end)
        clock = _time_at(lowered, after, needs_at=False)
        if clock is None:
            return Moment(localize(datetime.combine(day, default_time or time(0)), tz), True, False, end)
        return Moment(localize(datetime.combine(day, clock[0]), tz), True, True, clock[1])
    clock = _time_at(lowered, 0, needs_at=False)
    if clock is None:
        return None
    wall, end = clock
    after = _skip_space(lowered, end, "on")
    day_found = _day_at(lowered, after, today) if after > end or after == len(lowered) else None
    if day_found is not None:
        return Moment(localize(datetime.combine(day_found[0], wall), tz), True, True, day_found[1])
    at = localize(datetime.combine(today, wall), tz)
    if at <= now:
        at = localize(datetime.combine(today + timedelta(days=1), wall), tz)
    return Moment(at, False, True, end)


def read_day(text: str, now: datetime, tz: ZoneInfo) -> date:
    """A whole text read as one day (``22 dec``, ``friday``, ``2027-01-12``); `MomentError` otherwise."""
    cleaned = " ".join(text.split()).strip()
    found = _day_at(cleaned.lower(), _skip_space(cleaned.lower(), 0, "on"), now.astimezone(tz).date())
    if found is None or found[1] != len(cleaned):
        raise MomentError(f"I could not read `{cleaned[:40]}` as a date; {EXAMPLES}")
    return found[0]


def is_day(text: str, now: datetime, tz: ZoneInfo) -> bool:
    """Whether the whole of ``text`` reads as a day."""
    try:
        read_day(text, now, tz)
    except MomentError:
        return False
    return True


def read_moment(text: str, now: datetime, tz: ZoneInfo, *, default_time: time | None = None) -> Moment:
    """A whole text read as one moment; `MomentError` naming what was not read otherwise."""
    cleaned = " ".join(text.split()).strip()
    found = match_moment(cleaned, now, tz, default_time=default_time)
    if found is None:
        raise MomentError(f"I could not read `{cleaned[:40]}` as a date or time; {EXAMPLES}")
    if found.end != len(cleaned):
        raise MomentError(f"I could not read `{cleaned[found.end :].strip()[:40]}`; {EXAMPLES}")
    return found


def split_trailing_day(words: list[str], now: datetime, tz: ZoneInfo) -> tuple[list[str], date | None]:
    """``troika call 22 dec`` -> (["troika", "call"], 22 Dec): the longest tail of ``words`` (leaving at
    least one word before it) that reads as a day; (words, None) when none does; `MomentError` when a
    tail has the form of a day that does not exist (``31 feb``)."""
    problem: MomentError | None = None
    for index in range(1, len(words)):
        tail = " ".join(words[index:])
        try:
            return list(words[:index]), read_day(tail, now, tz)
        except MomentError as exc:
            if problem is None and not str(exc).startswith("I could not read"):
                problem = exc  # read as a day, but not one ("31 feb"): said, not taken for a title
    if problem is not None:
        raise problem
    return list(words), None
