"""What the core needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol

from handlers.core import Place, Reply


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
