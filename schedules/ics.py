"""RFC 5545 invitations made with the icalendar library: a whole series or one occurrence.

A series without rotation is one VEVENT with its RRULE, DTSTART in the series' zone (TZID plus a
VTIMEZONE), EXDATE for skipped, cancelled and moved occurrences, and RDATE for where moved ones went.
A rotated series cannot be one RRULE (its time changes with the occurrence), so it is one VEVENT with
its dates listed as RDATE (the next `ROTATION_LISTED` occurrences).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vRecur

from schedules.recurrence import Occurrence

PRODID = "-//Freedom Online Coalition//focbot//EN"
ROTATION_LISTED = 52


def _calendar(tz: ZoneInfo, method: str = "PUBLISH") -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("x-wr-timezone", tz.key)
    cal.add_component(Timezone.from_tzinfo(tz))
    return cal


def _event(uid: str, title: str, start: datetime, end: datetime, tz: ZoneInfo, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", title)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    return event


def series_calendar(
    *,
    uid: str,
    title: str,
    description: str | None,
    rule: str | None,
    first: Occurrence,
    removed: Sequence[datetime],
    added: Sequence[datetime],
    listed: Sequence[Occurrence],
    tz: ZoneInfo,
    stamp: datetime,
) -> bytes:
    """The series as one VEVENT: with ``rule`` an RRULE (+EXDATE/RDATE), else ``listed`` as RDATEs."""
    cal = _calendar(tz)
    event = _event(uid, title, first.start, first.end, tz, stamp)
    if description:
        event.add("description", description)
    if rule:
        event.add("rrule", vRecur.from_ical(rule))
        if removed:
            event.add("exdate", [d.astimezone(tz) for d in removed])
        if added:
            event.add("rdate", [d.astimezone(tz) for d in added])
    else:
        extra = [o.start.astimezone(tz) for o in listed if o.start != first.start]
        if extra:
            event.add("rdate", extra)
    cal.add_component(event)
    return cal.to_ical()


def occurrence_calendar(
    *, uid: str, title: str, description: str | None, occurrence: Occurrence, tz: ZoneInfo, stamp: datetime
) -> bytes:
    """One occurrence as a single VEVENT (its own UID, so calendars keep it apart from the series)."""
    cal = _calendar(tz)
    event = _event(uid, title, occurrence.start, occurrence.end, tz, stamp)
    if description:
        event.add("description", description)
    cal.add_component(event)
    return cal.to_ical()
