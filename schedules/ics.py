"""RFC 5545 invitations made with the icalendar library: a whole series or one call, that calendars merge.

Every file of a series carries the series' one UID, and its SEQUENCE (a counter bumped on every change
to the series or one of its calls), so a calendar replaces what it imported before instead of adding a
copy. A single call is that UID with RECURRENCE-ID (the start the rule gave it, in the series' zone), so
importing it beside the series updates that one instance.

A series without rotation is a master VEVENT with its RRULE, DTSTART in the series' zone (TZID plus a
VTIMEZONE) and EXDATE for skipped and cancelled calls; each moved call is an extra VEVENT with the same
UID and RECURRENCE-ID (its original start). A rotated series cannot be one RRULE (its time changes with
the call), so its master lists the next `ROTATION_LISTED` original starts as RDATE, with the same
EXDATE and RECURRENCE-ID overrides.

ORGANIZER is a mailto: only when an address is known; otherwise a CN with the ``invalid:nomail`` value
calendars use for "no address" (no address is made up). ATTENDEE lines are written only for people with
an address. LOCATION, URL (the video link) and one VALARM per reminder offset come from the series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from schedules.recurrence import Occurrence
from schedules.reminders import format_offset

if TYPE_CHECKING:  # icalendar is imported where a calendar is written, not with this module
    from icalendar import Calendar, Event, vCalAddress

PRODID = "-//Freedom Online Coalition//focbot//EN"
ROTATION_LISTED = 52
NO_ADDRESS = "invalid:nomail"


@dataclass(frozen=True)
class Person:
    """An organizer or attendee: a name, and an e-mail address only when one is known."""

    name: str
    email: str | None = None


@dataclass(frozen=True)
class InviteInfo:
    """What every VEVENT of a series carries."""

    uid: str
    sequence: int
    title: str
    description: str | None
    tz: ZoneInfo
    stamp: datetime
    organizer: Person | None = None
    attendees: Sequence[Person] = ()
    location: str | None = None
    link: str | None = None
    alarms: Sequence[int] = field(default_factory=tuple)  # minutes before the start
    cancelled: bool = False  # the whole series: STATUS:CANCELLED


def _calendar(tz: ZoneInfo, method: str = "PUBLISH") -> Calendar:
    from icalendar import Calendar, Timezone

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("x-wr-timezone", tz.key)
    cal.add_component(Timezone.from_tzinfo(tz))
    return cal


def _address(person: Person, role: str | None = None) -> vCalAddress:
    from icalendar import vCalAddress, vText

    value = vCalAddress(f"mailto:{person.email}" if person.email else NO_ADDRESS)
    value.params["CN"] = vText(person.name)
    if role:
        value.params["ROLE"] = vText(role)
    return value


def _event(info: InviteInfo, start: datetime, end: datetime, original: datetime | None = None) -> Event:
    from icalendar import Alarm, Event

    tz = info.tz
    event = Event()
    event.add("uid", info.uid)
    event.add("dtstamp", info.stamp)
    event.add("sequence", info.sequence)
    event.add("summary", info.title)
    if original is not None:
        event.add("recurrence-id", original.astimezone(tz))
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    if info.description:
        event.add("description", info.description)
    if info.location:
        event.add("location", info.location)
    if info.link:
        event.add("url", info.link)
    if info.organizer is not None:
        event.add("organizer", _address(info.organizer))
    for person in info.attendees:
        if person.email:  # only people with an address: nothing is made up
            event.add("attendee", _address(person, "REQ-PARTICIPANT"))
    for minutes in info.alarms:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(minutes=-minutes))
        alarm.add("description", f"{info.title} in {format_offset(minutes)}")
        event.add_component(alarm)
    return event


def series_events(
    info: InviteInfo,
    *,
    rule: str | None,
    first: Occurrence,
    removed: Sequence[datetime],
    moved: Sequence[Occurrence],
    listed: Sequence[Occurrence] = (),
) -> list[Event]:
    """The VEVENTs of a series: a master (``rule`` as RRULE, else the original starts of ``listed`` as
    RDATE), EXDATE for ``removed`` original starts, and a RECURRENCE-ID VEVENT for each call in ``moved``
    (`series_calendar` and the personal calendar feeds put them in a calendar)."""
    from icalendar import vRecur

    tz = info.tz
    master = _event(info, first.original, first.original + (first.end - first.start))
    if info.cancelled:
        master.add("status", "CANCELLED")
    if rule:
        master.add("rrule", vRecur.from_ical(rule))
    else:
        extra = sorted({o.original for o in listed if o.original != first.original})
        if extra:
            master.add("rdate", [d.astimezone(tz) for d in extra])
    if removed:
        master.add("exdate", [d.astimezone(tz) for d in sorted(removed)])
    events = [master]
    for call in sorted(moved, key=lambda o: o.original):
        events.append(_event(info, call.start, call.end, original=call.original))
    return events


def series_calendar(
    info: InviteInfo,
    *,
    rule: str | None,
    first: Occurrence,
    removed: Sequence[datetime],
    moved: Sequence[Occurrence],
    listed: Sequence[Occurrence] = (),
) -> bytes:
    """The series as one calendar file (see `series_events`)."""
    cal = _calendar(info.tz)
    for event in series_events(info, rule=rule, first=first, removed=removed, moved=moved, listed=listed):
        cal.add_component(event)
    return cal.to_ical()


def occurrence_event(info: InviteInfo, occurrence: Occurrence) -> Event:
    """One call's VEVENT: the series' UID with RECURRENCE-ID (its original start), where it is held now."""
    return _event(info, occurrence.start, occurrence.end, original=occurrence.original)


def feed_calendar(name: str, zones: Sequence[ZoneInfo], events: Sequence[Event]) -> bytes:
    """A subscribed calendar (a personal feed): ``events`` of several series, one VTIMEZONE per zone."""
    from icalendar import Calendar, Timezone

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for tz in sorted(set(zones), key=lambda z: z.key):
        cal.add_component(Timezone.from_tzinfo(tz))
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def events_bytes(events: Sequence[Event]) -> bytes:
    """``events`` written as they appear inside a calendar (a piece of `feed_file`)."""
    return b"".join(event.to_ical() for event in events)


@lru_cache(maxsize=1024)
def _vtimezone(key: str) -> bytes:
    """A zone's VTIMEZONE (its fixed 1970-2038 transitions), written once per process."""
    from icalendar import Timezone

    return Timezone.from_tzinfo(ZoneInfo(key)).to_ical()


FEED_END = b"END:VCALENDAR\r\n"


def feed_file(name: str, zones: Sequence[ZoneInfo], pieces: Sequence[bytes]) -> bytes:
    """`feed_calendar` with each series' VEVENTs already written (`events_bytes`): the same bytes, without
    writing again what did not change (the personal feeds cache each series' piece)."""
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    head = cal.to_ical()
    assert head.endswith(FEED_END), head[-40:]
    zoned = [_vtimezone(key) for key in sorted({tz.key for tz in zones})]
    return b"".join([head[: -len(FEED_END)], *zoned, *pieces, FEED_END])


def occurrence_calendar(info: InviteInfo, occurrence: Occurrence) -> bytes:
    """One call: the series' UID with RECURRENCE-ID (its original start), where it is held now."""
    cal = _calendar(info.tz)
    cal.add_component(occurrence_event(info, occurrence))
    return cal.to_ical()
