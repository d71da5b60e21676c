"""Which invites the bot accepts: from allowed users or servers (``FOCBOT_MATRIX_ALLOW``; default its own
server). Other invites are declined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


def server_of(user_id: str) -> str:
    return user_id.split(":", 1)[1] if ":" in user_id else ""


@dataclass(frozen=True)
class InvitePolicy:
    users: frozenset[str]
    servers: frozenset[str]

    @classmethod
    def parse(cls, allow: str | None, bot_user_id: str) -> InvitePolicy:
        """``@alice:example.org, example.com`` -> that user and that server; empty -> the bot's own server."""
        entries = [e.strip() for e in (allow or "").split(",") if e.strip()]
        if not entries:
            return cls(frozenset(), frozenset({server_of(bot_user_id)}))
        users = frozenset(e for e in entries if e.startswith("@"))
        servers = frozenset(e.lstrip(":") for e in entries if not e.startswith("@"))
        return cls(users, servers)

    def allows(self, user_id: str) -> bool:
        return user_id in self.users or server_of(user_id) in self.servers


@dataclass(frozen=True)
class Invite:
    room_id: str
    sender: str
    is_direct: bool


def invite_of(room_id: str, invite_state: list[dict[str, Any]], bot_user_id: str) -> Invite | None:
    """Who invited the bot to ``room_id`` (from the stripped state of the invite), and whether as a DM."""
    for event in invite_state:
        if (
            event.get("type") == "m.room.member"
            and event.get("state_key") == bot_user_id
            and (event.get("content") or {}).get("membership") == "invite"
        ):
            content = event.get("content") or {}
            return Invite(room_id, str(event.get("sender", "")), bool(content.get("is_direct")))
    return None
