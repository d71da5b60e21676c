"""Slack ids -> the core's Actor and Place."""

from __future__ import annotations

from bot.adapters.slack import PLATFORM
from handlers.core import Actor, Place


def actor(user_id: str, name: str | None = None, *, is_bot: bool = False) -> Actor:
    return Actor(PLATFORM, user_id, display_name=name or None, is_bot=is_bot)


def place(channel_id: str, *, is_direct: bool = False) -> Place:
    """A channel; direct only when the caller knows it is the user's own DM with the bot
    (`SlackRuntime.place_of`): a ``D`` id or ``directmessage`` may be a DM between two people."""
    return Place(PLATFORM, channel_id, is_direct=is_direct)


def user_key(user_id: str) -> str:
    return f"{PLATFORM}:{user_id}"


def slack_user_id(key: str) -> str:
    """``slack:U123`` -> ``U123``; anything else is refused (it belongs to another platform)."""
    platform, _, uid = key.partition(":")
    if platform != PLATFORM or not uid:
        raise ValueError(f"not a Slack user key: {key!r}")
    return uid
