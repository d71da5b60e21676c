"""Survey dialogues in direct chats (any platform): which survey and question each person is at."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from storage.db import Database
from storage.models.surveys import SurveyDialogue


@dataclass(frozen=True)
class DialogueState:
    user_key: str
    survey_id: int
    question: int
    visited: tuple[int, ...]


class SurveyDialogueRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_key: str) -> DialogueState | None:
        async with self.db.transaction() as s:
            row = await s.get(SurveyDialogue, user_key)
            if row is None:
                return None
            return DialogueState(row.user_key, row.survey_id, row.question, tuple(json.loads(row.visited)))

    async def save(self, state: DialogueState, at: datetime) -> None:
        async with self.db.transaction() as s:
            row = await s.get(SurveyDialogue, state.user_key)
            if row is None:
                row = SurveyDialogue(user_key=state.user_key)
                s.add(row)
            row.survey_id, row.question = state.survey_id, state.question
            row.visited, row.updated_at = json.dumps(list(state.visited)), at

    async def end(self, user_key: str) -> None:
        async with self.db.transaction() as s:
            await s.execute(delete(SurveyDialogue).where(SurveyDialogue.user_key == user_key))
