"""A dialogue driven from synchronous code (hypothesis runs its examples synchronously)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager

from handlers.core import Reply
from tests.support.clock import FakeClock
from tests.support.dialogue import Dialogue, open_dialogue


class LoopedDialogue:
    def __init__(self, loop: asyncio.AbstractEventLoop, dialogue: Dialogue) -> None:
        self.loop = loop
        self.dialogue = dialogue

    def say(self, text: str, as_: str = "admin") -> Reply:
        return self.loop.run_until_complete(self.dialogue.say(text, as_=as_))


@contextmanager
def looped_dialogue(database_url: str, **overrides: object) -> Iterator[LoopedDialogue]:
    """`open_dialogue` on a loop of its own. ``database_url`` is a fresh copy of the migrated and seeded
    template (the `database_url` fixture), so nothing is migrated again."""
    loop = asyncio.new_event_loop()
    stack = AsyncExitStack()
    try:
        dialogue = loop.run_until_complete(
            stack.enter_async_context(open_dialogue(database_url, FakeClock(), migrate=False, **overrides))
        )
        yield LoopedDialogue(loop, dialogue)
    finally:
        loop.run_until_complete(stack.aclose())
        loop.close()
