"""Answers to an anonymous survey typed in a shared room, where the other members read them: the bot
warns there and redacts the message when its power level allows (`BatchHandler.warn_exposed`)."""

from __future__ import annotations

import re

from bot.app import App

ANSWERS = re.compile(r"^\s*survey\s+answer\s+#?(\d{1,9})\s+\S", re.IGNORECASE)
REDACTED = (
    "This survey is anonymous: answer it in your direct chat with me, where no one else reads it. "
    "I removed your message from this room."
)
NOT_REDACTED = (
    "This survey is anonymous: answer it in your direct chat with me, where no one else reads it. "
    "I may not remove messages here, so please delete yours."
)


async def exposed_anonymous_answer(app: App, text: str) -> bool:
    """``text`` gives answers (not only `survey answer <id>`) to an anonymous survey."""
    match = ANSWERS.match(text)
    if match is None:
        return False
    survey = await app.services.surveys.find(int(match[1]))
    return survey is not None and survey.anonymous


def warning(redacted: bool) -> str:
    return REDACTED if redacted else NOT_REDACTED
