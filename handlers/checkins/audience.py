"""Who a check-in asks: the focal points of all members (``to=members``, the default), of named members
(``to=Japan,United States``: comma-separated, no quotes needed), of the troika of each round's year
(``to=troika``), a network's roster (``network=<city>`` or ``to=network=<city>``) or named users
(``users=alice,bob`` or ``to=alice,bob``), read by the one parser of participant words. Read and
checked when the check-in is defined; resolved to people, each with their member country and zone (the one
rule), when a round opens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from handlers.context import Context, Services
from handlers.errors import Refusal
from handlers.focal import focal_points_of
from handlers.meetings.groups import MEMBERS, NETWORK, TROIKA, GroupResolver
from handlers.participants import ALL, read_named
from handlers.text import closest

KINDS = ("members", "countries", "troika", "network", "users")
AUDIENCE_KEYS = ("to", "network", "users")


@dataclass(frozen=True)
class Audience:
    kind: str  # members | countries | troika | network | users
    values: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.kind == "members":
            return "focal points of all members"
        if self.kind == "countries":
            return "focal points of " + ", ".join(self.values)
        if self.kind == "troika":
            return "focal points of the troika (of each round's year)"
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
    """The audience the options name, read by the one parser of participant words
    (`handlers.participants.read_named`): ``to=`` takes countries, ``members``/``all``, ``troika``,
    ``network=<city>`` or users; ``users=`` and ``network=`` say the same. A check-in asks one kind of
    audience; a `Refusal` naming the field for an unknown country, user or network, a former member, or a
    mix."""
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
    if not text.strip(", "):
        raise Refusal.usage(f"`{key}=` is empty: name who is asked", key)
    if key == "network":
        text = f"network={text}"
    named = await read_named(ctx, text, key, short_users=key == "users")
    kinds = {n.kind for n in named}
    if key == "users" and kinds != {"user"}:
        raise Refusal.error("`users=` takes users; countries and groups go in `to=`", "users")
    if kinds == {"user"}:
        return Audience("users", tuple(n.ref for n in named))
    if len(named) == 1 and (named[0].kind == ALL or named[0].ref == MEMBERS):
        return Audience("members")
    if len(named) == 1 and named[0].ref == TROIKA:
        return Audience("troika")
    if len(named) == 1 and named[0].ref.startswith(NETWORK):
        return Audience("network", (named[0].ref.removeprefix(NETWORK),))
    if kinds != {"member"}:
        raise Refusal.usage(
            "a check-in asks one kind of audience: countries, `members`, `troika`, a network or users",
            key,
        )
    current = [m.name for m in await ctx.services.knowledge.members() if m.is_current]
    for n in named:
        if n.ref not in current:
            near = closest(n.ref, current)
            hint = f" Did you mean {near}?" if near else ""
            raise Refusal.error(f"`{n.ref}` is not a current member country I know.{hint}", key)
    return Audience("countries", tuple(n.ref for n in named))


async def audience_countries(services: Services, audience: Audience, day: date) -> tuple[str, ...] | None:
    """The member countries whose focal points the audience asks on ``day`` (the troika of its year);
    None for an audience of people (a network, users)."""
    if audience.kind == "countries":
        return audience.values
    if audience.kind == "troika":
        return tuple(await GroupResolver(services).troika(day.year))
    return None


async def participants_of(services: Services, audience: Audience, day: date) -> list[Participant]:
    """The people of ``audience`` on ``day`` (the troika of its year), each once per member country they
    are asked for, with their zone."""
    if audience.kind in ("members", "countries", "troika"):
        points = await focal_points_of(services, await audience_countries(services, audience, day))
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
