"""The schema of a database as plain data (tables, columns, keys, indexes, the Alembic revision), to compare
what the migrations make with a dump recorded earlier (`tests/data/schema_0019.json`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from storage.db import Database


def _schema(connection: Connection) -> dict[str, Any]:
    inspector = inspect(connection)
    tables: dict[str, Any] = {}
    for table in sorted(inspector.get_table_names()):
        pk = inspector.get_pk_constraint(table)
        tables[table] = {
            "columns": [
                [
                    c["name"],
                    str(c["type"]),
                    bool(c["nullable"]),
                    None if c["default"] is None else str(c["default"]),
                ]
                for c in inspector.get_columns(table)
            ],
            "primary_key": [pk.get("name"), list(pk["constrained_columns"])],
            "indexes": sorted(
                [i["name"], list(i["column_names"]), bool(i["unique"])] for i in inspector.get_indexes(table)
            ),
            "foreign_keys": sorted(
                [
                    f.get("name"),
                    list(f["constrained_columns"]),
                    f["referred_table"],
                    list(f["referred_columns"]),
                ]
                for f in inspector.get_foreign_keys(table)
            ),
            "unique": sorted(
                [u.get("name"), list(u["column_names"])] for u in inspector.get_unique_constraints(table)
            ),
        }
    version = sorted(row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version")))
    return {"tables": tables, "alembic_version": version}


async def dump_schema(db: Database) -> dict[str, Any]:
    """Every table with its columns (name, type, nullable, default), primary key, indexes, foreign keys and
    unique constraints, and the revisions in ``alembic_version``."""
    async with db.engine.connect() as conn:
        return await conn.run_sync(_schema)
