"""The adapter contract: what a chat platform gives the bot. `App.add_platform(adapter)` registers it.

A platform is one package under `bot/adapters/` with

- a `handlers.platforms.PlatformKeys` (its ``name``, command ``prefix``, how its users are written and
  mentioned), light enough to import anywhere: `bot.adapters.known` lists it so the core can read its user
  keys on every replica, whether or not the platform runs there;
- one class that subclasses its keys and `PlatformAdapter`, and `bot.platforms` adds it, when configured,
  with ``app.add_platform(YourPlatform(app))``.

`App.add_platform` does the rest: the notifier and roster are registered for the platform's name (on a
leader-only platform, only while this replica leads), the HTTP routes are served beside /healthz, `start`
runs before the timers are rebuilt, `rebuild_hooks` at every rebuild, `due_kinds` join the one due-work
engine, `run` for as long as the bot runs (or
leads), `stop` at shutdown; /healthz shows what the adapter reports in `App.platforms` (a standby's state
is set by the app).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from handlers.due import DueKind
from handlers.platforms import PlatformKeys
from handlers.ports import NativePolls, Notifier, PlaceNamer, PlaceRoster

if TYPE_CHECKING:
    from aiohttp import web  # the HTTP server is imported by `bot.http`, when it serves

Hook = Callable[[], Awaitable[None]]
RouteContributor = Callable[["web.Application"], None]
"""Adds a platform's routes (Slack's /slack/events) to the bot's HTTP server."""


class PlatformAdapter(PlatformKeys, ABC):
    """One running chat platform: its events become Commands, Replies are rendered its way.

    Subclasses set the `PlatformKeys` attributes (or inherit them from the platform's keys class) and
    implement `notifier` and `run`; the other members have defaults for a platform that needs none."""

    leader_only: bool = False
    """Run on the leader replica only (the Matrix sync: one replica holds it, the others stand by). The
    app then calls `start` and `run` each time this replica becomes the leader, registers the notifier and
    roster only while it leads, and shows the platform as standby elsewhere."""
    standby_detail: str = ""
    """What /healthz and a failed delivery say on a replica that stands by (leader-only platforms)."""

    @property
    @abstractmethod
    def notifier(self) -> Notifier:
        """Sends what the bot says on its own (reminders, invitations) to this platform's places and users.
        Read after `start`."""

    @property
    def roster(self) -> PlaceRoster | None:
        """Lists who is in a chat place; None when the platform cannot. The core asks it who a survey
        `here` goes to, and whether a person is in a place before they may remind it or someone in it
        (`handlers.reminders.commands`): a place the bot cannot see raises, and nothing is confirmed."""
        return None

    @property
    def place_namer(self) -> PlaceNamer | None:
        """Names a chat place (a room's name) for the core's listings; None when the platform cannot."""
        return None

    @property
    def native_polls(self) -> NativePolls | None:
        """The platform's native polls (the capability the `poll` command needs); None when it has none."""
        return None

    def routes(self) -> list[RouteContributor]:
        """HTTP routes to serve on the bot's server (read once, when added)."""
        return []

    def rebuild_hooks(self) -> list[Hook]:
        """Work to redo whenever the leader rebuilds its timers from the database (at election and every
        `FOCBOT_TIMER_RESYNC_SECONDS`): re-arm what a standby armed only locally. Read once, when added."""
        return []

    def due_kinds(self) -> list[DueKind]:
        """Kinds of due work the platform sends itself (`handlers.due`: the Slack outbox of replies Slack
        refused): registered with the app's one engine, which claims, retries and marks their rows.
        Read once, when added."""
        return []

    async def start(self) -> None:
        """Once before the timers are rebuilt (for a leader-only platform: at each election), so that what
        the rebuild sends finds the platform; connect here, but give up waiting after a bounded time."""
        return None

    @abstractmethod
    async def run(self) -> None:
        """Serve until cancelled. Raising stops the bot (`focbot run` exits with the error)."""

    async def stop(self) -> None:
        """At shutdown, after `run` was cancelled: finish the work in flight."""
        return None
