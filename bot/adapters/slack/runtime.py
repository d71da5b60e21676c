"""What every Slack listener shares: the bot, the Web API, users, delivery and the work after the ack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.guard import ReplayGuard
from bot.adapters.slack.ids import actor, place
from bot.adapters.slack.outbox import Outbox
from bot.adapters.slack.tasks import Background
from bot.adapters.slack.users import SlackUsers
from bot.app import App
from handlers.core import Command, Place, Reply

log = logging.getLogger("focbot.slack")


@dataclass
class SlackRuntime:
    app: App
    client: AsyncWebClient
    delivery: Delivery
    users: SlackUsers
    background: Background
    guard: ReplayGuard
    outbox: Outbox
    home_publisher: Callable[[str], Coroutine[Any, Any, None]] | None = field(default=None)
    """Publishes a user's App Home again (set by the home module)."""

    def refresh_home(self, user_id: str) -> None:
        """After a change the home tab shows (an answer saved, an activity updated): publish it again."""
        if self.home_publisher is not None:
            self.background.spawn(self.home_publisher(user_id), name="home-refresh")

    @staticmethod
    def direct_place(channel: str) -> Place:
        return place(channel, is_direct=True)

    async def run_command(
        self, user_id: str, name_hint: str | None, place: Place, text: str, event_id: str | None = None
    ) -> Reply | None:
        """The core's reply to ``text`` said by ``user_id`` (their name and zone stored first)."""
        user = await self.users.ensure(user_id, name_hint)
        name = user.display_name if user is not None and user.display_name else name_hint
        return await self.app.handle(Command(actor(user_id, name), place, text, event_id=event_id))

    async def answer(
        self, reply: Reply, *, response_url: str | None, user_id: str, channel: str | None
    ) -> None:
        """Answer through the response_url; if that fails, or there is none, in the user's DM; if that fails
        too, the reply is kept in the outbox and retried until Slack takes it."""
        if response_url and channel:
            try:
                await self.delivery.respond(response_url, reply, user_id=user_id, channel=channel)
                return
            except Exception as exc:
                log.warning("slack response_url failed (%s); answering in the DM", type(exc).__name__)
        try:
            await self.delivery.direct(user_id, reply)
        except Exception as exc:
            await self.outbox.keep(reply, user_id=user_id, error=_reason(exc))

    async def post(self, channel: str, reply: Reply, *, user_id: str, thread_ts: str | None = None) -> None:
        """A reply in a channel (or thread); kept in the outbox when Slack refuses it."""
        try:
            if reply.private and not channel.startswith("D"):
                await self.delivery.post_ephemeral(channel, user_id, reply)
            else:
                await self.delivery.post(channel, reply, thread_ts=thread_ts)
        except Exception as exc:
            await self.outbox.keep(
                reply, user_id=user_id, channel=channel, thread_ts=thread_ts, error=_reason(exc)
            )


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None and hasattr(response, "get") else None
    return f"{type(exc).__name__}: {error}" if error else type(exc).__name__
