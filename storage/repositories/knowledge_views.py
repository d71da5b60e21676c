"""The Program of Action and the FOC directory as plain values (what `KnowledgeRepository` returns).

Each value has the attribute names of its table's ORM row. Relationships are tuples (or a parent value)
filled only where the repository method says it loads them; elsewhere they are empty or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from storage.models.knowledge import ACTIVITY_STATUSES

__all__ = [
    "ACTIVITY_STATUSES",
    "ActivityNoteView",
    "ActivityView",
    "ChairView",
    "ContextSectionView",
    "GoalView",
    "MemberView",
    "NetworkView",
    "ObjectiveView",
    "StatementView",
    "StructureView",
    "TaskForceView",
    "TopicView",
]


@dataclass(frozen=True, slots=True)
class ActivityNoteView:
    id: int
    activity_id: str
    author: str
    text: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class GoalView:
    number: int
    title: str
    statement: str | None
    objectives: tuple[ObjectiveView, ...] = ()


@dataclass(frozen=True, slots=True)
class ObjectiveView:
    id: str
    goal_number: int
    text: str
    activities: tuple[ActivityView, ...] = ()
    goal: GoalView | None = None  # its goal without objectives, where loaded


@dataclass(frozen=True, slots=True)
class ActivityView:
    id: str
    objective_id: str
    number: int
    text: str
    status: str | None
    lead: str | None
    due: date | None
    updated_by: str | None
    updated_at: datetime | None
    notes: tuple[ActivityNoteView, ...] = ()
    objective: ObjectiveView | None = None  # with its goal, where loaded


@dataclass(frozen=True, slots=True)
class TopicView:
    key: str
    title: str
    summary: str | None
    text: str


@dataclass(frozen=True, slots=True)
class ContextSectionView:
    key: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class TaskForceView:
    key: str
    name: str
    period: str | None
    launched: str | None
    chairs: str | None
    focus: str | None
    output: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class StatementView:
    key: str
    year: str
    title: str
    source: str | None


@dataclass(frozen=True, slots=True)
class NetworkView:
    key: str
    city: str
    description: str | None
    source: str | None
    poc: str | None
    poc_updated_by: str | None
    poc_updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class MemberView:
    name: str
    kind: str  # member | observer
    joined: str | None
    left: str | None
    timezone: str
    note: str | None
    source: str | None

    @property
    def is_current(self) -> bool:
        return self.kind == "member" and self.left is None


@dataclass(frozen=True, slots=True)
class ChairView:
    year: str
    chair: str | None
    source: str | None


@dataclass(frozen=True, slots=True)
class StructureView:
    key: str
    text: str
    source: str | None
