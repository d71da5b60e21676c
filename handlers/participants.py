"""The one parser of the words that name participants, wherever people are named: `meeting new|edit|plan
participants=`, `checkin new to=` (and `users=`, `network=`), `survey open to=`.

``Japan,New Zealand,troika,members,network=geneva,<platform>:<user>`` is split on commas only (no quotes
needed) and each part read in one order: a group word (``members`` or ``all``, ``troika``,
``network=<city>``), a user written with its platform or as a mention, a member country (exact or a unique
prefix or part, never a near spelling: a refusal says "did you mean"), a user's short form typed on the
asker's platform (where a command takes those), else a refusal naming the field. The same input names the
same group everywhere; what a group MEANS stays with each command (a meeting resolves ``troika`` at each
call; a check-in and a survey ask the focal points of the countries named)."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.context import Context
from handlers.errors import Refusal
from handlers.focal import strict_member
from handlers.meetings.groups import MEMBERS, NETWORK, TROIKA
from handlers.text import closest

ALL = "all"
ALL_WORDS = frozenset(("all", "all-members"))
GROUP_WORDS = "troika, members, network=<city>, all"


@dataclass(frozen=True)
class Named:
    """One part: ``kind`` member (``ref`` the country), user (its key), group (``troika``, ``members``,
    ``network:<key>``) or all (the current members, as a list)."""

    kind: str
    ref: str


def split_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


async def read_named(
    ctx: Context, text: str, field: str, *, short_users: bool = False, any_user: bool = False
) -> list[Named]:
    """Each part of ``text`` (`Named`, duplicates dropped, order kept); a `Refusal` about ``field`` for a
    part that names nothing. ``short_users``: a bare name typed on the asker's platform is that user;
    ``any_user`` (a survey's ``to=``, as it always read): any other name is ``<platform>:<name>``."""
    from handlers.rosters import find_network

    names = [m.name for m in await ctx.services.knowledge.members()]
    platforms, here = ctx.services.platforms, ctx.command.actor.platform
    found: list[Named] = []
    for part in split_list(text):
        lowered = part.lower()
        if lowered in ALL_WORDS:
            found.append(Named(ALL, ALL))
            continue
        if lowered in (TROIKA, MEMBERS):
            found.append(Named("group", lowered))
            continue
        if lowered.startswith(("network=", "network:")):
            city = part[len("network") + 1 :].strip()
            network = await find_network(ctx, city) if city else None
            if network is None:
                raise Refusal.usage(
                    f"`{part}` is not a network; write network=<city>, e.g. network=geneva", field
                )
            found.append(Named("group", f"{NETWORK}{network.key}"))
            continue
        key = platforms.parse_user(part)
        if key is not None:
            found.append(Named("user", key))
            continue
        country = strict_member(part, names)
        if country is None and short_users:
            key = platforms.parse_user(part, here)
            if key is not None:
                found.append(Named("user", key))
                continue
        country = country or _named_country(part, names)
        if country is None and any_user:
            found.append(Named("user", f"{here}:{part.lstrip('@')}"))
            continue
        if country is None:
            near = closest(part, names)
            raise Refusal.usage(
                f"`{part}` is neither a member country, a user ({platforms.user_examples()}) nor a group "
                f"({GROUP_WORDS})" + (f"; did you mean {near}?" if near else ""),
                field,
            )
        found.append(Named("member", country))
    if not found:
        raise Refusal.usage(f"{field}= names no one", field)
    return list(dict.fromkeys(found))


def _named_country(text: str, names: list[str]) -> str | None:
    """A country named exactly, by a unique prefix or a unique part of its name; never a near spelling
    (``Narnia`` is not Armenia): those named here are invited, reminded and asked."""
    lowered = " ".join(text.split()).lower()
    for test in (
        lambda n: n.lower() == lowered,
        lambda n: n.lower().startswith(lowered),
        lambda n: lowered in n.lower(),
    ):
        found = [n for n in names if test(n)]
        if len(found) == 1:
            return found[0]
    return None
