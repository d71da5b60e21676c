"""The Slack outbox: messages owed to someone, kept until Slack accepts them. A message and its due-work
row (its retries, `bot.adapters.slack.outbox`) are stored in one transaction: none is kept unretried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from bot.adapters.slack.storage.models import SlackOutboxMessage
from storage.db import Database
from storage.repositories.due_work import DueRow, put_rows
from storage.repositories.plain import plain


@dataclass(frozen=True, slots=True)
class OwedMessage:
    """A kept message as a plain value (the ``slack_outbox`` row's attribute names)."""

    id: int
    channel: str | None
    user_id: str
    thread_ts: str | None
    payload: str
    reason: str | None
    created_at: datetime


class SlackOutbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def keep(
        self,
        *,
        user_id: str,
        channel: str | None,
        thread_ts: str | None,
        payload: str,
        reason: str,
        at: datetime,
        due: Callable[[int, datetime], DueRow],
    ) -> DueRow:
        """Store the message and its due-work row (``due(message id, at)``) together; returns the row."""
        async with self.db.transaction() as s:
            row = SlackOutboxMessage(
                user_id=user_id,
                channel=channel,
                thread_ts=thread_ts,
                payload=payload,
                reason=reason[:200],
                created_at=at,
            )
            s.add(row)
            await s.flush()
            work = due(int(row.id), at)
            await put_rows(s, self.db.dialect, [work], at)
            return work

    async def get(self, message_id: int) -> OwedMessage | None:
        async with self.db.transaction() as s:
            row = await s.get(SlackOutboxMessage, message_id)
            return None if row is None else plain(OwedMessage, row)

    async def forget(self, message_id: int) -> bool:
        """Delete a message once its row is settled (sent, or never to be sent again)."""
        async with self.db.transaction() as s:
            result = await s.execute(delete(SlackOutboxMessage).where(SlackOutboxMessage.id == message_id))
            return bool(result.rowcount)  # type: ignore[attr-defined]
