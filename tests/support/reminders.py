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

from storage.db import Database
from storage.models import MeetingDelivery, MeetingPlace, MeetingSeries


def minute(at: datetime, up: bool = False) -> datetime:
    """``at`` cut to its minute (or rounded up to the next one): series start on whole minutes."""
    floor = at.astimezone(UTC).replace(second=0, microsecond=0)
    return floor + timedelta(minutes=1) if up and floor < at else floor


async def create_series(
    database_url: str, count: int, *, start: datetime, created_at: datetime, offset_minutes: int = 60
) -> list[str]:
    """``count`` one-off 30-minute calls starting at ``start`` (a whole minute, UTC), each reminding its own
    console place ``offset_minutes`` before. Returns the place names (``room-0000`` ...)."""
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
    finally:
        await db.dispose()
    return rooms


async def delivery_statuses(database_url: str) -> dict[str, int]:
    """How many reminder deliveries are in each status (sending, sent, failed, missed)."""
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            rows = await s.execute(
                select(MeetingDelivery.status, func.count())
                .where(MeetingDelivery.kind == "reminder")
                .group_by(MeetingDelivery.status)
            )
            return {str(status): int(n) for status, n in rows}
    finally:
        await db.dispose()


async def open_claims(database_url: str, since: datetime) -> tuple[int, int]:
    """(reminder deliveries claimed in all, those claimed after ``since`` still "sending"): a replica that
    took over at ``since`` is done when every reminder is claimed and none of its claims is open."""
    db = Database.connect(database_url)
    try:
        async with db.transaction() as s:
            total = await s.scalar(select(func.count()).where(MeetingDelivery.kind == "reminder"))
            still = await s.scalar(
                select(func.count()).where(
                    MeetingDelivery.kind == "reminder",
                    MeetingDelivery.status == "sending",
                    MeetingDelivery.claimed_at > since,
                )
            )
            return int(total or 0), int(still or 0)
    finally:
        await db.dispose()


def wait_for_claims(database_url: str, count: int, since: datetime, timeout: float = 120.0) -> None:
    """Wait until all ``count`` reminders are claimed and every claim made after ``since`` is settled."""
    deadline = time.monotonic() + timeout
    while True:
        total, still = asyncio.run(open_claims(database_url, since))
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
