"""Check-in rounds, DMs, reminders, closes and digests, each done exactly once: the database decides,
one timer (``checkins``) only wakes us up. It is rebuilt from the database at start on the leader (an
``app.rebuild_hooks`` hook) and re-armed after every command that changes a check-in.

At each wake-up, for the moment ``now``:
1. a check-in whose next round has come gets the round (inserted under its unique (check-in, date) key:
   a second replica's insert does nothing), then its next round date moves on (compare-and-set);
2. open rounds past their deadline close (compare-and-set on ``closed_at``);
3. the DMs are a kind of due work (`CheckinDmKind`, one ``due_work`` row per participant, in the
   person's lane): the one engine (`handlers.due`) claims, sends and marks them, and retries a failed one
   with its one backoff policy; the participant row is claimed too (``sent``: pending -> sending) before
   its DM goes out, so the participant row shows it was begun (the engine itself never resends a row
   whose send began: at most once, a duplicate DM is worse than a missing one);
4. reminders owed to those who have not answered are claimed the same way (``reminded``: k -> n);
5. digests due are claimed (``digest``: pending -> sending) and posted to the check-in's digest place; a
   failed post is pending again `RETRY_AFTER` later, up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from handlers.checkins.messages import digest, invitation
from handlers.checkins.rounds import close_round, next_round, open_round
from handlers.context import Services
from handlers.core import Clock, Place
from handlers.due import DueEngine
from schedules.checkins import reminder_moments, reminders_owed
from storage.repositories.checkins import CheckinView, ParticipantView, RoundView
from storage.repositories.due_work import DueItem, DueRow

log = logging.getLogger("focbot.checkins")
TIMER = "checkins"
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=1)
DM_KIND = "checkin_dm"


class CheckinDmKind:
    """`handlers.due.DueKind` for a round's DMs: one row per participant not yet sent, in an open round."""

    name = DM_KIND

    def __init__(self, services: Services) -> None:
        self.services = services

    async def produce(self, now: datetime, scope: str | None = None) -> Sequence[DueRow]:
        rows = await self.services.checkins.due_participants(None, MAX_ATTEMPTS)
        return [DueRow(DM_KIND, str(r.id), r.user_key, r.due_at, {"participant": r.id}) for r in rows]

    async def send(self, item: DueItem, now: datetime) -> str:
        repo = self.services.checkins
        row = await repo.participant_by_id(int(item.payload["participant"]))
        rnd = await repo.round(row.round_id) if row is not None else None
        checkin = await repo.get(rnd.checkin_id) if rnd is not None else None
        if row is None or rnd is None or checkin is None or rnd.closed_at is not None:
            return "dropped"
        if not await repo.claim_sends([row.id], MAX_ATTEMPTS):
            return "dropped"  # sent already, or left "sending" by a process killed mid-send: never twice
        try:
            await self.services.notifier.send_direct(row.user_key, invitation(checkin, rnd, row))
        except Exception as exc:
            log.warning("check-in %s DM to %s failed: %s", checkin.id, row.user_key, exc)
            self.services.metrics.count("checkin_dms", outcome="failed")
            await repo.mark_sent([row.id], "failed", now)
            raise
        await repo.mark_sent([row.id], "sent", now)
        self.services.metrics.count("checkin_dms", outcome="sent")
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """Its DM began only if the participant row was claimed (``sending``) or settled since."""
        row = await self.services.checkins.participant_by_id(int(item.payload["participant"]))
        return row is not None and row.sent not in ("pending", "failed")

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        return ()


