"""A console-style dialogue with the real app: ``await bot.say("activity 3B.3", as_="alice")``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.engine import make_url

from bot.app import App, build_app, lifespan
from bot.config import Settings
from bot.timers import SchedulerTimers
from handlers.core import Actor, Command, Place, Reply
from storage.repositories.search import BuiltIndex
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


@dataclass
class SharedSearch:
    """The `ask` index built once per backend and reused by every app on a copy of that backend's template
    (`KnowledgeSearch.refresh` still reads the records and builds anew if they differ)."""

    built: dict[str, BuiltIndex] = field(default_factory=dict)

    def lend(self, app: App) -> None:
        """Before the app starts: offer it the index built from its template."""
        found = self.built.get(self._backend(app))
        if found is not None:
            app.services.search.reuse(found)

    def keep(self, app: App) -> None:
        """After the app started: keep its index for the next apps, if none is kept yet."""
        built = app.services.search.built
        if built is not None:
            self.built.setdefault(self._backend(app), built)

    @staticmethod
    def _backend(app: App) -> str:
        return make_url(app.settings.database_url).get_backend_name()


def test_settings(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {"database_url": database_url, "admins": "console:admin", "timezone": "UTC"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def open_dialogue(
    database_url: str,
    clock: FakeClock | None = None,
    *,
    migrate: bool = True,
    search: SharedSearch | None = None,
    **overrides: object,
) -> AsyncIterator[Dialogue]:
    """The app on ``database_url`` started as a process starts. ``migrate=False`` for a fresh copy of a
    template (migrated and seeded by the same code); ``search`` shares the built `ask` index."""
    clock = clock or FakeClock()
    # One dialogue is one bot process: it always leads (replicas are tested with real processes).
    app = build_app(
        test_settings(database_url, **overrides), clock=clock, elect=False, timers=SchedulerTimers(fire=False)
    )
    notifier = RecordingNotifier()
    app.notifier.register("console", notifier)
    if search is not None:
        search.lend(app)
    async with lifespan(app, migrate=migrate):
        if search is not None:
            search.keep(app)
        yield Dialogue(app, clock, notifier)
