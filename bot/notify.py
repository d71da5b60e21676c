"""The notifier the core talks to: routes each message to the adapter of its platform."""

from __future__ import annotations

import logging

from handlers.core import Place, Reply
from handlers.ports import Notifier

log = logging.getLogger("focbot.notify")


class UnroutableError(RuntimeError):
    """No adapter is running for the platform of a place or user."""


class RoutingNotifier:
    """One notifier per platform (``console``, ``slack``, ``matrix``), chosen by the place's prefix."""

    def __init__(self) -> None:
        self._routes: dict[str, Notifier] = {}

    def register(self, platform: str, notifier: Notifier) -> None:
        self._routes[platform] = notifier

    def unregister(self, platform: str) -> None:
        self._routes.pop(platform, None)

    @property
    def platforms(self) -> list[str]:
        return sorted(self._routes)

    def _route(self, platform: str) -> Notifier:
        try:
            return self._routes[platform]
        except KeyError:
            raise UnroutableError(f"no adapter running for platform {platform!r}") from None

    async def send(self, place: Place, reply: Reply) -> None:
        await self._route(place.platform).send(place, reply)

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        platform = user_key.split(":", 1)[0]
        await self._route(platform).send_direct(user_key, reply)
