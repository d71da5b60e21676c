"""Log configuration: one line per event, to standard error, secrets never formatted in."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

from bot.redact import RedactSecrets


def configure_logging(level: str = "INFO", secrets: Iterable[str] = ()) -> None:
    """Log to standard error, one line per event, with ``secrets`` (and token shapes) masked."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiosqlite", "asyncio", "sqlalchemy.engine", "alembic.runtime.migration", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