class CheckinDelivery:
    def __init__(self, services: Services, clock: Clock, engine: DueEngine | None = None) -> None:
        """``engine``: the app's due-work engine, which has `CheckinDmKind` (else one of its own)."""
        self.services = services
        self.clock = clock
        self.engine = engine or DueEngine(services, clock, [CheckinDmKind(services)])

    def install(self) -> None:
        self.services.checkin_listeners.append(self.wake)

    async def wake(self) -> None:
        """Do what is due, then arm the timer at the next moment something is."""
        try:
            await self.process(self.clock())
        except Exception:  # the database is down, say: look again in a minute, lose nothing
            log.exception("check-ins failed; trying again later")
            self.services.timers.arm(TIMER, self.clock() + RETRY_AFTER, self.wake)
            return
        await self.arm()
        await self.engine.arm()  # the DMs' timer: the one due-work timer

    async def arm(self) -> None:
        now = self.clock()
        at = await self.next_moment(now)
        if at is None:
            self.services.timers.disarm(TIMER)
        else:
            self.services.timers.arm(TIMER, max(at, now), self.wake)

    async def next_moment(self, now: datetime) -> datetime | None:
        """The next moment something is due: a round, a reminder, a deadline or a digest (the DMs are
        due work: the engine's timer wakes them)."""
        repo = self.services.checkins
        moments = [await repo.earliest_round_or_digest()]
        for rnd in await repo.open_rounds():
            checkin = await repo.get(rnd.checkin_id)
            if checkin is not None and checkin.reminder_minutes:
                later = [m for m in reminder_moments(rnd.deadline_at, checkin.reminder_minutes) if m > now]
                moments.append(min(later) if later else None)
        found = [m for m in moments if m is not None]
        return min(found) if found else None

    async def process(self, now: datetime) -> int:
        """Do everything due at ``now``; returns how many DMs (invitations and reminders) were sent
        (with the app's engine, the invitations count every kind of due work it sent meanwhile)."""
        await self._start_rounds(now)
        await self._close_overdue(now)
        await self.engine.sync(DM_KIND)  # the new rounds' DMs, the closed rounds' dropped
        sent = await self.engine.process(now)
        sent += await self._remind(now)
        await self._post_digests(now)
        return sent

    async def _start_rounds(self, now: datetime) -> None:
        repo = self.services.checkins
        for checkin in await repo.due_checkins(now):
            day = checkin.next_round_on
            if day is None:
                continue
            for rnd in await repo.open_rounds():  # a new round ends the one before it
                if rnd.checkin_id == checkin.id and rnd.round_date < day:
                    await close_round(self.services, checkin, rnd, now, "next round")
            await open_round(self.services, checkin, day, now, opened_by=None)
            following, at = next_round(checkin, day + timedelta(days=1))
            await repo.move_next(checkin.id, day, following, at)

    async def _close_overdue(self, now: datetime) -> None:
        repo = self.services.checkins
        for rnd in await repo.open_rounds():
            if rnd.deadline_at <= now:
                checkin = await repo.get(rnd.checkin_id)
                if checkin is not None:
                    await close_round(self.services, checkin, rnd, now, "deadline")

    async def _remind(self, now: datetime) -> int:
        repo = self.services.checkins
        sent = 0
        for rnd in await repo.open_rounds():
            checkin = await repo.get(rnd.checkin_id)
            if checkin is None or not checkin.reminder_minutes:
                continue
            owed = reminders_owed(rnd.deadline_at, checkin.reminder_minutes, now)
            if owed == 0:
                continue
            latest = reminder_moments(rnd.deadline_at, checkin.reminder_minutes)[owed - 1]
            for row in await repo.participants(rnd.id):
                if row.answered_at is not None or row.sent != "sent" or row.reminded >= owed:
                    continue
                if not await repo.claim_reminder(row.id, row.reminded, owed):
                    continue
                if row.sent_at is not None and row.sent_at >= latest:
                    continue  # the DM itself went out after this reminder's moment: no need
                sent += await self._dm(row, (checkin, rnd), reminder=True)
        return sent

    async def _dm(
        self, row: ParticipantView, found: tuple[CheckinView, RoundView], *, reminder: bool
    ) -> bool:
        checkin, rnd = found
        outcome = "reminded" if reminder else "sent"
        try:
            await self.services.notifier.send_direct(
                row.user_key, invitation(checkin, rnd, row, reminder=reminder)
            )
        except Exception as exc:  # recorded, retried (DMs) or dropped (reminders), never sent twice
            log.warning("check-in %s DM to %s failed: %s", checkin.id, row.user_key, exc)
            self.services.metrics.count("checkin_dms", outcome="failed")
            return False
        self.services.metrics.count("checkin_dms", outcome=outcome)
        return True

    async def _post_digests(self, now: datetime) -> None:
        repo = self.services.checkins
        for rnd in await repo.due_digests(now):
            checkin = await repo.get(rnd.checkin_id)
            if checkin is None or checkin.digest_place is None or not await repo.claim_digest(rnd.id):
                continue
            rows = await repo.participants(rnd.id)
            countries = checkin.audience if checkin.audience_kind == "countries" else ()
            try:
                await self.services.notifier.send(
                    Place.parse(checkin.digest_place), digest(checkin, rnd, rows, countries)
                )
            except Exception as exc:  # tried again a minute later, up to MAX_ATTEMPTS
                log.warning("check-in %s digest to %s failed: %s", checkin.id, checkin.digest_place, exc)
                if rnd.digest_attempts + 1 < MAX_ATTEMPTS:
                    await repo.mark_digest(rnd.id, "pending", now + RETRY_AFTER)
                else:
                    await repo.mark_digest(rnd.id, "failed")
                continue
            await repo.mark_digest(rnd.id, "sent")
