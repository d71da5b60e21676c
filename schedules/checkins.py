"""When a check-in's rounds happen, pure: round dates from an RFC 5545 rule, each participant's due moment
at their own wall-clock time, the round's deadline and its reminder moments. Every function takes what
it needs (no clock).

A round has a date. It is created `PREPARE` before ``at`` on that date first comes anywhere on Earth
(``at`` at UTC+14), so every participant's DM, due at ``at`` on that date in their own zone, lies after it
and writing the round's rows never delays the first DMs.
The deadline is the end of the day ``days`` after the round date anywhere on Earth (24:00 at UTC-12):
nobody's last day is cut short by their zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from schedules.errors import RuleError
from schedules.recurrence import localize, parse_rule

EARLIEST_ZONE = timedelta(hours=14)
LATEST_ZONE = timedelta(hours=12)
PREPARE = timedelta(hours=1)


def next_round_date(rule: str, first: date, on_or_after: date) -> date | None:
    """The first date of ``rule`` (from ``first``) on or after ``on_or_after``; None when it has ended.
    `RuleError` when the rule is bad or never fires at all."""
    parsed = parse_rule(rule, first)
    found = parsed.after(datetime.combine(max(first, on_or_after), time()), inc=True)
    return found.date() if found is not None else None


def check_fires(rule: str, first: date) -> date:
    """The rule's first round date, or `RuleError` saying it never fires."""
    day = next_round_date(rule, first, first)
    if day is None:
        raise RuleError(f"the rule never fires from {first.isoformat()}")
    return day


def round_starts_at(day: date, wall: time) -> datetime:
    """`PREPARE` before ``wall`` on ``day`` first comes anywhere (at UTC+14): when the round is created."""
    return datetime.combine(day, wall, UTC) - EARLIEST_ZONE - PREPARE


def due_at(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """``wall`` on ``day`` in ``zone``, in UTC (a time skipped by DST moves forward, as RFC 5545 says)."""
    return localize(datetime.combine(day, wall), zone)


def deadline_at(day: date, days: int) -> datetime:
    """The end of the day ``days`` after ``day`` anywhere on Earth (24:00 at UTC-12), in UTC."""
    return datetime.combine(day + timedelta(days=days + 1), time(), UTC) + LATEST_ZONE


def reminder_moments(deadline: datetime, minutes: tuple[int, ...]) -> list[datetime]:
    """The reminder moments before ``deadline``, earliest first."""
    return sorted(deadline - timedelta(minutes=m) for m in minutes)


def reminders_owed(deadline: datetime, minutes: tuple[int, ...], now: datetime) -> int:
    """How many of the reminder moments have come by ``now``."""
    return sum(1 for moment in reminder_moments(deadline, minutes) if moment <= now)


__all__ = [
    "RuleError",
    "check_fires",
    "deadline_at",
    "due_at",
    "next_round_date",
    "reminder_moments",
    "reminders_owed",
    "round_starts_at",
]
