"""What the leader replica does: rebuild the timers from the database, run them, keep them in step, and
run the leader-only platform loops (the Matrix sync: one replica holds it, the others stand by)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from bot.timers import SchedulerTimers

log = logging.getLogger("focbot.leader")
Hook = Callable[[], Awaitable[None]]
Runner = Callable[[], Coroutine[Any, Any, None]]
"""Makes a fresh coroutine each time this replica becomes the leader (run until cancelled)."""


class TimerDuty:
    """Elected: run the start hooks once (leader-only platforms connect, interrupted work is finished),
    then the rebuild hooks (timers re-read from the database), resume the timers, start the leader-only
    runners and, when ``resync_seconds`` is set, re-run the rebuild hooks alone that often (a standby that
    handles a command arms its timers only locally, where they wait paused, so the leader must read them
    from the database; one-time start work is not redone). Demoted: pause the timers and cancel the
    runners. A runner that fails sets `failed` (the process stops: see `bot.serve`) rather than leaving
    the platform silently unserved."""

    def __init__(
        self,
        timers: SchedulerTimers,
        rebuild: list[Hook],
        resync_seconds: float = 0.0,
        runners: list[Runner] | None = None,
        start: list[Hook] | None = None,
    ) -> None:
        self.timers = timers
        self.start_hooks: list[Hook] = start if start is not None else []
        self.rebuild_hooks = rebuild
        self.resync_seconds = resync_seconds
        self.runners: list[Runner] = runners if runners is not None else []
        self.failed: asyncio.Event = asyncio.Event()
        self.failure: BaseException | None = None
        self._tasks: list[asyncio.Task[None]] = []

    async def rebuild(self) -> None:
        for hook in self.rebuild_hooks:
            await hook()

    async def elected(self, takeover: bool) -> None:
        log.info("leader: rebuilding the timers from the database (takeover=%s)", takeover)
        for hook in self.start_hooks:
            await hook()
        await self.rebuild()
        self.timers.resume()
        if self.resync_seconds > 0:
            self._start(self._resync_loop, "focbot-timer-resync")
        for runner in self.runners:
            self._start(runner, getattr(runner, "__name__", "leader-runner"))

    async def demoted(self) -> None:
        self.timers.pause()
        tasks, self._tasks = self._tasks, []
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)  # failures were logged when they happened

    def _start(self, runner: Runner, name: str) -> None:
        task = asyncio.create_task(runner(), name=name)
        task.add_done_callback(self._finished)
        self._tasks.append(task)

    def _finished(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.error("leader: %s stopped: %r", task.get_name(), error)
            self.failure = error
        else:
            log.warning("leader: %s ended", task.get_name())
        self.failed.set()

    async def _resync_loop(self) -> None:
        while True:
            await asyncio.sleep(self.resync_seconds)
            try:
                await self.rebuild()
            except Exception:
                log.exception("leader: timer resync failed; retrying at the next interval")
