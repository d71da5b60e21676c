"""A console-style dialogue with the real app: ``await bot.say("activity 3B.3", as_="alice")``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.app import App, build_app, lifespan
from bot.config import Settings
from bot.timers import SchedulerTimers
from handlers.core import Actor, Command, Place, Reply
from tests.support.clock import FakeClock

CONSOLE = Place("console", "console", is_direct=True)


@dataclass
class Notice:
    target: str
    reply: Reply


@dataclass
class RecordingNotifier:
    """Records what the bot says on its own (reminders, invitations), as a console would print it."""

    sent: list[Notice] = field(default_factory=list)
    fail: bool = False

    async def send(self, place: Place, reply: Reply) -> None:
        if self.fail:
            raise ConnectionError("notifier down")
        self.sent.append(Notice(place.key, reply))

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        if self.fail:
            raise ConnectionError("notifier down")
        self.sent.append(Notice(user_key, reply))


@dataclass
class Dialogue:
    app: App
    clock: FakeClock
    notifier: RecordingNotifier
    platform: str = "console"

    async def say(self, text: str, as_: str = "admin", place: Place = CONSOLE) -> Reply:
        actor = Actor(self.platform, as_, display_name=as_)
        reply = await self.app.handle(Command(actor, place, text))
        assert reply is not None, f"no reply to {text!r}"
        return reply


def test_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": database_url, "admins": "console:admin", "timezone": "UTC"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def open_dialogue(
    database_url: str, clock: FakeClock | None = None, **overrides: object
) -> AsyncIterator[Dialogue]:
    clock = clock or FakeClock()
    # One dialogue is one bot process: it always leads (replicas are tested with real processes).
    app = build_app(
        test_settings(database_url, **overrides), clock=clock, elect=False, timers=SchedulerTimers(fire=False)
    )
    notifier = RecordingNotifier()
    app.notifier.register("console", notifier)
    async with lifespan(app):
        yield Dialogue(app, clock, notifier)
