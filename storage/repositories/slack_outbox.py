"""The Slack outbox: messages owed to someone, kept until Slack accepts them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import SlackOutboxMessage


class SlackOutbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(
        self,
        *,
        user_id: str,
        channel: str | None,
        thread_ts: str | None,
        payload: str,
        error: str,
        at: datetime,
        next_attempt_at: datetime,
    ) -> int:
        async with self.db.transaction() as s:
            row = SlackOutboxMessage(
                user_id=user_id,
                channel=channel,
                thread_ts=thread_ts,
                payload=payload,
                attempts=1,
                last_error=error[:200],
                created_at=at,
                next_attempt_at=next_attempt_at,
            )
            s.add(row)
            await s.flush()
            return int(row.id)

    async def get(self, message_id: int) -> SlackOutboxMessage | None:
        async with self.db.transaction() as s:
            return await s.get(SlackOutboxMessage, message_id)

    async def pending(self) -> Sequence[SlackOutboxMessage]:
        async with self.db.transaction() as s:
            query = select(SlackOutboxMessage).order_by(SlackOutboxMessage.next_attempt_at)
            return (await s.scalars(query)).all()

    async def failed_again(self, message_id: int, *, error: str, next_attempt_at: datetime) -> int:
        """Count one more failed attempt; returns the number of attempts so far."""
        async with self.db.transaction() as s:
            row = await s.get(SlackOutboxMessage, message_id)
            if row is None:
                return 0
            row.attempts += 1
            row.last_error = error[:200]
            row.next_attempt_at = next_attempt_at
            return int(row.attempts)

    async def delivered(self, message_id: int) -> bool:
        async with self.db.transaction() as s:
            result = await s.execute(delete(SlackOutboxMessage).where(SlackOutboxMessage.id == message_id))
            return bool(result.rowcount)  # type: ignore[attr-defined]
