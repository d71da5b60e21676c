"""/foc: acknowledged at once (Slack wants it within 3 s), answered after the ack through respond."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.keys import SLASH_COMMAND
from bot.adapters.slack.mentions import plain_command
from bot.adapters.slack.runtime import SlackRuntime


@dataclass(frozen=True)
class Opener:
    """A form some commands open instead of running (``meeting new``). ``open`` returns False to let the
    command run after all (not allowed, or Slack refused the modal)."""

    wants: Callable[[str], bool]
    open: Callable[[SlackRuntime, dict[str, Any]], Awaitable[bool]]


def register_commands(bolt: AsyncApp, runtime: SlackRuntime, openers: list[Opener]) -> None:
    async def on_foc(
        ack: Callable[..., Awaitable[None]], body: dict[str, Any], context: dict[str, Any]
    ) -> None:
        await ack()
        work = answer_slash(runtime, dict(body), openers, dict(context))
        form = any(o.wants(str(body.get("text") or "")) for o in openers)  # its trigger_id lives 3 s
        runtime.background.spawn(work, name="slash-command", urgent=form)

    bolt.command(SLASH_COMMAND)(on_foc)


async def answer_slash(
    runtime: SlackRuntime, body: dict[str, Any], openers: list[Opener], context: dict[str, Any]
) -> None:
    trigger = body.get("trigger_id")
    # a slash command delivered twice (Slack retries, or a replay with a new signature) has one trigger_id
    if not await runtime.guard.claim(context, f"trigger:{trigger}" if trigger else None):
        return
    text = str(body.get("text") or "")
    for opener in openers:
        if opener.wants(text) and await opener.open(runtime, body):
            return
    user_id = str(body["user_id"])
    reply = await runtime.run_command(
        user_id,
        body.get("user_name"),
        await runtime.place_of(str(body.get("channel_id") or ""), user_id),
        plain_command(text).strip(),
        event_id=body.get("trigger_id"),
    )
    if reply is not None:
        await runtime.answer(
            reply, response_url=body.get("response_url"), user_id=user_id, channel=body.get("channel_id")
        )
