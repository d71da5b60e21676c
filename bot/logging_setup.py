"""Log configuration: one line per event, to standard error, secrets never formatted in.

Third-party libraries log what they send and receive: at DEBUG slack_sdk prints every request body (who
answered what in a survey) and Bolt every payload; some WARNING lines quote a payload too. So, unless
``FOCBOT_LOG_BODIES=1`` (for debugging an integration, never in production):

- the loggers in `THIRD_PARTY` are floored at WARNING, whatever ``FOCBOT_LOG_LEVEL`` says;
- what they still write passes `QuietThirdParty` on the handler: no record below WARNING, and the rest with
  anything shaped like a payload (``{...}``, ``[...]``) or a user id (``U0123ABCD``, ``@alice:server``)
  masked, cut to one short line.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

from bot.redact import RedactSecrets

THIRD_PARTY = (
    "slack_sdk",
    "slack_bolt",
    "focbot.slack.bolt",  # the logger focbot hands to Bolt (and Bolt to its Web API client)
    "nio",
    "aiohttp",
    "websockets",
    "urllib3",
    "httpx",
    "peewee",
)
LINE_LIMIT = 200
_PAYLOAD = re.compile(r"\{.*\}|\[.*\]", re.DOTALL)
_USER_ID = re.compile(r"\b[UWB](?=[A-Z0-9]*\d)[A-Z0-9]{6,}\b|@[\w.=/+-]+:[\w.-]+")


def is_third_party(name: str) -> bool:
    return any(name == lib or name.startswith(lib + ".") for lib in THIRD_PARTY)


class QuietThirdParty(logging.Filter):
    """Drops third-party records below WARNING; masks payloads and user ids in the others."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not is_third_party(record.name):
            return True
        if record.levelno < logging.WARNING:
            return False
        message = _USER_ID.sub("<id>", _PAYLOAD.sub("{…}", record.getMessage()))
        message = message.splitlines()[0] if message else message
        record.msg = message if len(message) <= LINE_LIMIT else message[: LINE_LIMIT - 1] + "…"
        record.args = None
        return True


def configure_logging(level: str = "INFO", secrets: Iterable[str] = (), *, log_bodies: bool = False) -> None:
    """Log to standard error, one line per event, with ``secrets`` (and token shapes) masked and, unless
    ``log_bodies``, third-party loggers kept quiet (see the module docstring)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    if not log_bodies:
        handler.addFilter(QuietThirdParty())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiosqlite", "asyncio", "sqlalchemy.engine", "alembic.runtime.migration", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for library in THIRD_PARTY:
        logging.getLogger(library).setLevel(logging.NOTSET if log_bodies else logging.WARNING)
