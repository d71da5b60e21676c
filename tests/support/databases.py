"""Real databases for tests: SQLite files, and PostgreSQL when FOCBOT_TEST_DATABASE_URL is set.

Each backend is migrated and seeded once per session into a template; every test then gets its own
copy (a file copy for SQLite, ``CREATE DATABASE ... TEMPLATE`` for PostgreSQL), so tests stay isolated
and fast while still running the real migrations.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from storage.db import Database
from storage.migrate import upgrade_and_seed

PG_ENV = "FOCBOT_TEST_DATABASE_URL"


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if os.environ.get(PG_ENV) else ["sqlite"]


async def migrate_and_seed(url: str) -> None:
    db = Database.connect(url)
    try:
        await upgrade_and_seed(db)
    finally:
        await db.dispose()


async def pg_admin(base_url: str, *statements: str) -> None:
    """Run ``statements`` on the PostgreSQL server of ``base_url`` (CREATE/DROP DATABASE, no transaction)."""
    dsn = make_url(base_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


class SqliteTemplate:
    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.db"
        asyncio.run(migrate_and_seed(sqlite_url(self.path)))

    def copy(self, target_dir: Path) -> str:
        target = target_dir / "focbot-test.db"
        shutil.copyfile(self.path, target)
        return sqlite_url(target)


class PostgresTemplate:
    """The migrated template and its copies. ``CREATE DATABASE ... TEMPLATE`` waits on fsync for about
    0.4 s, so the next copies are made in a background thread while the current test runs; a test takes
    one ready (or waits for it) and its database is dropped in the background too."""

    AHEAD = 3  # copies made in advance, two at a time (the server overlaps their fsyncs)

    def __init__(self, base_url: str) -> None:
        self.base = make_url(base_url)
        self.name = f"focbot_tpl_{uuid.uuid4().hex[:10]}"
        asyncio.run(self._admin(f'CREATE DATABASE "{self.name}"'))
        asyncio.run(migrate_and_seed(self.url(self.name)))
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="pg-template")
        self._ready: deque[Future[str]] = deque(self._pool.submit(self._create) for _ in range(self.AHEAD))

    def url(self, database: str) -> str:
        return self.base.set(database=database).render_as_string(hide_password=False)

    async def _admin(self, *statements: str) -> None:
        await pg_admin(self.base.render_as_string(hide_password=False), *statements)

    def _create(self) -> str:
        name = f"focbot_t_{uuid.uuid4().hex[:12]}"
        asyncio.run(self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"'))
        return name

    def _drop(self, name: str) -> None:
        asyncio.run(self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def copy(self) -> str:
        """A fresh copy of the template of its own, made in advance; the next one is started now."""
        try:
            name = self._ready.popleft().result()
        except (OSError, asyncpg.PostgresError):  # made while the server was down (the restart test)
            name = self._create()
        self._ready.append(self._pool.submit(self._create))
        return self.url(name)

    def drop(self, name: str) -> None:
        """Drop a copy (in the background: nothing waits on it; `close` waits for every drop)."""
        self._pool.submit(self._drop, name)

    def close(self) -> None:
        unused = [future.result() for future in self._ready if future.exception() is None]
        self._pool.shutdown(wait=True)
        for name in [*unused, self.name]:
            self._drop(name)
