"""Slack ids -> the core's Actor and Place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.adapters.slack import PLATFORM
from handlers.core import Actor, Place


def actor(user_id: str, name: str | None = None, *, is_bot: bool = False) -> Actor:
    return Actor(PLATFORM, user_id, display_name=name or None, is_bot=is_bot)


def place(channel_id: str, *, is_direct: bool | None = None) -> Place:
    """A channel; DMs (ids starting with D) are direct unless the caller knows better."""
    direct = channel_id.startswith("D") if is_direct is None else is_direct
    return Place(PLATFORM, channel_id, is_direct=direct)


def command_place(body: Mapping[str, Any]) -> Place:
    """Where a slash command was typed (``channel_name`` is ``directmessage`` in a DM)."""
    channel = str(body.get("channel_id") or "")
    direct = body.get("channel_name") == "directmessage" or channel.startswith("D")
    return place(channel, is_direct=direct)


def user_key(user_id: str) -> str:
    return f"{PLATFORM}:{user_id}"


def slack_user_id(key: str) -> str:
    """``slack:U123`` -> ``U123``; anything else is refused (it belongs to another platform)."""
    platform, _, uid = key.partition(":")
    if platform != PLATFORM or not uid:
        raise ValueError(f"not a Slack user key: {key!r}")
    return uid
