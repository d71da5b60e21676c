"""Queries and admin edits on the Program of Action and the FOC directory."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

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

    members: tuple[Member, ...]
    chairs: tuple[Chair, ...]
    task_forces: tuple[TaskForce, ...]
    statements: tuple[Statement, ...]
    structure: tuple[Structure, ...]
    topics: tuple[Topic, ...]
    goals: tuple[Goal, ...]  # with objectives and activities loaded: read only their ids and text here


class KnowledgeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._reference: Reference | None = None

    async def reference(self) -> Reference:
        """Members, chairs, task forces, statements, structure and topics, cached after the first read.

        The seed writes them at start (before any command); the editable records (activities' status, lead
        and due date, networks' points of contact, the troika) are never read from it.
        """
        if self._reference is None:
            async with self.db.transaction() as s:
                self._reference = Reference(
                    members=tuple((await s.scalars(select(Member).order_by(Member.name))).all()),
                    chairs=tuple((await s.scalars(select(Chair).order_by(Chair.year))).all()),
                    task_forces=tuple((await s.scalars(select(TaskForce).order_by(TaskForce.key))).all()),
                    statements=tuple(
                        (await s.scalars(select(Statement).order_by(Statement.year, Statement.title))).all()
                    ),
                    structure=tuple((await s.scalars(select(Structure).order_by(Structure.key))).all()),
                    topics=tuple((await s.scalars(select(Topic).order_by(Topic.key))).all()),
                    goals=tuple(
                        (
                            await s.scalars(
                                select(Goal)
                                .options(selectinload(Goal.objectives).selectinload(Objective.activities))
                                .order_by(Goal.number)
                            )
                        ).all()
                    ),
                )
        return self._reference

    # -- Program of Action -------------------------------------------------
    async def goals(self) -> Sequence[Goal]:
        async with self.db.transaction() as s:
            query = select(Goal).options(selectinload(Goal.objectives).selectinload(Objective.activities))
            return (await s.scalars(query.order_by(Goal.number))).all()

    async def goal(self, number: int) -> Goal | None:
        async with self.db.transaction() as s:
            query = (
                select(Goal)
                .where(Goal.number == number)
                .options(selectinload(Goal.objectives).selectinload(Objective.activities))
            )
            return (await s.scalars(query)).one_or_none()

    async def objectives(self) -> Sequence[Objective]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(Objective).order_by(Objective.id))).all()

    async def objective(self, objective_id: str) -> Objective | None:
        async with self.db.transaction() as s:
            query = (
                select(Objective)
                .where(Objective.id == objective_id)
                .options(selectinload(Objective.activities), selectinload(Objective.goal))
            )
            return (await s.scalars(query)).one_or_none()

    async def activity(self, activity_id: str) -> Activity | None:
        async with self.db.transaction() as s:
            query = (
                select(Activity)
                .where(Activity.id == activity_id)
                .options(
                    selectinload(Activity.notes),
                    selectinload(Activity.objective).selectinload(Objective.goal),
                )
            )
            return (await s.scalars(query)).one_or_none()

    async def activity_row(self, activity_id: str) -> Activity | None:
        """One activity's own fields (status, lead, due) in one read, without its notes."""
        async with self.db.transaction() as s:
            return await s.get(Activity, activity_id)

    async def activities(
        self, *, goal: int | None = None, objective: str | None = None, status: str | None = None
    ) -> Sequence[Activity]:
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
            return (await s.scalars(query)).all()

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
    ) -> Activity | None:
        """Set the given fields (the others stay as they are)."""
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
            activity.updated_by = by
            activity.updated_at = at
        return await self.activity(activity_id)

    async def add_note(
        self, activity_id: str, *, author: str, text: str, at: datetime
    ) -> ActivityNote | None:
        async with self.db.transaction() as s:
            if await s.get(Activity, activity_id) is None:
                return None
            note = ActivityNote(activity_id=activity_id, author=author, text=text, created_at=at)
            s.add(note)
            return note

    # -- Topics, context, structure -----------------------------------------
    async def topics(self) -> Sequence[Topic]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(Topic).order_by(Topic.key))).all()

    async def context_sections(self) -> Sequence[ContextSection]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(ContextSection).order_by(ContextSection.key))).all()

    async def structure(self) -> Sequence[Structure]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(Structure).order_by(Structure.key))).all()

    # -- Directory ------------------------------------------------------------
    async def task_forces(self) -> Sequence[TaskForce]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(TaskForce).order_by(TaskForce.key))).all()

    async def statements(self) -> Sequence[Statement]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(Statement).order_by(Statement.year, Statement.title))).all()

    async def networks(self) -> Sequence[Network]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(Network).order_by(Network.city))).all()

    async def set_network_poc(self, key: str, poc: str, *, by: str, at: datetime) -> Network | None:
        async with self.db.transaction() as s:
            network = await s.get(Network, key)
            if network is None:
                return None
            network.poc, network.poc_updated_by, network.poc_updated_at = poc, by, at
            return network

    async def members(self, *, include_observers: bool = True) -> Sequence[Member]:
        query = select(Member).order_by(Member.name)
        if not include_observers:
            query = query.where(Member.kind == "member")
        async with self.db.transaction() as s:
            return (await s.scalars(query)).all()

    async def chairs(self) -> Sequence[Chair]:
        async with self.db.transaction() as s:
            return (await s.scalars(select(Chair).order_by(Chair.year))).all()

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
        return TroikaView(year, past, current, next_, by)
