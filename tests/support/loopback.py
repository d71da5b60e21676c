"""A throwaway platform that plugs in through the adapter contract alone (`bot.adapters.base`): its own
name (``loop``), prefix (``?foc``), user keys (``loop:NAME``, typed bare as ``NAME`` or mentioned as
``~NAME``), a notifier that records what it sends, a roster and a message loop. Nothing in the bot knows
it; `tests/test_loopback.py` shows that commands, private replies, admins, survey invitations, meeting
reminders and help all work on it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.adapters.base import Hook, PlatformAdapter
from bot.app import App, build_app
from bot.timers import SchedulerTimers
from handlers.core import Actor, Command, Place, Reply
from handlers.ports import Notifier, PlaceRoster
from handlers.visibility import POINTER
from tests.support.clock import FakeClock
from tests.support.databases import SHELF
from tests.support.dialogue import started, test_settings

NAME = "loop"
_BARE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_MENTION = re.compile(r"^~([a-z][a-z0-9_]{0,31})$")


@dataclass
class Delivered:
    """One message the platform carried to ``target`` (a place or a user key)."""

    target: str
    reply: Reply
    text: str
    """As a loopback user reads it: mentions written ``~NAME``."""


@dataclass
class LoopbackPlatform(PlatformAdapter):
    app: App
    delivered: list[Delivered] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)
    """Who is in each place (channel id -> user ids), for `survey open ... here`."""
    events: list[str] = field(default_factory=list)
    """What the app called: start, rebuild, stop."""

    name = NAME
    label = "Loopback"
    prefix = "?foc"
    user_example = "alice"
    place_example = "lobby"

    def __post_init__(self) -> None:
        self._inbox: asyncio.Queue[tuple[Command, asyncio.Future[list[Delivered]]]] = asyncio.Queue()

    # -- keys ------------------------------------------------------------------------------------------
    def parse_user(self, text: str, *, typed_here: bool) -> str | None:
        mention = _MENTION.match(text)
        if mention:
            return mention.group(1)
        return text if typed_here and _BARE.match(text) else None

    def mention(self, user_id: str) -> str:
        return f"~{user_id}"

    # -- the running parts -----------------------------------------------------------------------------
    @property
    def notifier(self) -> Notifier:
        return self

    @property
    def roster(self) -> PlaceRoster:
        return self._roster

    def rebuild_hooks(self) -> list[Hook]:
        return [self._rebuilt]

    async def start(self) -> None:
        self.events.append("start")

    async def stop(self) -> None:
        self.events.append("stop")

    async def run(self) -> None:
        while True:
            command, done = await self._inbox.get()
            first = len(self.delivered)
            try:
                reply = await self.app.handle(command)
                if reply is not None:
                    await self._answer(command, reply)
            except Exception as exc:  # pragma: no cover - surfaced to the test that said it
                done.set_exception(exc)
                continue
            done.set_result(self.delivered[first:])

    # -- the Notifier port -----------------------------------------------------------------------------
    async def send(self, place: Place, reply: Reply) -> None:
        self._record(place.key, reply)

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        self._record(user_key, reply)

    # -- a user typing -----------------------------------------------------------------------------------
    async def say(self, user: str, text: str, place: str = "lobby") -> list[Delivered]:
        """``user`` types ``text`` in ``place`` (``dm`` for a direct chat); what the platform carried."""
        where = Place(NAME, f"dm-{user}" if place == "dm" else place, is_direct=place == "dm")
        done: asyncio.Future[list[Delivered]] = asyncio.get_running_loop().create_future()
        await self._inbox.put((Command(Actor(NAME, user, display_name=user), where, text), done))
        return await asyncio.wait_for(done, 10)

    async def _answer(self, command: Command, reply: Reply) -> None:
        if reply.private and not command.place.is_direct:
            await self.send_direct(command.actor.key, reply)  # never in the shared place
            await self.send(command.place, Reply(POINTER))  # which names nothing
        else:
            await self.send(command.place, reply)

    def _record(self, target: str, reply: Reply) -> None:
        text = reply.text
        for key in reply.mentions:
            text += " " + self.app.services.platforms.mention(key)
        self.delivered.append(Delivered(target, reply, text))

    async def _roster(self, place: Place) -> list[str]:
        return [f"{NAME}:{user}" for user in self.members.get(place.channel_id, [])]

    async def _rebuilt(self) -> None:
        self.events.append("rebuild")


@asynccontextmanager
async def running_loopback(database_url: str, clock: FakeClock) -> AsyncIterator[LoopbackPlatform]:
    """The real app with the loopback platform as its only platform, its loop running; admin ``alice``."""
    settings = test_settings(database_url, admins=f"{NAME}:alice")
    async with SHELF.lend(database_url) as db:
        app = build_app(settings, clock=clock, elect=False, timers=SchedulerTimers(fire=False), db=db)
        platform = LoopbackPlatform(app)
        app.add_platform(platform)
        async with started(app):
            task = asyncio.create_task(app.run_platforms())
            try:
                yield platform
            finally:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
