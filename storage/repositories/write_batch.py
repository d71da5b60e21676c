"""Group commit: concurrent writes that arrive together are saved in one transaction.

SQLite allows one writer at a time, and waiting writers back off by sleeping; a thousand people answering
at once would spend most of their time asleep. Instead each write is queued; one task saves everything
queued so far in one transaction and then wakes every caller with its own result. A caller is answered
only after the commit, so nothing acknowledged is lost; if the commit fails, every caller of that batch
gets the error and nothing of the batch is stored.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
BatchRunner = Callable[[Sequence[Item]], Awaitable[Sequence[Result | BaseException]]]


class WriteBatcher(Generic[Item, Result]):
    def __init__(self, run: BatchRunner[Item, Result], max_batch: int = 500) -> None:
        self._run = run
        self._max = max_batch
        self._pending: list[tuple[Item, asyncio.Future[Result]]] = []
        self._task: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Result:
        """Queue ``item`` and wait for the commit of the batch it joins; raises the item's own error."""
        future: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._drain(), name="write-batch")
        return await future

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let the writes that arrive in the same moment join this batch
        while self._pending:
            batch, self._pending = self._pending[: self._max], self._pending[self._max :]
            try:
                results = await self._run([item for item, _ in batch])
            except BaseException as exc:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if future.done():
                    continue
                if isinstance(result, BaseException):
                    future.set_exception(result)
                else:
                    future.set_result(result)
