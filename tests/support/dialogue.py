"""A console-style dialogue with the real app: ``await bot.say("activity 3B.3", as_="alice")``."""

from __future__ import annotations

import functools
import os
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from bot.app import App, build_app, lifespan
from bot.config import Settings
from bot.timers import SchedulerTimers
from handlers.core import Actor, Command, Place, Reply, Status
from storage.repositories.search import BuiltIndex
from tests.support.clock import FakeClock
from tests.support.databases import SHELF

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
    rooms: dict[str, list[str]] = field(default_factory=dict)
    """Console place key -> the user keys in it (`place_people`)."""

    def place_people(self, place_key: str, *users: str) -> None:
        """Put ``users`` (names on the console) in a console place, as the platform's roster will report
        them: people remind each other only in a place they share (`handlers.reminders.commands`). Until
        a test calls this, the console has no roster (as a platform that cannot list members)."""
        rooms = self.rooms
        rooms[place_key] = [f"{self.platform}:{u}" for u in users]

        async def roster(place: Place) -> list[str]:
            if place.key not in rooms:
                raise LookupError(f"no console place {place.key}")
            return list(rooms[place.key])

        self.app.services.place_rosters[self.platform] = roster

    async def say(self, text: str, as_: str = "admin", place: Place = CONSOLE) -> Reply:
        actor = Actor(self.platform, as_, display_name=as_)
        reply = await self.app.handle(Command(actor, place, text))
        assert reply is not None, f"no reply to {text!r}"
        return reply

    async def refuses(
        self,
        text: str,
        *,
        status: Status,
        words: str,
        field: str | None = None,
        unchanged: Sequence[str] = (),
        as_: str = "admin",
        place: Place = CONSOLE,
    ) -> Reply:
        """Say ``text`` and check the refusal: its ``status``, ``words`` in its text, its ``field`` (when
        given) in ``data["field"]``, private, and the row count of each ``unchanged`` table as before."""
        before = [await self.count(table) for table in unchanged]
        reply = await self.say(text, as_=as_, place=place)
        assert reply.status is status, (text, reply.status, reply.text)
        assert words in reply.text, (text, reply.text)
        assert reply.private, (text, "a refusal is private")
        if field is not None:
            assert reply.data.get("field") == field, (text, reply.data.get("field"))
        assert [await self.count(table) for table in unchanged] == before, (text, "something was stored")
        return reply

    async def stored(self) -> dict[str, list[tuple[object, ...]]]:
        """Every row of every table (in primary-key order): compare before and after a refusal on an app
        shared by several tests (`reading_bot`) to see that nothing at all was stored or changed."""
        from storage.models import Base

        found: dict[str, list[tuple[object, ...]]] = {}
        async with self.app.db.transaction() as s:
            for table in Base.metadata.sorted_tables:
                query = select(table).order_by(*table.primary_key.columns)
                found[table.name] = [tuple(row) for row in (await s.execute(query)).all()]
        return found

    async def count(self, table: str) -> int:
        """How many rows ``table`` holds."""
        async with self.app.db.transaction() as s:
            return int((await s.execute(sql(f"SELECT count(*) FROM {table}"))).scalar_one())


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


SHARED_SEARCH = SharedSearch()
"""The `ask` index of this test process, lent to every app (`open_dialogue`, the `shared_search` fixture)."""


def test_settings(database_url: str, **overrides: object) -> Settings:
    """The test app's settings: validated once per set of overrides (and environment), then copied with
    each test's own database."""
    try:
        key = (tuple(sorted(overrides.items())), tuple(sorted(os.environ.items())))
        hash(key)
    except TypeError:  # an override that is not hashable: validated anew
        return _validated(database_url, overrides)
    return _settings_for(key).model_copy(update={"database_url": database_url})


def _validated(database_url: str, overrides: Mapping[str, object]) -> Settings:
    values: dict[str, object] = {"database_url": database_url, "admins": "console:admin", "timezone": "UTC"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@functools.cache
def _settings_for(key: tuple[tuple[tuple[str, object], ...], tuple[tuple[str, str], ...]]) -> Settings:
    return _validated("sqlite+aiosqlite://", dict(key[0]))


@asynccontextmanager
async def started(
    app: App, *, migrate: bool = False, search: SharedSearch | None = None
) -> AsyncIterator[App]:
    """`lifespan` for a test's app: this process's `ask` index lent to it (`SHARED_SEARCH`, or ``search``)
    and kept from it when it built one. ``migrate=False``: its database is a copy of the migrated and
    seeded template (the `database_url` fixture)."""
    search = search or SHARED_SEARCH
    search.lend(app)
    async with lifespan(app, migrate=migrate):
        search.keep(app)
        yield app


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
    template (migrated and seeded by the same code); ``search`` shares the built `ask` index (by default
    the one of this test process, `SHARED_SEARCH`)."""
    clock = clock or FakeClock()
    # One dialogue is one bot process: it always leads (replicas are tested with real processes).
    async with SHELF.lend(database_url) as db:
        app = build_app(
            test_settings(database_url, **overrides),
            clock=clock,
            elect=False,
            timers=SchedulerTimers(fire=False),
            db=db,
        )
        notifier = RecordingNotifier()
        app.notifier.register("console", notifier)
        async with started(app, migrate=migrate, search=search):
            yield Dialogue(app, clock, notifier)
