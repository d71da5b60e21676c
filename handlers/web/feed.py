"""A person's calendar feed: one RFC 5545 calendar of every series they take part in.

Each series is written exactly as `meeting ics` writes it (`handlers.meetings.invites`: the stored UID,
SEQUENCE, RRULE or listed starts, EXDATE for skipped and cancelled calls, RECURRENCE-ID for moved calls,
VTIMEZONE, LOCATION/URL, VALARMs), so a subscribed calendar follows every skip, move, edit and cancel.
The person's RSVPs to coming calls are written as their ATTENDEE's PARTSTAT on that call's instance
(no address is known: ``invalid:nomail`` with their name, as the ORGANIZER).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Event, vCalAddress, vText

from handlers.context import Services
from handlers.core import Clock
from handlers.meetings.invites import invite_info, series_vevents
from handlers.meetings.views import problem_of, schedule_of, upcoming
from handlers.web.people import series_of_person
from schedules.ics import NO_ADDRESS, feed_calendar, occurrence_event

PARTSTAT = {"yes": "ACCEPTED", "no": "DECLINED", "maybe": "TENTATIVE"}
RSVP_CALLS = 12
"""How many coming calls of each series carry the person's RSVP."""


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    series: tuple[int, ...]


async def personal_feed(services: Services, clock: Clock, user_key: str) -> Feed:
    """The feed of ``user_key``: its body, a strong ETag (SHA-256 of the body) and the series in it."""
    now = clock()
    chosen = [s for s in await series_of_person(services, clock, user_key) if problem_of(s) is None]
    user = await services.users.get(user_key)
    name = user.display_name if user and user.display_name else user_key.split(":", 1)[-1]
    calls = {s.id: upcoming(s, now, RSVP_CALLS) for s in chosen}
    wanted = [(sid, o.original) for sid, found in calls.items() for o in found]
    answers = {
        call: view.answer
        for call, views in (await services.rsvps.for_calls(wanted)).items()
        for view in views
        if view.user_key == user_key
    }
    events: list[Event] = []
    zones: list[ZoneInfo] = []
    for series in chosen:
        schedule = schedule_of(series)
        # DTSTAMP: when the series' settings last changed, so an unchanged feed keeps its ETag
        info = await invite_info(services, series, series.delivered_from)
        zones.append(info.tz)
        own = series_vevents(info, series, schedule, now)
        by_original = {e.decoded("recurrence-id"): e for e in own if "recurrence-id" in e}
        for call in calls[series.id]:
            answer = answers.get((series.id, call.original))
            if answer is None:
                continue
            event = by_original.get(call.original)
            if event is None:
                event = occurrence_event(info, call)
                own.append(event)
            event.add("attendee", _attendee(name, answer))
        events.extend(own)
    body = feed_calendar(f"FOC calls: {name}", zones, events)
    return Feed(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', tuple(s.id for s in chosen))


def _attendee(name: str, answer: str) -> vCalAddress:
    value = vCalAddress(NO_ADDRESS)
    value.params["CN"] = vText(name)
    value.params["PARTSTAT"] = PARTSTAT.get(answer, "NEEDS-ACTION")
    return value
