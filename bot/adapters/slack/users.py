"""Slack users: their display name and time zone from users.info, cached in the users table.

users.info's `tz` is stored as the user's platform-profile zone; a zone the user set themselves (with the
core's `tz` command) is kept. Which zone a user reads times in is the core's rule (handlers/user_zones.py).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.ids import user_key
from handlers.core import Clock
from schedules.zones import ZoneError, zone
from storage.repositories.users import UserRepository, UserView

log = logging.getLogger("focbot.slack")
RETRY_LOOKUP_AFTER = 600.0  # seconds before a failed users.info is tried again for the same user


def _known_zone(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        return zone(name).key
    except ZoneError:
        return None


class SlackUsers:
    def __init__(self, client: AsyncWebClient, repo: UserRepository, clock: Clock) -> None:
        self.client = client
        self.repo = repo
        self.clock = clock
        self._complete: set[str] = set()  # users whose name and zone are stored: no users.info needed
        self._retry_after: dict[str, float] = {}  # users.info failed: not asked again before (monotonic)
        self._bots: dict[str, bool] = {}  # users.info said: a bot, or a deactivated account

    async def ensure(self, user_id: str, name_hint: str | None = None) -> UserView | None:
        """The stored user, created or completed from users.info when their name or zone is missing.
        A failing users.info is logged and the command goes on (the core falls back to the default zone)."""
        key = user_key(user_id)
        user = await self.repo.get(key)
        if user is not None and user.display_name and user.timezone:
            self._complete.add(user_id)
            return user
        if user_id in self._complete or self._retry_after.get(user_id, 0.0) > time.monotonic():
            return user
        info = await self._info(user_id)
        profile = info.get("profile") or {}
        name = profile.get("display_name") or profile.get("real_name") or info.get("name") or name_hint
        zone = _known_zone(info.get("tz"))
        if info:
            self._complete.add(user_id)
        if user is not None and user.display_name and not zone:
            return user
        return await self.repo.set_platform_zone(key, at=self.clock(), zone=zone, display_name=name)

    async def _info(self, user_id: str) -> dict[str, Any]:
        """users.info's user object; {} when it fails (logged; not asked again for a while)."""
        try:
            response = await self.client.users_info(user=user_id)
            info: dict[str, Any] = response.get("user") or {}
        except (SlackApiError, SlackClientError, OSError) as exc:
            log.warning("slack users.info failed for %s: %s", user_id, type(exc).__name__)
            self._retry_after[user_id] = time.monotonic() + RETRY_LOOKUP_AFTER
            return {}
        self._bots[user_id] = bool(info.get("is_bot") or info.get("deleted") or user_id == "USLACKBOT")
        return info

    async def is_person(self, user_id: str) -> bool:
        """False for bots, Slackbot and deactivated accounts (a failed lookup counts as a person)."""
        if user_id not in self._bots and self._retry_after.get(user_id, 0.0) <= time.monotonic():
            await self._info(user_id)
        return not self._bots.get(user_id, False)
