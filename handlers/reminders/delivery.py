"""Personal reminders: a kind of due work (`handlers.due`). Each firing is one ``due_work`` row (key
``<reminder id>@<due moment>``, in its creator's lane: one user's flood waits behind everyone else's),
claimed, sent and marked by the one engine. A reminder that fell due while the bot was down is sent late
with a note if within `GRACE`, else recorded ``missed``. Then ``next_at`` moves on (compare-and-set): to
the next weekly wall-clock time in the reminder's zone (so it follows DST), or to nothing for a one-off,
and the next firing's row is added.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.context import Services
from handlers.core import Choice, Choices, Place, Reply
from handlers.due.engine import TIMER
from handlers.platforms import Platforms
from schedules.reminder_phrases import next_weekly
from storage.repositories.due_work import DueItem, DueRow
from storage.repositories.personal_reminders import ReminderView

log = logging.getLogger("focbot.reminders")
GRACE = timedelta(hours=6)
LATE = timedelta(minutes=2)
KIND = "personal_reminder"
__all__ = ["GRACE", "KIND", "TIMER", "PersonalReminderKind", "reminder_message"]


def reminder_message(row: ReminderView, now: datetime, platforms: Platforms | None = None) -> Reply:
    """What the reminded person (or channel) reads. One set by someone else names its creator by platform
    id (``<@U123>`` on Slack, ``@alice:example.org`` on Matrix: a display name is the sender's to choose)
    and offers whoever it reminds a way to stop it (a button, a reaction, the typed command)."""
    due = row.next_at or now
    text = f"⏰ Reminder: {row.text}"
    # The reminded person is mentioned (a real mention: <@U..> on Slack, m.mentions on Matrix, so it
    # pings); in a channel, the creator is (the reminder says who set it). The creator's mention in the
    # text is a real one too (Slack shows the account's own name, which no sender can choose).
    mentions: tuple[str, ...] = (row.created_by,) if row.to_place else (row.target,)
    if row.created_by not in mentions:
        mentions += (row.created_by,)
    by = platforms.mention(row.created_by) if platforms is not None else row.created_by
    who = by if row.creator_name in (row.created_by, by) else f"{row.creator_name}, {by}"
    parts: tuple[Choices, ...] = ()
    if row.to_place:
        text += f" (set by {who})"
    elif row.created_by != row.target:
        text += f" (from {who})"
    if now - due > LATE:
        local = due.astimezone(ZoneInfo(row.timezone))
        text += f" (late: it was due {local:%a %d %b %H:%M} {row.timezone}; the bot was down)"
    if row.created_by != row.target:
        stop = Choice("Stop this reminder", str(row.id), sign="stop")
        parts = (Choices("Not wanted? Whoever it reminds can stop it.", (stop,), "reminder stop {value}"),)
    data = {"kind": "personal_reminder", "id": row.id, "due": due.isoformat(), "by": row.created_by}
    return Reply(text, parts=parts, mentions=mentions, data=data)


def firing(row: ReminderView) -> DueRow | None:
    """The due-work row of the reminder's next firing (None when it is done or cancelled)."""
    if row.next_at is None:
        return None
    key = f"{row.id}@{row.next_at.isoformat()}"
    return DueRow(KIND, key, row.created_by, row.next_at, {"id": row.id, "at": row.next_at.isoformat()})


def _firing_of(item: DueItem) -> tuple[int, datetime]:
    """The reminder id and the moment this row fires it (``due_at`` moves on a retry; this does not)."""
    return int(item.payload["id"]), datetime.fromisoformat(item.payload["at"])


class PersonalReminderKind:
    """`handlers.due.DueKind` for personal reminders."""

    name = KIND

    def __init__(self, services: Services) -> None:
        self.services = services
        self._sent: dict[int, ReminderView] = {}  # due-work row id -> the reminder it sent (for `settled`)

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        """One row per active reminder, at its ``next_at`` (a cancelled or moved one's row is dropped)."""
        return [r for r in map(firing, await self.services.reminders.active()) if r is not None]

    async def send(self, item: DueItem, now: datetime) -> str:
        reminder_id, due = _firing_of(item)
        row = await self.services.reminders.get(reminder_id)
        if row is None or row.next_at != due:
            return "dropped"  # cancelled, snoozed or moved since
        if now - due > GRACE:
            log.warning("personal reminder %s due %s missed (bot was down)", row.id, due)
            self._sent[item.id] = row
            self.services.metrics.count("personal_reminders", outcome="missed")
            return "missed"
        self._sent[item.id] = row
        reply = reminder_message(row, now, self.services.platforms)
        try:
            if row.to_place:
                await self.services.notifier.send(Place.parse(row.target), reply)
            else:
                await self.services.notifier.send_direct(row.target, reply)
        except Exception:
            self.services.metrics.count("personal_reminders", outcome="failed")
            raise
        self.services.metrics.count("personal_reminders", outcome="sent")
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """A reminder's send leaves no trace before it returns: it may have gone out."""
        return True

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        """Sent, missed or failed for good: ``next_at`` moves on and the next firing is added."""
        if outcome == "dropped":
            return ()
        repo = self.services.reminders
        reminder_id, due = _firing_of(item)
        row = self._sent.pop(item.id, None) or await repo.get(reminder_id)
        if row is None or row.next_at != due:
            return ()
        after = _after(row, max(now, due))
        if not await repo.set_next(row.id, due, after) or after is None:
            return ()
        nxt = firing(replace(row, next_at=after))
        return (nxt,) if nxt is not None else ()


def _after(row: ReminderView, after: datetime) -> datetime | None:
    if row.weekday is None or row.wall_time is None:
        return None
    return next_weekly(row.weekday, time.fromisoformat(row.wall_time), ZoneInfo(row.timezone), after)
