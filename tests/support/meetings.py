"""Helpers for meeting tests: row counts of the meeting tables and the app's delivery service."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.meetings.delivery import MeetingReminders
from storage.models import (
    MeetingDelivery as DeliveryRow,
)
from storage.models import (
    MeetingOverride,
    MeetingParticipant,
    MeetingPlace,
    MeetingSeries,
    User,
)
from tests.support.dialogue import Dialogue

TROIKA = (
    'meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
    "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h,1h"
)


async def row_counts(bot: Dialogue) -> dict[str, int]:
    counts = {}
    async with bot.app.db.transaction() as s:
        for model in (MeetingSeries, MeetingParticipant, MeetingPlace, MeetingOverride, DeliveryRow, User):
            counts[model.__tablename__] = (await s.scalar(select(func.count()).select_from(model))) or 0
    return counts


def delivery_service(bot: Dialogue) -> MeetingReminders:
    listener = bot.app.services.meeting_listeners[0]
    service = getattr(listener, "__self__", None)
    assert isinstance(service, MeetingReminders)
    return service
