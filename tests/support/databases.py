"""Real databases for tests: SQLite files, and PostgreSQL when FOCBOT_TEST_DATABASE_URL is set.

Each backend is migrated and seeded once per session into a template; every test then gets a database
in the template's state (a file copy for SQLite; on PostgreSQL one database per worker set back to the
template's rows between tests, `PostgresWorkDatabase`, or a ``CREATE DATABASE ... TEMPLATE`` copy of its
own), so tests stay isolated and fast while still running the real migrations.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import asyncpg
from sqlalchemy.engine import make_url

from storage.db import Database
from storage.migrate import upgrade_and_seed

PG_ENV = "FOCBOT_TEST_DATABASE_URL"
T = TypeVar("T")


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
        self.work = directory / "work.db"
        asyncio.run(migrate_and_seed(sqlite_url(self.path)))

    def copy(self, target_dir: Path) -> str:
        target = target_dir / "focbot-test.db"
        shutil.copyfile(self.path, target)
        return sqlite_url(target)

    def fresh(self) -> str:
        """This process's work file set back to the template: one path for every test of the process, so
        that its apps share one engine (`DatabaseShelf`). The copy replaces the file (a new inode: a
        connection a test left open keeps the old one and cannot write into the copy), and what lay beside
        it (a WAL, shared memory, a rollback journal: a killed process leaves them) goes first, or SQLite
        would replay it into the copy."""
        for leftover in ("-wal", "-shm", "-journal"):
            self.work.with_name(self.work.name + leftover).unlink(missing_ok=True)
        copy = self.work.with_name(self.work.name + ".new")
        shutil.copyfile(self.path, copy)
        os.replace(copy, self.work)
        return sqlite_url(self.work)


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


class DatabaseShelf:
    """Database handles kept between the apps of this test process, by URL. SQLAlchemy caches compiled
    statements per engine, so an app on a new engine compiles every statement it runs again: for the
    in-process tests that was about a fifth of their time. Each test's database is at the same URL as the
    last test's (this process's SQLite work file, its PostgreSQL work database), so the next app borrows
    the last one's handle, statements compiled. A handle is lent to one app at a time, and its connections
    are closed when it comes back and again when it is lent (what the last test's tasks gave back late)."""

    def __init__(self) -> None:
        self._idle: dict[str, list[Database]] = {}

    @asynccontextmanager
    async def lend(self, url: str) -> AsyncIterator[Database]:
        idle = self._idle.setdefault(url, [])
        db = idle.pop() if idle else Database.connect(url)
        # a task of the last test that ended with its loop may have given a connection back since: one on
        # the database as it was, never to be used again
        await db.dispose()
        try:
            yield db
        finally:
            await db.dispose()
            idle.append(db)


SHELF = DatabaseShelf()
"""This test process's shelf of database handles (`open_dialogue`)."""


SEED_SCHEMA = "focbot_seed"
"""The schema of a work database that keeps the template's seeded rows (the app reads ``public`` only)."""


class PostgresWorkDatabase:
    """One database for the tests of this worker, set back to the template's state before each test: every
    other connection ended, every table's rows deleted and the seed re-inserted (foreign keys not checked
    meanwhile: ``session_replication_role``), every sequence set back, in one round trip (about 10 ms; a
    fresh copy of the template costs a ``CREATE DATABASE``, its first connections and a ``DROP``). A test
    that changed the schema (a migration run down) leaves a database that is replaced by a new copy."""

    def __init__(self, template: PostgresTemplate) -> None:
        self.template = template
        self._loop = asyncio.new_event_loop()
        self._conn: asyncpg.Connection | None = None
        self.url = ""
        self._reset_sql = ""
        self._shape: object = None
        self._replace()

    def _run(self, coro: Awaitable[T]) -> T:
        return self._loop.run_until_complete(coro)

    def _replace(self) -> None:
        """A new copy of the template (the old one dropped), its seed kept aside and its reset written."""
        if self._conn is not None:
            self._conn.terminate()
            self.template.drop(self.url.rsplit("/", 1)[1])
        self.url = self.template.copy()
        dsn = make_url(self.url).set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn = self._run(asyncpg.connect(dsn))
        self._run(self._prepare(self._conn))

    async def _prepare(self, conn: asyncpg.Connection) -> None:
        tables = [
            r["tablename"]
            for r in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                " AND tablename <> 'alembic_version' ORDER BY tablename"
            )
        ]
        seeded = [t for t in tables if await conn.fetchval(f'SELECT EXISTS (SELECT FROM public."{t}")')]
        sequences = await conn.fetch(
            "SELECT schemaname, sequencename, start_value, last_value FROM pg_sequences"
            " WHERE schemaname = 'public'"
        )
        await conn.execute(f"CREATE SCHEMA {SEED_SCHEMA}")
        for table in seeded:
            await conn.execute(f'CREATE TABLE {SEED_SCHEMA}."{table}" AS TABLE public."{table}"')
        setvals = [
            f"SELECT setval('public.\"{r['sequencename']}\"', {r['last_value'] or r['start_value']},"
            f" {'true' if r['last_value'] is not None else 'false'})"
            for r in sequences
        ]
        self._reset_sql = ";\n".join(
            [
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()",
                "SET session_replication_role = replica",
                *(f'DELETE FROM public."{t}"' for t in tables),
                *(f'INSERT INTO public."{t}" SELECT * FROM {SEED_SCHEMA}."{t}"' for t in seeded),
                *setvals,
                "SET session_replication_role = DEFAULT",
            ]
        )
        self._shape = await self._read_shape(conn)

    @staticmethod
    async def _read_shape(conn: asyncpg.Connection) -> object:
        """The schema's fingerprint: its columns, constraints and migration revision."""
        return await conn.fetchval(
            "SELECT md5(coalesce(string_agg(x, ',' ORDER BY x), '')) FROM ("
            " SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable AS x"
            " FROM information_schema.columns WHERE table_schema = 'public'"
            " UNION ALL SELECT conrelid::regclass::text || '/' || conname FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace"
            " UNION ALL SELECT 'rev:' || version_num FROM public.alembic_version) AS shape"
        )

    def fresh(self) -> str:
        """The database set back to the template's state (a new copy if the schema was changed)."""
        assert self._conn is not None
        try:
            same = self._run(self._read_shape(self._conn)) == self._shape
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):  # the server restarted, say
            same = False
        if not same:
            self._replace()
            assert self._conn is not None
        self._run(self._conn.execute(self._reset_sql))
        return self.url

    def close(self) -> None:
        if self._conn is not None:
            self._run(self._conn.close())
            self.template.drop(self.url.rsplit("/", 1)[1])
        self._loop.close()
