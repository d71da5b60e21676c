"""The Notifier port on Slack: what the bot says on its own (reminders, invitations) as messages and DMs."""

from __future__ import annotations

import logging

from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.ids import slack_user_id
from handlers.core import Place, Reply

log = logging.getLogger("focbot.slack")


class SlackNotifier:
    """chat.postMessage to a channel, conversations.open + chat.postMessage for a DM, files_upload_v2 for
    files. Transient failures (429, 5xx, dropped connections) are retried by the client; what still fails is
    logged and raised, so the caller keeps the notification and tries again later."""

    def __init__(self, delivery: Delivery) -> None:
        self.delivery = delivery

    async def send(self, place: Place, reply: Reply) -> None:
        try:
            await self.delivery.post(place.channel_id, reply)
        except Exception as exc:
            log.warning("slack notification to %s failed: %s", place.key, _describe(exc))
            raise

    async def send_direct(self, user_key: str, reply: Reply) -> None:
        user_id = slack_user_id(user_key)
        try:
            await self.delivery.direct(user_id, reply)
        except Exception as exc:
            log.warning("slack direct message to %s failed: %s", user_key, _describe(exc))
            raise


def _describe(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None and hasattr(response, "get") else None
    return f"{type(exc).__name__} {error}" if error else type(exc).__name__
