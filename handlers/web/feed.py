"""A person's calendar feed: one RFC 5545 calendar of every series they take part in.

Each series is written exactly as `meeting ics` writes it (`handlers.meetings.invites`: the stored UID,
SEQUENCE, RRULE or listed starts, EXDATE for skipped and cancelled calls, RECURRENCE-ID for moved calls,
VTIMEZONE, LOCATION/URL, VALARMs), so a subscribed calendar follows every skip, move, edit and cancel.
The person's RSVPs to coming calls are written as their ATTENDEE's PARTSTAT on that call's instance
(no address is known: ``invalid:nomail`` with their name, as the ORGANIZER).

Speed (`bench/web.py`): writing VEVENTs is most of a feed's cost, so each series' written VEVENTs are
kept (`FeedCache`) under everything they are made of: the stored series itself (every column, its
participants, places and overrides: any change, and every change bumps its SEQUENCE, gives a new
value), its organizer's name, the person's answers shown in it, and for a rotated series the first
listed start. A series whose value changed is written again at once (its old piece is dropped), so the
cache can never serve what the database no longer says. The whole feed's bytes and ETag are kept per
person while every piece is the same.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from handlers.context import Services
from handlers.core import Clock
from handlers.meetings.invites import info_with, organizers_of, series_vevents
from handlers.meetings.views import problem_of, schedule_of, upcoming
from handlers.web.people import series_of_person
from schedules.ics import NO_ADDRESS, Person, events_bytes, feed_file, occurrence_event
from schedules.recurrence import WINDOW_END, Occurrence
from storage.repositories.series_view import SeriesView

if TYPE_CHECKING:
    from icalendar import vCalAddress

PARTSTAT = {"yes": "ACCEPTED", "no": "DECLINED", "maybe": "TENTATIVE"}
RSVP_CALLS = 12
"""How many coming calls of each series carry the person's RSVP."""


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    series: tuple[int, ...]


@dataclass(frozen=True)
class _Piece:
    series: SeriesView
    made_of: tuple[Any, ...]
    body: bytes


class FeedCache:
    """Written VEVENTs per (series, person's answers in it), and each person's last feed; both bounded
    (least recently used dropped). ``enabled = False`` writes everything each time (the bench's baseline)."""

    def __init__(self, pieces: int = 20_000, feeds: int = 5_000) -> None:
        self.enabled = True
        self._pieces: OrderedDict[tuple[int, Any], _Piece] = OrderedDict()
        self._feeds: OrderedDict[str, tuple[tuple[Any, ...], Feed]] = OrderedDict()
        self._max_pieces, self._max_feeds = pieces, feeds

    def piece(
        self, series: SeriesView, made_of: tuple[Any, ...], answers: Any, write: Callable[[], bytes]
    ) -> bytes:
        """The series' written VEVENTs: kept when ``series`` and ``made_of`` are what they were made of,
        else written by ``write()`` (replacing the old piece)."""
        if not self.enabled:
            return write()
        key = (series.id, answers)
        kept = self._pieces.get(key)
        if kept is not None and kept.made_of == made_of and kept.series == series:
            self._pieces.move_to_end(key)
            return kept.body
        body = write()
        self._pieces[key] = _Piece(series, made_of, body)
        self._pieces.move_to_end(key)
        while len(self._pieces) > self._max_pieces:
            self._pieces.popitem(last=False)
        return body

    def feed(self, user_key: str, made_of: tuple[Any, ...], build: Callable[[], Feed]) -> Feed:
        """The person's feed: the last one while ``made_of`` (its name, zones and pieces) is the same."""
        if not self.enabled:
            return build()
        kept = self._feeds.get(user_key)
        if kept is not None and kept[0] == made_of:
            self._feeds.move_to_end(user_key)
            return kept[1]
        built = build()
        self._feeds[user_key] = (made_of, built)
        self._feeds.move_to_end(user_key)
        while len(self._feeds) > self._max_feeds:
            self._feeds.popitem(last=False)
        return built

    def clear(self) -> None:
        self._pieces.clear()
        self._feeds.clear()


FEED_CACHE = FeedCache()
"""The process's cache: what it keeps is a pure function of what it is keyed on, so every app and
replica may share it safely."""


async def personal_feed(
    services: Services, clock: Clock, user_key: str, cache: FeedCache = FEED_CACHE
) -> Feed:
    """The feed of ``user_key``: its body, a strong ETag (SHA-256 of the body) and the series in it."""
    now = clock()
    chosen = [s for s in await series_of_person(services, clock, user_key) if problem_of(s) is None]
    user = await services.users.get(user_key)
    name = user.display_name if user and user.display_name else user_key.split(":", 1)[-1]
    organizers = await organizers_of(services, chosen)
    given = await services.rsvps.of_user(user_key, [s.id for s in chosen])
    zones: list[ZoneInfo] = []
    pieces: list[bytes] = []
    for series in chosen:
        answered = given.get(series.id, {})
        calls = [c for c in upcoming(series, now, RSVP_CALLS) if c.original in answered] if answered else []
        answers = tuple((c.original, answered[c.original]) for c in calls)
        organizer = organizers[series.created_by]
        made_of = (organizer, _listing_start(series, now), name if answers else None)
        zones.append(ZoneInfo(series.timezone))
        pieces.append(
            cache.piece(
                series,
                made_of,
                answers,
                partial(_write, series, organizer, now, calls, answers, name),
            )
        )
    title = f"FOC calls: {name}"
    ids = tuple(s.id for s in chosen)

    def build() -> Feed:
        body = feed_file(title, zones, pieces)
        return Feed(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', ids)

    return cache.feed(user_key, (title, ids, tuple(z.key for z in zones), tuple(pieces)), build)


def _listing_start(series: SeriesView, now: datetime) -> datetime | None:
    """A rotated series lists its next original starts from ``now``: the first of them says which list
    (the list changes only when a listed start passes); None for a series written as an RRULE."""
    if len(series.slots) <= 1:
        return None
    first = schedule_of(series).occurrences(now, WINDOW_END, include_removed=True, limit=1)
    return first[0].original if first else None


def _write(
    series: SeriesView,
    organizer: Person,
    now: datetime,
    calls: list[Occurrence],
    answers: tuple[tuple[datetime, str], ...],
    name: str,
) -> bytes:
    """The series' VEVENTs as `meeting ics` writes them, with the person's answers to ``calls``."""
    # DTSTAMP: when the series' settings last changed, so an unchanged feed keeps its ETag
    info = info_with(series, series.delivered_from, organizer)
    own = series_vevents(info, series, schedule_of(series), now)
    by_original = {e.decoded("recurrence-id"): e for e in own if "recurrence-id" in e}
    shown = dict(answers)
    for call in calls:
        event = by_original.get(call.original)
        if event is None:
            event = occurrence_event(info, call)
            own.append(event)
        event.add("attendee", _attendee(name, shown[call.original]))
    return events_bytes(own)


def _attendee(name: str, answer: str) -> vCalAddress:
    from icalendar import vCalAddress, vText

    value = vCalAddress(NO_ADDRESS)
    value.params["CN"] = vText(name)
    value.params["PARTSTAT"] = PARTSTAT.get(answer, "NEEDS-ACTION")
    return value
