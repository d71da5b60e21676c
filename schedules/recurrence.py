"""Occurrences of a recurring meeting: an RFC 5545 rule read in the series' own time zone.

The rule runs on naive wall-clock dates (python-dateutil), and each occurrence is then placed in the
series' zone with zoneinfo, so a 15:00 Europe/Zurich call stays 15:00 in Zurich across DST while its UTC
start moves. Local times that do not exist (the spring gap) or exist twice (the autumn overlap) follow
RFC 5545 section 3.3.5: the offset before the gap, and the first of the two instants (``fold=0``).

Occurrence ``i`` (counted from the first date, skipped ones included) uses rotation slot ``i mod N``.
Overrides keyed by the rule's start skip, cancel or move single occurrences. Nothing here reads a clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, rrule

from schedules.errors import RuleError
from schedules.rules import FIRST_DATE, LAST_DATE, WINDOW_TEXT, BoundedRule, check_date, read_rule
from schedules.zones import shown, zone

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "WINDOW_END",
    "WINDOW_TEXT",
    "Occurrence",
    "Override",
    "RuleError",
    "Schedule",
    "check_date",
    "localize",
    "parse_hhmm",
    "parse_rule",
    "rule_dates",
    "zone",
]


@dataclass(frozen=True)
class Override:
    action: str  # skip | cancel | move
    moved_to: datetime | None = None


@dataclass(frozen=True)
class Occurrence:
    """One meeting. ``original`` is the start the rule gives (the identity); ``start`` where it is held."""

    index: int
    original: datetime
    start: datetime
    end: datetime
    status: str = "scheduled"  # scheduled | moved | skipped | cancelled

    @property
    def held(self) -> bool:
        return self.status in {"scheduled", "moved"}


def parse_hhmm(text: str) -> time:
    """``'15:00'`` -> 15:00; `RuleError` for anything else."""
    try:
        hours, minutes = text.strip().split(":")
        if len(minutes) != 2 or not hours.isdigit() or not minutes.isdigit():
            raise ValueError(text)
        return time(int(hours), int(minutes))
    except ValueError:
        raise RuleError(f"`{text}` is not a time; write it as HH:MM, e.g. 15:00") from None


def localize(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of naive wall-clock ``wall`` in ``tz`` (RFC 5545 rules for gaps and overlaps)."""
    return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)


ParsedRule = rrule
"""A rule as `parse_rule` gives it (named so where a field called ``rrule`` holds a rule's text)."""


def _attr(rule: rrule, name: str) -> Any:
    """dateutil keeps the parsed parts in private attributes without type stubs."""
    return getattr(rule, name)


def parse_rule(text: str, first: date) -> rrule:
    """The rule for ``text`` (``FREQ=WEEKLY;BYDAY=TU``) from ``first``, checked part by part against
    RFC 5545 (`schedules.rules`) and bounded to the supported window; `RuleError` if bad."""
    check_date(first)
    try:
        freq, kwargs = read_rule(text)
    except RuleError as exc:
        if not text.strip():
            raise
        raise RuleError(f"`{shown(text.strip(), 80)}` is not a valid RFC 5545 rule: {exc}") from None
    for part in ("byhour", "byminute", "bysecond"):
        if part in kwargs:
            raise RuleError(
                f"{part.upper()}: the rule sets dates only; give the time with at= (and rotation=)"
            )
    if freq > DAILY:  # HOURLY, MINUTELY, SECONDLY
        raise RuleError("meetings recur daily at most often (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)")
    start = datetime.combine(first, time())
    until = kwargs.get("until")
    if until is not None and until < start:
        raise RuleError(f"the rule never fires from {first.isoformat()} (UNTIL is before it)")
    try:
        rule = BoundedRule(freq, start, **kwargs)
    except (ValueError, TypeError, OverflowError) as exc:
        raise RuleError(f"`{text[:60]}` is not an RFC 5545 rule dateutil can run ({exc})") from None
    if _impossible_days(rule) or rule.after(start, inc=True) is None:
        raise RuleError(f"the rule never fires from {first.isoformat()} before {LAST_DATE.year + 1}")
    return rule


def rule_dates(text: str, first: date, count: int) -> list[date]:
    """The first ``count`` dates ``text`` gives from ``first`` (`RuleError` if the rule is bad)."""
    rule = parse_rule(text, first)
    return [wall.date() for wall in itertools.islice(rule, count)]


