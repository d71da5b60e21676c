"""The calls a person takes part in: the one resolver of "my calls" for every caller.

`calls_of` is used by `meeting next` (its default scope), the question "what's my next call" / "what
calls do I have this week", Slack App Home's "Your next calls" and calendar feeds. A person takes part in
a call when they are named in it, or a member country they speak for is (their `tz for ... member=`
country and the countries they are a focal point of), with the series' groups resolved for THAT call:
the troika of the call's year, the current members, a network's roster (`groups.GroupResolver`). So a
troika series counts for Canada's focal point in the years Canada is in the troika, and not after.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.context import Services
from handlers.meetings.groups import GroupResolver, has_groups, has_troika
from handlers.meetings.views import upcoming
from schedules.recurrence import Occurrence
from storage.repositories.series_view import ParticipantView, SeriesView

SCAN = 120
"""Calls of one series looked at for one person (a group's members change by year, so a series can
start to include someone later); far beyond any listing."""


@dataclass(frozen=True)
class MyCall:
    """One call a person takes part in, and how: ``via`` is "you" and/or the countries they speak for."""

    series: SeriesView
    occurrence: Occurrence
    via: tuple[str, ...]


async def countries_spoken_for(services: Services, user_key: str) -> list[str]:
    """The member countries ``user_key`` speaks for: their `tz for ... member=` country first, then
    those they are a focal point of."""
    return (await services.focal_points.countries_of([user_key])).get(user_key, [])


def _via(participants: Sequence[ParticipantView], user_key: str, countries: Sequence[str]) -> tuple[str, ...]:
    named = {p.ref for p in participants if p.kind == "member"}
    you = any(p.kind == "user" and p.ref == user_key for p in participants)
    return (("you",) if you else ()) + tuple(c for c in countries if c in named)


async def part_in(services: Services, user_key: str, series: SeriesView, start: datetime) -> tuple[str, ...]:
    """How ``user_key`` takes part in the call of ``series`` at ``start`` ("you" and/or the countries they
    speak for), by the rule of `calls_of`; empty when they are not a participant of it."""
    countries = await countries_spoken_for(services, user_key)
    if has_groups(series):
        return _via(await GroupResolver(services).expand(series, start), user_key, countries)
    return _via(series.participants, user_key, countries)


def _scan(series: SeriesView, after: datetime, first: int, most: int) -> Iterator[Occurrence]:
    """The series' next calls: the first ``first``, then (only when the caller reads on) up to ``most``;
    most callers stop after the first few, and a call's expansion is the costly part."""
    seen = upcoming(series, after, first)
    yield from seen
    if most > first and len(seen) >= first:
        yield from upcoming(series, after, most)[first:]


async def _calls_by_series(
    services: Services,
    user_key: str,
    after: datetime,
    *,
    per_series: int,
    until: datetime | None,
    series: Sequence[SeriesView] | None,
) -> list[MyCall]:
    """At most ``per_series`` of each live series' calls that ``user_key`` takes part in, in series order."""
    many = await services.meetings.active() if series is None else series
    countries = await countries_spoken_for(services, user_key)
    resolver = GroupResolver(services)
    found: list[MyCall] = []
    for s in many:
        if s.cancelled_at is not None:
            continue
        by_year = has_troika(s)  # only the troika changes with the call (its year); other groups do not
        static: tuple[str, ...] | None = None
        if not by_year:
            named = await resolver.expand(s, after) if has_groups(s) else s.participants
            static = _via(named, user_key, countries)
            if not static:
                continue
        yearly: dict[int, tuple[str, ...]] = {}
        taken = 0
        for occurrence in _scan(s, after, per_series, SCAN if by_year else per_series):
            if until is not None and occurrence.start >= until:
                break
            via = static
            if via is None:
                year = occurrence.start.astimezone(ZoneInfo(s.timezone)).year
                if year not in yearly:
                    yearly[year] = _via(await resolver.expand(s, occurrence.start), user_key, countries)
                via = yearly[year]
            if via:
                found.append(MyCall(s, occurrence, via))
                taken += 1
                if taken >= per_series:
                    break
    return found


async def calls_of(
    services: Services,
    user_key: str,
    after: datetime,
    *,
    count: int = 5,
    until: datetime | None = None,
    series: Sequence[SeriesView] | None = None,
) -> list[MyCall]:
    """The next ``count`` calls (held at or after ``after``, before ``until`` when given) that
    ``user_key`` takes part in, earliest first, over ``series`` (None: every live series)."""
    found = await _calls_by_series(services, user_key, after, per_series=count, until=until, series=series)
    found.sort(key=lambda c: (c.occurrence.start, c.series.id))
    return found[:count]


async def series_of(
    services: Services, user_key: str, after: datetime, *, series: Sequence[SeriesView] | None = None
) -> list[SeriesView]:
    """The live series (of ``series``; None: every one) in which ``user_key`` takes part in at least one
    call from ``after`` on (a calendar feed holds these whole), by the same rule as `calls_of`."""
    found = await _calls_by_series(services, user_key, after, per_series=1, until=None, series=series)
    return [call.series for call in found]
