"""What the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from handlers.core import Choices, Place, Reply


class Notifier(Protocol):
    """Sends messages the bot says on its own (reminders, survey invitations, minutes templates)."""

    async def send(self, place: Place, reply: Reply) -> None:
        """Post ``reply`` to ``place``. Raises on failure so the caller can retry later."""
        ...

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        """Send ``reply`` privately to the user with this platform-qualified key."""
        ...


TimerCallback = Callable[[], Awaitable[None]]


class Timers(Protocol):
    """Wake-up calls. The database stays the source of truth: a timer only says "look now".

    Features rebuild their timers from the database at start (a start-up hook) and arm or disarm
    them when records change. Ids are explicit (``reminder:42:1440``) so re-arming replaces.
    """

    def arm(self, job_id: str, at: datetime, callback: TimerCallback) -> None: ...

    def disarm(self, job_id: str) -> None: ...


class DueWork(Protocol):
    """The one due-work engine as the core sees it (`handlers.due.DueEngine`): a command that changed a
    kind's domain says so, and the engine makes that kind's rows again, sends what is due and re-arms."""

    async def changed(self, kinds: str | Sequence[str], scope: str | None = None) -> None:
        """These kinds' domain changed (one kind's name, or several): only within ``scope`` (the rows
        whose key starts with ``scope + ":"``, e.g. one meeting series) when given, else all of it."""
        ...


class NoDueWork:
    """A `DueWork` that does nothing (the default until the wiring plugs in the engine)."""

    async def changed(self, kinds: str | Sequence[str], scope: str | None = None) -> None:
        return None


class Metrics(Protocol):
    """Counters the core and adapters increment (``count("reminders", outcome="sent")``); the wiring
    backs it with Prometheus so the core never imports it."""

    def count(self, name: str, amount: float = 1.0, **labels: str) -> None: ...


class NoMetrics:
    """A `Metrics` that counts nothing (the default until the wiring plugs in the real one)."""

    def count(self, name: str, amount: float = 1.0, **labels: str) -> None:
        return None


PlaceNamer = Callable[[Place], Awaitable[str | None]]
"""The name people know a chat place by (a Matrix room's name), or None when the platform does not know
it. A platform adapter registers one for its platform in `Services.place_namers`; the core asks
`handlers.places.place_name`, which falls back to the place's key."""

PlaceRoster = Callable[[Place], Awaitable[list[str]]]
"""Lists the user keys of the people in a chat place (`survey open ... here`). A platform adapter
registers one for its platform in `Services.place_rosters`."""


@dataclass(frozen=True)
class OpenPoll:
    """A native poll still open in a place: who started it (a user key), its question."""

    poll_id: str
    created_by: str | None
    question: str


@dataclass(frozen=True)
class EndedPoll:
    """A poll just ended: its id, the tally as text and the count per answer."""

    poll_id: str
    text: str
    counts: Mapping[str, int] = field(default_factory=dict)


class NativePolls(Protocol):
    """The capability "native polls" (Matrix MSC3381): a platform that has it registers one in
    `Services.native_polls` (`PlatformAdapter.native_polls`); the `poll` command (`handlers.polls`) is
    refused on platforms without it. The core decides who may do what; this only posts, finds and ends."""

    max_answers: int
    """The most answers one poll can carry."""

    async def post(self, place: Place, choices: Choices, created_by: str) -> str:
        """Post ``choices`` as a poll in ``place``; votes run its command as the voter. Returns its id."""
        ...

    async def latest_open(self, place: Place) -> OpenPoll | None: ...

    async def end(self, place: Place) -> EndedPoll | None:
        """End the latest open poll in ``place`` with its tally; None when there is none."""
        ...
