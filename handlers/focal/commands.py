"""`focal`: the focal points of each member country (who speaks for it in check-ins, RSVPs, participation).

Admins name them with `focal <country> add|remove <user>`; users mapped to a country with `tz for ...
member=` count as focal points too. Anyone may list them.
"""

from __future__ import annotations

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply, Table
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.focal import FocalPoint, focal_points_of, strict_member
from handlers.platforms import USER
from handlers.questions import echo
from handlers.registry import CommandSpec
from handlers.text import closest

ADD_USAGE = "focal <country> add <user>"
REMOVE_USAGE = "focal <country> remove <user>"
ACTIONS = ("add", "remove")


async def focal_command(ctx: Context, args: Args) -> Reply:
    words = list(args.words)
    action_at = next((i for i, w in enumerate(words) if w.lower() in ACTIONS), None)
    if action_at is None:
        return await _list(ctx, " ".join(words))
    action = words[action_at].lower()
    country_text, rest = " ".join(words[:action_at]), words[action_at + 1 :]
    usage = ADD_USAGE if action == "add" else REMOVE_USAGE
    if not country_text or len(rest) != 1:
        raise Refusal.usage(f"Give one country and one user. Usage: `{usage}`", "user")
    member = await _member(ctx, country_text)
    if member is None:
        return await _unknown(ctx, country_text, " nothing changed.")
    platforms = ctx.services.platforms
    key = platforms.parse_user(rest[0], ctx.command.actor.platform)
    if key is None or len(key) > MAX_KEY:
        raise Refusal.usage(
            f"`{echo(rest[0])}` is not a user. Write a mention or an id with its platform: "
            f"{platforms.user_examples()}; nothing changed. Usage: `{usage}`",
            "user",
        )
    if action == "add":
        return await _add(ctx, member, key)
    return await _remove(ctx, member, key)


MAX_KEY = 255
"""The width of the user key columns: a longer key names nobody and is refused before storage."""


async def _member(ctx: Context, text: str) -> str | None:
    current = [m.name for m in await ctx.services.knowledge.members() if m.is_current]
    return strict_member(text, current)


async def _unknown(ctx: Context, text: str, tail: str) -> Reply:
    current = [m.name for m in await ctx.services.knowledge.members() if m.is_current]
    near = closest(text[:100], current)
    hint = f" Did you mean {near}?" if near else ""
    raise Refusal.error(f"`{echo(text)}` is not a current member country I know;{tail}{hint}", "country")


async def _add(ctx: Context, member: str, key: str) -> Reply:
    user = await ctx.services.users.get(key)
    if user is not None and user.member == member:
        return Reply(
            f"{key} already counts as a focal point of {member} (mapped with `tz for`); nothing changed.",
            data={"member": member, "user": key, "added": False},
        )
    added = await ctx.services.focal_points.add(member, key, by=ctx.actor_key, at=ctx.now())
    if not added:
        return Reply(
            f"{key} is already a focal point of {member}; nothing changed.",
            data={"member": member, "user": key, "added": False},
        )
    [point] = [p for p in await focal_points_of(ctx.services, [member]) if p.point.user_key == key]
    zone = point.timezone + (
        "" if point.zone_is_own else f" (the capital's; `tz for {key} <zone>` sets theirs)"
    )
    return Reply(
        f"{key} is now a focal point of {member}. Their zone: {zone}.",
        data={"member": member, "user": key, "added": True, "tz": point.timezone},
    )


async def _remove(ctx: Context, member: str, key: str) -> Reply:
    if await ctx.services.focal_points.remove(member, key):
        return Reply(
            f"{key} is no longer a focal point of {member}.",
            data={"member": member, "user": key, "removed": True},
        )
    user = await ctx.services.users.get(key)
    if user is not None and user.member == member:
        raise Refusal.error(
            f"{key} counts for {member} through `tz for {key} member={member}`; map them to another "
            "country there. Nothing changed.",
            "user",
        )
    raise Refusal.error(f"{key} is not a focal point of {member}; nothing changed.", "user")


def _row(found: FocalPoint) -> tuple[str, ...]:
    point = found.point
    return (
        point.member,
        point.label,
        point.user_key,
        found.timezone + ("" if found.zone_is_own else " (capital)"),
        "focal add" if point.via == "focal" else "tz for member=",
    )


def _data(found: FocalPoint) -> dict[str, object]:
    point = found.point
    return {
        "member": point.member,
        "user": point.user_key,
        "name": point.label,
        "tz": found.timezone,
        "tz_own": found.zone_is_own,
        "via": point.via,
    }


async def _list(ctx: Context, country_text: str) -> Reply:
    members = None
    if country_text:
        member = await _member(ctx, country_text)
        if member is None:
            return await _unknown(ctx, country_text, " see `member` for the list.")
        members = [member]
    points = await focal_points_of(ctx.services, members)
    if not points:
        who = members[0] if members else "any member"
        return Reply(
            f"No focal points for {who} yet. Admins: `{ADD_USAGE}`.",
            data={"focal_points": [], "member": members[0] if members else None},
        )
    countries = len({p.point.member for p in points})
    text = f"{len(points)} focal point{'s' if len(points) != 1 else ''} for {countries} member countr" + (
        "y." if countries == 1 else "ies."
    )
    table = Table(("Country", "Name", "User", "Time zone", "From"), tuple(_row(p) for p in points))
    return Reply(
        text,
        parts=(table,),
        data={"focal_points": [_data(p) for p in points], "member": members[0] if members else None},
    )


FOCAL = CommandSpec(
    name="focal",
    summary="The focal points of each member country (they count for it in RSVPs and participation).",
    forms=(
        Form(args="[<country>]"),
        Form("add", "<country> add <user>", at=-1, admin=True),
        Form("remove", "<country> remove <user>", at=-1, admin=True),
    ),
    examples=(
        "focal",
        "focal Estonia",
        f"focal Estonia add {USER}",
        f"focal Canada remove {USER}",
    ),
    handler=focal_command,
    aliases=("focals",),
    group="Directory",
)
COMMANDS = [FOCAL]
