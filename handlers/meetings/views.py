"""What meeting commands and deliveries share: a series' schedule, its participants' zones, the texts."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from handlers.context import Services
from handlers.core import Reply, Table
from handlers.meetings.groups import GroupResolver
from schedules.minutes import minutes_template
from schedules.recurrence import WINDOW_END, Occurrence, Override, RuleError, Schedule
from schedules.reminders import format_offset
from schedules.zones import zone_or
from storage.repositories.series_view import ParticipantView, SeriesView

log = logging.getLogger("focbot.meetings")
K = TypeVar("K")


def schedule_of(series: SeriesView) -> Schedule:
    """The series' schedule, checked like a new one: `RuleError` when what is stored cannot be used
    (written by an older version or by hand: a rule that would hang, a folder for a zone, year 9999)."""
    return _schedule(
        series.rrule, series.first_date, tuple(series.slots), series.duration_minutes, series.timezone
    )


@lru_cache(maxsize=50_000)
def _schedule(rule: str, first: date, slots: tuple[str, ...], minutes: int, tz: str) -> Schedule:
    """Schedules are immutable values: series sharing a rule share one (start-up reads thousands)."""
    return Schedule.build(rule, first, slots, minutes, tz)


def problem_of(series: SeriesView) -> str | None:
    """Why the stored series cannot be used, or None when it can."""
    try:
        schedule_of(series)
    except RuleError as exc:
        return str(exc)
    return None


def skip_note(series: SeriesView, problem: str) -> None:
    """The one log line for a stored series skipped because it cannot be used."""
    log.warning("meeting %s skipped: its stored schedule cannot be used (%s)", series.id, problem)


def usable(many: Sequence[SeriesView]) -> list[SeriesView]:
    """The series whose stored schedule can be used; each other one is skipped with one log line."""
    good = []
    for series in many:
        problem = problem_of(series)
        if problem is None:
            good.append(series)
        else:
            skip_note(series, problem)
    return good


def upcoming(series: SeriesView, after: datetime, count: int) -> list[Occurrence]:
    """The next ``count`` calls held at or after ``after``, however far ahead within the supported
    window; none (and one log line) for a stored series that cannot be used."""
    try:
        schedule = schedule_of(series)
    except RuleError as exc:
        skip_note(series, str(exc))
        return []
    return schedule.occurrences(after, WINDOW_END, overrides_of(series), limit=count)


def overrides_of(series: SeriesView) -> dict[datetime, Override]:
    return {o.original_start: Override(o.action, o.moved_to) for o in series.overrides}


@dataclass(frozen=True)
class Attendee:
    """A participant as shown: a member country or a user, with the zone their local times use."""

    label: str
    tz: ZoneInfo
    mentions: tuple[str, ...]


async def attendees(services: Services, series: SeriesView, at: datetime | None = None) -> list[Attendee]:
    """The series' participants for its call at ``at`` (groups resolved for that call; None: for the
    moment its settings took effect)."""
    return (await attendees_of(services, [series], at))[series.id]


async def attendees_of(
    services: Services, many: Sequence[SeriesView], at: datetime | None = None
) -> dict[int, list[Attendee]]:
    """Per series, its participants for a call at ``at`` (see `attendees`)."""
    calls = [(s, at or s.delivered_from) for s in many]
    found = await attendees_at(services, calls)
    return {s.id: found[(s.id, when_)] for s, when_ in calls}


async def attendees_at(
    services: Services, calls: Sequence[tuple[SeriesView, datetime]]
) -> dict[tuple[int, datetime], list[Attendee]]:
    """Per (series id, call start), its participants with their zones: groups (troika, members, a
    network's roster) resolved for that call (`groups.GroupResolver`); members in their capital's zone;
    users in theirs by the one rule (handlers/user_zones.py). A handful of queries for any number."""
    resolver = GroupResolver(services)
    expanded = {(s.id, at): await resolver.expand(s, at) for s, at in calls}
    return await _with_zones(services, expanded)


async def participants_at(
    services: Services, participants: Sequence[ParticipantView], timezone: str, at: datetime
) -> list[Attendee]:
    """Participants not stored as a series (``meeting plan participants=...``), groups resolved for a
    call at ``at``, each with their zone: what `attendees_at` gives a stored series."""
    expanded = await GroupResolver(services).expand_participants(participants, timezone, at)
    return (await _with_zones(services, {0: expanded}))[0]


async def _with_zones(
    services: Services, expanded: Mapping[K, list[ParticipantView]]
) -> dict[K, list[Attendee]]:
    """Per key, the expanded participants with their zones (members: the capital's; users: the one rule)."""
    members = {m.name: m for m in await services.knowledge.members()}
    user_keys = sorted({p.ref for ps in expanded.values() for p in ps if p.kind == "user"})
    users = await services.users.many(user_keys)
    zones = await services.zones_of(user_keys)
    member_names = sorted({p.ref for ps in expanded.values() for p in ps if p.kind == "member"})
    by_member: dict[str, list[str]] = {}
    for user in await services.meetings.users_of_members(member_names):
        if user.member:
            by_member.setdefault(user.member, []).append(user.key)
    default = services.settings.timezone
    found: dict[K, list[Attendee]] = {}
    for call, participants in expanded.items():
        people = found.setdefault(call, [])
        for p in participants:
            if p.kind == "member":
                member = members.get(p.ref)
                tz = member.timezone if member else default
                people.append(Attendee(p.ref, zone_or(tz, default), tuple(by_member.get(p.ref, ()))))
                continue
            known = users.get(p.ref)
            label = known.display_name if known and known.display_name else p.ref.split(":", 1)[-1]
            people.append(Attendee(label, zones[p.ref].zone, (p.ref,)))
    return found


def when(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    """``Tue 12 Jan 2027 15:00-16:00 Europe/Zurich``."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    return f"{a:%a %d %b %Y %H:%M}-{b:%H:%M} {tz.key}"


def local_table(people: Sequence[Attendee], occurrence: Occurrence) -> Table:
    rows = tuple((a.label, a.tz.key, f"{occurrence.start.astimezone(a.tz):%a %d %b %H:%M}") for a in people)
    return Table(("Participant", "Time zone", "Local start"), rows, title="Local times")


LOCAL_FORMAT = "%a %d %b %H:%M"
"""A participant's local start: ``Thu 14 Jan 01:00`` (the weekday and date say when it is another day)."""


@dataclass(frozen=True)
class LocalGroup:
    """Participants whose local start reads the same: ``Estonia, Finland: Tue 12 Jan 16:00``."""

    time: str
    labels: tuple[str, ...]
    zones: tuple[str, ...]
    local: datetime  # the first one's local start, for ordering

    @property
    def line(self) -> str:
        return f"{', '.join(self.labels)}: {self.time}"


def local_groups(people: Sequence[Attendee], start: datetime) -> list[LocalGroup]:
    """``people`` grouped by identical local start (weekday, date and time), earliest wall clock first."""
    grouped: dict[str, tuple[list[str], list[str], datetime]] = {}
    for a in people:
        local = start.astimezone(a.tz)
        labels, zones, _ = grouped.setdefault(f"{local:{LOCAL_FORMAT}}", ([], [], local))
        labels.append(a.label)
        if a.tz.key not in zones:
            zones.append(a.tz.key)
    groups = [LocalGroup(t, tuple(lb), tuple(z), local) for t, (lb, z, local) in grouped.items()]
    return sorted(groups, key=lambda g: (g.local.replace(tzinfo=None), g.time))


def local_times(people: Sequence[Attendee], occurrence: Occurrence) -> dict[str, str]:
    return {a.label: occurrence.start.astimezone(a.tz).isoformat() for a in people}


def occurrence_data(series: SeriesView, occurrence: Occurrence) -> dict[str, object]:
    return {
        "series": series.id,
        "title": series.title,
        "start": occurrence.start.isoformat(),
        "end": occurrence.end.isoformat(),
        "original_start": occurrence.original.isoformat(),
        "status": occurrence.status,
    }


def reminder_reply(
    series: SeriesView, occurrence: Occurrence, offset: int, people: Sequence[Attendee]
) -> Reply:
    tz = ZoneInfo(series.timezone)
    lines = [
        f"Reminder: *{series.title}* (meeting {series.id}) starts in {format_offset(offset)}, "
        f"{when(occurrence.start, occurrence.end, tz)} ({occurrence.start:%H:%M} UTC).",
    ]
    if series.agenda:
        lines.append(f"Agenda: {series.agenda}")
    if people:
        lines.append(
            "Local times: "
            + "; ".join(
                f"{a.label} {occurrence.start.astimezone(a.tz):%a %H:%M} ({a.tz.key})" for a in people
            )
        )
    mentions = tuple(dict.fromkeys(key for a in people for key in a.mentions))
    data = occurrence_data(series, occurrence) | {
        "kind": "meeting_reminder",
        "offset_minutes": offset,
        "local": local_times(people, occurrence),
        "mentions": list(mentions),
    }
    return Reply("\n".join(lines), parts=(local_table(people, occurrence),), data=data, mentions=mentions)


def minutes_reply(
    series: SeriesView,
    occurrence: Occurrence,
    people: Sequence[Attendee],
    rsvps: Mapping[str, Sequence[str]] | None = None,
) -> Reply:
    text = minutes_template(
        series.title,
        occurrence.start,
        occurrence.end,
        ZoneInfo(series.timezone),
        [a.label for a in people],
        series.agenda,
        rsvps,
    )
    data = occurrence_data(series, occurrence) | {"kind": "meeting_minutes"}
    mentions = tuple(dict.fromkeys(key for a in people for key in a.mentions))
    return Reply(text, data=data, mentions=mentions)
