"""When reminders and minutes fall due, and what to do with one at a given moment.

Offsets are written ``24h``, ``1h``, ``2d``, ``30m`` and stored in minutes before the start. A reminder is
*sent* once due as long as its meeting has not begun (so one that fell due while the bot was down still
goes out at start), and *missed* after that. The minutes template is due when the call ends and is
still posted up to `MINUTES_GRACE` later. Nothing here reads a clock: ``now`` is always passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from schedules.recurrence import Occurrence

DEFAULT_OFFSETS = (24 * 60, 60)
MINUTES_GRACE = timedelta(hours=24)
LOOKBACK = timedelta(days=7)
"""How far back start-up looks for deliveries owed while the bot was down (older ones are let go)."""

_OFFSET = re.compile(r"^(\d{1,4})\s*([dhm])$")
_UNIT_MINUTES = {"d": 24 * 60, "h": 60, "m": 1}


class OffsetError(ValueError):
    """Offsets that cannot be read; the message is for the user."""


def parse_offsets(text: str) -> tuple[int, ...]:
    """``'24h,1h'`` -> ``(1440, 60)``: minutes before the start, largest first, without repeats."""
    minutes: set[int] = set()
    for part in text.split(","):
        match = _OFFSET.match(part.strip().lower())
        if not match:
            raise OffsetError(f"`{part.strip()}` is not a reminder offset; write e.g. 2d, 24h, 1h or 30m")
        value = int(match.group(1)) * _UNIT_MINUTES[match.group(2)]
        if not 1 <= value <= 30 * 24 * 60:
            raise OffsetError("reminders are 1 minute to 30 days before the call")
        minutes.add(value)
    if not minutes or len(minutes) > 5:
        raise OffsetError("give 1 to 5 reminder offsets")
    return tuple(sorted(minutes, reverse=True))


def format_offset(minutes: int) -> str:
    """1440 -> ``24h``, 2880 -> ``2d``, 90 -> ``90m``."""
    if minutes % (24 * 60) == 0 and minutes >= 48 * 60:
        return f"{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"{minutes // 60}h"
    return f"{minutes}m"


@dataclass(frozen=True)
class Due:
    """One message owed for one occurrence: a reminder ``offset`` minutes before, or the minutes (0)."""

    kind: str  # reminder | minutes
    offset: int
    occurrence: Occurrence
    at: datetime


def events(occurrence: Occurrence, offsets: Iterable[int]) -> list[Due]:
    """Everything owed for one held occurrence, in time order."""
    owed = [Due("reminder", m, occurrence, occurrence.start - timedelta(minutes=m)) for m in offsets]
    owed.append(Due("minutes", 0, occurrence, occurrence.end))
    return sorted(owed, key=lambda d: d.at)


def decide(due: Due, now: datetime) -> str:
    """``later`` (not yet due), ``send`` or ``missed`` at ``now``."""
    if due.at > now:
        return "later"
    if due.kind == "reminder":
        return "send" if now < due.occurrence.start else "missed"
    return "send" if now < due.occurrence.end + MINUTES_GRACE else "missed"


def scan_window(offsets: Sequence[int], now: datetime) -> tuple[datetime, datetime]:
    """Occurrence starts to look at for what is due at ``now``: [now - LOOKBACK, now + largest offset]."""
    ahead = timedelta(minutes=max(offsets, default=0)) + timedelta(seconds=1)
    return now - LOOKBACK, now + ahead


def next_due(
    occurrences: Iterable[Occurrence], offsets: Sequence[int], now: datetime, what: str | None = None
) -> datetime | None:
    """The earliest moment after ``now`` when something for these occurrences falls due (only a
    ``reminder`` or only the ``minutes`` when ``what`` says so).

    Computed without building `Due` values: start-up asks this of every series."""
    best: datetime | None = None
    befores = [timedelta(minutes=m) for m in offsets] if what != "minutes" else []
    for occurrence in occurrences:
        for before in befores:
            at = occurrence.start - before
            if at > now and (best is None or at < best):
                best = at
        if what != "reminder" and occurrence.end > now and (best is None or occurrence.end < best):
            best = occurrence.end
    return best
