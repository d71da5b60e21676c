"""A user's time zone: the one rule for every feature and every platform.

In order: the zone the user set (`tz`, or an admin's `tz for`), else the one their chat platform's profile
gives (an adapter stores it with `UserRepository.set_platform_zone`; it never replaces a zone the user set),
else the capital of the member country they speak for (mapped with `tz for ... member=`, else the first
country they are a focal point of, `focal <country> add`), else the bot's default (`FOCBOT_TIMEZONE`).
A stored name that is not a zone (`schedules.zones` checks names) is passed over.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

from schedules.zones import ZoneError, zone, zone_or
from storage.repositories.focal_points import FocalPointRepository
from storage.repositories.knowledge import KnowledgeRepository
from storage.repositories.users import UserRepository

ZoneSource = Literal["user", "platform", "member", "default"]


class ZoneFacts(Protocol):
    """What the rule reads of a user (a stored user row has these)."""

    @property
    def timezone(self) -> str | None: ...
    @property
    def timezone_source(self) -> str | None: ...
    @property
    def member(self) -> str | None: ...


@dataclass(frozen=True)
class ResolvedZone:
    """A user's zone and where it came from (``member`` names the country when it is its capital's)."""

    zone: ZoneInfo
    source: ZoneSource
    member: str | None = None

    @property
    def key(self) -> str:
        return self.zone.key


def _valid(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return zone(name)
    except ZoneError:
        return None


def resolve_zone(
    *,
    own: str | None,
    own_source: str | None,
    member: str | None,
    capitals: Mapping[str, str],
    default: str,
) -> ResolvedZone:
    """The rule itself, on plain values: the user's stored zone and its source, the member country they
    speak for, ``capitals`` (member name -> its capital's zone) and the bot's ``default``."""
    stored = _valid(own)
    if stored is not None:
        return ResolvedZone(stored, "platform" if own_source == "platform" else "user")
    if member:
        capital = _valid(capitals.get(member))
        if capital is not None:
            return ResolvedZone(capital, "member", member)
    return ResolvedZone(zone_or(default, "UTC"), "default")


def user_zone(user: ZoneFacts | None, capitals: Mapping[str, str], default: str) -> ResolvedZone:
    """`resolve_zone` for a stored user (None: one the bot has not met)."""
    return resolve_zone(
        own=user.timezone if user else None,
        own_source=user.timezone_source if user else None,
        member=user.member if user else None,
        capitals=capitals,
        default=default,
    )


async def capitals(knowledge: KnowledgeRepository) -> dict[str, str]:
    """Member name -> its capital's zone."""
    return {m.name: m.timezone for m in await knowledge.members()}


async def zone_of(
    users: UserRepository,
    knowledge: KnowledgeRepository,
    key: str,
    default: str,
    focal: FocalPointRepository | None = None,
) -> ResolvedZone:
    """The zone ``key`` reads times in, and where it came from."""
    return (await zones_of(users, knowledge, [key], default, focal))[key]


async def zones_of(
    users: UserRepository,
    knowledge: KnowledgeRepository,
    keys: Sequence[str],
    default: str,
    focal: FocalPointRepository | None = None,
) -> dict[str, ResolvedZone]:
    """`zone_of` for many users at once (a handful of queries). ``focal``: where the countries users are
    focal points of are read (None: only their `tz for ... member=` country counts)."""
    wanted = sorted(set(keys))
    stored = await users.many(wanted)
    spoken = await focal.countries_of(wanted) if focal is not None and wanted else {}
    country: dict[str, str | None] = {}
    for key in wanted:
        user = stored.get(key)
        country[key] = (user.member if user is not None else None) or next(iter(spoken.get(key, [])), None)
    members = await capitals(knowledge) if any(country.values()) else {}
    found = {}
    for key in wanted:
        user = stored.get(key)
        found[key] = resolve_zone(
            own=user.timezone if user else None,
            own_source=user.timezone_source if user else None,
            member=country[key],
            capitals=members,
            default=default,
        )
    return {key: found[key] for key in keys}
