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
    """

    def __init__(self, *, fire: bool = True) -> None:
        self.fire = fire
        self.scheduler = AsyncIOScheduler(timezone=UTC, job_defaults={"coalesce": True, "max_instances": 1})

    def arm(self, job_id: str, at: datetime, callback: TimerCallback) -> None:
        if at.tzinfo is None:
            raise ValueError("timers need aware datetimes")
        self.scheduler.add_job(
            callback,
            trigger=DateTrigger(run_date=at, timezone=UTC),
            id=job_id,
            name=job_id,
            replace_existing=True,
            misfire_grace_time=None,  # a wake-up that is late still runs: the database decides what is due
        )

    def disarm(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    def job_ids(self) -> list[str]:
        return [job.id for job in self.scheduler.get_jobs()]

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
