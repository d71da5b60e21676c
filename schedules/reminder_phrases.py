"""When a personal reminder is due, read from a short phrase: a small deterministic grammar.

Pure time logic (``now`` is passed in). Understood, case-insensitive, each optionally followed by a
city or IANA zone (``Tokyo``, ``Europe/Zurich``) that overrides the asker's zone:

- any moment of the one grammar of dates and times (`schedules.moments`): ``in 2 hours``, ``at 5pm``,
  ``tomorrow 9:00``, ``next Friday at 10``, ``on friday`` (09:00), ``22 dec at noon``, ``2027-01-12 14:00``
- ``every Monday at 9:00`` (weekly, wall-clock time in the zone: it follows DST)

Anything else is refused with an example rather than guessed (dateutil's fuzzy parser and the
``dateparser``/``recurrent`` libraries guess, e.g. a bare number as a day of the month).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedules.errors import RuleError
from schedules.moments import MomentError, match_moment
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


DEFAULT_WALL = time(9)
"""A reminder on a day without a time (``on friday``) is due at 09:00 in the zone."""


def parse_when(phrase: str, now: datetime, tz: ZoneInfo) -> When:
    """Read ``<when> [zone] [to] <what>``; raises `PhraseError` for what it cannot read or refuses.

    ``every <weekday> <time>`` is read here; any other moment by the one grammar of dates and times
    (`schedules.moments`: ``at 5pm``, ``on friday``, ``22 dec at 10:00``, ``in 2 hours``...)."""
    text = phrase.strip()
    m = _EVERY.match(text)
    if m is not None:
        rest, tz = _zone_after(text[m.end() :], tz)
        wall = _clock(m)
        weekday = _weekday(m["wd"])
        return When(next_weekly(weekday, wall, tz, now), tz, _what(rest), weekday, wall)
    try:
        found = match_moment(text, now, tz, default_time=DEFAULT_WALL)
        if found is None:
            raise PhraseError(f"I could not read when. {EXAMPLE[0].upper()}{EXAMPLE[1:]}.")
        rest, other = _zone_after(text[found.end :], tz)
        if other != tz and not _IN.match(text):
            found = match_moment(text, now, other, default_time=DEFAULT_WALL)
            assert found is not None
    except MomentError as exc:
        raise PhraseError(f"{str(exc)[0].upper()}{str(exc)[1:]}; {EXAMPLE}.") from None
    at = found.at.astimezone(ZoneInfo("UTC"))
    if at <= now and _IN.match(text):
        raise PhraseError("That time is now or past; reminders are for the future.")
    if at <= now:
        raise PhraseError(f"{at.astimezone(other):%a %d %b %Y %H:%M} {other.key} is already past.")
    try:
        check_date(at.astimezone(other).date())  # the one window of dates (1970-2200)
    except RuleError as exc:
        raise PhraseError(f"That date is too far away: {exc}.") from None
    return When(at, other, _what(rest))


_EVERY = re.compile(rf"every\s+(?P<wd>[a-z]+)\s+{_TIME}\b", re.I)
_IN = re.compile(r"in\s+\d", re.I)


def _zone_after(rest: str, tz: ZoneInfo) -> tuple[str, ZoneInfo]:
    """A city or zone right after the moment (``at 5pm Tokyo ...``) overrides ``tz``."""
    words = rest.strip().split(maxsplit=1)
    if words and (other := zone_word(words[0])) is not None:
        return (words[1] if len(words) > 1 else ""), other
    return rest, tz


def _what(rest: str) -> str:
    """The reminder's text: without the punctuation and the ``to``/``that``/``about`` before it
    (``in 2 hours: review`` -> ``review``)."""
    text = rest.strip().lstrip(":;,.-–—").strip()
    return re.sub(r"^(to|that|about)\s+", "", text, flags=re.I).strip()
