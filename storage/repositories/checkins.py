"""Check-ins: definitions, rounds and participant rows, returned as frozen views (never ORM rows).

Every step that must happen once is a claim the database decides: a round is inserted under its unique
(check-in, round date) key; a DM, a reminder, a close and a digest each move a column from one state to
the next with a compare-and-set update (only one replica's update matches).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Database
from storage.models.checkins import Checkin, CheckinParticipant, CheckinRound
from storage.repositories.plain import plain


@dataclass(frozen=True)
class CheckinView:
    id: int
    title: str
    template: str | None
    definition: dict[str, Any]
    audience_kind: str
    audience: tuple[str, ...]
    rule: str
    first_date: date
    wall_time: str
    deadline_days: int
    reminder_minutes: tuple[int, ...]
    digest_place: str | None
    before_series: int | None
    status: str
    next_round_on: date | None
    next_round_at: datetime | None
    created_by: str
    created_at: datetime
    schedule_version: int
    """+1 at each pause and resume: the due-work key of a scheduled round names it (never reused)."""


@dataclass(frozen=True)
class RoundView:
    id: int
    checkin_id: int
    number: int
    round_date: date
    opened_at: datetime
    opened_by: str | None
    deadline_at: datetime
    closed_at: datetime | None
    close_reason: str | None
    digest: str
    digest_due_at: datetime | None
    digest_attempts: int
    opening: int
    """+1 at each reopen: the due-work keys of the round's close, reminders and digest name it."""

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class ParticipantView:
    id: int
    round_id: int
    user_key: str
    member: str | None
    timezone: str
    due_at: datetime
    sent: str
    sent_at: datetime | None
    attempts: int
    reminded: int
    answers: dict[str, Any] | None
    answered_at: datetime | None


@dataclass(frozen=True)
class CheckinAct:
    """One answered participant row, for `participation`."""

    user_key: str
    member: str | None
    at: datetime


def _checkin(row: Checkin) -> CheckinView:
    return plain(
        CheckinView,
        row,
        definition=dict(row.definition),
        audience=tuple(row.audience or ()),
        reminder_minutes=tuple(row.reminder_minutes or ()),
    )


def _round(row: CheckinRound) -> RoundView:
    return plain(RoundView, row)


def _participant(row: CheckinParticipant) -> ParticipantView:
    answers = dict(row.answers) if row.answers is not None else None
    return plain(ParticipantView, row, answers=answers)


def _changed(result: Any) -> bool:
    return bool(getattr(result, "rowcount", 0))


class CheckinRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    # definitions

    async def create(self, **values: Any) -> CheckinView:
        async with self.db.transaction() as s:
            row = Checkin(**values)
            s.add(row)
            await s.flush()
            return _checkin(row)

    async def get(self, checkin_id: int) -> CheckinView | None:
        async with self.db.transaction() as s:
            row = await s.get(Checkin, checkin_id)
            return _checkin(row) if row is not None else None

    async def all(self) -> list[CheckinView]:
        async with self.db.transaction() as s:
            return [_checkin(r) for r in (await s.scalars(select(Checkin).order_by(Checkin.id))).all()]

    async def linked_to(self, series_ids: Sequence[int]) -> list[CheckinView]:
        """The check-ins whose digest goes before a call of these meeting series."""
        if not series_ids:
            return []
        async with self.db.transaction() as s:
            query = select(Checkin).where(Checkin.before_series.in_(list(series_ids))).order_by(Checkin.id)
            return [_checkin(r) for r in (await s.scalars(query)).all()]

    async def set_schedule(
        self, checkin_id: int, status: str, next_on: date | None, next_at: datetime | None
    ) -> None:
        async with self.db.transaction() as s:
            await s.execute(
                update(Checkin)
                .where(Checkin.id == checkin_id)
                .values(
                    status=status,
                    next_round_on=next_on,
                    next_round_at=next_at,
                    schedule_version=Checkin.schedule_version + 1,
                )
            )

    async def move_next(
        self, checkin_id: int, old_on: date | None, new_on: date | None, new_at: datetime | None
    ) -> bool:
        """Move the next scheduled round from ``old_on`` on (compare-and-set: one replica wins)."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(Checkin)
                .where(Checkin.id == checkin_id, Checkin.next_round_on == old_on)
                .values(next_round_on=new_on, next_round_at=new_at)
            )
            return _changed(result)

    # rounds

    async def add_round(
        self,
        checkin_id: int,
        round_date: date,
        *,
        opened_at: datetime,
        opened_by: str | None,
        deadline_at: datetime,
        digest: str,
        participants: Sequence[dict[str, Any]],
    ) -> RoundView | None:
        """Insert the round and its participant rows, unless a round of that date exists (None then)."""
        dialect = postgresql if self.db.dialect == "postgresql" else sqlite
        async with self.db.transaction() as s:
            number = (
                await s.scalar(
                    select(func.max(CheckinRound.number)).where(CheckinRound.checkin_id == checkin_id)
                )
                or 0
            ) + 1
            statement = (
                dialect.insert(CheckinRound)
                .values(
                    checkin_id=checkin_id,
                    number=number,
                    round_date=round_date,
                    opened_at=opened_at,
                    opened_by=opened_by,
                    deadline_at=deadline_at,
                    digest=digest,
                    digest_attempts=0,
                )
                .on_conflict_do_nothing(index_elements=["checkin_id", "round_date"])
                .returning(CheckinRound.__table__.c.id)
            )
            round_id = await s.scalar(statement)
            if round_id is None:
                return None
            s.add_all(
                CheckinParticipant(round_id=round_id, sent="pending", attempts=0, reminded=0, **p)
                for p in participants
            )
            await s.flush()
            row = await s.get(CheckinRound, round_id)
            assert row is not None
            return _round(row)

    async def bring_forward(self, round_id: int, now: datetime) -> int:
        """Make the DMs of a round not yet sent due ``now`` (`checkin open` on a scheduled round whose
        local times have not all come); how many."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinParticipant)
                .where(
                    CheckinParticipant.round_id == round_id,
                    CheckinParticipant.sent == "pending",
                    CheckinParticipant.due_at > now,
                )
                .values(due_at=now)
                .execution_options(synchronize_session=False)
            )
            return int(getattr(result, "rowcount", 0) or 0)

    async def round(self, round_id: int) -> RoundView | None:
        async with self.db.transaction() as s:
            row = await s.get(CheckinRound, round_id)
            return _round(row) if row is not None else None

    async def rounds(self, checkin_id: int) -> list[RoundView]:
        async with self.db.transaction() as s:
            query = select(CheckinRound).where(CheckinRound.checkin_id == checkin_id)
            return [_round(r) for r in (await s.scalars(query.order_by(CheckinRound.number))).all()]

    async def latest_round(self, checkin_id: int) -> RoundView | None:
        rounds = await self.rounds(checkin_id)
        return rounds[-1] if rounds else None

    async def open_rounds(self, checkin_id: int | None = None) -> list[RoundView]:
        """The open rounds (of one check-in)."""
        async with self.db.transaction() as s:
            query = select(CheckinRound).where(CheckinRound.closed_at.is_(None))
            if checkin_id is not None:
                query = query.where(CheckinRound.checkin_id == checkin_id)
            return [_round(r) for r in (await s.scalars(query.order_by(CheckinRound.id))).all()]

    async def close(self, round_id: int, at: datetime, reason: str, digest_due_at: datetime | None) -> bool:
        """Close the round if still open (compare-and-set); the digest becomes due at ``digest_due_at``."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinRound)
                .where(CheckinRound.id == round_id, CheckinRound.closed_at.is_(None))
                .values(closed_at=at, close_reason=reason, digest_due_at=digest_due_at)
            )
            return _changed(result)

    async def reopen(self, round_id: int, deadline: datetime, digest: str) -> bool:
        """Open a closed round again until ``deadline`` (compare-and-set on ``closed_at``): its digest is
        owed again at the next close, and reminders count from the new deadline."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinRound)
                .where(CheckinRound.id == round_id, CheckinRound.closed_at.is_not(None))
                .values(
                    closed_at=None,
                    close_reason=None,
                    deadline_at=deadline,
                    digest=digest,
                    digest_due_at=None,
                    digest_attempts=0,
                    opening=CheckinRound.opening + 1,
                )
            )
            if not _changed(result):
                return False
            await s.execute(
                update(CheckinParticipant).where(CheckinParticipant.round_id == round_id).values(reminded=0)
            )
            return True

    async def claim_digest(self, round_id: int) -> bool:
        """Take the round's digest (pending -> sending, compare-and-set): True for the replica that did."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinRound)
                .where(CheckinRound.id == round_id, CheckinRound.digest == "pending")
                .values(digest="sending", digest_attempts=CheckinRound.digest_attempts + 1)
            )
            return _changed(result)

    async def pending_digests(self, checkin_id: int | None = None) -> list[RoundView]:
        """Closed rounds (of one check-in) whose digest is owed (``pending``, with its moment)."""
        async with self.db.transaction() as s:
            query = select(CheckinRound).where(
                CheckinRound.digest == "pending",
                CheckinRound.closed_at.is_not(None),
                CheckinRound.digest_due_at.is_not(None),
            )
            if checkin_id is not None:
                query = query.where(CheckinRound.checkin_id == checkin_id)
            return [_round(r) for r in (await s.scalars(query.order_by(CheckinRound.id))).all()]

    async def mark_digest(self, round_id: int, state: str, *, was: str = "sending") -> bool:
        """``sent``, ``failed`` for good, or ``pending`` again (a failed post, tried again by the engine):
        compare-and-set from ``was``."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinRound)
                .where(CheckinRound.id == round_id, CheckinRound.digest == was)
                .values(digest=state)
            )
            return _changed(result)

    # participants

    async def participants(self, round_id: int) -> list[ParticipantView]:
        async with self.db.transaction() as s:
            query = select(CheckinParticipant).where(CheckinParticipant.round_id == round_id)
            rows = (
                await s.scalars(query.order_by(CheckinParticipant.member, CheckinParticipant.user_key))
            ).all()
            return [_participant(r) for r in rows]

    async def participant(self, round_id: int, user_key: str) -> ParticipantView | None:
        async with self.db.transaction() as s:
            row = await s.scalar(
                select(CheckinParticipant).where(
                    CheckinParticipant.round_id == round_id, CheckinParticipant.user_key == user_key
                )
            )
            return _participant(row) if row is not None else None

    async def participant_by_id(self, participant_id: int) -> ParticipantView | None:
        async with self.db.transaction() as s:
            row = await s.get(CheckinParticipant, participant_id)
            return _participant(row) if row is not None else None

    async def unsent(
        self, max_attempts: int, checkin_id: int | None = None
    ) -> list[tuple[RoundView, ParticipantView]]:
        """Rows (of one check-in) whose DM is not yet sent (pending, or failed with attempts left) in open
        rounds, with their round."""
        async with self.db.transaction() as s:
            query = (
                select(CheckinRound, CheckinParticipant)
                .join(CheckinParticipant, CheckinParticipant.round_id == CheckinRound.id)
                .where(
                    CheckinRound.closed_at.is_(None),
                    (CheckinParticipant.sent == "pending")
                    | ((CheckinParticipant.sent == "failed") & (CheckinParticipant.attempts < max_attempts)),
                )
                .order_by(CheckinParticipant.due_at, CheckinParticipant.id)
            )
            if checkin_id is not None:
                query = query.where(CheckinRound.checkin_id == checkin_id)
            return [(_round(r), _participant(p)) for r, p in (await s.execute(query)).all()]

    async def claim_sends(self, participant_ids: Sequence[int], max_attempts: int) -> list[int]:
        """Take these participants' DMs (pending, or failed with attempts left -> sending) in one
        compare-and-set update: the ids this replica took (another replica's update matches none of them)."""
        if not participant_ids:
            return []
        table = CheckinParticipant.__table__
        statement = (
            update(CheckinParticipant)
            .where(
                CheckinParticipant.id.in_(list(participant_ids)),
                (CheckinParticipant.sent == "pending")
                | ((CheckinParticipant.sent == "failed") & (CheckinParticipant.attempts < max_attempts)),
            )
            .values(sent="sending", attempts=CheckinParticipant.attempts + 1)
            .returning(table.c.id)
        )
        async with self.db.transaction() as s:
            return list((await s.scalars(statement)).all())

    async def mark_sent(self, participant_ids: Sequence[int], state: str, at: datetime) -> None:
        if not participant_ids:
            return
        async with self.db.transaction() as s:
            await s.execute(
                update(CheckinParticipant)
                .where(CheckinParticipant.id.in_(list(participant_ids)))
                .values(sent=state, sent_at=at if state == "sent" else None)
            )

    async def claim_reminder(self, participant_id: int, done: int, upto: int) -> bool:
        """Count reminders ``done`` -> ``upto`` for an unanswered participant (compare-and-set)."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinParticipant)
                .where(
                    CheckinParticipant.id == participant_id,
                    CheckinParticipant.reminded == done,
                    CheckinParticipant.answered_at.is_(None),
                )
                .values(reminded=upto)
            )
            return _changed(result)

    async def save_answers(self, participant_id: int, answers: dict[str, Any], at: datetime) -> bool:
        """Store the answers while the participant's round is open; False (nothing stored) once closed."""
        open_rounds = select(CheckinRound.id).where(CheckinRound.closed_at.is_(None))
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinParticipant)
                .where(CheckinParticipant.id == participant_id, CheckinParticipant.round_id.in_(open_rounds))
                .values(answers=answers, answered_at=at)
            )
            return _changed(result)

    async def hand_over(self, participant_id: int, user_key: str) -> bool:
        """Give an open round's row to ``user_key`` (the country's new focal point); False once closed."""
        open_rounds = select(CheckinRound.id).where(CheckinRound.closed_at.is_(None))
        async with self.db.transaction() as s:
            result = await s.execute(
                update(CheckinParticipant)
                .where(CheckinParticipant.id == participant_id, CheckinParticipant.round_id.in_(open_rounds))
                .values(user_key=user_key)
            )
            return _changed(result)

    async def rounds_of(self, user_key: str) -> list[tuple[RoundView, ParticipantView]]:
        """The rounds this user takes part in, newest first."""
        async with self.db.transaction() as s:
            query = (
                select(CheckinRound, CheckinParticipant)
                .join(CheckinParticipant, CheckinParticipant.round_id == CheckinRound.id)
                .where(CheckinParticipant.user_key == user_key)
                .order_by(CheckinRound.id.desc())
            )
            return [(_round(r), _participant(p)) for r, p in (await s.execute(query)).all()]

    async def answered_between(self, since: datetime, until: datetime) -> list[CheckinAct]:
        async with self.db.transaction() as s:
            query = select(
                CheckinParticipant.user_key, CheckinParticipant.member, CheckinParticipant.answered_at
            ).where(CheckinParticipant.answered_at >= since, CheckinParticipant.answered_at < until)
            return [CheckinAct(u, m, a) for u, m, a in (await s.execute(query)).all() if a is not None]