@dataclass(frozen=True)
class Schedule:
    """What recurrence needs of a series: rule, first date, slot times, duration and zone."""

    rule_text: str
    first: date
    slots: tuple[time, ...]
    duration: timedelta
    tz_name: str
    parsed: rrule | None = field(default=None, compare=False, repr=False)
    """The rule already parsed from ``rule_text`` (by whoever read it), so it is not parsed again."""

    @classmethod
    def build(
        cls,
        rule_text: str,
        first: date,
        slots: Sequence[str],
        duration_minutes: int,
        tz_name: str,
        *,
        rule: rrule | None = None,
    ) -> Schedule:
        """Validated: `RuleError` with a user-facing message when any part is wrong. ``rule``: the rule
        ``rule_text`` from ``first`` as `parse_rule` gave it (not parsed again)."""
        zone(tz_name)
        parsed = _cached_rule(rule_text, first, rule)
        if not 1 <= len(slots) <= 4:
            raise RuleError("a rotation has 1 to 4 start times")
        if not 5 <= duration_minutes <= 24 * 60:
            raise RuleError("the duration is 5 to 1440 minutes")
        return cls(
            rule_text,
            first,
            tuple(parse_hhmm(s) for s in slots),
            timedelta(minutes=duration_minutes),
            tz_name,
            parsed,
        )

    @cached_property
    def tz(self) -> ZoneInfo:
        return zone(self.tz_name)

    def rule(self) -> rrule:
        return self.parsed if self.parsed is not None else _cached_rule(self.rule_text, self.first)

    def dates(self) -> Iterator[tuple[int, date]]:
        """(index, date) of every occurrence the rule gives, in order (may be endless)."""
        for index, wall in enumerate(self.rule()):
            yield index, wall.date()

    def start_of(self, index: int, day: date) -> datetime:
        slot = self.slots[index % len(self.slots)]
        return localize(datetime.combine(day, slot), self.tz)

    def first_start(self) -> datetime:
        index, day = next(self.dates())
        return self.start_of(index, day)

    def occurrences(
        self,
        after: datetime,
        before: datetime,
        overrides: Mapping[datetime, Override] | None = None,
        *,
        include_removed: bool = False,
        limit: int | None = None,
    ) -> list[Occurrence]:
        """Occurrences held (or, with ``include_removed``, also skipped/cancelled) with ``after <= start <
        before``, in start order. A moved occurrence counts where it is held. ``limit`` keeps the first
        few (and stops scanning early)."""
        overrides = overrides or {}
        found: list[Occurrence] = []
        for index, original in self._starts(after, before):
            change = overrides.get(original)
            if change is not None and change.action == "move":
                continue  # counted below, where it is held
            occurrence = _apply(index, original, self.duration, change)
            if occurrence.held or include_removed:
                found.append(occurrence)
                if limit is not None and len(found) >= limit + len(overrides):
                    break
        for original, change in overrides.items():
            if change.action == "move" and change.moved_to is not None and after <= change.moved_to < before:
                rule_occurrence = self.find(original)
                index = rule_occurrence.index if rule_occurrence else 0
                found.append(_apply(index, original, self.duration, change))
        found.sort(key=lambda o: (o.start, o.original))
        return found if limit is None else found[:limit]

    def find(self, original: datetime) -> Occurrence | None:
        """The occurrence whose rule start is ``original`` (ignoring overrides), if the rule has one."""
        for index, start in self._starts(original - timedelta(days=2), original + timedelta(days=2)):
            if start == original:
                return Occurrence(index, start, start, start + self.duration)
        return None

    def on_date(self, day: date) -> Occurrence | None:
        """The rule's occurrence on local date ``day`` in the series' zone, if any."""
        tz = self.tz
        low = localize(datetime.combine(day, time()), tz) - timedelta(days=1)
        for index, start in self._starts(low, low + timedelta(days=3)):
            if start.astimezone(tz).date() == day:
                return Occurrence(index, start, start, start + self.duration)
        return None

    def _starts(self, low: datetime, high: datetime) -> Iterator[tuple[int, datetime]]:
        """(index, rule start in UTC) for rule starts in [low, high)."""
        margin = timedelta(days=2)  # local dates vs UTC instants differ by under a day
        rule = self.rule()
        if len(self.slots) == 1:
            low_wall = low.astimezone(self.tz).replace(tzinfo=None) - margin
            high_wall = high.astimezone(self.tz).replace(tzinfo=None) + margin
            first_wall = datetime.combine(self.first, time())
            low_wall = max(low_wall, first_wall)
            for wall in rule.xafter(low_wall, inc=True):
                if wall > high_wall:
                    return
                if wall < low_wall:
                    continue
                start = self.start_of(0, wall.date())
                if low <= start < high:
                    yield 0, start
            return
        for index, day in self.dates():
            start = self.start_of(index, day)
            if start >= high:
                return
            if start >= low:
                yield index, start


WINDOW_END = datetime(LAST_DATE.year + 1, 1, 1, tzinfo=UTC)
"""No occurrence is looked for at or after this instant (the end of the supported window)."""

_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _impossible_days(rule: rrule) -> bool:
    """True when BYMONTH/BYMONTHDAY name no real day (31 February): caught before dateutil would scan
    every day to the year 9999 looking for one."""
    days = [*(_attr(rule, "_bymonthday") or ()), *(_attr(rule, "_bynmonthday") or ())]
    if not days:
        return False
    months = _attr(rule, "_bymonth") or range(1, 13)
    return not any(abs(d) <= _MONTH_DAYS[m - 1] for m in months for d in days)


def _apply(index: int, original: datetime, duration: timedelta, change: Override | None) -> Occurrence:
    if change is None:
        return Occurrence(index, original, original, original + duration)
    if change.action == "move" and change.moved_to is not None:
        return Occurrence(index, original, change.moved_to, change.moved_to + duration, "moved")
    status = "cancelled" if change.action == "cancel" else "skipped"
    return Occurrence(index, original, original, original + duration, status)


_RULES: dict[tuple[str, date], rrule] = {}


def _cached_rule(text: str, first: date, parsed: rrule | None = None) -> rrule:
    """Parsed rules, kept (dateutil caches nothing by default and parsing costs more than stepping).
    ``parsed``: the rule ``text`` from ``first`` as its reader already parsed it, kept instead of parsing
    it again (the series stored from it is read back with that rule)."""
    key = (text, first)
    rule = _RULES.get(key)
    if rule is None:
        if len(_RULES) > 50_000:
            _RULES.clear()
        rule = _RULES[key] = parsed if parsed is not None else parse_rule(text, first)
    return rule
