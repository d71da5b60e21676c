"""Schema migrations (Alembic) and the idempotent seed, run by `focbot db upgrade` and at start.

One database and one chain of revisions: the core's under ``storage/migrations/versions`` and each adapter's
own tables' in its package (`schema_parts`), found through the entry points of group ``focbot.schema`` so
that storage never imports an adapter. Alembic is imported by the functions that use it, not with this module
(which `bot.app` imports): a process that never migrates does not load it."""

from __future__ import annotations

import functools
import os
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from storage.db import Database

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SCHEMA_PARTS = "focbot.schema"  # entry-point group: an adapter's tables and migrations (pyproject.toml)
_PG_MIGRATION_LOCK = 7_264_001  # advisory lock id: replicas starting together migrate one at a time


@functools.cache
def schema_parts() -> tuple[ModuleType, ...]:
    """The adapters' own tables: each entry point of group ``focbot.schema`` names a module that registers
    its models on `Base.metadata` when imported and whose ``MIGRATIONS`` is the directory of its revisions
    (links of the one chain: their ids and order are the chain's, wherever the file lives)."""
    found = sorted(entry_points(group=SCHEMA_PARTS), key=lambda point: point.name)
    return tuple(point.load() for point in found)


def version_locations() -> list[Path]:
    """Every directory of revisions: the core's, then each schema part's."""
    return [MIGRATIONS_DIR / "versions", *(Path(part.MIGRATIONS) for part in schema_parts())]


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(str(p) for p in version_locations()))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade(db: Database) -> None:
    """Bring the schema to the newest revision (all heads)."""
    from alembic import command

    def run(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "heads")

    async with db.engine.begin() as conn:
        await conn.run_sync(run)


async def current_heads(db: Database) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    def read(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    async with db.engine.connect() as conn:
        return await conn.run_sync(read)


def script_heads() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def upgrade_and_seed(db: Database, seed_dir: Path | None = None) -> None:
    from storage.seed.loader import SEED_DIR, load_seed

    await upgrade(db)
    await load_seed(db, seed_dir or SEED_DIR)
