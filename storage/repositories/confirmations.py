"""Proposals waiting for their author's `yes` (`handlers.meetings.confirm`): stored, found, decided once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update

from storage.db import Database
from storage.models import PendingConfirmation

MAX_ID = 2**31 - 1
KEEP_DECIDED = timedelta(days=7)
"""Decided and expired proposals are deleted this long after they expired (a replayed button still finds
its answer until then)."""


@dataclass(frozen=True)
class Proposal:
    id: int
    actor_key: str
    place_key: str
    action: str
    request: dict[str, Any]
    summary: str
    state: str
    created_at: datetime
    expires_at: datetime
    result_id: int | None
    decided_at: datetime | None = None


def _view(row: PendingConfirmation) -> Proposal:
    return Proposal(
        row.id,
        row.actor_key,
        row.place_key,
        row.action,
        json.loads(row.request),
        row.summary,
        row.state,
        row.created_at,
        row.expires_at,
        row.result_id,
        row.decided_at,
    )


class ConfirmationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def propose(
        self,
        *,
        actor_key: str,
        place_key: str,
        action: str,
        request: dict[str, Any],
        summary: str,
        at: datetime,
        expires_at: datetime,
    ) -> Proposal:
        """Store a proposal; the author's earlier pending one in the same place is replaced (a `yes` there
        answers the latest), and long-decided ones are deleted."""
        async with self.db.transaction() as s:
            await s.execute(
                delete(PendingConfirmation).where(PendingConfirmation.expires_at < at - KEEP_DECIDED)
            )
            await s.execute(
                update(PendingConfirmation)
                .where(
                    PendingConfirmation.actor_key == actor_key,
                    PendingConfirmation.place_key == place_key,
                    PendingConfirmation.state == "pending",
                )
                .values(state="replaced", decided_at=at)
            )
            row = PendingConfirmation(
                actor_key=actor_key,
                place_key=place_key,
                action=action,
                request=json.dumps(request, sort_keys=True),
                summary=summary,
                state="pending",
                created_at=at,
                expires_at=expires_at,
            )
            s.add(row)
            await s.flush()
            return _view(row)

    async def get(self, proposal_id: int) -> Proposal | None:
        if not 0 < proposal_id <= MAX_ID:
            return None
        async with self.db.transaction() as s:
            row = await s.get(PendingConfirmation, proposal_id)
            return _view(row) if row is not None else None

    async def latest_for(self, actor_key: str, place_key: str, since: datetime) -> Proposal | None:
        """The author's latest proposal in that place, decided or not, unless it expired before ``since``."""
        async with self.db.transaction() as s:
            row = await s.scalar(
                select(PendingConfirmation)
                .where(
                    PendingConfirmation.actor_key == actor_key,
                    PendingConfirmation.place_key == place_key,
                    PendingConfirmation.expires_at > since,
                )
                .order_by(PendingConfirmation.id.desc())
                .limit(1)
            )
            return _view(row) if row is not None else None

    async def decide(self, proposal_id: int, actor_key: str, state: str, at: datetime) -> bool:
        """Move the proposal from ``pending`` to ``state``; True only for the one call that did (a second
        `yes`, a replayed button or another replica finds it decided)."""
        async with self.db.transaction() as s:
            result = await s.execute(
                update(PendingConfirmation)
                .where(
                    PendingConfirmation.id == proposal_id,
                    PendingConfirmation.actor_key == actor_key,
                    PendingConfirmation.state == "pending",
                )
                .values(state=state, decided_at=at)
            )
            return bool(getattr(result, "rowcount", 0) == 1)

    async def settle(self, proposal_id: int, state: str, result_id: int | None = None) -> None:
        """Record how a claimed proposal ended (``confirmed`` with what it created)."""
        async with self.db.transaction() as s:
            await s.execute(
                update(PendingConfirmation)
                .where(PendingConfirmation.id == proposal_id)
                .values(state=state, result_id=result_id)
            )
