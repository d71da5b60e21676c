"""Meeting series read as plain values with Core queries: one query per table, however many series.

Start-up reads every active series; ORM objects with three relationships cost several times more than
rows turned into these small frozen values, which is all the scheduling code needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import MeetingOverride, MeetingParticipant, MeetingPlace, MeetingSeries


class ParticipantView(NamedTuple):
    kind: str  # member | user | group
    ref: str


class PlaceView(NamedTuple):
    place: str


class OverrideView(NamedTuple):
    original_start: datetime
    action: str
    moved_to: datetime | None


@dataclass(frozen=True)
class SeriesView:
    id: int
    title: str
    kind: str
    activity_id: str | None
    rrule: str
    first_date: date
    start_time: str
    duration_minutes: int
    timezone: str
    rotation: str | None
    agenda: str | None
    reminder_offsets: str
    created_by: str
    created_at: datetime
    cancelled_at: datetime | None
    ical_uid: str | None = None
    ical_sequence: int = 0
    location: str | None = None
    link: str | None = None
    effective_from: datetime | None = None
    participants: tuple[ParticipantView, ...] = ()
    places: tuple[PlaceView, ...] = ()
    overrides: tuple[OverrideView, ...] = ()

    @property
    def uid(self) -> str:
        """The UID of every invite of the series: stored at creation, never changed by an edit."""
        return self.ical_uid or f"focbot-meeting-{self.id}@freedomonlinecoalition"

    @property
    def offsets(self) -> list[int]:
        """Reminder offsets in minutes before the start, largest first."""
        return [int(part) for part in self.reminder_offsets.split(",") if part]

    @property
    def slots(self) -> list[str]:
        """The start times ("HH:MM" in the series' zone) occurrence i rotates through (i mod N)."""
        return self.rotation.split(",") if self.rotation else [self.start_time]

    @property
    def delivered_from(self) -> datetime:
        """Calls ending at or before this instant get no deliveries from the stored settings: those before
        the series was created, and those before its last `meeting edit` (they keep what they had)."""
        return max(self.created_at, self.effective_from or self.created_at)


_SERIES_COLUMNS = (
    "id", "title", "kind", "activity_id", "rrule", "first_date", "start_time", "duration_minutes",
    "timezone", "rotation", "agenda", "reminder_offsets", "created_by", "created_at", "cancelled_at",
    "ical_uid", "ical_sequence", "location", "link", "effective_from",
)  # fmt: skip


async def load_views(session: AsyncSession, where: ColumnElement[bool] | None = None) -> list[SeriesView]:
    """The series matching ``where`` (all when None), with participants, places and overrides."""
    table = MeetingSeries.__table__
    query = select(*(table.c[name] for name in _SERIES_COLUMNS)).order_by(table.c.id)
    if where is not None:
        query = query.where(where)
    rows = (await session.execute(query)).all()
    if not rows:
        return []
    ids = select(table.c.id) if where is None else select(table.c.id).where(where)
    related: dict[str, dict[int, list[Any]]] = {}
    for name, model, columns, order in (
        ("participants", MeetingParticipant, ("kind", "ref"), "position"),
        ("places", MeetingPlace, ("place",), "position"),
        ("overrides", MeetingOverride, ("original_start", "action", "moved_to"), "original_start"),
    ):
        t = model.__table__
        q = (
            select(t.c.series_id, *(t.c[c] for c in columns))
            .where(t.c.series_id.in_(ids.scalar_subquery()))
            .order_by(t.c.series_id, t.c[order])
        )
        grouped: dict[int, list[Any]] = {}
        for row in (await session.execute(q)).all():
            grouped.setdefault(row[0], []).append(row[1:])
        related[name] = grouped
    views = []
    for row in rows:
        values = dict(zip(_SERIES_COLUMNS, row, strict=True))
        sid = values["id"]
        views.append(
            SeriesView(
                **values,
                participants=tuple(ParticipantView._make(r) for r in related["participants"].get(sid, ())),
                places=tuple(PlaceView._make(r) for r in related["places"].get(sid, ())),
                overrides=tuple(OverrideView._make(r) for r in related["overrides"].get(sid, ())),
            )
        )
    return views
