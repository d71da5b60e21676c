"""A logging filter that removes secrets from every record: configured secrets and token shapes."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydantic import BaseModel, SecretStr
from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    from bot.config import Settings

MASK = "[redacted]"
MIN_SECRET_LENGTH = 4  # shorter values would mask ordinary words
# Token shapes redacted even when not configured: Slack (xoxb-, xoxp-, xapp-), Matrix (syt_), URL passwords.
TOKEN_SHAPES = re.compile(
    r"\bxox[abposr]-[A-Za-z0-9-]{8,}|\bxapp-[A-Za-z0-9-]{8,}|\bsyt_[A-Za-z0-9_]{8,}"
    r"|(?<=://)[^/\s:@]+:[^/\s@]+(?=@)"
)


def model_secrets(model: BaseModel) -> list[str]:
    """Each `SecretStr` value in ``model`` and in the models it holds (an adapter's settings)."""
    secrets: list[str] = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, SecretStr):
            secrets.append(value.get_secret_value())
        elif isinstance(value, BaseModel):
            secrets += model_secrets(value)
    return secrets


def settings_secrets(settings: Settings) -> list[str]:
    """Every secret value in ``settings``: each `SecretStr` (the adapters' too) and the database URL's
    password."""
    secrets = model_secrets(settings)
    try:
        password = make_url(settings.database_url).password
    except Exception:
        password = None
    if password:
        secrets.append(str(password))
    return secrets


class RedactSecrets(logging.Filter):
    """Rewrites a record's message (arguments merged in), exception and stack text with secrets masked.

    Put it on every handler (a handler filter sees the records of all loggers; a logger filter would
    miss those propagated from child loggers)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        values = sorted({s for s in secrets if s and len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True)
        self._known = re.compile("|".join(re.escape(v) for v in values)) if values else None

    def redact(self, text: str) -> str:
        if self._known is not None:
            text = self._known.sub(MASK, text)
        return TOKEN_SHAPES.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the raw text, masked
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True
