"""The adapters' own tables (`storage.migrate.schema_parts`): moving the Matrix tables and their migrations
into `bot.adapters.matrix.storage` changed nothing in a database. From empty, `upgrade heads` makes exactly
the schema main made before the move at 0019_due_work (`tests/data/schema_0019.json`, recorded on SQLite and
PostgreSQL), and a database main made at 0019_due_work (`tests/data/pre_move_0019.*.sql`) upgrades to head,
keeps its rows and walks the chain down and up again to the same schema. Revisions added
since follow 0019 in the chain."""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, make_url

from bot.adapters.matrix.storage import MIGRATIONS as MATRIX_MIGRATIONS
from bot.adapters.matrix.storage.actions import MatrixActionsRepository
from bot.adapters.matrix.storage.polls import MatrixPollRepository
from bot.adapters.matrix.storage.repository import MatrixRepository
from bot.adapters.slack.storage import MIGRATIONS as SLACK_MIGRATIONS
from storage.db import Database
from storage.migrate import MIGRATIONS_DIR, alembic_config, current_heads, schema_parts, upgrade
from storage.models.base import Base
from tests.support.databases import PG_ENV, backends, pg_admin, sqlite_url
from tests.support.schema import dump_schema

DATA = Path(__file__).parent / "data"
RECORDED: dict[str, Any] = json.loads((DATA / "schema_0019.json").read_text())
# main's chain at 51a0659, oldest first: the ids and their order must never change
CHAIN = [
    "0001", "0002", "0003", "0004", "0005", "0006_survey_dialogues", "0007_focal_points_rsvps",
    "0008_personal_reminders", "0009_user_zone_source", "0010_checkins", "0011_meeting_groups",
    "0012_pending_confirmations", "0013_invites_survey_zone", "0014_poll_message", "0015_matrix_direct_rooms",
    "0016_web_tokens", "0017_reminder_limits", "0018_reminder_messages", "0019_due_work",
]  # fmt: skip
MATRIX_REVISIONS = {"0005", "0014_poll_message", "0015_matrix_direct_rooms", "0018_reminder_messages"}
SLACK_REVISIONS = {"0004"}
BOT = "@focbot:example.org"


@pytest.fixture(params=backends())
async def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A database with no table at all (a new SQLite file, or a new PostgreSQL database)."""
    if request.param == "sqlite":
        db = Database.connect(sqlite_url(tmp_path / "empty.db"))
        yield db
        await db.dispose()
        return
    base = os.environ[PG_ENV]
    name = f"focbot_empty_{uuid.uuid4().hex[:10]}"
    await pg_admin(base, f'CREATE DATABASE "{name}"')
    db = Database.connect(make_url(base).set(database=name).render_as_string(hide_password=False))
    try:
        yield db
    finally:
        await db.dispose()
        await pg_admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _restore(db: Database, script: str) -> None:
    """Load a dump main made (plain SQL) into the empty ``db``."""
    url = db.engine.url
    if db.dialect == "sqlite":
        with sqlite3.connect(str(url.database)) as conn:
            conn.executescript(script)
        return
    conn = await asyncpg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False))
    try:
        await conn.execute(script)  # its own connection: the dump empties this session's search_path
    finally:
        await conn.close()


def test_the_chain_keeps_mains_revision_ids_and_order_across_both_directories() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    walked = list(reversed(list(script.walk_revisions())))
    assert [r.revision for r in walked][: len(CHAIN)] == CHAIN  # later revisions follow, never in between
    walked = walked[: len(CHAIN)]
    where = {r.revision: Path(r.path).parent for r in walked}
    assert {rev for rev, folder in where.items() if folder == MATRIX_MIGRATIONS} == MATRIX_REVISIONS
    assert {rev for rev, folder in where.items() if folder == SLACK_MIGRATIONS} == SLACK_REVISIONS
    assert {rev for rev, folder in where.items() if folder == MIGRATIONS_DIR / "versions"} == (
        set(CHAIN) - MATRIX_REVISIONS - SLACK_REVISIONS
    )


def test_the_adapters_tables_are_registered_by_their_parts_on_the_one_metadata() -> None:
    assert [part.__name__ for part in schema_parts()] == [
        "bot.adapters.matrix.storage",
        "bot.adapters.slack.storage",
    ]
    matrix = {name for name in Base.metadata.tables if name.startswith("matrix_")}
    assert matrix == {name for name in RECORDED["sqlite"]["tables"] if name.startswith("matrix_")}
    assert len(matrix) == 7
    assert Base.metadata.tables["slack_outbox"].c.payload is not None  # registered by the Slack part


def _walk(connection: Connection, revision: str, down: bool) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    (command.downgrade if down else command.upgrade)(config, revision)


async def _walk_to(db: Database, revision: str, *, down: bool = False) -> None:
    async with db.engine.begin() as conn:
        await conn.run_sync(_walk, revision, down)


async def test_upgrade_from_empty_makes_the_schema_main_made(empty_database: Database) -> None:
    await _walk_to(empty_database, "0019_due_work")
    assert await dump_schema(empty_database) == RECORDED[empty_database.dialect]


async def test_a_database_main_made_at_0019_is_at_head_keeps_its_rows_and_walks_the_chain(
    empty_database: Database,
) -> None:
    db = empty_database
    await _restore(db, (DATA / f"pre_move_0019.{db.dialect}.sql").read_text())
    assert await current_heads(db) == {"0019_due_work"}  # the revision ids did not change
    assert await dump_schema(db) == RECORDED[db.dialect]
    await upgrade(db)
    at_head = await dump_schema(db)
    assert await MatrixRepository(db, BOT).sync_token() == "s72594_4483_1934"
    assert await MatrixRepository(db, BOT).direct_rooms() == {"!dm-alice:example.org": "@alice:example.org"}
    poll = await MatrixPollRepository(db, BOT).answered_by("$msg1")
    assert poll is not None and poll.event_id == "$poll1" and poll.command == "rsvp 3 {value}"
    actions = await MatrixActionsRepository(db, BOT).get("$msg1")
    assert actions is not None and actions.actions == {"stop": "reminder stop 1"}

    await _walk_to(db, "0004", down=True)  # down through both directories, then up again
    assert await current_heads(db) == {"0004"}
    await _walk_to(db, "heads")
    assert await dump_schema(db) == at_head
