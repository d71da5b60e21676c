"""Leader election: exactly one replica runs the timers at a time.

On PostgreSQL the leader is the replica holding a session-level advisory lock on a connection of its own
(not from the pool). Standbys retry ``pg_try_advisory_lock`` every ``retry_seconds``; when the leader dies
its connection drops, PostgreSQL releases the lock and a standby takes over within about that interval.
The leader checks its connection every ``retry_seconds`` and steps down (pauses its timers) when it is
lost. On SQLite, a single process by design, the process is always the leader.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url

if TYPE_CHECKING:
    import asyncpg

log = logging.getLogger("focbot.leader")

LEADER_LOCK_ID = 7_264_002  # storage.migrate uses 7_264_001 for migrations
Elected = Callable[[bool], Awaitable[None]]
"""Called with ``takeover=False`` when elected at start, True when elected later (taking over)."""
Demoted = Callable[[], Awaitable[None]]


class Role(StrEnum):
    STARTING = "starting"
    LEADER = "leader"
    STANDBY = "standby"
    STOPPED = "stopped"


async def _nothing(*_: Any) -> None:
    return None


class Leadership:
    """Always the leader (SQLite); the PostgreSQL election is `AdvisoryLockLeadership`."""

    def __init__(self) -> None:
        self.role = Role.STARTING
        self.elections = 0
        self.since: float | None = None  # time.monotonic() of the last change of role
        self.on_change: list[Callable[[Role], None]] = []
        self._on_elected: Elected = _nothing
        self._on_demoted: Demoted = _nothing

    @property
    def is_leader(self) -> bool:
        return self.role is Role.LEADER

    async def start(self, on_elected: Elected, on_demoted: Demoted) -> None:
        """Try once now (so a lone replica leads when this returns), then keep trying in the background."""
        self._on_elected, self._on_demoted = on_elected, on_demoted
        await self._become_leader(takeover=False)

    async def stop(self) -> None:
        if self.is_leader:
            await self._on_demoted()
        self._set(Role.STOPPED)

    async def _become_leader(self, takeover: bool) -> bool:
        """Lead. A failure of the duties at start is raised (the process does not start half-working);
        on a takeover it is logged and the replica steps down, to try again."""
        self._set(Role.LEADER)
        self.elections += 1
        if not takeover:
            await self._on_elected(takeover)
            return True
        try:
            await self._on_elected(takeover)
        except Exception:
            log.exception("leader: start-up duties failed; stepping down")
            await self._step_down()
            return False
        return True

    async def _step_down(self) -> None:
        if self.is_leader:
            self._set(Role.STANDBY)
            try:
                await self._on_demoted()
            except Exception:
                log.exception("leader: stepping down failed")

    def _set(self, role: Role) -> None:
        if role is not self.role:
            self.role = role
            self.since = time.monotonic()
            for listener in self.on_change:
                listener(role)


class AdvisoryLockLeadership(Leadership):
    """The PostgreSQL election: a session-level advisory lock held on a dedicated connection."""

    def __init__(
        self,
        database_url: str,
        *,
        retry_seconds: float = 1.0,
        timeout_seconds: float = 5.0,
        lock_id: int = LEADER_LOCK_ID,
    ) -> None:
        super().__init__()
        self._dsn = make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        self.retry_seconds = retry_seconds
        self.timeout_seconds = timeout_seconds
        self.lock_id = lock_id
        self._conn: asyncpg.Connection | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()

    async def start(self, on_elected: Elected, on_demoted: Demoted) -> None:
        self._on_elected, self._on_demoted = on_elected, on_demoted
        self._set(Role.STANDBY)
        await self._try_to_lead(takeover=False)
        self._task = asyncio.create_task(self._loop(), name="focbot-leader")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        was_leader = self.is_leader
        await self._step_down()
        if was_leader and self._conn is not None and not self._conn.is_closed():
            try:  # released now, before this call returns: a replica starting next finds it free
                await self._conn.fetchval(
                    "SELECT pg_advisory_unlock($1)", self.lock_id, timeout=self.timeout_seconds
                )
            except Exception as exc:
                log.warning("leader: cannot release the lock (%s); closing", type(exc).__name__)
        await self._close()  # closing the session releases it too, once the server has ended the backend
        self._set(Role.STOPPED)

    async def _loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.retry_seconds)
            self._wake.clear()
            if self.is_leader:
                if not await self._alive():
                    log.warning("leader: lost the database connection; stepping down")
                    await self._step_down()
                    await self._close()
            else:
                await self._try_to_lead(takeover=True)

    async def _try_to_lead(self, takeover: bool) -> None:
        try:
            if self._conn is None or self._conn.is_closed():
                import asyncpg  # PostgreSQL only: SQLite processes never load the driver

                self._conn = await asyncpg.connect(
                    self._dsn,
                    timeout=self.timeout_seconds,
                    server_settings={"application_name": "focbot-leader"},
                )
                self._conn.add_termination_listener(self._terminated)
            got = await self._conn.fetchval(
                "SELECT pg_try_advisory_lock($1)", self.lock_id, timeout=self.timeout_seconds
            )
        except Exception as exc:  # refused, restarting, timed out: a standby simply retries
            log.warning("leader: cannot reach the database (%s); retrying", type(exc).__name__)
            await self._close()
            return
        if got:
            log.info("leader: this replica now runs the timers (takeover=%s)", takeover)
            if not await self._become_leader(takeover):
                await self._close()

    async def _alive(self) -> bool:
        conn = self._conn
        if conn is None or conn.is_closed():
            return False
        try:
            await conn.fetchval("SELECT 1", timeout=self.timeout_seconds)
        except Exception:
            return False
        return True

    def _terminated(self, _conn: object) -> None:
        self._wake.set()  # check at once instead of at the next tick

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.is_closed():
            try:
                await asyncio.wait_for(conn.close(), self.timeout_seconds)
            except Exception:
                conn.terminate()


def leadership_for(database_url: str, *, retry_seconds: float = 1.0) -> Leadership:
    """The advisory-lock election on PostgreSQL, always-leader elsewhere (SQLite: one process)."""
    if make_url(database_url).get_backend_name() == "postgresql":
        return AdvisoryLockLeadership(database_url, retry_seconds=retry_seconds)
    return Leadership()
