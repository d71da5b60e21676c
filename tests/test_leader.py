"""Leader election: one replica runs the timers; another takes over within seconds when it dies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.duties import TimerDuty
from bot.leader import AdvisoryLockLeadership, Role
from bot.timers import SchedulerTimers
from tests.support.databases import sqlite_url
from tests.support.processes import CORE_KINDS, BotProcess, wait_for

pytestmark = pytest.mark.slow  # runs replicas as real processes


def test_a_sqlite_process_always_leads_and_serves_health_and_metrics(tmp_path: Path) -> None:
    bot = BotProcess.headless("solo", sqlite_url(tmp_path / "solo.db"), tmp_path)
    try:
        bot.wait_role("leader")
        health = bot.healthz()
        idle = {"pending": 0, "oldest_seconds": 0.0, "failed": 0}
        due = {kind: idle for kind in CORE_KINDS}  # every kind of the core (no platform: no outbox)
        assert health == {"status": "ok", "database": True, "role": "leader", "platforms": {}, "due": due}
        metrics = bot.get("/metrics")
        assert "focbot_leader 1.0" in metrics
        assert 'focbot_due_pending{kind="personal_reminder"} 0.0' in metrics
        assert "focbot_command_seconds_bucket" in metrics or "focbot_command_seconds" in metrics
        assert bot.terminate() == 0, bot.stderr()
        assert "runs headless" in bot.stderr()
        assert "Traceback" not in bot.stderr()
    finally:
        bot.close()


def test_killing_the_leader_hands_the_timers_to_a_standby_within_seconds(
    pg_database_url: str, tmp_path: Path
) -> None:
    retry = {"FOCBOT_LEADER_RETRY_SECONDS": "0.25"}
    first = BotProcess.headless("first", pg_database_url, tmp_path, **retry)
    try:
        first.wait_role("leader")
        second = BotProcess.headless("second", pg_database_url, tmp_path, **retry)
        try:
            second.wait_role("standby")
            time.sleep(1.0)  # several retry rounds: the standby stays a standby while the leader lives
            assert (first.role(), second.role()) == ("leader", "standby")

            first.kill()
            killed = time.monotonic()
            second.wait_role("leader", timeout=15)
            takeover = time.monotonic() - killed
            assert takeover < 5.0, f"takeover took {takeover:.1f} s"

            third = BotProcess.headless("third", pg_database_url, tmp_path, **retry)
            try:
                third.wait_role("standby")
                assert second.role() == "leader"
                assert "focbot_leader 0.0" in third.get("/metrics")
            finally:
                third.close()
        finally:
            second.close()
    finally:
        first.close()


async def _backend_pids(url: str) -> list[int]:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND application_name = 'focbot-leader' AND pid <> pg_backend_pid()"
        )
        return [int(r["pid"]) for r in rows]
    finally:
        await conn.close()


async def _terminate(url: str, pids: list[int]) -> None:
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        for pid in pids:
            await conn.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


async def _until(predicate: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        await asyncio.sleep(0.05)


async def test_a_leader_that_loses_its_connection_steps_down_and_pauses_its_timers(
    pg_database_url: str,
) -> None:
    fired: list[str] = []
    rebuilt: list[str] = []
    replicas = []
    for name in ("a", "b"):
        timers = SchedulerTimers()
        timers.start(paused=True)

        async def rebuild(name: str = name) -> None:
            rebuilt.append(name)

        duty = TimerDuty(timers, [rebuild])
        leadership = AdvisoryLockLeadership(pg_database_url, retry_seconds=0.2)
        await leadership.start(duty.elected, duty.demoted)
        replicas.append((name, leadership, timers))
    (_, a, a_timers), (_, b, b_timers) = replicas
    try:
        assert (a.role, b.role) == (Role.LEADER, Role.STANDBY)
        assert a_timers.active and not b_timers.active
        assert rebuilt == ["a"]  # the leader runs the start-up hooks; the standby does not

        async def ring() -> None:
            fired.append("a")

        a_timers.arm("ring", datetime.now(UTC) + timedelta(seconds=30), ring)
        await _terminate(pg_database_url, await _backend_pids(pg_database_url))  # both sessions cut
        await _until(lambda: a.role is not Role.LEADER or b.role is Role.LEADER, 5)
        await _until(lambda: [a.role, b.role].count(Role.LEADER) == 1, 10)
        leader, timers = (a, a_timers) if a.is_leader else (b, b_timers)
        assert timers.active
        assert rebuilt == [
            "a",
            "a" if leader is a else "b",
        ]  # a takeover rebuilds the timers from the database
        assert not (b_timers if leader is a else a_timers).active
        for _ in range(10):  # stays settled: one leader
            await asyncio.sleep(0.1)
            assert [a.role, b.role].count(Role.LEADER) == 1
    finally:
        for _, leadership, timers in replicas:
            await leadership.stop()
            timers.shutdown()
    assert a.role is Role.STOPPED and b.role is Role.STOPPED
    assert fired == []


async def test_a_stopping_leader_releases_the_lock_at_once(pg_database_url: str) -> None:
    a = AdvisoryLockLeadership(pg_database_url, retry_seconds=0.2)
    b = AdvisoryLockLeadership(pg_database_url, retry_seconds=0.2)
    elected: list[bool] = []

    async def noted(takeover: bool) -> None:
        elected.append(takeover)

    async def nothing() -> None:
        return None

    await a.start(noted, nothing)
    await b.start(noted, nothing)
    try:
        assert (a.role, b.role) == (Role.LEADER, Role.STANDBY)
        started = time.monotonic()
        await a.stop()
        await _until(lambda: b.is_leader, 5)
        assert time.monotonic() - started < 2
        assert elected == [False, True]
    finally:
        await a.stop()
        await b.stop()


def test_wait_for_reports_what_it_waited_for() -> None:
    with pytest.raises(AssertionError, match="waiting for nothing"):
        wait_for(lambda: False, 0.1, "nothing")


async def test_leader_runners_follow_the_role_and_a_failure_stops_serving(database_url: str) -> None:
    """The Matrix sync's pattern: a loop only the leader runs, started when elected, cancelled when not."""
    from bot.app import build_app, lifespan
    from bot.serve import run_until_stopped
    from tests.support.dialogue import test_settings as settings_for

    events: list[str] = []

    async def sync_loop() -> None:
        events.append("started")
        try:
            await asyncio.sleep(3600)
        finally:
            events.append("stopped")

    app = build_app(settings_for(database_url))
    app.leader_runners.append(sync_loop)
    async with lifespan(app):
        await asyncio.sleep(0)
        assert events == ["started"]
        assert app.duty is not None
        await app.duty.demoted()
        assert events == ["started", "stopped"]
        await app.duty.elected(takeover=True)
        await asyncio.sleep(0)
        assert events == ["started", "stopped", "started"]
    assert events == ["started", "stopped", "started", "stopped"]

    async def broken() -> None:
        raise ConnectionError("homeserver gone")

    app = build_app(settings_for(database_url))
    app.leader_runners.append(broken)
    async with lifespan(app):
        assert app.duty is not None
        await asyncio.wait_for(run_until_stopped([], app.duty.failed), 5)
        assert isinstance(app.duty.failure, ConnectionError)


async def test_the_resync_reruns_the_rebuild_hooks_only_never_the_start_work() -> None:
    timers = SchedulerTimers(fire=False)
    timers.start(paused=True)
    done: list[str] = []

    async def start() -> None:
        done.append("start")

    async def rebuild() -> None:
        done.append("rebuild")

    duty = TimerDuty(timers, [rebuild], resync_seconds=0.01, start=[start])
    try:
        await duty.elected(takeover=False)
        await _until(lambda: done.count("rebuild") >= 3, 5)
        assert done[:2] == ["start", "rebuild"] and done.count("start") == 1
        await duty.demoted()
        await duty.elected(takeover=True)  # a new election is a new start
        assert done.count("start") == 2
    finally:
        await duty.demoted()
        timers.shutdown()
