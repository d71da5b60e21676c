"""A user's time zone, the one rule for every feature: their own zone, else their member country's
capital, else the bot's default."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from storage.repositories.knowledge import KnowledgeRepository
from storage.repositories.users import UserRepository


async def user_zone(
    users: UserRepository, knowledge: KnowledgeRepository, key: str, default: ZoneInfo
) -> ZoneInfo:
    """The zone ``key`` reads times in."""
    user = await users.get(key)
    if user is not None and user.timezone:
        return ZoneInfo(user.timezone)
    if user is not None and user.member:
        for member in await knowledge.members():
            if member.name == user.member:
                return ZoneInfo(member.timezone)
    return default
