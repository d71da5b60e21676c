"""Killing the scheduler's replica while reminders are due: the standby takes over and sends each once."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handlers.due import Policy
from tests.support.processes import BotProcess, wait_for
from tests.support.reminders import Tally, create_series, delivery_statuses, minute, wait_for_claims

pytestmark = pytest.mark.slow  # kills real replica processes

IN_FLIGHT = 100  # the due-work engine's batch: a round of one row per lane (each call its own place) is
# marked "sending" in one write right before its sends; a process killed mid-round leaves at most that many
LEASE = {"FOCBOT_DUE_LEASE_SECONDS": "3"}  # a dead leader's claims expire (and are settled) 3 s on


def test_the_rows_in_flight_are_at_most_the_engines_batch() -> None:
    assert Policy().batch == IN_FLIGHT


def _due_now(url: str, count: int) -> list[str]:
    """``count`` reminders due a minute ago for calls starting in 59 minutes, made behind the leader's
    back (as a standby that handles `meeting new` makes them: only the database knows)."""
    now = datetime.now(UTC)
    start, made = minute(now) + timedelta(minutes=59), now - timedelta(hours=1)
    return asyncio.run(create_series(url, count, start=start, created_at=made))


def test_reminders_due_when_the_leader_dies_are_sent_once_by_the_standby(
    pg_database_url: str, tmp_path: Path
) -> None:
    slow = {"FOCBOT_TIMER_RESYNC_SECONDS": "300", **LEASE}  # the leader will not find them before it dies
    leader = BotProcess.replica("leader", pg_database_url, tmp_path, **slow)
    leader.wait_role("leader")
    standby = BotProcess.replica("standby", pg_database_url, tmp_path, **slow)
    try:
        standby.wait_role("standby")
        rooms = _due_now(pg_database_url, 100)
        leader.kill()
        killed = time.monotonic()
        standby.wait_role("leader", timeout=15)
        takeover = time.monotonic() - killed
        wait_for_claims(pg_database_url, 100)
        wait_for(lambda: Tally.of(rooms, standby.notifications()).delivered == 100, 30, "100 reminders")
        tally = Tally.of(rooms, leader.notifications(), standby.notifications())
    finally:
        leader.close()
        standby.close()
    assert (tally.delivered, tally.duplicated, tally.missed) == (100, 0, 0)
    assert leader.notifications() == []
    assert takeover < 5.0
    assert asyncio.run(delivery_statuses(pg_database_url)) == {"sent": 100}


def test_killing_the_leader_mid_burst_sends_nothing_twice_and_hides_nothing(
    pg_database_url: str, tmp_path: Path
) -> None:
    fast = {"FOCBOT_TIMER_RESYNC_SECONDS": "0.5", **LEASE}  # the leader finds them at once
    leader = BotProcess.replica("leader", pg_database_url, tmp_path, **fast)
    leader.wait_role("leader")
    standby = BotProcess.replica("standby", pg_database_url, tmp_path, **fast)
    try:
        standby.wait_role("standby")
        rooms = _due_now(pg_database_url, 400)
        wait_for(lambda: leader.notifications(), 30, "the leader to start sending")
        leader.kill()
        standby.wait_role("leader", timeout=15)
        wait_for_claims(pg_database_url, 400)
        statuses = asyncio.run(delivery_statuses(pg_database_url))
        tally = Tally.of(rooms, leader.notifications(), standby.notifications())
    finally:
        leader.close()
        standby.close()
    assert sum(statuses.values()) == 400  # every reminder was claimed exactly once, by one replica
    assert tally.duplicated == 0
    # At most once: what the dead leader had begun sending but not marked ends "unknown" (never resent,
    # never shown as sent); every reminder recorded "sent" was delivered.
    assert statuses.get("sent", 0) <= tally.delivered
    assert tally.missed <= statuses.get("unknown", 0) <= IN_FLIGHT  # at most the round in flight
    assert tally.delivered > 0
