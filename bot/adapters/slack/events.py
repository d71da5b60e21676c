"""Events API: direct messages to the bot and @mentions in channels become commands."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.mentions import plain_command
from bot.adapters.slack.runtime import SlackRuntime

Ack = Callable[..., Awaitable[None]]
_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[:,]?\s*")
_PREFIX = re.compile(r"^\s*/?foc\b\s*", re.IGNORECASE)


def from_bot(event: dict[str, Any]) -> bool:
    """Bot posts (ours or others') and edits, joins and other subtypes are never commands."""
    return bool(event.get("bot_id") or event.get("subtype") or event.get("bot_profile"))


def command_text(text: str) -> str:
    """``<@BOT> activity 3B.3`` or ``/foc activity 3B.3`` -> ``activity 3B.3`` (references made plain)."""
    return plain_command(_PREFIX.sub("", _MENTION.sub("", text), count=1)).strip()


def register_events(bolt: AsyncApp, runtime: SlackRuntime) -> None:
    async def on_message(
        ack: Ack, event: dict[str, Any], body: dict[str, Any], context: dict[str, Any]
    ) -> None:
        await ack()
        if event.get("channel_type") == "im" and not from_bot(event):
            work = answer_event(runtime, dict(event), thread=False, claim=claim(runtime, body, context))
            runtime.background.spawn(work, name="dm")

    async def on_mention(
        ack: Ack, event: dict[str, Any], body: dict[str, Any], context: dict[str, Any]
    ) -> None:
        await ack()
        if not from_bot(event):
            work = answer_event(runtime, dict(event), thread=True, claim=claim(runtime, body, context))
            runtime.background.spawn(work, name="mention")

    bolt.event("message")(on_message)
    bolt.event("app_mention")(on_mention)


def claim(runtime: SlackRuntime, body: dict[str, Any], context: dict[str, Any]) -> Awaitable[bool]:
    """The claim of this delivery and of its event id (the same on every retry), made after the ack."""
    return runtime.guard.claim(dict(context), str(body.get("event_id") or "") or None)


def _ts(value: object) -> str | None:
    """A Slack timestamp is a non-empty string; anything else in its place is ignored."""
    return value if isinstance(value, str) and value else None


async def answer_event(
    runtime: SlackRuntime, event: dict[str, Any], *, thread: bool, claim: Awaitable[bool]
) -> None:
    if not await claim:
        return
    user_id = str(event["user"])
    channel = str(event["channel"])
    where = await runtime.place_of(channel, user_id)
    reply = await runtime.run_command(
        user_id, None, where, command_text(str(event.get("text") or "")), event_id=event.get("client_msg_id")
    )
    if reply is None:
        return
    thread_ts = (_ts(event.get("thread_ts")) or _ts(event.get("ts"))) if thread else None
    await runtime.post(where, reply, user_id=user_id, thread_ts=thread_ts)
