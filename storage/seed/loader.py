"""Loads the seed YAML into the database without touching what admins edit.

Reference text (goals, activities, members, ...) is inserted when missing and refreshed when the
seed changes; operational fields (activity status, lead, due date, notes, network points of contact,
the troika) are never overwritten. Running it twice changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.models import (
    Activity,
    Base,
    Chair,
    ContextSection,
    Goal,
    Member,
    Network,
    Objective,
    Statement,
    Structure,
    TaskForce,
    Topic,
)
from storage.yamlfile import read_yaml

SEED_DIR = Path(__file__).parent
log = logging.getLogger(__name__)


def _text(value: Any) -> str | None:
    """Seed values as stored: None and 'unknown' stay unknown, everything else becomes a string."""
    if value is None:
        return None
    text = str(value).strip()
    return None if text.lower() == "unknown" or not text else text


def _sources(value: Any) -> str | None:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value) or None
    return _text(value)


def seed_rows(seed_dir: Path) -> list[Base]:
    """Every seeded row, built from the YAML files (not yet attached to a session)."""
    program = read_yaml(seed_dir / "program.yaml")
    facts = read_yaml(seed_dir / "facts.yaml")
    rows: list[Base] = []
    for goal in program["goals"]:
        rows.append(
            Goal(number=int(goal["number"]), title=goal["title"], statement=_text(goal.get("statement")))
        )
    for objective in program["objectives"]:
        rows.append(Objective(id=objective["id"], goal_number=int(objective["goal"]), text=objective["text"]))
    for activity in program["activities"]:
        number = int(str(activity["id"]).split(".")[1])
        rows.append(
            Activity(
                id=activity["id"], objective_id=activity["objective"], number=number, text=activity["text"]
            )
        )
    for topic in program.get("topics", []):
        rows.append(
            Topic(
                key=topic["key"],
                title=topic["title"],
                summary=_text(topic.get("summary")),
                text=topic["text"],
            )
        )
    for section in program.get("context", []):
        rows.append(ContextSection(key=section["key"], title=section["title"], text=section["text"]))

    for chair in facts["chairs"]:
        rows.append(
            Chair(year=str(chair["year"]), chair=_text(chair.get("chair")), source=_text(chair.get("src")))
        )
    members_src = _sources(facts.get("members_src"))
    for member in facts["members"]:
        rows.append(
            Member(
                name=member["name"],
                kind="member",
                joined=_text(member.get("joined")),
                left=_text(member.get("left")),
                timezone=member["tz"],
                note=_text(member.get("note")),
                source=_text(member.get("src")) or members_src,
            )
        )
    for observer in facts.get("observers", []):
        rows.append(
            Member(
                name=observer["name"],
                kind="observer",
                timezone=observer["tz"],
                note=_text(observer.get("note")),
                source=_text(observer.get("src")),
            )
        )
    for tf in facts.get("task_forces", []):
        rows.append(
            TaskForce(
                key=tf["key"],
                name=tf["name"],
                period=_text(tf.get("period")),
                launched=_text(tf.get("launched")),
                chairs=_text(tf.get("chairs")),
                focus=_text(tf.get("focus")),
                output=_text(tf.get("output")),
                source=_text(tf.get("src")),
            )
        )
    for statement in facts.get("joint_statements", []):
        rows.append(
            Statement(
                key=statement["key"],
                year=str(statement["year"]),
                title=statement["title"],
                source=_text(statement.get("src")),
            )
        )
    structure_src = _sources(facts.get("structure_src"))
    for key, text in (facts.get("structure") or {}).items():
        rows.append(Structure(key=key, text=str(text), source=structure_src))
    for network in facts.get("networks", []):
        rows.append(
            Network(
                key=network["key"],
                city=network["city"],
                description=_text(network.get("description")),
                source=_text(network.get("source")),
            )
        )
    return rows


def _reference_values(row: Base) -> Mapping[str, Any]:
    """The seeded (non-operational) column values of a row."""
    mapper = row.__mapper__
    return {
        attr.key: getattr(row, attr.key)
        for attr in mapper.column_attrs
        if attr.key in row.__dict__  # set by seed_rows
    }


async def _upsert(session: AsyncSession, rows: Iterable[Base]) -> tuple[int, int]:
    inserted = updated = 0
    by_model: dict[type[Base], list[Base]] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, model_rows in by_model.items():
        existing = {
            model.__mapper__.primary_key_from_instance(obj)[0]: obj
            for obj in (await session.scalars(select(model))).all()
        }
        for row in model_rows:
            key = model.__mapper__.primary_key_from_instance(row)[0]
            current = existing.get(key)
            if current is None:
                session.add(row)
                inserted += 1
                continue
            changed = False
            for name, value in _reference_values(row).items():
                if getattr(current, name) != value:
                    setattr(current, name, value)
                    changed = True
            updated += changed
        await session.flush()
    return inserted, updated


async def load_seed(db: Database, seed_dir: Path = SEED_DIR) -> tuple[int, int]:
    """Insert missing and refresh changed reference rows. Returns (inserted, updated)."""
    rows = seed_rows(seed_dir)
    async with db.transaction() as session:
        inserted, updated = await _upsert(session, rows)
    if inserted or updated:
        log.info("seed loaded: %d rows inserted, %d updated", inserted, updated)
    return inserted, updated
