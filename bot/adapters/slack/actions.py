"""Clicks on the buttons and menus of a `Choices` part: the chosen command runs as the clicking user."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.render import CHOICE_ACTION
from bot.adapters.slack.runtime import SlackRuntime


def chosen_command(action: dict[str, Any]) -> str | None:
    """The command text a click stands for: a button's value, or the menu's template filled in."""
    kind = action.get("type")
    if kind == "button":
        return str(action.get("value") or "") or None
    template = str(action.get("block_id") or "").partition("|")[2]
    if not template:
        return None
    if kind == "static_select":
        values = [action.get("selected_option", {}).get("value")]
    elif kind == "multi_static_select":
        values = [o.get("value") for o in action.get("selected_options") or []]
    else:
        return None
    chosen = [str(v) for v in values if v]
    return template.replace("{value}", ",".join(chosen)) if chosen else None


def register_actions(bolt: AsyncApp, runtime: SlackRuntime) -> None:
    async def on_choice(
        ack: Callable[..., Awaitable[None]],
        body: dict[str, Any],
        action: dict[str, Any],
        context: dict[str, Any],
    ) -> None:
        await ack()
        work = answer_choice(runtime, dict(body), dict(action), dict(context))
        runtime.background.spawn(work, name="choice")

    bolt.action(re.compile(f"^{CHOICE_ACTION}:"))(on_choice)


async def answer_choice(
    runtime: SlackRuntime, body: dict[str, Any], action: dict[str, Any], context: dict[str, Any]
) -> None:
    text = chosen_command(action)
    if text is None or not await runtime.guard.claim(context):
        return
    user = body.get("user") or {}
    user_id = str(user["id"])
    channel = (body.get("channel") or {}).get("id")
    where = await runtime.place_of(channel, user_id)
    reply = await runtime.run_command(
        user_id, user.get("username") or user.get("name"), where, text, event_id=body.get("trigger_id")
    )
    if reply is not None:
        await runtime.answer(reply, response_url=body.get("response_url"), user_id=user_id, channel=channel)
