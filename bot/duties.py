"""What the leader replica does: rebuild the timers from the database, run them, keep them in step."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from bot.timers import SchedulerTimers

log = logging.getLogger("focbot.leader")
Hook = Callable[[], Awaitable[None]]


class TimerDuty:
    """Elected: run the rebuild hooks (on a takeover), resume the timers and, when ``resync_seconds`` is
    set, re-run the hooks that often (a standby that handles a command arms its timers only locally,
    where they wait paused, so the leader must read them from the database). Demoted: pause the timers."""

    def __init__(self, timers: SchedulerTimers, rebuild: list[Hook], resync_seconds: float = 0.0) -> None:
        self.timers = timers
        self.rebuild_hooks = rebuild
        self.resync_seconds = resync_seconds
        self._resync: asyncio.Task[None] | None = None

    async def rebuild(self) -> None:
        for hook in self.rebuild_hooks:
            await hook()

    async def elected(self, takeover: bool) -> None:
        if takeover:
            await self.rebuild()
        self.timers.resume()
        if self.resync_seconds > 0 and self._resync is None:
            self._resync = asyncio.create_task(self._resync_loop(), name="focbot-timer-resync")

    async def demoted(self) -> None:
        self.timers.pause()
        task, self._resync = self._resync, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _resync_loop(self) -> None:
        while True:
            await asyncio.sleep(self.resync_seconds)
            try:
                await self.rebuild()
            except Exception:
                log.exception("leader: timer resync failed; retrying at the next interval")
