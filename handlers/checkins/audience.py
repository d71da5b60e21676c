"""Who a check-in asks: the focal points of all members (``to=members``, the default), of named members
(``to=Japan,United States``: comma-separated, no quotes needed), a network's roster (``network=<city>``)
or named users (``users=alice,bob``). Read and checked when the check-in is defined; resolved to people,
each with their member country and zone (the one rule), when a round opens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from handlers.context import Context, Services
from handlers.errors import Refusal
from handlers.focal import focal_points_of, strict_member
from handlers.text import closest

KINDS = ("members", "countries", "network", "users")
AUDIENCE_KEYS = ("to", "network", "users")


@dataclass(frozen=True)
class Audience:
    kind: str  # members | countries | network | users
    values: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "members":
            return "focal points of all members"
        if self.kind == "countries":
            return "focal points of " + ", ".join(self.values)
        if self.kind == "network":
            return f"the {self.values[0]} network's roster"
        return ", ".join(self.values)


@dataclass(frozen=True)
class Participant:
    user_key: str
    member: str | None
    zone: ZoneInfo


def option_phrase(rest: str, key: str) -> str | None:
    """The value of ``key=`` in the raw text, running on over spaces up to the next ``name=`` option
    (``to=Japan,United States deadline=7d`` -> ``Japan,United States``); quotes are dropped."""
    match = re.search(rf"(?:^|\s){re.escape(key)}=(.*?)(?=\s+[A-Za-z_][\w-]*=|$)", rest, re.IGNORECASE | re.S)
    if match is None:
        return None
    return match.group(1).strip().strip("\"'“”").strip()


async def read_audience(ctx: Context, options: dict[str, str], rest: str) -> Audience:
    """The audience the options name; a `Refusal` naming the field for an unknown country, user or
    network, or for more than one kind of audience."""
    given = [k for k in AUDIENCE_KEYS if k in options]
    if len(given) > 1:
        raise Refusal.usage(
            "say who is asked once: `to=members`, `to=Country,Country`, `network=<city>` or "
            "`users=NAME,NAME`",
            given[1],
        )
    if not given:
        return Audience("members")
    key = given[0]
    text = option_phrase(rest, key) or ""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise Refusal.usage(f"`{key}=` is empty: name who is asked", key)
    if key == "network":
        from handlers.rosters import find_network

        network = await find_network(ctx, text)
        if network is None:
            raise Refusal.error(f"no network `{text}`; `network` lists them", "network")
        return Audience("network", (network.key,))
    if key == "users":
        keys = []
        for name in names:
            user = ctx.services.platforms.parse_user(name, ctx.command.actor.platform)
            if user is None:
                raise Refusal.error(
                    f"`{name}` is not a user; write a mention or an id with its platform: "
                    f"{ctx.services.platforms.user_examples()}",
                    "users",
                )
            keys.append(user)
        return Audience("users", tuple(dict.fromkeys(keys)))
    if len(names) == 1 and names[0].lower() in ("members", "all"):
        return Audience("members")
    current = [m.name for m in await ctx.services.knowledge.members() if m.is_current]
    found = []
    for name in names:
        member = strict_member(name, current)
        if member is None:
            near = closest(name, current)
            hint = f" Did you mean {near}?" if near else ""
            raise Refusal.error(f"`{name}` is not a current member country I know.{hint}", "to")
        found.append(member)
    return Audience("countries", tuple(dict.fromkeys(found)))


async def participants_of(services: Services, audience: Audience) -> list[Participant]:
    """The people of ``audience`` now, each once per member country they are asked for, with their zone."""
    if audience.kind in ("members", "countries"):
        points = await focal_points_of(services, None if audience.kind == "members" else audience.values)
        people = [Participant(p.point.user_key, p.point.member, p.zone.zone) for p in points]
    else:
        keys = (
            await services.rosters.members(audience.values[0])
            if audience.kind == "network"
            else list(audience.values)
        )
        zones = await services.zones_of(keys)
        users = await services.users.many(keys)
        people = [
            Participant(k, users[k].member if k in users else None, zones[k].zone) for k in sorted(set(keys))
        ]
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for person in people:  # once per person and country: a focal point of two countries answers for each
        if (person.user_key, person.member) not in seen:
            seen.add((person.user_key, person.member))
            unique.append(person)
    return unique
