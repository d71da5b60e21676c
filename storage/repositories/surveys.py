"""Survey storage: lifecycle changes as conditional updates, answers saved with one response per person.

Every state change is a single guarded statement (``... WHERE status = 'open'``) so two replicas or two
timers cannot both close a survey, and an answer can never be saved into a survey that has closed: the
save holds the write lock (SQLite) or a share lock on the survey row (PostgreSQL) while it checks.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import BotSecret, Survey, SurveyAudience, SurveyReminder, SurveyResponse
from storage.repositories.plain import plain
from storage.repositories.survey_view import SurveyView
from storage.repositories.write_batch import WriteBatcher


class SurveyClosedError(RuntimeError):
    """The survey is not open (it closed while an answer was on its way); nothing was stored."""


class NotInAudienceError(RuntimeError):
    """The user is not in the survey's audience; nothing was stored."""


@dataclass(frozen=True)
class AnswerWrite:
    """One person's new answers. ``user_key`` is only checked against the audience: an anonymous
    survey stores ``respondent_key`` (a keyed hash) and never ``user_key``."""

    survey_id: int
    user_key: str
    respondent_key: str
    values: dict[str, Any]
    required: tuple[int, ...]
    at: datetime


@dataclass(frozen=True)
class StoredResponse:
    respondent_key: str
    answers: dict[str, Any]
    complete: bool
    updated_at: datetime


@dataclass(frozen=True)
class Counts:
    complete: int
    partial: int


class SurveyRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._batcher: WriteBatcher[AnswerWrite, StoredResponse] = WriteBatcher(self._save_batch)

    async def _write_lock(self, s: AsyncSession) -> None:
        """On SQLite, write first (a no-op) so this transaction holds the write lock from here on and
        what it reads next cannot change before it commits. PostgreSQL uses row locks instead."""
        if self.db.dialect == "sqlite":
            await s.execute(update(Survey).where(Survey.id == -1).values(status=Survey.status))

    def _insert(self, model: type[Any]) -> Any:
        dialect = postgresql if self.db.dialect == "postgresql" else sqlite
        return dialect.insert(model)

    # -- surveys -------------------------------------------------------------
    async def create(
        self, *, definition: dict[str, Any], template: str | None, created_by: str, at: datetime
    ) -> SurveyView:
        async with self.db.transaction() as s:
            survey = Survey(
                title=definition["title"],
                template=template,
                activity=definition.get("activity"),
                definition=definition,
                status="draft",
                anonymous=False,
                audience_size=0,
                reminder_minutes=[],
                created_by=created_by,
                created_at=at,
            )
            s.add(survey)
            await s.flush()
            return _view(survey)

    async def get(self, survey_id: int) -> SurveyView | None:
        if not 0 < survey_id <= 2**31 - 1:  # past PostgreSQL's integer: no such survey (not a failed query)
            return None
        async with self.db.transaction() as s:
            row = await s.get(Survey, survey_id)
            return _view(row) if row is not None else None

    async def all(self, statuses: Iterable[str] | None = None) -> list[SurveyView]:
        query = select(Survey).order_by(Survey.id)
        if statuses is not None:
            query = query.where(Survey.status.in_(list(statuses)))
        async with self.db.transaction() as s:
            return [_view(row) for row in await s.scalars(query)]

    async def by_activity(self, activity: str) -> list[SurveyView]:
        query = select(Survey).where(Survey.activity == activity, Survey.status != "draft")
        async with self.db.transaction() as s:
            return [_view(row) for row in await s.scalars(query.order_by(Survey.id))]

    async def open_for(self, user_key: str) -> list[SurveyView]:
        """Open surveys whose audience includes ``user_key``."""
        query = (
            select(Survey)
            .join(SurveyAudience, SurveyAudience.survey_id == Survey.id)
            .where(SurveyAudience.user_key == user_key, Survey.status == "open")
            .order_by(Survey.id)
        )
        async with self.db.transaction() as s:
            return [_view(row) for row in await s.scalars(query)]

    async def open(
        self,
        survey_id: int,
        *,
        audience: Sequence[str],
        audience_label: str,
        anonymous: bool,
        deadline: datetime | None,
        reminder_minutes: Sequence[int],
        by: str,
        at: datetime,
        timezone: str | None = None,
    ) -> SurveyView | None:
        """Open a draft to ``audience``; None when it is not (or no longer) a draft. ``timezone``: the
        zone its deadline was given in."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(Survey)
                .where(Survey.id == survey_id, Survey.status == "draft")
                .values(
                    status="open",
                    audience_label=audience_label[:500],
                    audience_size=len(audience),
                    anonymous=anonymous,
                    deadline=deadline,
                    reminder_minutes=sorted(set(reminder_minutes), reverse=True),
                    opened_by=by,
                    opened_at=at,
                    timezone=timezone,
                )
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                return None
            s.add_all(
                SurveyAudience(survey_id=survey_id, user_key=key, invitation="pending") for key in audience
            )
            await s.flush()
            return _view(await s.get(Survey, survey_id, populate_existing=True))

    async def close(self, survey_id: int, *, at: datetime, reason: str) -> SurveyView | None:
        """Close an open survey; None when it is not open (already closed, or a draft)."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(Survey)
                .where(Survey.id == survey_id, Survey.status == "open")
                .values(status="closed", closed_at=at, close_reason=reason)
            )
            if not result.rowcount:  # type: ignore[attr-defined]
                return None
            # Counted under the lock the update took: no answer can be saved any more.
            complete = await s.scalar(
                select(func.count())
                .select_from(SurveyResponse)
                .where(SurveyResponse.survey_id == survey_id, SurveyResponse.complete.is_(True))
            )
            await s.execute(update(Survey).where(Survey.id == survey_id).values(responses_at_close=complete))
            return _view(await s.get(Survey, survey_id, populate_existing=True))

    async def overdue(self, now: datetime) -> list[int]:
        """Open surveys whose deadline has passed."""
        query = select(Survey.id).where(Survey.status == "open", Survey.deadline <= now)
        async with self.db.transaction() as s:
            return list((await s.scalars(query.order_by(Survey.id))).all())

    # -- audience ------------------------------------------------------------
    async def audience(self, survey_id: int) -> list[str]:
        query = select(SurveyAudience.user_key).where(SurveyAudience.survey_id == survey_id)
        async with self.db.transaction() as s:
            return list((await s.scalars(query.order_by(SurveyAudience.user_key))).all())

    async def claim_invitations(self, survey_id: int, limit: int) -> list[str]:
        """Mark up to ``limit`` pending invitations as sent and return their user keys; the caller then
        sends them (claimed before sending: an invitation goes out at most once, even across restarts)."""
        async with self.db.transaction() as s:
            await self._write_lock(s)
            keys = list(
                (
                    await s.scalars(
                        select(SurveyAudience.user_key)
                        .where(SurveyAudience.survey_id == survey_id, SurveyAudience.invitation == "pending")
                        .order_by(SurveyAudience.user_key)
                        .limit(limit)
                        .with_for_update(skip_locked=True)
                    )
                ).all()
            )
            if keys:
                await s.execute(
                    update(SurveyAudience)
                    .where(
                        SurveyAudience.survey_id == survey_id,
                        SurveyAudience.user_key.in_(keys),
                        SurveyAudience.invitation == "pending",
                    )
                    .values(invitation="sent")
                )
            return keys

    async def invitation_failed(self, survey_id: int, user_keys: Sequence[str]) -> None:
        if not user_keys:
            return
        async with self.db.transaction() as s:
            await s.execute(
                update(SurveyAudience)
                .where(SurveyAudience.survey_id == survey_id, SurveyAudience.user_key.in_(list(user_keys)))
                .values(invitation="failed")
            )

    async def invitations(self, survey_id: int) -> dict[str, int]:
        """Invitations by state: pending, sent, failed."""
        query = (
            select(SurveyAudience.invitation, func.count())
            .where(SurveyAudience.survey_id == survey_id)
            .group_by(SurveyAudience.invitation)
        )
        async with self.db.transaction() as s:
            return {str(state): int(n) for state, n in (await s.execute(query)).all()}

    async def with_pending_invitations(self) -> list[int]:
        query = (
            select(SurveyAudience.survey_id)
            .join(Survey, Survey.id == SurveyAudience.survey_id)
            .where(SurveyAudience.invitation == "pending", Survey.status == "open")
            .distinct()
        )
        async with self.db.transaction() as s:
            return sorted((await s.scalars(query)).all())

    async def in_audience(self, survey_id: int, user_key: str) -> bool:
        async with self.db.transaction() as s:
            return await s.get(SurveyAudience, (survey_id, user_key)) is not None

    # -- responses -----------------------------------------------------------
    async def save_answers(self, write: AnswerWrite) -> StoredResponse:
        """Merge ``write.values`` into the respondent's one response, while the survey is open and the
        user is in its audience; else raise `SurveyClosedError` or `NotInAudienceError`, storing nothing.

        Saves that arrive together are grouped into one transaction (`WriteBatcher`). The transaction
        holds the write lock (SQLite) or a share lock on the survey row (PostgreSQL), so a close waits for
        it and counts what it saved; rows are inserted and locked in key order, so that batches of
        several replicas cannot deadlock.
        """
        return await self._batcher.submit(write)

    async def _save_batch(self, writes: Sequence[AnswerWrite]) -> list[StoredResponse | Exception]:
        survey_ids = sorted({w.survey_id for w in writes})
        async with self.db.transaction() as s:
            await self._write_lock(s)
            statuses = dict(
                (
                    await s.execute(
                        select(Survey.id, Survey.status)
                        .where(Survey.id.in_(survey_ids))
                        .with_for_update(read=True)
                    )
                ).all()
            )
            asked = set(
                (
                    await s.execute(
                        select(SurveyAudience.survey_id, SurveyAudience.user_key).where(
                            SurveyAudience.survey_id.in_(survey_ids),
                            SurveyAudience.user_key.in_({w.user_key for w in writes}),
                        )
                    )
                ).all()
            )
            results: list[StoredResponse | Exception] = []
            accepted: list[AnswerWrite] = []
            positions: list[int] = []
            for write in writes:
                if statuses.get(write.survey_id) != "open":
                    results.append(SurveyClosedError(f"survey {write.survey_id} is not open"))
                elif (write.survey_id, write.user_key) not in asked:
                    results.append(NotInAudienceError(f"not in the audience of survey {write.survey_id}"))
                else:
                    positions.append(len(results))
                    accepted.append(write)
                    results.append(SurveyClosedError("not saved"))  # replaced below
            if not accepted:
                return results
            new_rows = {
                (w.survey_id, w.respondent_key): {
                    "id": uuid.uuid4().hex,
                    "survey_id": w.survey_id,
                    "respondent_key": w.respondent_key,
                    "answers": {},
                    "complete": False,
                    "updated_at": w.at,
                }
                for w in accepted
            }
            await s.execute(
                self._insert(SurveyResponse)
                .values([new_rows[key] for key in sorted(new_rows)])
                .on_conflict_do_nothing(index_elements=["survey_id", "respondent_key"])
            )
            rows: dict[tuple[int, str], SurveyResponse] = {}
            for survey_id in sorted({w.survey_id for w in accepted}):
                keys = {w.respondent_key for w in accepted if w.survey_id == survey_id}
                found = await s.scalars(
                    select(SurveyResponse)
                    .where(SurveyResponse.survey_id == survey_id, SurveyResponse.respondent_key.in_(keys))
                    .order_by(SurveyResponse.respondent_key)
                    .with_for_update()
                )
                rows.update({(r.survey_id, r.respondent_key): r for r in found})
            for index, write in zip(positions, accepted, strict=True):
                row = rows[(write.survey_id, write.respondent_key)]
                merged = {**row.answers, **write.values}
                row.answers = merged
                row.complete = all(str(n) in merged for n in write.required)
                row.updated_at = write.at
                results[index] = StoredResponse(write.respondent_key, merged, row.complete, write.at)
        return results

    async def response(self, survey_id: int, respondent_key: str) -> StoredResponse | None:
        query = select(SurveyResponse).where(
            SurveyResponse.survey_id == survey_id, SurveyResponse.respondent_key == respondent_key
        )
        async with self.db.transaction() as s:
            row = await s.scalar(query)
        return _stored(row) if row is not None else None

    async def responses(self, survey_id: int) -> list[StoredResponse]:
        """Every response, in a stable order that says nothing about when each came in."""
        query = select(SurveyResponse).where(SurveyResponse.survey_id == survey_id)
        async with self.db.transaction() as s:
            rows = (await s.scalars(query.order_by(SurveyResponse.id))).all()
        return [_stored(r) for r in rows]

    async def counts(self, survey_id: int) -> Counts:
        query = (
            select(SurveyResponse.complete, func.count())
            .where(SurveyResponse.survey_id == survey_id)
            .group_by(SurveyResponse.complete)
        )
        async with self.db.transaction() as s:
            found = {bool(c): int(n) for c, n in (await s.execute(query)).all()}
        return Counts(complete=found.get(True, 0), partial=found.get(False, 0))

    async def respondents(self, survey_id: int, *, complete_only: bool = True) -> set[str]:
        query = select(SurveyResponse.respondent_key).where(SurveyResponse.survey_id == survey_id)
        if complete_only:
            query = query.where(SurveyResponse.complete.is_(True))
        async with self.db.transaction() as s:
            return set((await s.scalars(query)).all())

    # -- reminders -----------------------------------------------------------
    async def claim_reminder(self, survey_id: int, offset_minutes: int, recipient: str, at: datetime) -> bool:
        """True the first time (the caller sends), False when this reminder was already claimed."""
        try:
            async with self.db.transaction() as s:
                s.add(
                    SurveyReminder(
                        survey_id=survey_id,
                        offset_minutes=offset_minutes,
                        recipient=recipient,
                        claimed_at=at,
                        outcome="claimed",
                    )
                )
        except IntegrityError:
            return False
        return True

    async def retake_reminder(self, survey_id: int, offset_minutes: int, recipient: str) -> bool:
        """Claim again a reminder whose send failed (failed -> claimed); False when it is not failed."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(SurveyReminder)
                .where(
                    SurveyReminder.survey_id == survey_id,
                    SurveyReminder.offset_minutes == offset_minutes,
                    SurveyReminder.recipient == recipient,
                    SurveyReminder.outcome == "failed",
                )
                .values(outcome="claimed")
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    async def mark_reminder(self, survey_id: int, offset_minutes: int, recipient: str, outcome: str) -> None:
        async with self.db.transaction() as s:
            await s.execute(
                update(SurveyReminder)
                .where(
                    SurveyReminder.survey_id == survey_id,
                    SurveyReminder.offset_minutes == offset_minutes,
                    SurveyReminder.recipient == recipient,
                )
                .values(outcome=outcome)
            )

    async def reminder_outcomes(self, survey_id: int) -> dict[tuple[int, str], str]:
        query = select(SurveyReminder).where(SurveyReminder.survey_id == survey_id)
        async with self.db.transaction() as s:
            rows = (await s.scalars(query)).all()
        return {(r.offset_minutes, r.recipient): r.outcome for r in rows}

    # -- secrets -------------------------------------------------------------
    async def secret(self, name: str, make: str, at: datetime) -> str:
        """The stored secret ``name``; stores ``make`` first if there is none (the first writer wins)."""
        async with self.db.transaction() as s:
            found = await s.get(BotSecret, name)
            if found is not None:
                return found.value
        try:
            async with self.db.transaction() as s:
                s.add(BotSecret(name=name, value=make, created_at=at))
            return make
        except IntegrityError:
            async with self.db.transaction() as s:
                found = await s.get(BotSecret, name)
                assert found is not None
                return found.value


def _stored(row: SurveyResponse) -> StoredResponse:
    return StoredResponse(row.respondent_key, dict(row.answers), row.complete, row.updated_at)


def _view(row: Survey | None) -> SurveyView:
    assert row is not None  # read in the transaction that found or changed it
    return plain(SurveyView, row)
