"""Reminders and minutes, sent exactly once: the database decides, timers only wake us up.

For a moment ``now`` the service works out, per series, what is owed (`schedules.reminders`), CLAIMS each
message by inserting its delivery row under the unique key (series, occurrence, kind, offset, place)
before sending, and sends only what it claimed: a second process, a replay or a restart finds the row
and skips it. A claim whose send fails is marked ``failed`` and retried later (bounded); a claim left
``sending`` by a process that died mid-send is not sent again (at most once: a duplicate reminder is
worse than a lost one, and the row shows it). A reminder owed while the bot was down is sent at start
if its meeting has not begun, else recorded as ``missed``.

Timers: one per series, id ``meeting:<series id>``, armed at the series' next due moment; they are
rebuilt from the database by `startup` (an ``app.rebuild_hooks`` hook). Wake-ups that arrive together are
handled in one batch (one query, one claim insert, concurrent sends).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from handlers.checkins.minutes import digests_for_calls
from handlers.context import Services
from handlers.core import Clock, Place, Reply
from handlers.meetings.rsvp import RsvpBook, lists_rsvps, minutes_rsvps, rsvp_book, with_reminder_rsvps
from handlers.meetings.views import (
    Attendee,
    attendees_at,
    minutes_reply,
    overrides_of,
    reminder_reply,
    schedule_of,
    usable,
)
from handlers.ports import TimerCallback
from schedules.recurrence import Occurrence
from schedules.reminders import LOOKBACK, Due, decide, events, next_due, scan_window
from storage.repositories.meetings import Claim, DeliveryKey, MeetingRepository
from storage.repositories.series_view import SeriesView

log = logging.getLogger("focbot.meetings")


@dataclass(frozen=True)
class Job:
    """One claimed message: its delivery row, series and what is due."""

    row_id: int
    key: DeliveryKey
    series: SeriesView
    due: Due
    attempt: int = 1


def timer_id(series_id: int) -> str:
    return f"meeting:{series_id}"


class MeetingReminders:
    def __init__(
        self,
        services: Services,
        clock: Clock,
        *,
        retry_after: timedelta = timedelta(minutes=1),
        max_attempts: int = 5,
        concurrency: int = 50,
    ) -> None:
        self.services = services
        self.clock = clock
        self.retry_after = retry_after
        self.max_attempts = max_attempts
        self._limit = asyncio.Semaphore(concurrency)
        self.claim_batch = concurrency
        self._pending: set[int] = set()
        self._busy = False

    @property
    def repo(self) -> MeetingRepository:
        return self.services.meetings

    # -- wiring ----------------------------------------------------------------------
    def install(self) -> None:
        """Listen for series changes made by commands."""
        self.services.meeting_listeners.append(self.wake)

    async def startup(self) -> None:
        """The start-up hook: see `rebuild`."""
        await self.rebuild()

    async def rebuild(self) -> int:
        """Catch up on what fell due while down, then arm one timer per active series. Returns the count."""
        series = usable(await self.repo.active())  # a series stored bad is skipped, with one log line
        now = self.clock()
        await self.process(series, now)
        retries = await self.repo.pending_retries()
        for one in series:
            self._arm(one, now, retries.get(one.id))
        return len(series)

    async def wake(self, series_id: int) -> None:
        """A timer fired or a command changed a series: handle it (batched with any other wake-ups)."""
        self._pending.add(series_id)
        if self._busy:
            return
        self._busy = True
        try:
            while self._pending:
                ids, self._pending = self._pending, set()
                try:
                    await self._handle(ids)
                except Exception:  # the database is down, say: look again later, lose nothing
                    log.exception("meeting deliveries for %s failed; trying again later", sorted(ids))
                    again = self.clock() + self.retry_after
                    for series_id in ids:
                        self.services.timers.arm(timer_id(series_id), again, self._waker(series_id))
        finally:
            self._busy = False

    async def _handle(self, ids: set[int]) -> None:
        series = usable([s for s in await self.repo.many(ids) if s.cancelled_at is None])
        now = self.clock()
        await self.process(series, now)
        retries = await self.repo.pending_retries(ids)
        for one in series:
            self._arm(one, now, retries.get(one.id))
        for gone in ids - {s.id for s in series}:
            self.services.timers.disarm(timer_id(gone))

    def _arm(self, series: SeriesView, now: datetime, retry_at: datetime | None = None) -> None:
        """Arm the series' timer at its next due moment (or its next retry), or disarm it."""
        schedule = schedule_of(series)
        offsets = series.offsets
        low = max(now - timedelta(days=1), series.delivered_from)
        high = now + timedelta(minutes=max(offsets, default=0), days=400)
        upcoming = schedule.occurrences(low, high, overrides_of(series), limit=3)
        times = [t for t in (next_due(upcoming, offsets, now), retry_at) if t is not None]
        if times:
            at = max(min(times), now)
            self.services.timers.arm(timer_id(series.id), at, self._waker(series.id))
        else:
            self.services.timers.disarm(timer_id(series.id))

    def _waker(self, series_id: int) -> TimerCallback:
        async def wake() -> None:  # a plain function: APScheduler inspects callables on every arm
            await self.wake(series_id)

        return wake

    # -- the work --------------------------------------------------------------------
    async def process(self, series: Sequence[SeriesView], now: datetime) -> None:
        """Send what is due at ``now`` for these series and record what was missed."""
        owed: dict[DeliveryKey, tuple[SeriesView, Due]] = {}
        for one in series:
            schedule = schedule_of(one)
            low, high = scan_window(one.offsets, now)
            for occurrence in schedule.occurrences(low, high, overrides_of(one)):
                if occurrence.end <= one.delivered_from:
                    continue
                for due in events(occurrence, one.offsets):
                    if decide(due, now) == "later":
                        continue
                    for place in one.places:
                        key = (one.id, occurrence.start, due.kind, due.offset, place.place)
                        owed[key] = (one, due)
        if owed:
            done = await self.repo.existing({k[0] for k in owed}, now - LOOKBACK - timedelta(days=1))
            owed = {k: v for k, v in owed.items() if k not in done}
        missed = [Claim(k, due.at) for k, (_, due) in owed.items() if decide(due, now) == "missed"]
        if missed:
            recorded = await self.repo.claim(missed, status="missed", at=now)
            for key in recorded:
                log.warning("meeting %s: %s %sm for %s missed (bot was down)", key[0], key[2], key[3], key[1])
            self._count("missed", [key[2] for key in recorded])
        to_send = [Claim(k, due.at) for k, (_, due) in owed.items() if decide(due, now) == "send"]
        # Claimed and confirmed a batch at a time: a process killed mid-burst leaves at most one batch
        # claimed but unconfirmed ("sending", never resent), not the whole burst.
        for start in range(0, len(to_send), self.claim_batch):
            won = await self.repo.claim(to_send[start : start + self.claim_batch], status="sending", at=now)
            await self._send_all([Job(row_id, key, *owed[key]) for key, row_id in won.items()], now)
        jobs: list[Job] = []
        retries = await self.repo.claim_retries(now, [s.id for s in series]) if series else []
        by_id = {s.id: s for s in series}
        for row in retries:
            one = by_id[row.series_id]
            held = held_at(one, row.occurrence_start)
            key = (row.series_id, row.occurrence_start, row.kind, row.offset_minutes, row.place)
            if held is None:
                await self.repo.mark_failed(row.id, "the occurrence no longer exists", None)
                continue
            due = Due(row.kind, row.offset_minutes, held, row.due_at)
            jobs.append(Job(row.id, key, one, due, row.attempts))
        await self._send_all(jobs, now)

    async def _send_all(self, jobs: list[Job], now: datetime) -> None:
        if not jobs:
            return
        calls = {(job.series.id, job.due.occurrence.start): job.series for job in jobs}
        people = await attendees_at(self.services, [(series, start) for (_, start), series in calls.items()])
        listing = {
            (j.series.id, j.due.occurrence.original) for j in jobs if lists_rsvps(j.due.kind, j.due.offset)
        }
        book = await rsvp_book(self.services, listing)
        minutes = [(j.series.id, j.due.occurrence.start) for j in jobs if j.due.kind != "reminder"]
        digests = await digests_for_calls(self.services, minutes) if minutes else {}
        results = await asyncio.gather(
            *(
                self._send_one(
                    job,
                    people[(job.series.id, job.due.occurrence.start)],
                    book,
                    digests.get(job.series.id, []),
                )
                for job in jobs
            )
        )
        sent = [job.row_id for job, ok in zip(jobs, results, strict=True) if ok]
        if sent:
            await self.repo.mark_sent(sent, self.clock())
        self._count("sent", [job.due.kind for job, ok in zip(jobs, results, strict=True) if ok])
        self._count("failed", [job.due.kind for job, ok in zip(jobs, results, strict=True) if not ok])

    def _count(self, outcome: str, kinds: Sequence[str]) -> None:
        """Reminders by outcome on /metrics (``focbot_reminders_total``); the minutes are not reminders."""
        reminders = sum(1 for kind in kinds if kind == "reminder")
        if reminders:
            self.services.metrics.count("reminders", reminders, outcome=outcome)

    async def _send_one(
        self, job: Job, people: list[Attendee], book: RsvpBook, digests: Sequence[str] = ()
    ) -> bool:
        series, due = job.series, job.due
        if due.kind == "reminder":
            reply: Reply = reminder_reply(series, due.occurrence, due.offset, people)
            reply = with_reminder_rsvps(reply, series, due.occurrence, due.offset, book)
        else:
            reply = minutes_reply(series, due.occurrence, people, minutes_rsvps(series, due.occurrence, book))
            if digests:  # a linked check-in's digest (`checkin new ... before=<meeting>`)
                reply = replace(reply, text="\n\n".join([reply.text, *digests]))
        try:
            async with self._limit:
                await self.services.notifier.send(Place.parse(job.key[4]), reply)
        except Exception as exc:  # a platform error: record it and try again later (bounded)
            retry: datetime | None = self.clock() + self.retry_after * job.attempt
            if job.attempt >= self.max_attempts or (
                due.kind == "reminder" and retry is not None and retry >= due.occurrence.start
            ):
                retry = None
            log.warning(
                "meeting %s: sending to %s failed (attempt %s): %s", series.id, job.key[4], job.attempt, exc
            )
            await self.repo.mark_failed(job.row_id, f"{type(exc).__name__}: {exc}", retry)
            return False
        return True


def held_at(series: SeriesView, start: datetime) -> Occurrence | None:
    """The occurrence held at ``start`` (moved there, or the rule's own and unchanged), if any."""
    schedule = schedule_of(series)
    overrides = overrides_of(series)
    for original, change in overrides.items():
        if change.action == "move" and change.moved_to == start:
            return Occurrence(0, original, start, start + schedule.duration, "moved")
    found = schedule.find(start)
    return found if found is not None and found.original not in overrides else None
