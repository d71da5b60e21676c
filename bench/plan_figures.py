"""Figure 4 of bench/schedules.py (run it from there): `meeting plan` for 10,000 people.

The computation's time beside the per-person baseline it replaced, and the longest the event loop stood
still meanwhile (a 5 ms heartbeat), computed on the loop vs off it (asyncio.to_thread, as the command does).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from handlers.meetings.plan import plan_reply
from schedules.recurrence import rule_dates
from schedules.rotation import Participant, local_slot_times, optimise, sociable, start_at

ZONES = [
    "Europe/Zurich", "Asia/Tokyo", "America/Mexico_City", "Pacific/Auckland", "Europe/Tallinn", "UTC",
    "America/New_York", "Australia/Sydney",
]  # fmt: skip


def ratio(baseline: float, ours: float) -> str:
    return f"{baseline / ours:.1f}x" if ours > 0 else "-"


def _baseline_plan(people: Sequence[Any], dates: Sequence[date], duration: int, n: int) -> None:
    """What `meeting plan` computed before: each participant's burden and local times on their own."""
    from zoneinfo import ZoneInfo

    for slots in (n, 1):
        plan = optimise(people, dates, duration, slots)
        for person in people:
            tz = ZoneInfo(person.tz)
            sum(
                not sociable(start_at(day, plan.slots[i % len(plan.slots)]), timedelta(minutes=duration), tz)
                for i, day in enumerate(dates)
            )
    for person in people:
        local_slot_times(person, dates, plan.slots)


async def _loop_stall(work: Callable[[], Any], off_loop: bool) -> float:
    """The longest gap (s) between 5 ms heartbeats while ``work`` runs on or off the event loop."""
    gaps: list[float] = []
    done = asyncio.Event()

    async def heartbeat() -> None:
        last = time.perf_counter()
        while not done.is_set():
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.02)
    if off_loop:
        await asyncio.to_thread(work)
    else:
        work()
        await asyncio.sleep(0)
    done.set()
    await beat
    return max(gaps) - 0.005


async def crowd_plan_figures(rounds: int) -> None:
    zones = ZONES
    people = [Participant(f"slack:U{i:05d}", zones[i % len(zones)]) for i in range(10_000)]
    dates = rule_dates("FREQ=MONTHLY;BYDAY=2TU", date(2027, 1, 1), 12)
    ours, base = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        plan_reply(people, dates, 60, 2)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        _baseline_plan(people, dates, 60, 2)
        base.append(time.perf_counter() - started)
    on_loop = await _loop_stall(lambda: plan_reply(people, dates, 60, 2), off_loop=False)
    off_loop = await _loop_stall(lambda: plan_reply(people, dates, 60, 2), off_loop=True)
    baseline_stall = await _loop_stall(lambda: _baseline_plan(people, dates, 60, 2), off_loop=False)
    ours_s, base_s = statistics.median(ours), statistics.median(base)
    print(
        f"meeting plan for {len(people):,} people in {len(zones)} zones, N=2, 12 calls, median of {rounds}:"
    )
    print(
        f"  grouped by zone: {ours_s:5.2f} s   per person (before): {base_s:5.2f} s   {ratio(base_s, ours_s)}"
    )
    print(
        f"  event loop stalled: {off_loop * 1000:6.0f} ms off the loop (as the command runs it), "
        f"{on_loop * 1000:6.0f} ms on it, {baseline_stall * 1000:6.0f} ms before (per person, on the loop)"
    )
