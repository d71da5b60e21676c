"""The APScheduler-backed timers: wake-ups fire on the leader; held when the clock is injected."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.timers import SchedulerTimers


async def _fired_within(timers: SchedulerTimers, seconds: float) -> list[str]:
    fired: list[str] = []

    async def wake() -> None:
        fired.append("wake")

    timers.arm("t:1", datetime.now(UTC) - timedelta(seconds=1), wake)  # already due: a late wake-up
    timers.start(paused=True)
    timers.resume()
    for _ in range(int(seconds / 0.05)):
        if fired:
            break
        await asyncio.sleep(0.05)
    return fired


async def test_a_late_wake_up_still_fires() -> None:
    timers = SchedulerTimers()
    try:
        assert await _fired_within(timers, 5) == ["wake"]
        assert timers.job_ids() == []
    finally:
        timers.shutdown()


async def test_held_timers_keep_their_jobs_and_never_fire() -> None:
    timers = SchedulerTimers(fire=False)
    try:
        assert await _fired_within(timers, 0.5) == []
        assert timers.job_ids() == ["t:1"]
        job = timers.scheduler.get_job("t:1")
        assert job is not None and job.next_run_time is not None
        timers.disarm("t:1")
        timers.disarm("t:1")  # disarming twice is harmless
        assert timers.job_ids() == []
    finally:
        timers.shutdown()


async def test_a_job_re_armed_while_it_runs_runs_again() -> None:
    """A wake-up that re-arms itself for a moment already come (work fell due while it ran) runs again:
    APScheduler alone skips that run ("maximum number of running instances reached")."""
    timers = SchedulerTimers()
    runs: list[int] = []

    async def wake() -> None:
        runs.append(len(runs))
        await asyncio.sleep(0.2)  # still running when the re-arm is due
        if len(runs) < 3:
            timers.arm("t:again", datetime.now(UTC), wake)

    try:
        timers.arm("t:again", datetime.now(UTC), wake)
        timers.start()
        for _ in range(60):
            if len(runs) == 3:
                break
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.3)
        assert runs == [0, 1, 2]
        assert timers.job_ids() == []
    finally:
        timers.shutdown()
