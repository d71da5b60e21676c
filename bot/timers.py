"""Timers on APScheduler 3.x: an AsyncIOScheduler holding one date job per wake-up, nothing more."""

from __future__ import annotations

import contextlib
import logging
from datetime import UTC, datetime

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED, STATE_RUNNING
from apscheduler.triggers.date import DateTrigger

from handlers.ports import TimerCallback

log = logging.getLogger("focbot.timers")


class SchedulerTimers:
    """Implements `handlers.ports.Timers`. Jobs armed before `start` wait until it runs.

    ``fire=False`` keeps every job armed (with its next run time) but never runs one: for an app whose
    clock is injected, where wake-ups on the real clock would mean nothing and tests fire them by hand.

    A job armed while its own wake-up is still running (the wake-up re-arms itself at the next due moment,
    which may already have come) is armed when that run ends: APScheduler would skip a run that starts
    while the same job runs ("maximum number of running instances reached") and nothing would arm it again.
    """

    def __init__(self, *, fire: bool = True) -> None:
        self.fire = fire
        self.scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})
        self._running: set[str] = set()
        self._pending: dict[str, tuple[datetime, TimerCallback]] = {}

    def arm(self, job_id: str, at: datetime, callback: TimerCallback) -> None:
        if at.tzinfo is None:
            raise ValueError("timers need aware datetimes")
        if job_id in self._running:
            self._pending[job_id] = (at, callback)
            return
        self._add(job_id, at, callback)

    def _add(self, job_id: str, at: datetime, callback: TimerCallback) -> None:
        async def run() -> None:
            self._running.add(job_id)
            try:
                await callback()
            finally:
                self._running.discard(job_id)
                pending = self._pending.pop(job_id, None)
                if pending is not None:
                    self._add(job_id, *pending)

        self.scheduler.add_job(
            run,
            trigger=DateTrigger(run_date=at, timezone=UTC),
            id=job_id,
            name=job_id,
            replace_existing=True,
            misfire_grace_time=None,  # a wake-up that is late still runs: the database decides what is due
            # Re-armed from the end of its own run, a job may be due before APScheduler counts that run
            # finished; `arm` already keeps two runs of one job from overlapping.
            max_instances=2,
        )

    def disarm(self, job_id: str) -> None:
        self._pending.pop(job_id, None)
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    def job_ids(self) -> list[str]:
        """The armed jobs, those waiting for their own run to end included."""
        armed = [job.id for job in self.scheduler.get_jobs()]
        return armed + [i for i in self._pending if i not in armed]

    @property
    def running(self) -> bool:
        return bool(self.scheduler.running)

    @property
    def active(self) -> bool:
        """Started and not paused: wake-ups fire (only on the leader replica)."""
        return bool(self.scheduler.state == STATE_RUNNING)

    def start(self, *, paused: bool = False) -> None:
        """Start the scheduler; ``paused`` holds every wake-up until `resume` (a standby replica)."""
        if not self.scheduler.running:
            self.scheduler.start(paused=paused or not self.fire)

    def pause(self) -> None:
        if self.scheduler.state == STATE_RUNNING:
            self.scheduler.pause()

    def resume(self) -> None:
        """Fire what is due and go on; late wake-ups still run (the database decides what is due)."""
        if self.fire and self.scheduler.state == STATE_PAUSED:
            self.scheduler.resume()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
