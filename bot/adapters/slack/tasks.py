"""Work started after an ack: tracked so that shutdown (and tests) can wait for it to finish."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

log = logging.getLogger("focbot.slack")


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def spawn(self, work: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.create_task(self._guard(work, name), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @staticmethod
    async def _guard(work: Coroutine[Any, Any, None], name: str) -> None:
        try:
            await work
        except Exception:
            log.exception("slack background work %s failed", name)

    async def drain(self, within: float = 30.0) -> None:
        """Wait (at most ``within`` seconds) until all started work, and work it started, has finished."""
        async with asyncio.timeout(within):
            while self._tasks:
                await asyncio.wait(set(self._tasks))

    def __len__(self) -> int:
        return len(self._tasks)
