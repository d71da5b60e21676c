"""RSVPs: one answer (yes, no, maybe) per user and call, changed in place until the call starts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.models import MeetingRsvp

CallKey = tuple[int, datetime]
"""(series id, the call's rule start in UTC): a call, however it was moved."""


@dataclass(frozen=True)
class RsvpView:
    series_id: int
    original_start: datetime
    user_key: str
    answer: str
    member: str | None
    call_start: datetime
    updated_at: datetime


def _view(row: MeetingRsvp) -> RsvpView:
    return RsvpView(
        row.series_id,
        row.original_start,
        row.user_key,
        row.answer,
        row.member,
        row.call_start,
        row.updated_at,
    )


class RsvpRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _insert(self) -> Any:
        dialect = postgresql if self.db.dialect == "postgresql" else sqlite
        return dialect.insert(MeetingRsvp)

    async def answer(
        self,
        call: CallKey,
        user_key: str,
        answer: str,
        *,
        member: str | None,
        call_start: datetime,
        at: datetime,
    ) -> str | None:
        """Save (or change) the user's answer for the call in one statement; returns the earlier answer."""
        series_id, original = call
        async with self.db.transaction() as s:
            before = await s.get(MeetingRsvp, (series_id, original, user_key))
            previous = before.answer if before is not None else None
            statement = self._insert().values(
                series_id=series_id,
                original_start=original,
                user_key=user_key,
                answer=answer,
                member=member,
                call_start=call_start,
                created_at=at,
                updated_at=at,
            )
            statement = statement.on_conflict_do_update(
                index_elements=["series_id", "original_start", "user_key"],
                set_={"answer": answer, "member": member, "call_start": call_start, "updated_at": at},
            )
            await s.execute(statement)
            return previous

    async def for_calls(self, calls: Iterable[CallKey]) -> dict[CallKey, list[RsvpView]]:
        """The answers for each of these calls, by user key: one cached-shape query per 500 series."""
        wanted = set(calls)
        found: dict[CallKey, list[RsvpView]] = {call: [] for call in sorted(wanted)}
        if not wanted:
            return found
        series = sorted({sid for sid, _ in wanted})
        starts = sorted({start for _, start in wanted})
        async with self.db.transaction() as s:
            for chunk in range(0, len(series), 500):
                query = select(MeetingRsvp).where(
                    MeetingRsvp.series_id.in_(series[chunk : chunk + 500]),
                    MeetingRsvp.original_start.in_(starts),
                )
                for row in (await s.scalars(query.order_by(MeetingRsvp.user_key))).all():
                    key = (row.series_id, row.original_start)
                    if key in wanted:
                        found[key].append(_view(row))
        return found

    async def of_user(self, user_key: str, series_ids: Iterable[int]) -> dict[int, dict[datetime, str]]:
        """``user_key``'s answers in these series: series id -> the call's rule start -> answer."""
        series = sorted(set(series_ids))
        found: dict[int, dict[datetime, str]] = {}
        async with self.db.transaction() as s:
            for chunk in range(0, len(series), 500):
                query = select(MeetingRsvp.series_id, MeetingRsvp.original_start, MeetingRsvp.answer).where(
                    MeetingRsvp.user_key == user_key, MeetingRsvp.series_id.in_(series[chunk : chunk + 500])
                )
                for sid, original, answer in (await s.execute(query)).all():
                    found.setdefault(sid, {})[original] = answer
        return found

    async def since(self, since: datetime, until: datetime) -> list[RsvpView]:
        """Every answer given or changed in [since, until]."""
        query = select(MeetingRsvp).where(MeetingRsvp.updated_at >= since, MeetingRsvp.updated_at <= until)
        async with self.db.transaction() as s:
            return [_view(r) for r in (await s.scalars(query.order_by(MeetingRsvp.updated_at))).all()]
