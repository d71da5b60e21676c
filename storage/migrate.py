"""Schema migrations (Alembic) and the idempotent seed, run by `focbot db upgrade` and at start."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from storage.db import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_PG_MIGRATION_LOCK = 7_264_001  # advisory lock id: replicas starting together migrate one at a time


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade(db: Database) -> None:
    """Bring the schema to the newest revision (all heads)."""

    def run(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")

    async with db.engine.begin() as conn:
        await conn.run_sync(run)


async def current_heads(db: Database) -> set[str]:
    def read(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    async with db.engine.connect() as conn:
        return await conn.run_sync(read)


def script_heads() -> set[str]:
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def upgrade_and_seed(db: Database, seed_dir: Path | None = None) -> None:
    from storage.seed.loader import SEED_DIR, load_seed

    await upgrade(db)
    await load_seed(db, seed_dir or SEED_DIR)
