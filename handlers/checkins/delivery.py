"""Check-in rounds, DMs, reminders, closes and digests, each done exactly once: the database decides,
one timer (``checkins``) only wakes us up. It is rebuilt from the database at start on the leader (an
``app.rebuild_hooks`` hook) and re-armed after every command that changes a check-in.

At each wake-up, for the moment ``now``:
1. a check-in whose next round has come gets the round (inserted under its unique (check-in, date) key:
   a second replica's insert does nothing), then its next round date moves on (compare-and-set);
2. open rounds past their deadline close (compare-and-set on ``closed_at``);
3. the participant rows whose DM is due are CLAIMED together (``sent``: pending -> sending, one
   compare-and-set update returning the ids it took) before the DMs are sent (concurrently, at most
   `CONCURRENCY` at once), then marked sent or failed; failed ones are tried again at the next wake-ups, up to
   `MAX_ATTEMPTS`; a row left ``sending`` by a process killed mid-send is never sent again (at most once:
   a duplicate DM is worse than a missing one, and the row shows it);
4. reminders owed to those who have not answered are claimed the same way (``reminded``: k -> n);
5. digests due are claimed (``digest``: pending -> sending) and posted to the check-in's digest place; a
   failed post is pending again `RETRY_AFTER` later, up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from handlers.checkins.messages import digest, invitation
from handlers.checkins.rounds import close_round, next_round, open_round
from handlers.context import Services
from handlers.core import Clock, Place
from schedules.checkins import reminder_moments, reminders_owed
from storage.repositories.checkins import CheckinView, ParticipantView, RoundView

log = logging.getLogger("focbot.checkins")
TIMER = "checkins"
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=1)
CONCURRENCY = 50  # DMs in flight at once


class CheckinDelivery:
    def __init__(self, services: Services, clock: Clock) -> None:
        self.services = services
        self.clock = clock
        self._limit = asyncio.Semaphore(CONCURRENCY)

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

    async def arm(self) -> None:
        now = self.clock()
        at = await self.next_moment(now)
        if at is None:
            self.services.timers.disarm(TIMER)
        else:
            self.services.timers.arm(TIMER, max(at, now), self.wake)

    async def next_moment(self, now: datetime) -> datetime | None:
        """The next moment something is due: a round, a DM, a retry of a failed DM (`RETRY_AFTER` from
        now), a reminder, a deadline or a digest."""
        repo = self.services.checkins
        moments = [await repo.earliest_round_or_digest(), await repo.earliest_pending()]
        if await repo.has_retries(MAX_ATTEMPTS):
            moments.append(now + RETRY_AFTER)
        for rnd in await repo.open_rounds():
            checkin = await repo.get(rnd.checkin_id)
            if checkin is not None and checkin.reminder_minutes:
                later = [m for m in reminder_moments(rnd.deadline_at, checkin.reminder_minutes) if m > now]
                moments.append(min(later) if later else None)
        found = [m for m in moments if m is not None]
        return min(found) if found else None

    async def process(self, now: datetime) -> int:
        """Do everything due at ``now``; returns how many DMs (invitations and reminders) were sent."""
        await self._start_rounds(now)
        await self._close_overdue(now)
        sent = await self._send_due(now)
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

    async def _context(
        self, round_id: int, cache: dict[int, tuple[CheckinView, RoundView] | None]
    ) -> tuple[CheckinView, RoundView] | None:
        if round_id not in cache:
            rnd = await self.services.checkins.round(round_id)
            checkin = await self.services.checkins.get(rnd.checkin_id) if rnd is not None else None
            cache[round_id] = (checkin, rnd) if checkin is not None and rnd is not None else None
        return cache[round_id]

    async def _send_due(self, now: datetime) -> int:
        """Claim every due DM in one update, send them concurrently, mark them in two updates."""
        repo = self.services.checkins
        cache: dict[int, tuple[CheckinView, RoundView] | None] = {}
        due = await repo.due_participants(now, MAX_ATTEMPTS)
        for row in due:
            await self._context(row.round_id, cache)
        rows = {row.id: row for row in due if cache.get(row.round_id) is not None}
        taken = await repo.claim_sends(sorted(rows), MAX_ATTEMPTS)  # the ones this replica may send
        jobs = [(rows[i], found) for i in taken if (found := cache.get(rows[i].round_id)) is not None]
        results = await asyncio.gather(*(self._limited(row, found) for row, found in jobs))
        sent = [row.id for (row, _), ok in zip(jobs, results, strict=True) if ok]
        failed = [row.id for (row, _), ok in zip(jobs, results, strict=True) if not ok]
        await repo.mark_sent(sent, "sent", now)
        await repo.mark_sent(failed, "failed", now)
        return len(sent)

    async def _limited(self, row: ParticipantView, found: tuple[CheckinView, RoundView]) -> bool:
        async with self._limit:
            return await self._dm(row, found, reminder=False)

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
