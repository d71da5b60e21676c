"""Faults with real processes: kill -9 mid-burst, a PostgreSQL restart. Nothing acknowledged is lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.faults import can_restart_postgresql, restart_postgresql, stored_notes, stored_respondents
from tests.support.processes import CORE_KINDS, BotProcess, wait_for

pytestmark = pytest.mark.slow  # kills real bot processes

BURST = 300
KILL_AFTER = 20  # acknowledged answers before the kill: it lands early in the burst, the rest still queued


def _acknowledged_notes(replica: BotProcess, prefix: str) -> set[str]:
    return {
        str(r["data"]["note"])
        for r in replica.replies()
        if isinstance(r.get("data"), dict) and str(r["data"].get("note", "")).startswith(prefix)
    }


async def test_kill_9_during_a_burst_of_writes_loses_no_acknowledged_one(
    database_url: str, tmp_path: Path
) -> None:
    replica = BotProcess.replica("burst", database_url, tmp_path)
    try:
        replica.wait_role("leader")
        replica.send(*(f"activity 1A.2 note burst-{i:04d}" for i in range(BURST)))
        wait_for(lambda: len(replica.replies()) >= KILL_AFTER, 60, "the first writes to be acknowledged")
        replica.kill()
        acknowledged = _acknowledged_notes(replica, "burst-")
    finally:
        replica.close()
    assert 0 < len(acknowledged) < BURST, "the kill must land in the middle of the burst"
    stored = await stored_notes(database_url, "1A.2", "burst-")
    assert acknowledged <= stored, f"lost acknowledged writes: {sorted(acknowledged - stored)[:5]}"
    assert len(stored - acknowledged) <= 1  # the console answers one at a time: at most one was in flight

    again = BotProcess.replica("after", database_url, tmp_path)
    try:
        again.wait_role("leader")
        again.send("activity 1A.2 note after-restart")
        wait_for(lambda: _acknowledged_notes(again, "after-"), 30, "the restarted replica to answer")
    finally:
        again.close()
    assert "after-restart" in await stored_notes(database_url, "1A.2", "after-")


def _acknowledged_answers(replica: BotProcess) -> set[str]:
    """The users whose `survey answer` got a "saved" reply (each preceded by its `:as NAME` reply)."""
    acknowledged, current = set(), None
    for reply in replica.replies():
        data = reply.get("data")
        if isinstance(data, dict) and "as" in data:
            current = str(data["as"])
        elif isinstance(data, dict) and data.get("saved") is True:
            acknowledged.add(f"console:{current}")
    return acknowledged


async def test_kill_9_during_a_burst_of_survey_answers_loses_no_acknowledged_answer(
    database_url: str, tmp_path: Path
) -> None:
    people = [f"u{i:03d}" for i in range(BURST)]
    replica = BotProcess.replica("survey", database_url, tmp_path)
    try:
        replica.wait_role("leader")
        replica.send("survey new support-unit", f"survey open 1 to={','.join(people)}")
        wait_for(lambda: len(replica.replies()) >= 2, 60, "the survey to open")
        assert [r.get("status") for r in replica.replies()] == [None, None], replica.replies()
        opened = len(replica.replies())
        burst = [
            line for name in people for line in (f":as {name}", 'survey answer 1 1=1,2 2="Quick replies"')
        ]
        replica.send(*burst)
        wait_for(lambda: len(replica.replies()) - opened >= 2 * KILL_AFTER, 60, "the first answers")
        replica.kill()
        acknowledged = _acknowledged_answers(replica)
    finally:
        replica.close()
    assert 0 < len(acknowledged) < BURST, "the kill must land in the middle of the burst"
    stored = await stored_respondents(database_url, 1)
    assert acknowledged <= stored, f"lost acknowledged answers: {sorted(acknowledged - stored)[:5]}"
    assert len(stored - acknowledged) <= 1  # at most the one in flight when the process died


@pytest.mark.serial  # the restart cuts every connection: no other test may run meanwhile
async def test_a_postgresql_restart_is_survived_without_losing_anything(
    pg_database_url: str, tmp_path: Path
) -> None:
    why_not = can_restart_postgresql()
    if why_not:
        pytest.skip(why_not)
    replica = BotProcess.replica("pg-restart", pg_database_url, tmp_path)
    try:
        replica.wait_role("leader")
        replica.send(*(f"activity 1A.2 note before-{i:02d}" for i in range(20)))
        wait_for(lambda: len(_acknowledged_notes(replica, "before-")) == 20, 30, "the first notes")

        down_for = restart_postgresql()
        assert down_for < 60
        replica.assert_alive()
        replica.send(*(f"activity 1A.2 note after-{i:02d}" for i in range(20)))
        wait_for(lambda: len(replica.replies()) >= 40, 60, "answers after the restart")
        answers = replica.replies()[20:40]
        assert all("status" not in a for a in answers), [a["text"] for a in answers if "status" in a]
        replica.wait_role("leader", timeout=30)  # the lock connection was cut: it re-elects itself
        idle = {"pending": 0, "oldest_seconds": 0.0, "failed": 0}  # the due-work backlog, read again
        assert replica.healthz() == {
            "status": "ok",
            "database": True,
            "role": "leader",
            "platforms": {},
            "due": {kind: idle for kind in CORE_KINDS},
        }
        acknowledged = _acknowledged_notes(replica, "before-") | _acknowledged_notes(replica, "after-")
    finally:
        replica.close()
    assert len(acknowledged) == 40
    stored = await stored_notes(pg_database_url, "1A.2", "before-") | await stored_notes(
        pg_database_url, "1A.2", "after-"
    )
    assert acknowledged == stored
    assert "lost the database connection" in replica.stderr() or "cannot reach" in replica.stderr()
