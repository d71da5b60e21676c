"""Work started after an ack: run a few at a time, after the acks in flight (Slack wants those within 3 s;
the work has no such deadline), and tracked so that shutdown and tests can wait for it to finish.

A lone request's work starts as soon as its ack is out. When requests come in a burst (one arrives while
another is in flight, or within `QUIET_AFTER` of the previous one), work waits for a quiet moment instead,
so that the burst's later requests are acked before any of its work runs."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Coroutine, Iterator
from typing import Any

log = logging.getLogger("focbot.slack")
CONCURRENCY = 8
ACKS_FIRST_FOR = 1.0  # seconds a piece of work waits at most for the requests in flight to be acked
QUIET_AFTER = 0.1  # seconds with no request in flight before a burst's work starts (its requests come apart)


class Background:
    def __init__(self, concurrency: int = CONCURRENCY) -> None:
        self._tasks: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(concurrency)
        self._in_flight = 0
        self._quiet = asyncio.Event()
        self._quiet.set()
        self._settle: asyncio.Handle | None = None
        self._last_arrival = float("-inf")
        self._burst = False

    @contextlib.contextmanager
    def request(self) -> Iterator[None]:
        """Around the handling of one incoming request, until its ack is sent."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._in_flight or now - self._last_arrival < QUIET_AFTER:
            self._burst = True
        self._last_arrival = now
        self._in_flight += 1
        self._quiet.clear()
        if self._settle is not None:
            self._settle.cancel()
            self._settle = None
        try:
            yield
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                # alone: one turn of the loop (the ack is written first); a burst: a quiet moment
                if self._burst:
                    self._settle = loop.call_later(QUIET_AFTER, self._settled)
                else:
                    self._settle = loop.call_soon(self._settled)

    def _settled(self) -> None:
        self._settle = None
        self._burst = False
        self._quiet.set()

    def spawn(
        self, work: Coroutine[Any, Any, None], name: str, *, urgent: bool = False
    ) -> asyncio.Task[None]:
        """Run ``work`` after the acks in flight, a few at a time; ``urgent`` work (opening a modal: its
        trigger_id expires 3 s after the click) starts at once."""
        runner = self._guard(work, name) if urgent else self._run(work, name)
        task = asyncio.create_task(runner, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _run(self, work: Coroutine[Any, Any, None], name: str) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(ACKS_FIRST_FOR):
                await self._quiet.wait()
        async with self._slots:
            await self._guard(work, name)

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
