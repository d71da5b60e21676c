"""Fault-test helpers: what a database holds after a crash, and a brief PostgreSQL restart."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from sqlalchemy import select, text

from storage.db import Database
from storage.models import ActivityNote


async def stored_notes(database_url: str, activity_id: str, prefix: str) -> set[str]:
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            rows = await s.scalars(
                select(ActivityNote.text).where(
                    ActivityNote.activity_id == activity_id, ActivityNote.text.startswith(prefix)
                )
            )
            return set(rows)
    finally:
        await db.dispose()


async def stored_respondents(database_url: str, survey_id: int) -> set[str]:
    """Who has a stored response to ``survey_id`` (user keys: the survey is not anonymous)."""
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            rows = await s.execute(
                text("SELECT respondent_key FROM survey_responses WHERE survey_id = :s"), {"s": survey_id}
            )
            return {str(r[0]) for r in rows}
    finally:
        await db.dispose()


def pg_ready() -> bool:
    return (
        subprocess.run(
            ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False, timeout=10
        ).returncode
        == 0
    )


def can_restart_postgresql() -> str | None:
    """None when this machine can restart its local PostgreSQL cluster, else why not."""
    if shutil.which("pg_ctlcluster") is None or shutil.which("pg_isready") is None:
        return "pg_ctlcluster is not installed"
    if not Path("/etc/postgresql").is_dir() or not any(Path("/etc/postgresql").iterdir()):
        return "no local PostgreSQL cluster"
    return None


def restart_postgresql(timeout: float = 60.0) -> float:
    """Restart the local cluster (fast shutdown: every session is cut) and wait until it accepts
    connections again. Returns the seconds it was unavailable."""
    version = sorted(p.name for p in Path("/etc/postgresql").iterdir())[0]
    started = time.monotonic()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart", "-m", "fast"],
        check=True,
        timeout=timeout,
        capture_output=True,
    )
    deadline = started + timeout
    while not pg_ready():
        if time.monotonic() > deadline:
            raise AssertionError("PostgreSQL did not come back after the restart")
        time.sleep(0.1)
    return time.monotonic() - started
