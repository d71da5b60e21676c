"""Room messages -> Commands: ``!foc ...`` in rooms (prefix configurable), plain text in a direct chat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.adapters.matrix import PLATFORM
from handlers.core import Actor, Command, Place


@dataclass(frozen=True)
class Message:
    """The parts of a timeline event the adapter looks at."""

    event_id: str
    sender: str
    room_id: str
    msgtype: str
    body: str
    origin_server_ts: int
    relates_to: dict[str, Any]


def message_of(source: dict[str, Any], room_id: str) -> Message | None:
    """A text message from an event's (decrypted) source, or None for anything else."""
    if source.get("type") != "m.room.message":
        return None
    content = source.get("content") or {}
    body = content.get("body")
    if not isinstance(body, str):
        return None
    relates = content.get("m.relates_to") or {}
    return Message(
        event_id=str(source.get("event_id", "")),
        sender=str(source.get("sender", "")),
        room_id=room_id,
        msgtype=str(content.get("msgtype", "")),
        body=body,
        origin_server_ts=int(source.get("origin_server_ts") or 0),
        relates_to=relates if isinstance(relates, dict) else {},
    )


def strip_reply_fallback(body: str) -> str:
    """Drop the ``> <@user> quoted`` lines a client puts before the text of a reply."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    while lines and lines[0].startswith(">"):
        lines.pop(0)
    return "\n".join(lines).strip()


def command_text(body: str, prefix: str, is_direct: bool) -> str | None:
    """The command in ``body``: after the prefix in a room, the whole text in a direct chat."""
    text = body.strip()
    lowered, wanted = text.lower(), prefix.lower()
    if lowered == wanted:
        return ""
    if lowered.startswith(wanted) and text[len(prefix)].isspace():
        return text[len(prefix) :].strip()
    return text if is_direct else None


def to_command(
    message: Message,
    *,
    bot_user_id: str,
    prefix: str,
    is_direct: bool,
    display_name: str | None,
) -> Command | None:
    """The Command for ``message``, or None when the bot must stay silent (own, notice, edit, chatter)."""
    if message.sender == bot_user_id or message.msgtype != "m.text":
        return None
    if message.relates_to.get("rel_type") == "m.replace":
        return None  # an edit: the original was handled
    body = strip_reply_fallback(message.body) if "m.in_reply_to" in message.relates_to else message.body
    text = command_text(body, prefix, is_direct)
    if text is None:
        return None
    actor = Actor(PLATFORM, message.sender, display_name=display_name or message.sender)
    place = Place(PLATFORM, message.room_id, is_direct=is_direct)
    return Command(actor, place, text, event_id=message.event_id)
