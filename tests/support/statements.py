"""Counting what a command asks of the database: SQL statements and connection checkouts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event

from storage.db import Database


@dataclass
class Statements:
    """What ran while counting: each statement's first line, and how many connections were checked out."""

    sql: list[str] = field(default_factory=list)
    checkouts: int = 0

    def reading(self, table: str) -> list[str]:
        """The SELECTs whose FROM names ``table``."""
        return [s for s in self.sql if s.startswith("SELECT") and f"FROM {table}" in s]

    def writing(self, table: str) -> list[str]:
        return [s for s in self.sql if s.startswith(("INSERT INTO " + table, "UPDATE " + table))]


@contextmanager
def counting(db: Database) -> Iterator[Statements]:
    """Every statement the engine of ``db`` sends (BEGIN/COMMIT are not statements here) while inside."""
    seen = Statements()
    engine = db.engine.sync_engine

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.sql.append(" ".join(sql.split()))

    def checkout(*_: Any) -> None:
        seen.checkouts += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine.pool, "checkout", checkout)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine.pool, "checkout", checkout)
