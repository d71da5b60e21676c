"""Replies Slack would not take (response_url expired, DM refused, Slack down): stored in the outbox table and
retried with backoff by a timer until delivered. Timers are re-armed from the table at start."""

from __future__ import annotations

import base64
import json
import logging
from datetime import timedelta
from typing import Any

from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.render import Rendered, SlackMessage
from handlers.core import Clock, FileAttachment, Reply
from handlers.ports import Timers
from storage.repositories.slack_outbox import SlackOutbox

log = logging.getLogger("focbot.slack")
BACKOFF = (30, 60, 120, 300, 600, 1800, 3600)  # seconds before attempt 2, 3, ...; then hourly
CHANNEL_ATTEMPTS = 3  # a channel that still refuses (bot removed, channel archived): the user's DM instead


def encode(rendered: Rendered) -> str:
    return json.dumps(
        {
            "messages": [m.payload() for m in rendered.messages],
            "files": [
                {
                    "filename": f.filename,
                    "mimetype": f.mimetype,
                    "title": f.title,
                    "content": base64.b64encode(f.content).decode(),
                }
                for f in rendered.files
            ],
        }
    )


def decode(payload: str) -> Rendered:
    data: dict[str, Any] = json.loads(payload)
    messages = [SlackMessage(m["text"], m["blocks"]) for m in data["messages"]]
    files = [
        FileAttachment(f["filename"], base64.b64decode(f["content"]), f["mimetype"], f.get("title"))
        for f in data["files"]
    ]
    return Rendered(messages, files)


def job_id(message_id: int) -> str:
    return f"slack-outbox:{message_id}"


class Outbox:
    def __init__(self, repo: SlackOutbox, delivery: Delivery, timers: Timers, clock: Clock) -> None:
        self.repo = repo
        self.delivery = delivery
        self.timers = timers
        self.clock = clock

    async def keep(
        self,
        reply: Reply,
        *,
        user_id: str,
        channel: str | None = None,
        thread_ts: str | None = None,
        error: str,
    ) -> int:
        """Store ``reply`` for ``channel`` (or the user's DM) and arm its retry."""
        now = self.clock()
        at = now + timedelta(seconds=BACKOFF[0])
        message_id = await self.repo.add(
            user_id=user_id,
            channel=channel,
            thread_ts=thread_ts,
            payload=encode(self.delivery.render(reply)),
            error=error,
            at=now,
            next_attempt_at=at,
        )
        self._arm(message_id, at)
        log.warning("slack reply for %s kept in the outbox (#%s) after %s", user_id, message_id, error)
        return message_id

    def _arm(self, message_id: int, at: Any) -> None:
        async def retry() -> None:
            await self.retry(message_id)

        self.timers.arm(job_id(message_id), at, retry)

    async def retry(self, message_id: int) -> bool:
        """One more attempt; True when delivered (or already gone)."""
        row = await self.repo.get(message_id)
        if row is None:
            return True
        in_channel = row.channel is not None and row.attempts < CHANNEL_ATTEMPTS
        try:
            channel = (
                row.channel if in_channel and row.channel else await self.delivery.dm_channel(row.user_id)
            )
            thread_ts = row.thread_ts if in_channel else None
            await self.delivery.post_rendered(channel, decode(row.payload), thread_ts=thread_ts)
        except Exception as exc:
            step = BACKOFF[min(row.attempts, len(BACKOFF) - 1)]
            at = self.clock() + timedelta(seconds=step)
            attempts = await self.repo.failed_again(message_id, error=type(exc).__name__, next_attempt_at=at)
            log.warning(
                "slack outbox #%s failed again (%s attempts): %s", message_id, attempts, type(exc).__name__
            )
            self._arm(message_id, at)
            return False
        await self.repo.delivered(message_id)
        log.info("slack outbox #%s delivered after %s attempts", message_id, row.attempts + 1)
        return True

    async def rearm(self) -> None:
        """Start-up hook: a timer for every message still owed (the table is the truth)."""
        now = self.clock()
        for row in await self.repo.pending():
            self._arm(row.id, max(row.next_attempt_at, now))
