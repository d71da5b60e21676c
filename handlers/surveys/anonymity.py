"""Pseudonyms for anonymous surveys: keyed hashes that stand for a person, never their user key.

``HMAC-SHA256(key, "<purpose>:<survey id>:<user key>")`` in hex. The survey id makes the hashes of one
person differ from survey to survey; the purpose makes a response's hash differ from a reminder's. The key
is FOCBOT_SECRET_KEY, or a random key made once and kept in the database (docs/surveys.md, "The key").
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from storage.repositories.survey_view import SurveyView
from storage.repositories.surveys import SurveyRepository

SECRET_NAME = "survey-anonymity-key"


class Pseudonyms:
    def __init__(self, repo: SurveyRepository, configured_key: bytes = b"") -> None:
        self._repo = repo
        self._key = configured_key or None

    async def key(self, now: datetime) -> bytes:
        """The configured key, else the stored one (made on first use; the first writer wins)."""
        if self._key is None:
            stored = await self._repo.secret(SECRET_NAME, secrets.token_hex(32), now)
            self._key = bytes.fromhex(stored)
        return self._key

    async def _hash(self, purpose: str, survey_id: int, user_key: str, now: datetime) -> str:
        message = f"{purpose}:{survey_id}:{user_key}".encode()
        return hmac.new(await self.key(now), message, hashlib.sha256).hexdigest()

    async def respondent(self, survey: SurveyView, user_key: str, now: datetime) -> str:
        """What a response is stored under: the user key, or its hash if the survey is anonymous."""
        return await self._hash("response", survey.id, user_key, now) if survey.anonymous else user_key

    async def reminder_recipient(self, survey: SurveyView, user_key: str, now: datetime) -> str:
        """What a reminder claim is stored under: the user key, or another hash if anonymous."""
        return await self._hash("reminder", survey.id, user_key, now) if survey.anonymous else user_key
