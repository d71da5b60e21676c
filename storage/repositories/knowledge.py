"""Queries and admin edits on the Program of Action and the FOC directory."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from storage.db import Database
from storage.models import (
    Activity,
    ActivityNote,
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
    Troika,
)
from storage.repositories.knowledge_views import (
    ActivityNoteView,
    ActivityView,
    ChairView,
    ContextSectionView,
    GoalView,
    MemberView,
    NetworkView,
    ObjectiveView,
    StatementView,
    StructureView,
    TaskForceView,
    TopicView,
)
from storage.repositories.plain import plain

V = TypeVar("V")


@dataclass(frozen=True)
class TroikaView:
    year: int
    past: str | None
    current: str | None
    next: str | None
    set_by: str | None  # None: derived from the chairs by year


@dataclass(frozen=True)
class Reference:
    """The tables only the seed writes (no command edits them), read once per process for answers."""

    members: tuple[MemberView, ...]
    chairs: tuple[ChairView, ...]
    task_forces: tuple[TaskForceView, ...]
    statements: tuple[StatementView, ...]
    structure: tuple[StructureView, ...]
    topics: tuple[TopicView, ...]
    goals: tuple[GoalView, ...]  # with objectives and their activities (no notes)


class KnowledgeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._reference: Reference | None = None
        self.version = 0
        """Bumped by every edit (activity fields and notes, networks' contacts, the troika): the answers'
        model of the knowledge is rebuilt when it changes."""

    async def reference(self) -> Reference:
        """Members, chairs, task forces, statements, structure and topics, cached after the first read.

        The seed writes them at start (before any command); the editable records (activities' status, lead
        and due date, networks' points of contact, the troika) are never read from it.
        """
        if self._reference is None:
            async with self.db.transaction() as s:
                self._reference = Reference(
                    members=await _views(s, MemberView, select(Member).order_by(Member.name)),
                    chairs=await _views(s, ChairView, select(Chair).order_by(Chair.year)),
                    task_forces=await _views(s, TaskForceView, select(TaskForce).order_by(TaskForce.key)),
                    statements=await _views(
                        s, StatementView, select(Statement).order_by(Statement.year, Statement.title)
                    ),
                    structure=await _views(s, StructureView, select(Structure).order_by(Structure.key)),
                    topics=await _views(s, TopicView, select(Topic).order_by(Topic.key)),
                    goals=tuple(
                        _goal(g)
                        for g in await s.scalars(
                            select(Goal)
                            .options(selectinload(Goal.objectives).selectinload(Objective.activities))
                            .order_by(Goal.number)
                        )
                    ),
                )
        return self._reference

    async def _read(self, view: type[V], query: Select[Any]) -> list[V]:
        async with self.db.transaction() as s:
            return list(await _views(s, view, query))

    # -- Program of Action -------------------------------------------------
    async def goals(self) -> list[GoalView]:
        """Every goal with its objectives and their activities."""
        async with self.db.transaction() as s:
            query = select(Goal).options(selectinload(Goal.objectives).selectinload(Objective.activities))
            return [_goal(g) for g in await s.scalars(query.order_by(Goal.number))]

    async def goal(self, number: int) -> GoalView | None:
        """The goal with its objectives and their activities."""
        async with self.db.transaction() as s:
            query = (
                select(Goal)
                .where(Goal.number == number)
                .options(selectinload(Goal.objectives).selectinload(Objective.activities))
            )
            row = (await s.scalars(query)).one_or_none()
            return _goal(row) if row is not None else None

    async def objectives(self) -> list[ObjectiveView]:
        """Every objective, without its activities."""
        return await self._read(ObjectiveView, select(Objective).order_by(Objective.id))

    async def objective(self, objective_id: str) -> ObjectiveView | None:
        """The objective with its activities and its goal."""
        async with self.db.transaction() as s:
            query = (
                select(Objective)
                .where(Objective.id == objective_id)
                .options(selectinload(Objective.activities), selectinload(Objective.goal))
            )
            row = (await s.scalars(query)).one_or_none()
            return _objective(row, with_goal=True) if row is not None else None

    async def activity(self, activity_id: str) -> ActivityView | None:
        """The activity with its notes, its objective and the objective's goal."""
        async with self.db.transaction() as s:
            query = (
                select(Activity)
                .where(Activity.id == activity_id)
                .options(
                    selectinload(Activity.notes),
                    joinedload(Activity.objective, innerjoin=True).joinedload(Objective.goal, innerjoin=True),
                )
            )
            row = (await s.scalars(query)).one_or_none()
            if row is None:
                return None
            return plain(
                ActivityView,
                row,
                notes=tuple(plain(ActivityNoteView, n) for n in row.notes),
                objective=_objective(row.objective, with_goal=True, with_activities=False),
            )

    async def activity_row(self, activity_id: str) -> ActivityView | None:
        """One activity's own fields (status, lead, due) in one read, without its notes."""
        async with self.db.transaction() as s:
            row = await s.get(Activity, activity_id)
            return plain(ActivityView, row) if row is not None else None

    async def activities(
        self, *, goal: int | None = None, objective: str | None = None, status: str | None = None
    ) -> list[ActivityView]:
        query = select(Activity).join(Objective).order_by(Activity.objective_id, Activity.number)
        if goal is not None:
            query = query.where(Objective.goal_number == goal)
        if objective is not None:
            query = query.where(Activity.objective_id == objective)
        if status == "unset":
            query = query.where(Activity.status.is_(None))
        elif status is not None:
            query = query.where(Activity.status == status)
        async with self.db.transaction() as s:
            return [plain(ActivityView, a) for a in await s.scalars(query)]

    async def latest_notes(self) -> dict[str, ActivityNoteView]:
        """Each activity's latest progress note (one query), by activity id."""
        latest = (
            select(ActivityNote.activity_id, func.max(ActivityNote.id).label("id"))
            .group_by(ActivityNote.activity_id)
            .subquery()
        )
        query = select(ActivityNote).join(latest, ActivityNote.id == latest.c.id)
        async with self.db.transaction() as s:
            return {n.activity_id: plain(ActivityNoteView, n) for n in await s.scalars(query)}

    async def activity_status_counts(self) -> dict[str | None, int]:
        async with self.db.transaction() as s:
            rows = await s.execute(select(Activity.status, func.count()).group_by(Activity.status))
            return {status: count for status, count in rows.tuples()}

    async def update_activity(
        self,
        activity_id: str,
        *,
        by: str,
        at: datetime,
        status: str | None = None,
        lead: str | None = None,
        due: date | None = None,
        note: str | None = None,
        author: str = "",
    ) -> ActivityView | None:
        """Set the given fields (the others stay as they are) and add ``note`` by ``author``, in one
        transaction: all of it or nothing."""
        async with self.db.transaction() as s:
            activity = await s.get(Activity, activity_id)
            if activity is None:
                return None
            if status is not None:
                activity.status = status
            if lead is not None:
                activity.lead = lead
            if due is not None:
                activity.due = due
            if note is not None:
                s.add(ActivityNote(activity_id=activity_id, author=author, text=note, created_at=at))
            activity.updated_by = by
            activity.updated_at = at
        self.version += 1
        return await self.activity(activity_id)

    async def add_note(
        self, activity_id: str, *, author: str, text: str, at: datetime
    ) -> ActivityNoteView | None:
        async with self.db.transaction() as s:
            if await s.get(Activity, activity_id) is None:
                return None
            note = ActivityNote(activity_id=activity_id, author=author, text=text, created_at=at)
            s.add(note)
            await s.flush()
            self.version += 1
            return plain(ActivityNoteView, note)

    # -- Topics, context, structure -----------------------------------------
    async def topics(self) -> list[TopicView]:
        return await self._read(TopicView, select(Topic).order_by(Topic.key))

    async def context_sections(self) -> list[ContextSectionView]:
        return await self._read(ContextSectionView, select(ContextSection).order_by(ContextSection.key))

    async def structure(self) -> list[StructureView]:
        return await self._read(StructureView, select(Structure).order_by(Structure.key))

    # -- Directory ------------------------------------------------------------
    async def task_forces(self) -> list[TaskForceView]:
        return await self._read(TaskForceView, select(TaskForce).order_by(TaskForce.key))

    async def statements(self) -> list[StatementView]:
        return await self._read(StatementView, select(Statement).order_by(Statement.year, Statement.title))

    async def networks(self) -> list[NetworkView]:
        return await self._read(NetworkView, select(Network).order_by(Network.city))

    async def set_network_poc(self, key: str, poc: str, *, by: str, at: datetime) -> NetworkView | None:
        async with self.db.transaction() as s:
            network = await s.get(Network, key)
            if network is None:
                return None
            network.poc, network.poc_updated_by, network.poc_updated_at = poc, by, at
            self.version += 1
            return plain(NetworkView, network)

    async def members(self, *, include_observers: bool = True) -> list[MemberView]:
        query = select(Member).order_by(Member.name)
        if not include_observers:
            query = query.where(Member.kind == "member")
        async with self.db.transaction() as s:
            return [plain(MemberView, m) for m in await s.scalars(query)]

    async def chairs(self) -> list[ChairView]:
        return await self._read(ChairView, select(Chair).order_by(Chair.year))

    async def troika(self, year: int) -> TroikaView:
        """The troika for ``year``: as set by an admin, else derived from the chairs by year."""
        async with self.db.transaction() as s:
            row = await s.get(Troika, year)
            if row is not None:
                return TroikaView(year, row.past, row.current, row.next, row.updated_by)
            chairs = (await s.scalars(select(Chair))).all()
        by_year = {c.year: c.chair for c in chairs}
        return TroikaView(
            year, by_year.get(str(year - 1)), by_year.get(str(year)), by_year.get(str(year + 1)), None
        )

    async def set_troika(
        self, year: int, *, past: str | None, current: str | None, next_: str | None, by: str, at: datetime
    ) -> TroikaView:
        async with self.db.transaction() as s:
            row = await s.get(Troika, year)
            if row is None:
                row = Troika(year=year, updated_by=by, updated_at=at)
                s.add(row)
            row.past, row.current, row.next = past, current, next_
            row.updated_by, row.updated_at = by, at
        self.version += 1
        return TroikaView(year, past, current, next_, by)

    async def troikas(self) -> list[TroikaView]:
        """Every troika an admin has set, by year."""
        async with self.db.transaction() as s:
            rows = await s.scalars(select(Troika).order_by(Troika.year))
            return [TroikaView(r.year, r.past, r.current, r.next, r.updated_by) for r in rows]

    async def notes(self) -> list[ActivityNoteView]:
        """Every activity note, oldest first."""
        return await self._read(ActivityNoteView, select(ActivityNote).order_by(ActivityNote.id))


def _objective(row: Objective, *, with_goal: bool = False, with_activities: bool = True) -> ObjectiveView:
    """An objective (with its loaded activities, and its goal without objectives if asked)."""
    return plain(
        ObjectiveView,
        row,
        activities=tuple(plain(ActivityView, a) for a in row.activities) if with_activities else (),
        goal=plain(GoalView, row.goal, objectives=()) if with_goal else None,
    )


def _goal(row: Goal) -> GoalView:
    """A goal with its objectives and their activities (loaded by the query)."""
    return plain(GoalView, row, objectives=tuple(_objective(o) for o in row.objectives))


async def _views(s: AsyncSession, view: type[V], query: Select[Any]) -> tuple[V, ...]:
    """The rows ``query`` selects (one ORM entity), as ``view`` values."""
    return tuple(plain(view, row) for row in await s.scalars(query))
