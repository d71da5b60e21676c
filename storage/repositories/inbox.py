"""Claiming platform events exactly once (Slack retries, Matrix redelivery, several replicas)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.db import Database
from storage.models.inbox import ProcessedEvent
from storage.repositories.write_batch import WriteBatcher

Claim = tuple[str, str, datetime]  # platform, event id, when it arrived


class Inbox:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._batcher: WriteBatcher[Claim, bool] = WriteBatcher(self._claim_batch)

    async def claim(self, platform: str, event_id: str, at: datetime) -> bool:
        """True the first time this event is seen (the caller handles it), False for every repeat.

        Claims that arrive together are written in one statement and one transaction (`WriteBatcher`):
        a burst of requests does not queue on the database's write lock one claim at a time."""
        return await self._batcher.submit((platform, event_id, at))

    async def _claim_batch(self, claims: Sequence[Claim]) -> list[bool]:
        insert = postgresql_insert if self.db.dialect == "postgresql" else sqlite_insert
        rows = [{"platform": p, "event_id": e, "received_at": at} for p, e, at in claims]
        statement = (
            insert(ProcessedEvent)
            .values(rows)
            .on_conflict_do_nothing(index_elements=[ProcessedEvent.platform, ProcessedEvent.event_id])
            .returning(ProcessedEvent.platform, ProcessedEvent.event_id)
        )
        async with self.db.transaction() as s:
            new = {(row[0], row[1]) for row in await s.execute(statement)}
        claimed = []
        for platform, event_id, _ in claims:  # the same event twice in one batch: the first one has it
            key = (platform, event_id)
            claimed.append(key in new)
            new.discard(key)
        return claimed

    async def forget_before(self, cutoff: datetime) -> int:
        """Drop records older than ``cutoff`` (platforms stop retrying after minutes)."""
        async with self.db.transaction() as s:
            result = await s.execute(delete(ProcessedEvent).where(ProcessedEvent.received_at < cutoff))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]
