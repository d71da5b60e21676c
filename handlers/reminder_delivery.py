"""Personal reminders sent exactly once: the database decides, one timer only wakes us up.

At each wake-up every reminder whose ``next_at`` has come is CLAIMED by inserting its delivery row
(unique on reminder and due moment) before sending; a second replica, a replay or a restart finds the
row and sends nothing. A reminder that fell due while the bot was down is sent late with a note if
within `GRACE`, else recorded ``missed``. Then ``next_at`` moves on (compare-and-set): to the next
weekly wall-clock time in the reminder's zone (so it follows DST), or to nothing for a one-off.
The timer ``personal-reminders`` is armed at the earliest ``next_at``, rebuilt from the database at start.
"""

from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.context import Services
from handlers.core import Choice, Choices, Clock, Place, Reply
from handlers.platforms import Platforms
from schedules.reminder_phrases import next_weekly
from storage.repositories.personal_reminders import ReminderView

log = logging.getLogger("focbot.reminders")
GRACE = timedelta(hours=6)
LATE = timedelta(minutes=2)
TIMER = "personal-reminders"
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=1)


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


def round_robin(rows: list[ReminderView]) -> list[ReminderView]:
    """The first due reminder of each creator, creators in the order their oldest due reminder came due:
    one pass sends at most one reminder per creator, so one user's flood waits behind everyone else's."""
    firsts: dict[str, ReminderView] = {}
    for row in rows:
        firsts.setdefault(row.created_by, row)
    return list(firsts.values())


class ReminderDelivery:
    def __init__(self, services: Services, clock: Clock) -> None:
        self.services = services
        self.clock = clock
        self._retry_at: dict[int, datetime] = {}  # reminder id -> when its failed send is tried again
        self._busy = False
        self._again = False

    def install(self) -> None:
        self.services.reminder_listeners.append(self.wake)

    async def wake(self) -> None:
        """Send what is due, then arm the timer at the next due moment. A wake-up asked for while one
        runs (a new reminder, the timer) makes the running one look again before it arms the timer."""
        if self._busy:
            self._again = True
            return
        self._busy = True
        try:
            self._again = True
            while self._again:
                self._again = False
                try:
                    await self.process(self.clock())
                except Exception:  # the database is down, say: look again in a minute, lose nothing
                    log.exception("personal reminders failed; trying again later")
                    self.services.timers.arm(TIMER, self.clock() + RETRY_AFTER, self.wake)
                    return
            await self.arm()
        finally:
            self._busy = False

    async def arm(self) -> None:
        """Arm the timer at the earliest due reminder that is not waiting to be tried again, or at the
        earliest retry: one failing reminder does not hold back the others."""
        now = self.clock()
        self._retry_at = {k: v for k, v in self._retry_at.items() if v > now}
        at = await self.services.reminders.earliest(exclude=tuple(self._retry_at))
        moments = [m for m in (at, *self._retry_at.values()) if m is not None]
        if not moments:
            self.services.timers.disarm(TIMER)
        else:
            self.services.timers.arm(TIMER, max(min(moments), now), self.wake)

    async def process(self, now: datetime) -> int:
        """Claim and send every due reminder, one per creator per round (`round_robin`), looking again
        for what came due after each round; returns how many were sent.

        A failed send keeps the reminder due and is tried again `RETRY_AFTER` later, up to
        `MAX_ATTEMPTS`; a claim left ``sending`` by a process that died mid-send is not resent."""
        sent = 0
        for _ in range(10_000):  # each round moves every reminder it takes on; bounded all the same
            waiting = {k for k, v in self._retry_at.items() if v > now}
            rows = [r for r in await self.services.reminders.due(now) if r.id not in waiting]
            if not rows:
                break
            for row in round_robin(rows):
                sent += await self._fire(row, now)
            now = max(now, self.clock())
        return sent

    async def _fire(self, row: ReminderView, now: datetime) -> int:
        """Claim, send and move on one due reminder; 1 if it was sent."""
        repo = self.services.reminders
        due = row.next_at
        assert due is not None
        late = now - due > GRACE
        claim = await repo.claim(row.id, due, "missed" if late else "sending", now)
        if claim is None and not late:
            claim = await repo.retake_failed(row.id, due, MAX_ATTEMPTS)
        if claim is not None and late:
            log.warning("personal reminder %s due %s missed (bot was down)", row.id, due)
            self.services.metrics.count("personal_reminders", outcome="missed")
        elif claim is not None:
            ok = await self._send(row, now)
            await repo.mark(claim, "sent" if ok else "failed")
            if not ok:
                self._retry_at[row.id] = now + RETRY_AFTER
                return 0  # still due: tried again a minute later
            self._retry_at.pop(row.id, None)
            await repo.set_next(row.id, due, self._after(row, max(now, due)))
            return 1
        await repo.set_next(row.id, due, self._after(row, max(now, due)))
        return 0

    @staticmethod
    def _after(row: ReminderView, after: datetime) -> datetime | None:
        if row.weekday is None or row.wall_time is None:
            return None
        return next_weekly(row.weekday, time.fromisoformat(row.wall_time), ZoneInfo(row.timezone), after)

    async def _send(self, row: ReminderView, now: datetime) -> bool:
        reply = reminder_message(row, now, self.services.platforms)
        try:
            if row.to_place:
                await self.services.notifier.send(Place.parse(row.target), reply)
            else:
                await self.services.notifier.send_direct(row.target, reply)
        except Exception as exc:  # at most once: a failed send is recorded, not repeated
            log.warning("personal reminder %s to %s failed: %s", row.id, row.target, exc)
            self.services.metrics.count("personal_reminders", outcome="failed")
            return False
        self.services.metrics.count("personal_reminders", outcome="sent")
        return True
