"""When a personal reminder is due, read from a short phrase: a small deterministic grammar.

Pure time logic (``now`` is passed in). Understood, case-insensitive, each optionally followed by a
city or IANA zone (``Tokyo``, ``Europe/Zurich``) that overrides the asker's zone:

- ``in 2 minutes`` / ``in 2 hours`` / ``in 3 days`` (``m``, ``min``, ``h`` too)
- ``today at 17:00``, ``tomorrow 9:00``, ``tomorrow at 9am``
- ``next Friday at 10``, ``Friday at 10``
- ``on 2027-01-12 at 14:00``
- ``every Monday at 9:00`` (weekly, wall-clock time in the zone: it follows DST)

Anything else is refused with an example rather than guessed (dateutil's fuzzy parser and the
``dateparser``/``recurrent`` libraries guess, e.g. a bare number as a day of the month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedules.errors import RuleError
from schedules.places import zone_for_place
from schedules.recurrence import localize
from schedules.rules import check_date
from schedules.zones import ZoneError, zone

EXAMPLE = (
    "e.g. `remind me in 2 hours to call Accra`, `remind me tomorrow 9:00 to ...`,"
    " `remind me every Monday at 9:00 to ...`"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNITS = {"m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1, "h": 60, "hour": 60, "hours": 60}
UNITS |= {"d": 1440, "day": 1440, "days": 1440}
LATEST_YEAR = 2200


class PhraseError(ValueError):
    """The phrase cannot be read (the message says why, with an example); ``field`` names the part of
    the phrase at fault: ``when`` (the moment), or ``tz`` (the zone)."""

    def __init__(self, message: str, field: str = "when") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class When:
    """The first moment (aware UTC), the zone, the weekly weekday and wall time if recurring, the text."""

    at: datetime
    tz: ZoneInfo
    what: str
    weekday: int | None = None
    wall: time | None = None


def zone_word(word: str) -> ZoneInfo | None:
    """A city (``Tokyo``, ``New_York``) or IANA zone (``Asia/Tokyo``, ``UTC``), else None."""
    key = word.strip(",.").replace(" ", "_")
    if key.upper() == "UTC":
        return ZoneInfo("UTC")
    if "/" in key:
        try:
            return zone(key)  # the one check of a zone name (no folders, no posix/ or right/ copies)
        except ZoneError as exc:
            raise PhraseError(f"{str(exc)[:1].upper()}{str(exc)[1:]}.", "tz") from None
    name = zone_for_place(key)  # a city: the one table of places (schedules/places.py)
    return zone(name) if name else None


_TIME = r"(?:at\s+)?(?P<h>\d{1,2})(?::(?P<mi>\d{2}))?\s*(?P<ampm>am|pm)?"
_PATTERNS = (
    ("in", re.compile(r"in\s+(?P<n>\d{1,6})\s*(?P<unit>[a-z]+)\b", re.I)),
    ("day", re.compile(rf"(?P<day>today|tomorrow|tomorow|tommorow|tommorrow|tmrw)\s+{_TIME}\b", re.I)),
    ("every", re.compile(rf"every\s+(?P<wd>[a-z]+)\s+{_TIME}\b", re.I)),
    ("weekday", re.compile(rf"(?:next\s+|on\s+)?(?P<wd>[a-z]+day)\s+{_TIME}\b", re.I)),
    ("date", re.compile(rf"(?:on\s+)?(?P<date>\d{{4}}-\d{{2}}-\d{{2}})\s+{_TIME}\b", re.I)),
)


def _clock(m: re.Match[str]) -> time:
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    if m["ampm"]:
        if not 1 <= hour <= 12:
            raise PhraseError(f"`{m.group(0)}` is not a time; {EXAMPLE}.")
        hour = hour % 12 + (12 if m["ampm"].lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise PhraseError(f"`{m.group(0)}` is not a time; {EXAMPLE}.")
    return time(hour, minute)


def _weekday(word: str) -> int:
    try:
        return WEEKDAYS.index(word.lower())
    except ValueError:
        raise PhraseError(f"`{word}` is not a weekday; {EXAMPLE}.") from None


def next_weekly(weekday: int, wall: time, tz: ZoneInfo, after: datetime) -> datetime:
    """The first ``weekday`` at ``wall`` in ``tz`` strictly after ``after`` (wall-clock: follows DST)."""
    day = after.astimezone(tz).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    while True:
        at = localize(datetime.combine(day, wall), tz)
        if at > after:
            return at.astimezone(ZoneInfo("UTC"))
        day += timedelta(days=7)


def parse_when(phrase: str, now: datetime, tz: ZoneInfo) -> When:
    """Read ``<when> [zone] [to] <what>``; raises `PhraseError` for what it cannot read or refuses."""
    text = phrase.strip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        rest = text[m.end() :].strip()
        words = rest.split(maxsplit=1)
        if words and kind != "in" and (other := zone_word(words[0])) is not None:
            tz, rest = other, words[1] if len(words) > 1 else ""
        what = re.sub(r"^(to|that|about)\s+", "", rest, flags=re.I).strip()
        return _resolve(kind, m, now, tz, what)
    raise PhraseError(f"I could not read when. {EXAMPLE[0].upper()}{EXAMPLE[1:]}.")


def _resolve(kind: str, m: re.Match[str], now: datetime, tz: ZoneInfo, what: str) -> When:
    utc = ZoneInfo("UTC")
    if kind == "in":
        unit = UNITS.get(m["unit"].lower())
        if unit is None:
            raise PhraseError(f"`{m['unit']}` is not a unit (minutes, hours, days); {EXAMPLE}.")
        minutes = int(m["n"]) * unit
        if minutes <= 0:
            raise PhraseError("That time is now or past; reminders are for the future.")
        if minutes > 100 * 366 * 1440:
            raise PhraseError(f"That is too far away (after {LATEST_YEAR}).")
        return When(now + timedelta(minutes=minutes), tz, what)
    wall = _clock(m)
    if kind == "every":
        weekday = _weekday(m["wd"])
        return When(next_weekly(weekday, wall, tz, now), tz, what, weekday, wall)
    local_today = now.astimezone(tz).date()
    if kind == "day":
        day = local_today + timedelta(days=0 if m["day"].lower() == "today" else 1)
    elif kind == "weekday":
        weekday = _weekday(m["wd"])
        day = local_today + timedelta(days=(weekday - local_today.weekday() - 1) % 7 + 1)
    else:
        try:
            day = date.fromisoformat(m["date"])
        except ValueError:
            raise PhraseError(f"`{m['date']}` is not a date (YYYY-MM-DD).") from None
        try:
            check_date(day)  # the one window of dates (1970-2200)
        except RuleError as exc:
            raise PhraseError(f"That date is too far away: {exc}.") from None
    at = localize(datetime.combine(day, wall), tz).astimezone(utc)
    if at <= now:
        raise PhraseError(f"{at.astimezone(tz):%a %d %b %Y %H:%M} {tz.key} is already past.")
    return When(at, tz, what)
