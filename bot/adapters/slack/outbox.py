"""Replies Slack would not take (response_url expired, DM refused, Slack down, 429): kept in the outbox
table and retried until delivered, as a kind of due work (`handlers.due`) the Slack adapter registers.

`Outbox.keep` stores the rendered reply and its ``due_work`` row in one transaction (kind ``slack_outbox``,
in the user's lane); the one engine claims, sends and marks it with its one backoff (`handlers.due.Policy`),
never sends it twice (a row left ``sending`` by a killed process ends ``unknown``) and re-arms it at each
election from the table. Unlike a reminder, a reply stays owed until Slack takes it (``max_attempts =
None``: retried every `Policy.max_backoff`). A channel that still refuses after `CHANNEL_ATTEMPTS` gets it
in the user's DM; a 429 waits at least its Retry-After (`RetryLater`).
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.adapters.slack import PLATFORM
from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.render import Rendered, SlackMessage
from bot.adapters.slack.storage.outbox import SlackOutbox
from handlers.core import Clock, FileAttachment, Reply
from handlers.due import DueEngine, RetryLater
from storage.repositories.due_work import DueItem, DueRow

log = logging.getLogger("focbot.slack")
KIND = "slack_outbox"
FIRST_RETRY = timedelta(seconds=30)  # the first retry of a kept reply (then the engine's backoff)
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


def owed(user_id: str, due_at: datetime) -> Callable[[int, datetime], DueRow]:
    """The due-work row of the message with the id given, kept at ``at`` (`SlackOutbox.keep`): key
    ``<id>@<kept at>`` (an id SQLite reuses after a delete is still a new key), in the user's lane."""

    def row(message_id: int, at: datetime) -> DueRow:
        key = f"{message_id}@{at.isoformat()}"
        return DueRow(KIND, key, f"{PLATFORM}:{user_id}", due_at, {"message": message_id})

    return row


def retry_after(exc: SlackApiError) -> float | None:
    """Seconds a 429 asks to wait (its Retry-After header), None for any other refusal."""
    response = exc.response
    if getattr(response, "status_code", None) != 429:
        return None
    headers: dict[str, Any] = dict(getattr(response, "headers", None) or {})
    value: Any = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    try:
        return max(float(value), 1.0)
    except (TypeError, ValueError):
        return 60.0  # a 429 without a usable Retry-After: a minute


class Outbox:
    """Keeps a reply Slack refused (`SlackRuntime.answer`, `.post`) and wakes the engine for its retry."""

    def __init__(self, repo: SlackOutbox, delivery: Delivery, engine: DueEngine, clock: Clock) -> None:
        self.repo = repo
        self.delivery = delivery
        self.engine = engine
        self.clock = clock

    async def keep(
        self,
        reply: Reply,
        *,
        user_id: str,
        channel: str | None = None,
        thread_ts: str | None = None,
        error: str,
    ) -> DueRow:
        """Store ``reply`` for ``channel`` (or the user's DM) with its retry, first `FIRST_RETRY` later."""
        now = self.clock()
        row = await self.repo.keep(
            user_id=user_id,
            channel=channel,
            thread_ts=thread_ts,
            payload=encode(self.delivery.render(reply)),
            reason=error,
            at=now,
            due=owed(user_id, now + FIRST_RETRY),
        )
        self.engine.added(row.due_at)
        log.warning("slack reply for %s kept in the outbox (%s) after %s", user_id, row.key, error)
        return row


class OutboxKind:
    """`handlers.due.DueKind` for the outbox: one row per kept reply, added by `Outbox.keep`."""

    name = KIND
    max_attempts: int | None = None  # a reply is owed until Slack takes it

    def __init__(self, repo: SlackOutbox, delivery: Delivery, clock: Clock) -> None:
        """``delivery``: one whose client does not sleep on a 429 (`Delivery.without_rate_limit_waits`)."""
        self.repo = repo
        self.delivery = delivery
        self.clock = clock

    async def produce(self, now: datetime, scope: str | None = None) -> None:
        """None: `Outbox.keep` adds the rows."""
        return None

    async def send(self, item: DueItem, now: datetime) -> str:
        """Post the kept reply: to its channel (thread) for the first attempts, then to the user's DM."""
        row = await self.repo.get(int(item.payload["message"]))
        if row is None:
            return "dropped"
        # attempt 1 was the reply itself: claims 1 and 2 are attempts 2 and 3, still in the channel
        in_channel = row.channel is not None and item.attempts < CHANNEL_ATTEMPTS
        try:
            dm = not in_channel or row.channel is None
            channel = await self.delivery.dm_channel(row.user_id) if dm else str(row.channel)
            thread_ts = row.thread_ts if in_channel else None
            await self.delivery.post_rendered(channel, decode(row.payload), thread_ts=thread_ts)
        except SlackApiError as exc:
            wait = retry_after(exc)
            if wait is None:
                raise
            raise RetryLater(self.clock() + timedelta(seconds=wait), f"429: Retry-After {wait:g} s") from exc
        log.info("slack outbox %s delivered after %s attempts", item.key, item.attempts + 1)
        return "sent"

    async def began(self, item: DueItem) -> bool:
        """A post leaves no trace before Slack answers: it may have gone out."""
        return True

    async def settled(self, item: DueItem, outcome: str, now: datetime) -> Sequence[DueRow]:
        """Sent, or never to be sent again: the message is no longer kept."""
        await self.repo.forget(int(item.payload["message"]))
        return ()
