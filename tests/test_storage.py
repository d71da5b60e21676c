"""The schema: migrations equal the models, the seed is complete, idempotent and keeps admin edits."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from storage.db import Database
from storage.migrate import current_heads, script_heads, upgrade_and_seed
from storage.models import (
    Activity,
    Base,
    Chair,
    Goal,
    Network,
    Objective,
    Statement,
    TaskForce,
    Topic,
)
from storage.repositories.knowledge import KnowledgeRepository
from storage.seed.loader import load_seed


async def _count(db: Database, model: type[Base]) -> int:
    async with db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def test_migrations_match_models(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        assert await current_heads(db) == script_heads()

        def diff(connection):  # type: ignore[no-untyped-def]
            return compare_metadata(MigrationContext.configure(connection), Base.metadata)

        async with db.engine.connect() as conn:
            differences = await conn.run_sync(diff)
        assert differences == []
    finally:
        await db.dispose()


async def test_seed_has_the_whole_program_and_directory(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        assert await _count(db, Goal) == 3
        assert await _count(db, Objective) == 7
        assert await _count(db, Activity) == 33
        assert await _count(db, Topic) == 4
        assert await _count(db, Network) == 4
        assert await _count(db, TaskForce) == 5
        assert await _count(db, Statement) == 19
        assert await _count(db, Chair) == 16
        repo = KnowledgeRepository(db)
        ids = [a.id for a in await repo.activities()]
        assert ids[0] == "1A.1" and ids[-1] == "3D.3"
        assert [a.id for a in await repo.activities(objective="1A")][-1] == "1A.10"
        survey = await repo.activity("3B.3")
        assert survey is not None
        assert survey.text.startswith("Conduct a survey of the Support Unit's operations")
        assert "alternating meeting times to accommodate different time zones" in survey.text
        members = await repo.members()
        current = [m for m in members if m.is_current]
        assert len(current) == 41  # 42 listed, the United States left in 2026
        by_name = {m.name: m for m in members}
        assert by_name["Mongolia"].timezone == "Asia/Ulaanbaatar"
        assert by_name["Denmark"].joined is None  # unknown in the sources: stays unknown
        assert by_name["Taiwan"].kind == "observer"
        assert by_name["United States"].left == "2026-02-10"
        chairs = {c.year: c.chair for c in await repo.chairs()}
        assert chairs["2026"] == "Switzerland"
        assert chairs["2027"] is None
    finally:
        await db.dispose()


async def test_seed_twice_changes_nothing_and_keeps_admin_edits(database_url: str) -> None:
    db = Database.connect(database_url)
    try:
        repo = KnowledgeRepository(db)
        at = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)
        await repo.update_activity(
            "1A.2", by="console:admin", at=at, status="in progress", lead="Geneva team"
        )
        await repo.set_network_poc("geneva", "Jane Doe", by="console:admin", at=at)
        assert await load_seed(db) == (0, 0)
        await upgrade_and_seed(db)
        activity = await repo.activity("1A.2")
        assert activity is not None
        assert (activity.status, activity.lead, activity.updated_at) == ("in progress", "Geneva team", at)
        geneva = next(n for n in await repo.networks() if n.key == "geneva")
        assert geneva.poc == "Jane Doe"
        assert await _count(db, Activity) == 33
    finally:
        await db.dispose()


async def test_the_survey_dialogue_migration_keeps_the_matrix_dialogues(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    from storage.migrate import alembic_config

    def migrate(connection, revision: str, down: bool = False) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    db = Database.connect(database_url)
    insert = text(
        "INSERT INTO matrix_survey_dialogues (account, user_id, survey_id, question, visited, updated_at) "
        "VALUES (:account, :user, :survey, :question, :visited, :at)"
    )
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(migrate, "0005", True)
            for account, user, question, day in (
                ("@bot:old", "@bob:x", 2, 1),
                ("@bot:new", "@bob:x", 5, 2),  # the same person, later: this one is kept
                ("@bot:new", "@carol:x", 3, 1),
            ):
                at = datetime(2026, 11, day, tzinfo=UTC)
                params = {"visited": "[1]", "survey": 1, "at": at}
                await conn.execute(insert, {"account": account, "user": user, "question": question} | params)
            await conn.run_sync(migrate, "heads")
        async with db.engine.connect() as conn:
            found = await conn.execute(text("SELECT user_key, question, visited FROM survey_dialogues"))
            assert sorted(tuple(r) for r in found) == [
                ("matrix:@bob:x", 5, "[1]"),
                ("matrix:@carol:x", 3, "[1]"),
            ]
    finally:
        await db.dispose()
