"""Room messages -> Commands: ``!foc ...`` in rooms (prefix configurable), plain text in a direct chat, and
in rooms a message that mentions the bot or replies to one of its messages (spoken to only when addressed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    mentions: tuple[str, ...] = field(default=())  # the user ids of ``m.mentions``


def message_of(source: dict[str, Any], room_id: str) -> Message | None:
    """A text message from an event's (decrypted) source, or None for anything else."""
    if source.get("type") != "m.room.message":
        return None
    content = source.get("content") or {}
    body = content.get("body")
    if not isinstance(body, str):
        return None
    relates = content.get("m.relates_to") or {}
    mentioned = content.get("m.mentions") or {}
    user_ids = mentioned.get("user_ids") if isinstance(mentioned, dict) else None
    mentions = tuple(str(u) for u in user_ids) if isinstance(user_ids, list) else ()
    return Message(
        event_id=str(source.get("event_id", "")),
        sender=str(source.get("sender", "")),
        room_id=room_id,
        msgtype=str(content.get("msgtype", "")),
        body=body,
        origin_server_ts=int(source.get("origin_server_ts") or 0),
        relates_to=relates if isinstance(relates, dict) else {},
        mentions=mentions,
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


def addressed_text(message: Message, body: str, bot_user_id: str) -> str | None:
    """The text of a room message addressed to the bot (a mention of it, or a reply to it), else None."""
    localpart = bot_user_id[1:].split(":", 1)[0]
    own = rf"{re.escape(bot_user_id)}\s*[:,]?|@?{re.escape(localpart)}\s*[:,]"
    lead = re.match(rf"^\s*(?:{own})\s+", body, re.IGNORECASE)
    if lead is not None:
        return body[lead.end() :].strip()
    replied = "m.in_reply_to" in message.relates_to and message.body.startswith(f"> <{bot_user_id}>")
    if bot_user_id in message.mentions:
        text = body.replace(bot_user_id, " ")
        pill = re.match(r"^\s*[^:\n?]{1,64}:\s+", text)  # a client's "Display name: " before the text
        return (text[pill.end() :] if pill else text).strip()
    return body.strip() if replied else None


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
        text = addressed_text(message, body, bot_user_id)
    if text is None:
        return None
    actor = Actor(PLATFORM, message.sender, display_name=display_name or message.sender)
    place = Place(PLATFORM, message.room_id, is_direct=is_direct)
    return Command(actor, place, text, event_id=message.event_id)


def annotation(source: dict[str, Any]) -> tuple[str, str] | None:
    """(the event reacted to, the key) of an ``m.reaction`` (an ``m.annotation``); None for anything else."""
    if source.get("type") != "m.reaction":
        return None
    relates = (source.get("content") or {}).get("m.relates_to") or {}
    if not isinstance(relates, dict) or relates.get("rel_type") != "m.annotation":
        return None
    target, key = relates.get("event_id"), relates.get("key")
    if not isinstance(target, str) or not target or not isinstance(key, str):
        return None
    return target, key
