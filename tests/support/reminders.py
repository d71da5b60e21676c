"""Reminders due at a chosen moment, for fault tests and bench/replicas.py: one-off meeting series, one
console place each, so every delivered reminder names its own place (``to room-0042``)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from handlers.meetings.firings import KINDS, REMINDERS, firings
from storage.db import Database
from storage.models import MeetingPlace, MeetingSeries
from storage.models.due_work import DueWork
from storage.repositories.due_work import HELD, DueWorkRepository
from storage.repositories.meetings import MeetingRepository


def minute(at: datetime, up: bool = False) -> datetime:
    """``at`` cut to its minute (or rounded up to the next one): series start on whole minutes."""
    floor = at.astimezone(UTC).replace(second=0, microsecond=0)
    return floor + timedelta(minutes=1) if up and floor < at else floor


async def create_series(
    database_url: str, count: int, *, start: datetime, created_at: datetime, offset_minutes: int = 60
) -> list[str]:
    """``count`` one-off 30-minute calls starting at ``start`` (a whole minute, UTC), each reminding its own
    console place ``offset_minutes`` before, with their due-work rows (as `meeting new` on any replica
    writes them). Returns the place names (``room-0000`` ...)."""
    rooms = [f"room-{i:04d}" for i in range(count)]
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            s.add_all(
                MeetingSeries(
                    title=f"Call {room}",
                    kind="custom",
                    activity_id=None,
                    rrule="FREQ=DAILY;COUNT=1",
                    first_date=start.date(),
                    start_time=f"{start:%H:%M}",
                    duration_minutes=30,
                    timezone="UTC",
                    rotation=None,
                    agenda=None,
                    reminder_offsets=str(offset_minutes),
                    created_by="console:admin",
                    created_at=created_at,
                    participants=[],
                    places=[MeetingPlace(place=f"console:{room}", position=0)],
                    overrides=[],
                )
                for room in rooms
            )
        now = datetime.now(UTC)
        made = await MeetingRepository(db).active()
        rows = [row for one in made for what in KINDS for row in firings(one, now, what)]
        await DueWorkRepository(db).put(rows, now)
    finally:
        await db.dispose()
    return rooms


def _reminders() -> Any:
    """The due-work rows of meeting reminders."""
    return DueWork.kind == REMINDERS


async def delivery_statuses(database_url: str) -> dict[str, int]:
    """How many meeting reminders are in each due-work state, but those still waiting (sent, unknown,
    retry, failed, missed...)."""
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            rows = await s.execute(
                select(DueWork.state, func.count())
                .where(_reminders(), DueWork.state != "pending")
                .group_by(DueWork.state)
            )
            return {str(state): int(n) for state, n in rows}
    finally:
        await db.dispose()


async def open_claims(database_url: str) -> tuple[int, int]:
    """(meeting reminders claimed in all, those still held: claimed or sending): the replicas are done when
    every reminder is claimed and none is held (a dead owner's claims are settled once they expire)."""
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            total = await s.scalar(select(func.count()).where(_reminders(), DueWork.state != "pending"))
            still = await s.scalar(select(func.count()).where(_reminders(), DueWork.state.in_(HELD)))
            return int(total or 0), int(still or 0)
    finally:
        await db.dispose()


def wait_for_claims(database_url: str, count: int, timeout: float = 120.0) -> None:
    """Wait until all ``count`` reminders are claimed and every claim is settled."""
    deadline = time.monotonic() + timeout
    while True:
        total, still = asyncio.run(open_claims(database_url))
        if total >= count and still == 0:
            return
        if time.monotonic() > deadline:
            raise AssertionError(
                f"{total}/{count} reminders claimed, {still} still sending after {timeout:.0f} s"
            )
        time.sleep(0.1)


@dataclass
class Tally:
    """What the replicas printed, against what was owed."""

    expected: int
    seen: Counter[str]

    @classmethod
    def of(cls, rooms: list[str], *outputs: list[dict[str, Any]]) -> Tally:
        seen: Counter[str] = Counter()
        for notifications in outputs:
            for line in notifications:
                data = line.get("data") or {}
                if data.get("kind") == "meeting_reminder":
                    seen[str(line["notification"]).removeprefix("to ")] += 1
        unknown = set(seen) - set(rooms)
        assert not unknown, f"reminders to places never scheduled: {sorted(unknown)[:3]}"
        return cls(len(rooms), seen)

    @property
    def delivered(self) -> int:
        return len(self.seen)

    @property
    def duplicated(self) -> int:
        return sum(n - 1 for n in self.seen.values() if n > 1)

    @property
    def missed(self) -> int:
        return self.expected - self.delivered
