"""What every Slack listener shares: the bot, the Web API, users, delivery and the work after the ack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Mapping
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
from handlers.core import Command, Place, Reply, Value

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

    async def place_of(self, channel: str | None, user_id: str) -> Place:
        """Where ``user_id`` typed: direct only when ``channel`` is their own DM with the bot, as
        conversations.open names it (cached), never guessed from the channel's id or name: a DM between two
        people (a ``D`` id, ``directmessage``) is a shared place. No channel (a form, App Home): their DM.
        When Slack cannot say, the place counts as shared, so that nothing private is posted there."""
        try:
            own = await self.delivery.dm_channel(user_id)
        except Exception as exc:
            log.warning("slack conversations.open failed (%s); the place counts as shared", _reason(exc))
            if not channel:
                raise
            return place(channel, is_direct=False)
        return place(channel or own, is_direct=not channel or channel == own)

    async def run_command(
        self,
        user_id: str,
        name_hint: str | None,
        place: Place,
        text: str,
        event_id: str | None = None,
        values: Mapping[str, Value] | None = None,
    ) -> Reply | None:
        """The core's reply to ``text`` said by ``user_id`` (their name and zone stored first); a form's
        submission gives its fields as typed ``values`` (`Command.values`), ``text`` the command's words."""
        async with self.app.db.unit():  # one connection for the command, its user's row read once
            user = await self.users.ensure(user_id, name_hint)
            name = user.display_name if user is not None and user.display_name else name_hint
            command = Command(actor(user_id, name), place, text, event_id=event_id, values=dict(values or {}))
            return await self.app.handle(command, user=user)

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

    async def post(self, where: Place, reply: Reply, *, user_id: str, thread_ts: str | None = None) -> None:
        """A reply in a place (or thread): a private one in a shared place is ephemeral (its files go to the
        user's DM with the bot). Kept in the outbox when Slack refuses it; a private one for the user's DM,
        never for the shared place (the outbox posts openly)."""
        channel = where.channel_id
        try:
            if reply.private and not where.is_direct:
                await self.delivery.post_ephemeral(channel, user_id, reply)
            else:
                await self.delivery.post(channel, reply, thread_ts=thread_ts)
        except Exception as exc:
            shared = not reply.private or where.is_direct
            await self.outbox.keep(
                reply,
                user_id=user_id,
                channel=channel if shared else None,
                thread_ts=thread_ts if shared else None,
                error=_reason(exc),
            )


def _reason(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None and hasattr(response, "get") else None
    return f"{type(exc).__name__}: {error}" if error else type(exc).__name__
