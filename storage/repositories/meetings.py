"""Meeting series with their participants, places and overrides (what they send is due work)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import noload

from storage.db import Database
from storage.models import (
    MeetingOverride,
    MeetingParticipant,
    MeetingPlace,
    MeetingRsvp,
    MeetingSeries,
    User,
)
from storage.repositories.plain import plain
from storage.repositories.series_view import (
    _SERIES_COLUMNS,
    OverrideView,
    ParticipantView,
    PlaceView,
    SeriesView,
    load_views,
)
from storage.repositories.users import UserView

_EDITABLE = (
    "title", "rrule", "start_time", "rotation", "timezone", "reminder_offsets", "agenda", "location", "link",
)  # fmt: skip
MAX_ID = 2**31 - 1  # PostgreSQL's integer: larger ids from user input would make the query fail


@dataclass(frozen=True)
class NewSeries:
    title: str
    kind: str
    activity_id: str | None
    rrule: str
    first_date: date
    start_time: str
    duration_minutes: int
    timezone: str
    rotation: Sequence[str]
    agenda: str | None
    reminder_offsets: Sequence[int]
    participants: Sequence[tuple[str, str]]  # (kind, ref)
    places: Sequence[str]


class MeetingRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.keep_active = True  # False: `active_kept` reads everything each time (the bench's baseline)
        self._kept: tuple[tuple[Any, ...], list[SeriesView]] | None = None

    # -- series ------------------------------------------------------------------
    async def create(self, new: NewSeries, *, by: str, at: datetime) -> SeriesView:
        async with self.db.transaction() as s:
            series = MeetingSeries(
                title=new.title,
                kind=new.kind,
                activity_id=new.activity_id,
                rrule=new.rrule,
                first_date=new.first_date,
                start_time=new.start_time,
                duration_minutes=new.duration_minutes,
                timezone=new.timezone,
                rotation=",".join(new.rotation) if len(new.rotation) > 1 else None,
                agenda=new.agenda,
                reminder_offsets=",".join(str(m) for m in new.reminder_offsets),
                created_by=by,
                created_at=at,
                ical_uid=f"{uuid.uuid4()}@focbot",
                ical_sequence=0,
                participants=[
                    MeetingParticipant(kind=kind, ref=ref, position=i)
                    for i, (kind, ref) in enumerate(new.participants)
                ],
                places=[MeetingPlace(place=p, position=i) for i, p in enumerate(new.places)],
                overrides=[],
            )
            s.add(series)
            await s.flush()
            return (await load_views(s, MeetingSeries.id == series.id))[0]

    async def get(self, series_id: int) -> SeriesView | None:
        found = await self.many([series_id])
        return found[0] if found else None

    async def many(self, ids: Iterable[int]) -> list[SeriesView]:
        wanted = sorted(i for i in set(ids) if 0 < i <= MAX_ID)  # an id past the column's range is no row
        if not wanted:
            return []
        async with self.db.transaction() as s:
            return await load_views(s, MeetingSeries.id.in_(wanted))

    async def titles(self) -> list[tuple[int, str, bool]]:
        """Every series as (id, title, cancelled), by id: what names a series (`meeting show Troika call`)."""
        query = select(MeetingSeries.id, MeetingSeries.title, MeetingSeries.cancelled_at).order_by(
            MeetingSeries.id
        )
        async with self.db.transaction() as s:
            return [(r[0], r[1], r[2] is not None) for r in (await s.execute(query)).all()]

    async def active(self) -> list[SeriesView]:
        """Every series not cancelled, with participants, places and overrides (four queries in all)."""
        async with self.db.transaction() as s:
            return await load_views(s, MeetingSeries.cancelled_at.is_(None))

    async def active_kept(self) -> list[SeriesView]:
        """`active`, kept between calls while the series tables say nothing changed: one query of counts
        and sums (the active series' count, highest id and SEQUENCE sum, which every create, edit, skip,
        move and cancel changes, and the rows of participants, places and overrides), from any replica.
        For readers that ask often (the web pages and feeds); the scheduler reads `active`."""
        async with self.db.transaction() as s:
            stamp = tuple((await s.execute(_active_stamp())).one())
            if self.keep_active and self._kept is not None and self._kept[0] == stamp:
                return list(self._kept[1])
            found = await load_views(s, MeetingSeries.cancelled_at.is_(None))
        self._kept = (stamp, found)
        return list(found)

    async def active_one_by_one(self) -> list[SeriesView]:
        """The naive way (ORM, a query per series and relation): kept as the benchmark's baseline."""
        async with self.db.transaction() as s:
            query = select(MeetingSeries.id).where(MeetingSeries.cancelled_at.is_(None))
            ids = (await s.scalars(query.order_by(MeetingSeries.id))).all()
        found = []
        for series_id in ids:
            async with self.db.transaction() as s:
                series = await s.get(MeetingSeries, series_id, options=[noload("*")])
                assert series is not None
                people = (
                    await s.scalars(
                        select(MeetingParticipant).where(MeetingParticipant.series_id == series_id)
                    )
                ).all()
                places = (
                    await s.scalars(select(MeetingPlace).where(MeetingPlace.series_id == series_id))
                ).all()
                changes = (
                    await s.scalars(select(MeetingOverride).where(MeetingOverride.series_id == series_id))
                ).all()
            found.append(
                SeriesView(
                    **{c: getattr(series, c) for c in _SERIES_COLUMNS},
                    participants=tuple(ParticipantView(p.kind, p.ref) for p in people),
                    places=tuple(PlaceView(p.place) for p in places),
                    overrides=tuple(OverrideView(o.original_start, o.action, o.moved_to) for o in changes),
                )
            )
        return found

    async def for_activity(self, activity_id: str) -> list[SeriesView]:
        async with self.db.transaction() as s:
            return await load_views(s, MeetingSeries.activity_id == activity_id)

    async def cancel(self, series_id: int, *, by: str, at: datetime) -> bool:
        async with self.db.transaction() as s:
            result = await s.execute(
                update(MeetingSeries)
                .where(MeetingSeries.id == series_id, MeetingSeries.cancelled_at.is_(None))
                .values(cancelled_at=at, cancelled_by=by, ical_sequence=MeetingSeries.ical_sequence + 1)
            )
            return bool(getattr(result, "rowcount", 0))

    async def edit(
        self,
        series_id: int,
        values: Mapping[str, Any],
        *,
        participants: Sequence[tuple[str, str]] | None,
        rekey: Mapping[datetime, datetime | None],
        at: datetime,
    ) -> SeriesView:
        """`meeting edit`, in one transaction: the series' columns in ``values`` (title, rrule, start_time,
        rotation, timezone, reminder_offsets, agenda, location, link), its participants when given, and
        ``effective_from = at``. ``rekey`` maps the rule start of each FUTURE call with an override or
        RSVPs to its start under the new settings (None: the call is gone, its override dropped). Past
        calls' overrides, RSVPs and delivery rows are not touched."""
        columns = set(_EDITABLE)
        assert set(values) <= columns, set(values) - columns
        async with self.db.transaction() as s:
            await s.execute(
                update(MeetingSeries)
                .where(MeetingSeries.id == series_id)
                .values(**values, effective_from=at)
                .execution_options(synchronize_session=False)
            )
            if participants is not None:
                await s.execute(delete(MeetingParticipant).where(MeetingParticipant.series_id == series_id))
                s.add_all(
                    MeetingParticipant(series_id=series_id, kind=kind, ref=ref, position=i)
                    for i, (kind, ref) in enumerate(participants)
                )
            await s.execute(_bump(series_id))  # a change: the invites' SEQUENCE goes up
            moves = {old: new for old, new in rekey.items() if new != old}
            if moves:
                await self._rekey(s, series_id, moves)
            return (await load_views(s, MeetingSeries.id == series_id))[0]

    @staticmethod
    async def _rekey(s: Any, series_id: int, moves: Mapping[datetime, datetime | None]) -> None:
        """Move the overrides and RSVPs of future calls to their new rule starts: the rows are read,
        deleted and written back, so a new start equal to another call's old one never collides."""
        overrides = (
            await s.scalars(
                select(MeetingOverride).where(
                    MeetingOverride.series_id == series_id, MeetingOverride.original_start.in_(list(moves))
                )
            )
        ).all()
        rsvps = (
            await s.scalars(
                select(MeetingRsvp).where(
                    MeetingRsvp.series_id == series_id, MeetingRsvp.original_start.in_(list(moves))
                )
            )
        ).all()
        kept_overrides = [
            (moves[_utc(o.original_start)], o.action, o.moved_to, o.by, o.at)
            for o in overrides
            if moves[_utc(o.original_start)] is not None
        ]
        kept_rsvps = []
        for r in rsvps:
            start = moves[_utc(r.original_start)]
            if start is not None:  # held where the rule puts it: it follows; held elsewhere (moved): it stays
                held = start if _utc(r.call_start) == _utc(r.original_start) else r.call_start
                kept_rsvps.append((start, r.user_key, r.answer, r.member, held, r.created_at, r.updated_at))
        for row in (*overrides, *rsvps):
            await s.delete(row)
        await s.flush()
        for start, action, moved_to, by, when in kept_overrides:
            s.add(
                MeetingOverride(
                    series_id=series_id,
                    original_start=start,
                    action=action,
                    moved_to=moved_to,
                    by=by,
                    at=when,
                )
            )
        for start, user, answer, member, call_start, created, updated in kept_rsvps:
            s.add(
                MeetingRsvp(
                    series_id=series_id,
                    original_start=start,
                    user_key=user,
                    answer=answer,
                    member=member,
                    call_start=call_start,
                    created_at=created,
                    updated_at=updated,
                )
            )

    async def bump_sequence(self, series_id: int) -> None:
        """One more change to the series (its invites' SEQUENCE): every edit of the series calls this."""
        async with self.db.transaction() as s:
            await s.execute(_bump(series_id))

    async def set_override(
        self,
        series_id: int,
        original: datetime,
        action: str,
        *,
        moved_to: datetime | None,
        by: str,
        at: datetime,
    ) -> None:
        async with self.db.transaction() as s:
            row = await s.get(MeetingOverride, (series_id, original))
            if row is None:
                row = MeetingOverride(series_id=series_id, original_start=original)
                s.add(row)
            row.action, row.moved_to, row.by, row.at = action, moved_to, by, at
            await s.execute(_bump(series_id))  # calendars take the changed call only with a higher SEQUENCE

    async def users_of_members(self, members: Iterable[str]) -> list[UserView]:
        """Users mapped to these member countries (they are mentioned in their country's reminders)."""
        names = sorted(set(members))
        if not names:
            return []
        async with self.db.transaction() as s:
            rows = await s.scalars(select(User).where(User.member.in_(names)).order_by(User.key))
            return [plain(UserView, u) for u in rows]


def _active_stamp() -> Any:
    series = MeetingSeries.__table__
    active = series.c.cancelled_at.is_(None)
    counted = [
        select(func.count()).select_from(model.__table__).scalar_subquery()
        for model in (MeetingParticipant, MeetingPlace, MeetingOverride)
    ]
    return select(func.count(), func.max(series.c.id), func.sum(series.c.ical_sequence), *counted).where(
        active
    )


def _bump(series_id: int) -> Any:
    return (
        update(MeetingSeries)
        .where(MeetingSeries.id == series_id)
        .values(ical_sequence=MeetingSeries.ical_sequence + 1)
    )


def _utc(value: datetime) -> datetime:
    from datetime import UTC

    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
