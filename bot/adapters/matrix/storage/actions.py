"""The Matrix messages that offer actions on a reaction (a reminder's Stop): which command a reaction of
each meaning runs, and in which room."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.adapters.matrix.storage.models import MatrixMessageActions
from storage.db import Database


@dataclass(frozen=True, slots=True)
class MessageActions:
    event_id: str
    room_id: str
    actions: dict[str, str]  # sign -> command


class MatrixActionsRepository:
    def __init__(self, db: Database, account: str) -> None:
        self.db = db
        self.account = account

    async def add(self, event_id: str, room_id: str, actions: dict[str, str], at: datetime) -> None:
        """Remember what a reaction to ``event_id`` may do (a replayed send, same event: kept once)."""
        async with self.db.transaction() as s:
            if await s.get(MatrixMessageActions, event_id) is not None:
                return
            s.add(
                MatrixMessageActions(
                    event_id=event_id,
                    account=self.account,
                    room_id=room_id,
                    actions=json.dumps(actions),
                    created_at=at,
                )
            )

    async def get(self, event_id: str) -> MessageActions | None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixMessageActions, event_id)
            if row is None or row.account != self.account:
                return None
            actions = {str(k): str(v) for k, v in json.loads(row.actions).items()}
            return MessageActions(row.event_id, row.room_id, actions)
