"""Calendar invites of a series and of one call (`meeting ics`): the UID, SEQUENCE and people they carry.

Users have no e-mail address in focbot, so the ORGANIZER (the admin who created the series) is a name
without an address and no ATTENDEE is written (see `schedules.ics`): nothing is made up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from handlers.context import Services
from schedules.ics import (
    ROTATION_LISTED,
    InviteInfo,
    Person,
    occurrence_calendar,
    series_calendar,
    series_events,
)
from schedules.recurrence import WINDOW_END, Occurrence, Schedule
from storage.repositories.series_view import SeriesView

if TYPE_CHECKING:
    from icalendar import Event


async def organizer_of(services: Services, series: SeriesView) -> Person:
    """The admin who created the series, by their display name (no address is known)."""
    return (await organizers_of(services, [series]))[series.created_by]


async def organizers_of(services: Services, many: Sequence[SeriesView]) -> dict[str, Person]:
    """`organizer_of` for many series in one query, by the creator's user key."""
    keys = sorted({s.created_by for s in many})
    known = await services.users.many(keys)
    found = {}
    for key in keys:
        user = known.get(key)
        found[key] = Person(user.display_name if user and user.display_name else key.split(":", 1)[-1])
    return found


def description_of(series: SeriesView) -> str:
    lines = [f"FOC {series.kind} call (focbot meeting {series.id})."]
    if series.activity_id:
        lines.append(f"Program of Action activity {series.activity_id}.")
    if series.agenda:
        lines.append(f"Agenda: {series.agenda}")
    if series.link:
        lines.append(f"Join: {series.link}")
    lines.append("Participants: " + ", ".join(p.ref for p in series.participants))
    return "\n".join(lines)


async def invite_info(services: Services, series: SeriesView, now: datetime) -> InviteInfo:
    return info_with(series, now, await organizer_of(services, series))


def info_with(series: SeriesView, now: datetime, organizer: Person) -> InviteInfo:
    """`invite_info` with the organizer already known (`organizers_of`, for many series at once)."""
    return InviteInfo(
        uid=series.uid,
        sequence=series.ical_sequence,
        title=series.title,
        description=description_of(series),
        tz=ZoneInfo(series.timezone),
        stamp=now,
        organizer=organizer,
        attendees=(),  # users carry no e-mail address: no ATTENDEE is invented
        location=series.location,
        link=series.link,
        alarms=tuple(series.offsets),
        cancelled=series.cancelled_at is not None,
    )


def series_file(info: InviteInfo, series: SeriesView, schedule: Schedule, now: datetime) -> bytes:
    """The whole series: RRULE (or the next original starts when rotated), EXDATE, moved calls."""
    return series_calendar(info, **_series_parts(series, schedule, now))


def series_vevents(info: InviteInfo, series: SeriesView, schedule: Schedule, now: datetime) -> list[Event]:
    """The VEVENTs of `series_file`, for a calendar of several series (the personal feeds)."""
    return series_events(info, **_series_parts(series, schedule, now))


def _series_parts(series: SeriesView, schedule: Schedule, now: datetime) -> dict[str, Any]:
    """The master's rule or listed starts, the removed starts and the moved calls of the series."""
    moves = {o.original_start: o.moved_to for o in series.overrides if o.action == "move" and o.moved_to}
    removed = [o.original_start for o in series.overrides if o.action != "move"]
    moved = [
        Occurrence(0, original, start, start + schedule.duration, "moved")
        for original, start in moves.items()
    ]
    if len(series.slots) > 1:
        listed = schedule.occurrences(now, WINDOW_END, include_removed=True, limit=ROTATION_LISTED)
        listed.sort(key=lambda o: o.original)
        if listed:
            shown = {o.original for o in listed}
            return {
                "rule": None,
                "first": listed[0],
                "removed": [d for d in removed if d in shown],
                "moved": [m for m in moved if m.original in shown],
                "listed": listed,
            }
    opening = schedule.first_start()
    first = Occurrence(0, opening, opening, opening + schedule.duration)
    return {"rule": series.rrule, "first": first, "removed": removed, "moved": moved}


def call_file(info: InviteInfo, held: Occurrence) -> bytes:
    """One call: the series' UID with RECURRENCE-ID, where it is held now."""
    return occurrence_calendar(info, held)
