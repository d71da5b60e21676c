"""The native polls the Matrix adapter posted (which command a vote runs, whether it has ended)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from bot.adapters.matrix.storage.models import MatrixPoll
from storage.db import Database


@dataclass(frozen=True)
class PollRecord:
    event_id: str
    room_id: str
    question: str
    answers: tuple[tuple[str, str, str], ...]  # (answer id, label, value)
    command: str
    max_selections: int
    created_by: str | None
    ended_at: datetime | None

    def value_of(self, answer_id: str) -> str | None:
        return next((value for aid, _label, value in self.answers if aid == answer_id), None)


def _record(row: MatrixPoll) -> PollRecord:
    answers = tuple((str(a), str(b), str(c)) for a, b, c in json.loads(row.answers))
    return PollRecord(
        row.event_id,
        row.room_id,
        row.question,
        answers,
        row.command,
        row.max_selections,
        row.created_by,
        row.ended_at,
    )


class MatrixPollRepository:
    def __init__(self, db: Database, account: str) -> None:
        self.db = db
        self.account = account

    async def add(
        self,
        event_id: str,
        room_id: str,
        question: str,
        answers: list[tuple[str, str, str]],
        command: str,
        created_by: str | None,
        at: datetime,
        max_selections: int = 1,
        message_event_id: str | None = None,
    ) -> None:
        async with self.db.transaction() as s:
            s.add(
                MatrixPoll(
                    event_id=event_id,
                    account=self.account,
                    room_id=room_id,
                    question=question,
                    answers=json.dumps(answers),
                    command=command,
                    max_selections=max_selections,
                    created_by=created_by,
                    created_at=at,
                    message_event_id=message_event_id,
                )
            )

    async def get(self, event_id: str) -> PollRecord | None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixPoll, event_id)
            return _record(row) if row is not None and row.account == self.account else None

    async def answered_by(self, event_id: str) -> PollRecord | None:
        """The poll that a reaction or reply to ``event_id`` answers: the poll itself, or the message it
        was posted under."""
        async with self.db.transaction() as s:
            row = await s.scalar(
                select(MatrixPoll)
                .where(
                    MatrixPoll.account == self.account,
                    or_(MatrixPoll.event_id == event_id, MatrixPoll.message_event_id == event_id),
                )
                .limit(1)
            )
            return _record(row) if row is not None else None

    async def latest_open(self, room_id: str) -> PollRecord | None:
        async with self.db.transaction() as s:
            row = await s.scalar(
                select(MatrixPoll)
                .where(
                    MatrixPoll.account == self.account,
                    MatrixPoll.room_id == room_id,
                    MatrixPoll.ended_at.is_(None),
                )
                .order_by(MatrixPoll.created_at.desc())
                .limit(1)
            )
            return _record(row) if row is not None else None

    async def mark_ended(self, event_id: str, end_event_id: str, at: datetime) -> bool:
        """True if this call ended the poll (False: it had ended already)."""
        async with self.db.transaction() as s:
            row = await s.get(MatrixPoll, event_id, with_for_update=True)
            if row is None or row.ended_at is not None:
                return False
            row.ended_at, row.end_event_id = at, end_event_id
            return True
