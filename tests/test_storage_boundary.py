"""The storage boundary: handlers see plain values, never ORM rows, SQL or a repository behind a service."""

from __future__ import annotations

import ast
import dataclasses
from datetime import UTC, datetime
from pathlib import Path

from storage.models.base import Base
from tests.support.dialogue import Dialogue
from tests.support.surveys import open_survey

HANDLERS = Path(__file__).resolve().parent.parent / "handlers"
STORAGE = HANDLERS.parent / "storage"
FORBIDDEN = ("storage.models", "sqlalchemy")


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
    return found


def _is_self(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id == "self"


def _breaches(source: str, where: str) -> list[str]:
    tree = ast.parse(source, where)
    found = [
        f"{where}:{line} imports {module}"
        for line, module in _imports(tree)
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN)
    ]
    for node in ast.walk(tree):
        # `x.repo` where x is not `self`: a repository reached through a service.
        if isinstance(node, ast.Attribute) and node.attr == "repo" and not _is_self(node.value):
            found.append(f"{where}:{node.lineno} reaches a repository through {ast.unparse(node)}")
    return found


def test_handlers_import_no_orm_model_or_sqlalchemy_and_reach_no_repository_through_a_service() -> None:
    files = sorted(HANDLERS.rglob("*.py"))
    assert len(files) > 50  # the walk found the core
    breaches = [
        b for path in files for b in _breaches(path.read_text(), str(path.relative_to(HANDLERS.parent)))
    ]
    assert breaches == []


def _adapter_imports(source: str, where: str) -> list[str]:
    found = _imports(ast.parse(source, where))
    return [f"{where}:{line} imports {m}" for line, m in found if m == "bot" or m.startswith("bot.")]


def test_the_core_and_storage_import_no_adapter_and_no_adapter_table() -> None:
    """An adapter's tables live in its package (`bot.adapters.matrix.storage`); storage finds them through
    entry points (`storage.migrate.schema_parts`), and neither storage nor the core imports them."""
    files = sorted([*HANDLERS.rglob("*.py"), *STORAGE.rglob("*.py")])
    assert len(files) > 100
    breaches = [
        b
        for path in files
        for b in _adapter_imports(path.read_text(), str(path.relative_to(HANDLERS.parent)))
    ]
    assert breaches == []
    probe = "from bot.adapters.matrix.storage.models import MatrixPoll\nimport bot.app\nimport botany\n"
    assert _adapter_imports(probe, "probe.py") == [
        "probe.py:1 imports bot.adapters.matrix.storage.models",
        "probe.py:2 imports bot.app",
    ]


def test_the_check_finds_each_breach() -> None:
    source = (
        "from storage.models import Survey\nimport sqlalchemy.orm\n"
        "from storage.repositories.plain import plain\n"
        "rows = ctx.services.surveys.repo\nmine = self.repo\n"
    )
    assert _breaches(source, "probe.py") == [
        "probe.py:1 imports storage.models",
        "probe.py:2 imports sqlalchemy.orm",
        "probe.py:4 reaches a repository through ctx.services.surveys.repo",
    ]


def _plain(value: object) -> bool:
    return dataclasses.is_dataclass(value) and not isinstance(value, Base)


async def test_repositories_return_frozen_values_with_the_rows_names(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
    knowledge, surveys = bot.app.services.knowledge, bot.app.services.surveys
    reference = await knowledge.reference()
    values: list[object] = [
        *reference.members[:1], *reference.chairs[:1], *reference.task_forces[:1],
        *reference.statements[:1], *reference.structure[:1], *reference.topics[:1], *reference.goals[:1],
        *(await knowledge.networks())[:1], *(await knowledge.objectives())[:1],
        *(await knowledge.activities())[:1],
    ]  # fmt: skip
    activity = await knowledge.activity("3B.3")
    objective = await knowledge.objective("3B")
    assert activity is not None and activity.objective is not None and activity.objective.goal is not None
    assert objective is not None and objective.goal is not None and objective.activities
    values += [activity, activity.objective, objective, objective.activities[0]]
    survey_id = await open_survey(bot, "to=alice")
    survey = await surveys.get(survey_id)
    assert survey is not None and survey.status == "open" and survey.id == survey_id
    values += [survey, *(await surveys.all()), *(await surveys.open_surveys_for("console:alice"))]
    assert all(_plain(v) for v in values), [type(v) for v in values if not _plain(v)]
    member = reference.members[0]
    try:
        member.name = "changed"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a value from storage can be changed")
    assert (await knowledge.reference()).members[0].name != "changed"
