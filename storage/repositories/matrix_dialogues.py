"""Survey dialogues in Matrix direct chats: which survey and question each user is at."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from storage.db import Database
from storage.models.matrix import MatrixSurveyDialogue


@dataclass(frozen=True)
class DialogueState:
    user_id: str
    survey_id: int
    question: int
    visited: tuple[int, ...]


class MatrixDialogueRepository:
    def __init__(self, db: Database, account: str) -> None:
        self.db = db
        self.account = account

    async def get(self, user_id: str) -> DialogueState | None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixSurveyDialogue, (self.account, user_id))
            if row is None:
                return None
            return DialogueState(row.user_id, row.survey_id, row.question, tuple(json.loads(row.visited)))

    async def save(self, state: DialogueState, at: datetime) -> None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixSurveyDialogue, (self.account, state.user_id))
            if row is None:
                row = MatrixSurveyDialogue(account=self.account, user_id=state.user_id)
                s.add(row)
            row.survey_id, row.question = state.survey_id, state.question
            row.visited, row.updated_at = json.dumps(list(state.visited)), at

    async def end(self, user_id: str) -> None:
        async with self.db.transaction() as s:
            await s.execute(
                delete(MatrixSurveyDialogue).where(
                    MatrixSurveyDialogue.account == self.account, MatrixSurveyDialogue.user_id == user_id
                )
            )
