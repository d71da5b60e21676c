"""The Program of Action as the web pages show it: goals, objectives, activities, latest notes, counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from handlers.context import Services
from handlers.knowledge.program import is_overdue, parse_status
from storage.repositories.knowledge_views import (
    ACTIVITY_STATUSES,
    ActivityNoteView,
    ActivityView,
    GoalView,
)

UNSET = "not set"
STATUS_CHOICES = (*ACTIVITY_STATUSES, UNSET)


@dataclass(frozen=True)
class ActivityRow:
    activity: ActivityView
    latest: ActivityNoteView | None
    overdue: bool


@dataclass(frozen=True)
class ObjectiveBlock:
    id: str
    text: str
    rows: tuple[ActivityRow, ...]


@dataclass(frozen=True)
class GoalBlock:
    number: int
    title: str
    objectives: tuple[ObjectiveBlock, ...]


@dataclass(frozen=True)
class ProgramModel:
    goals: tuple[GoalBlock, ...]
    counts: dict[str, int]
    total: int
    shown: int
    status: str | None
    goal: int | None


def status_filter(text: str | None) -> str | None:
    """A status from a query string (``in-progress``, ``not set``), or None for every status."""
    if not text:
        return None
    if text.lower().replace("-", " ") in (UNSET, "unset"):
        return UNSET
    found = parse_status(text)
    return None if found is None or found == "unset" else found


async def program_model(
    services: Services, today: date, *, status: str | None = None, goal: int | None = None
) -> ProgramModel:
    """Every goal, objective and activity (filtered by ``status`` and ``goal``), with each activity's
    latest note and whether it is overdue (due before ``today`` and not done or dropped)."""
    goals: list[GoalView] = await services.knowledge.goals()
    notes = await services.knowledge.latest_notes()
    counts: Counter[str] = Counter()
    blocks, total, shown = [], 0, 0
    for g in goals:
        objectives = []
        for o in g.objectives:
            rows = []
            for a in o.activities:
                total += 1
                counts[a.status or UNSET] += 1
                if goal is not None and g.number != goal:
                    continue
                if status is not None and (a.status or UNSET) != status:
                    continue
                overdue = is_overdue(a.due, a.status, today)
                rows.append(ActivityRow(a, notes.get(a.id), overdue))
            shown += len(rows)
            if rows:
                objectives.append(ObjectiveBlock(o.id, o.text, tuple(rows)))
        if objectives:
            blocks.append(GoalBlock(g.number, g.title, tuple(objectives)))
    ordered = {s: counts.get(s, 0) for s in STATUS_CHOICES}
    return ProgramModel(tuple(blocks), ordered, total, shown, status, goal)
