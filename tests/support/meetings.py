"""Helpers for meeting tests: row counts of the meeting tables, the due-work engine's wake-up and the
meeting kind's due-work rows (what was sent, missed or failed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bot.app import App
from handlers.meetings.firings import KINDS, Firing
from storage.models import (
    MeetingOverride,
    MeetingParticipant,
    MeetingPlace,
    MeetingSeries,
    User,
)
from storage.models.due_work import DueWork
from tests.support.dialogue import Dialogue

TROIKA = (
    'meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
    "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h,1h"
)


async def row_counts(bot: Dialogue) -> dict[str, int]:
    counts = {}
    async with bot.app.db.transaction() as s:
        for model in (MeetingSeries, MeetingParticipant, MeetingPlace, MeetingOverride, DueWork, User):
            counts[model.__tablename__] = (await s.scalar(select(func.count()).select_from(model))) or 0
    return counts


async def deliver(app: App) -> None:
    """What the due-work timer runs: send what is due at the app's clock, then arm the timer."""
    assert app.due is not None
    await app.due.wake()


@dataclass(frozen=True)
class Delivery:
    """A meeting due-work row as the tests read it."""

    series_id: int
    occurrence_start: datetime
    kind: str
    offset_minutes: int
    place: str
    status: str
    attempts: int
    due_at: datetime
    error: str | None


async def deliveries(app: App, series_id: int | None = None) -> list[Delivery]:
    """The meeting kinds' rows that were claimed (not those waiting or dropped), by due moment."""
    found = []
    items = [i for kind in KINDS.values() for i in await app.services.due_work.items(kind)]
    for item in sorted(items, key=lambda i: (Firing.of(i).at, i.id)):
        f = Firing.of(item)
        if item.state in ("pending", "dropped") or (series_id is not None and f.series != series_id):
            continue
        found.append(
            Delivery(
                f.series,
                f.start,
                f.kind,
                f.offset,
                f.place,
                item.state,
                item.attempts,
                item.due_at,
                item.last_error,
            )
        )
    return found


async def waiting(app: App) -> list[tuple[int, str, int]]:
    """The meeting rows waiting for the due-work timer: (series id, reminder or minutes, offset)."""
    items = [i for kind in KINDS.values() for i in await app.services.due_work.items(kind)]
    return sorted((f.series, f.kind, f.offset) for f in (Firing.of(i) for i in items if i.state == "pending"))
