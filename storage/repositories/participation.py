"""What participation reads besides RSVPs: named survey responses in a window.

Anonymous surveys are left out in the query itself: their respondent keys are keyed hashes and must never
be counted towards a country."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.db import Database
from storage.models import Survey, SurveyResponse


@dataclass(frozen=True)
class ResponseView:
    survey_id: int
    user_key: str
    updated_at: datetime


class ParticipationRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def named_survey_responses(self, since: datetime, until: datetime) -> list[ResponseView]:
        query = (
            select(SurveyResponse.survey_id, SurveyResponse.respondent_key, SurveyResponse.updated_at)
            .join(Survey, Survey.id == SurveyResponse.survey_id)
            .where(
                Survey.anonymous.is_(False),
                SurveyResponse.updated_at >= since,
                SurveyResponse.updated_at <= until,
            )
            .order_by(SurveyResponse.updated_at)
        )
        async with self.db.transaction() as s:
            return [ResponseView(int(a), str(b), c) for a, b, c in (await s.execute(query)).all()]
