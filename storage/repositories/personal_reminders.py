"""Personal reminders: create, list, cancel, snooze (each firing is a due-work row: `due_work.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from storage.db import Database
from storage.models.reminders import PersonalReminder
from storage.repositories.plain import plain


@dataclass(frozen=True, slots=True)
class ReminderView:
    """A personal reminder as a plain value (the ``personal_reminders`` row's attribute names).
    ``target`` is a user key (sent by DM) or, with ``to_place``, a place key (sent there)."""

    id: int
    created_by: str
    creator_name: str
    target: str
    to_place: bool
    text: str
    timezone: str
    weekday: int | None  # weekly on this weekday (0 = Monday)
    wall_time: str | None  # "HH:MM" in `timezone` when weekly
    next_at: datetime | None  # None: done or cancelled
    created_at: datetime
    cancelled_at: datetime | None


class PersonalReminderRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, **values: Any) -> ReminderView:
        async with self.db.transaction() as s:
            row = PersonalReminder(**values)
            s.add(row)
            await s.flush()
            return plain(ReminderView, row)

    async def get(self, reminder_id: int) -> ReminderView | None:
        async with self.db.transaction() as s:
            row = await s.get(PersonalReminder, reminder_id)
            return plain(ReminderView, row) if row is not None else None

    async def of(self, user_key: str) -> list[ReminderView]:
        """Active reminders the user set or receives, soonest first."""
        async with self.db.transaction() as s:
            query = (
                select(PersonalReminder)
                .where(
                    PersonalReminder.next_at.is_not(None),
                    (PersonalReminder.created_by == user_key) | (PersonalReminder.target == user_key),
                )
                .order_by(PersonalReminder.next_at, PersonalReminder.id)
            )
            return [plain(ReminderView, row) for row in await s.scalars(query)]

    async def counts(self, user_key: str, since: datetime) -> tuple[int, int]:
        """(active reminders ``user_key`` set, reminders they set at or after ``since``)."""
        mine = PersonalReminder.created_by == user_key
        async with self.db.transaction() as s:
            active = await s.scalar(select(func.count()).where(mine, PersonalReminder.next_at.is_not(None)))
            recent = await s.scalar(select(func.count()).where(mine, PersonalReminder.created_at >= since))
            return int(active or 0), int(recent or 0)

    async def active(self) -> list[ReminderView]:
        """Every reminder still to fire, soonest first (their due-work rows are made from these)."""
        async with self.db.transaction() as s:
            query = select(PersonalReminder).where(PersonalReminder.next_at.is_not(None))
            query = query.order_by(PersonalReminder.next_at, PersonalReminder.id)
            return [plain(ReminderView, row) for row in await s.scalars(query)]

    async def set_next(
        self, reminder_id: int, old: datetime | None, new: datetime | None, **extra: Any
    ) -> bool:
        """Move ``next_at`` from ``old`` to ``new`` (compare-and-set: one replica wins)."""
        async with self.db.transaction() as s:
            query = update(PersonalReminder).where(PersonalReminder.id == reminder_id)
            if old is not None:
                query = query.where(PersonalReminder.next_at == old)
            result = await s.execute(query.values(next_at=new, **extra))
            return bool(result.rowcount)  # type: ignore[attr-defined]
