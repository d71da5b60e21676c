"""Log configuration: one line per event, to standard error, secrets never formatted in."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiosqlite", "asyncio", "sqlalchemy.engine", "alembic.runtime.migration", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
