"""The database handle: one async engine and its session factory, made by `Database.connect`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import ORMExecuteState, Session

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_POOL_SIZE = 16
WROTE = "focbot_wrote"
"""``Session.info`` key: the session flushed or ran a statement that is not a SELECT since its last commit."""


class UnitSession(Session):
    """A session that notes when it writes (`WROTE`), so that a `Database.unit` commits only then."""


@event.listens_for(UnitSession, "do_orm_execute")
def _note_statement(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(UnitSession, "after_flush")
def _note_flush(session: Session, _context: Any) -> None:
    session.info[WROTE] = True


@dataclass
class _Unit:
    """The session one task's unit of work shares (`Database.unit`)."""

    db: Database
    session: AsyncSession
    owner: asyncio.Task[Any] | None
    busy: bool = False


_UNIT: ContextVar[_Unit | None] = ContextVar("focbot_db_unit", default=None)


class Database:
    """Owns the engine. Repositories open short transactions through `transaction()`."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False, sync_session_class=UnitSession)

    @classmethod
    def connect(cls, url: str, **engine_options: Any) -> Database:
        parsed = make_url(url)
        options: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            options["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
            # connections kept open for a burst of commands: past the pool's size each one is opened
            # (a thread, the file, the pragmas) and closed again for every use
            if parsed.database not in (None, "", ":memory:"):  # a file (memory has a pool of its own)
                options["pool_size"] = SQLITE_POOL_SIZE
        else:  # a server connection may have dropped while idle; a file cannot (no ping before each use)
            options["pool_pre_ping"] = True
        options.update(engine_options)
        engine = create_async_engine(url, **options)
        if parsed.get_backend_name() == "sqlite":
            event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return cls(engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed on success, rolled back on error.

        Inside a `unit` of this task, the unit's session: the reads of one command share one connection
        and transaction; a block that wrote is committed at its end, as alone (so nothing waits on a
        writer's lock), and a block that raised is rolled back."""
        unit = _UNIT.get()
        if unit is None or unit.db is not self or unit.busy or unit.owner is not asyncio.current_task():
            async with self.sessions() as session, session.begin():
                yield session
            return
        session = unit.session
        unit.busy = True  # a transaction opened inside this one gets a session of its own, as before
        try:
            yield session
            wrote = session.new or session.dirty or session.deleted or session.info.get(WROTE)
            if wrote or not self._spare_connections():
                await session.commit()  # its connection goes back to the pool
                session.info[WROTE] = False
        except BaseException:
            await session.rollback()
            session.info[WROTE] = False
            raise
        finally:
            session.expunge_all()  # values leave a repository as plain values: no row outlives its block
            unit.busy = False

    def _spare_connections(self) -> bool:
        """Fewer connections in use than the pool keeps: a unit may hold its own between two blocks. Past
        that it gives it back after each block, so that units waiting on other tasks (a write batch) never
        hold every connection those tasks need."""
        pool = self.engine.sync_engine.pool
        checkedout = getattr(pool, "checkedout", None)
        size = getattr(pool, "size", None)
        if checkedout is None or size is None:
            return True  # a pool without limits (NullPool, StaticPool)
        return bool(checkedout() < size())

    @asynccontextmanager
    async def unit(self) -> AsyncIterator[None]:
        """One command's database work on one session and connection (the dispatcher and the adapters
        open it around a command): every `transaction` of this task inside it joins it. Tasks the command
        starts (``gather``, background work) use their own transactions. Nested units are one."""
        current = _UNIT.get()
        task = asyncio.current_task()
        if current is not None and current.db is self and current.owner is task:
            yield
            return
        async with self.sessions() as session:
            token = _UNIT.set(_Unit(self, session, task))
            try:
                yield
            finally:
                _UNIT.reset(token)

    async def ping(self) -> bool:
        from sqlalchemy import text

        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
