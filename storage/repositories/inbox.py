"""Claiming platform events exactly once (Slack retries, Matrix redelivery, several replicas)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from storage.db import Database
from storage.models.inbox import ProcessedEvent


class Inbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(self, platform: str, event_id: str, at: datetime) -> bool:
        """True the first time this event is seen (the caller handles it), False for every repeat."""
        try:
            async with self.db.transaction() as s:
                s.add(ProcessedEvent(platform=platform, event_id=event_id, received_at=at))
        except IntegrityError:
            return False
        return True

    async def forget_before(self, cutoff: datetime) -> int:
        """Drop records older than ``cutoff`` (platforms stop retrying after minutes)."""
        async with self.db.transaction() as s:
            result = await s.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
