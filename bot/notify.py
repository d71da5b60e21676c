"""The notifier the core talks to: routes each message to the adapter of its platform."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from handlers.core import Place, Reply
from handlers.ports import Metrics, NoMetrics, Notifier

log = logging.getLogger("focbot.notify")


class UnroutableError(RuntimeError):
    """No adapter is running for the platform of a place or user."""


class RoutingNotifier:
    """One notifier per platform (``console``, ``slack``, ``matrix``), chosen by the place's prefix."""

    def __init__(self, metrics: Metrics | None = None) -> None:
        self._routes: dict[str, Notifier] = {}
        self._absent: dict[str, str] = {}  # why a configured platform has no adapter here (a standby)
        self.metrics: Metrics = metrics or NoMetrics()

    def register(self, platform: str, notifier: Notifier) -> None:
        self._routes[platform] = notifier
        self._absent.pop(platform, None)

    def unregister(self, platform: str, *, reason: str = "") -> None:
        """Stop routing to ``platform``; ``reason`` (e.g. "standby: ...") is named when a send fails."""
        self._routes.pop(platform, None)
        if reason:
            self._absent[platform] = reason

    @property
    def platforms(self) -> list[str]:
        return sorted(self._routes)

    def _route(self, platform: str) -> Notifier:
        try:
            return self._routes[platform]
        except KeyError:
            reason = self._absent.get(platform)
            if reason:
                log.warning("delivery platform=%s not sent: %s", platform, reason)
                raise UnroutableError(f"no adapter running for platform {platform!r} ({reason})") from None
            raise UnroutableError(f"no adapter running for platform {platform!r}") from None

    async def send(self, place: Place, reply: Reply) -> None:
        await self._deliver(place.platform, place.key, lambda n: n.send(place, reply))

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        platform = user_key.split(":", 1)[0]
        # Never the user in the log: whom a survey reminder goes to tells who has not answered yet.
        await self._deliver(platform, "direct", lambda n: n.send_direct(user_key, reply))

    async def _deliver(self, platform: str, target: str, send: Callable[[Notifier], Awaitable[None]]) -> None:
        """One structured log line and one count per delivery (never the text); failures re-raised."""
        started = time.perf_counter()
        outcome = "failed"
        try:
            await send(self._route(platform))
            outcome = "sent"
        except Exception as exc:
            self.metrics.count("platform_errors", platform=platform, kind=type(exc).__name__)
            raise
        finally:
            log.info(
                "delivery platform=%s target=%s outcome=%s ms=%.1f",
                platform,
                target,
                outcome,
                (time.perf_counter() - started) * 1000,
            )
            self.metrics.count("deliveries", platform=platform, outcome=outcome)
