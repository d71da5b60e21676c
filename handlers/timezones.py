"""`tz`: your own time zone (reminders and listings show times in it); admins map users to members."""

from __future__ import annotations

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply
from handlers.declare import Form, Option
from handlers.errors import Refusal
from handlers.platforms import USER
from handlers.registry import CommandSpec
from handlers.text import find_by_name
from schedules.recurrence import RuleError
from schedules.zones import zone

FOR_USAGE = "tz for <platform:user> [<IANA zone>] [member=<country>]"


async def tz_command(ctx: Context, args: Args) -> Reply:
    first = args.word(0)
    if first is None and not args.options:
        return await _show(ctx, ctx.actor_key, "Your")
    if first is not None and first.lower() == "for":
        return await _set_for(ctx, args.shift(1))
    if first is None or len(args.words) != 1 or args.options:
        raise Refusal.usage(TZ.usage_text(), "tz")
    try:
        tz = zone(first)
    except RuleError as exc:
        raise Refusal.usage(str(exc), "tz", hint=TZ.usage_text()) from None
    await ctx.services.users.update(
        ctx.actor_key, at=ctx.now(), timezone=tz.key, display_name=ctx.command.actor.display_name
    )
    local = ctx.now().astimezone(tz)
    return Reply(
        f"Your time zone is now {tz.key} (it is {local:%a %H:%M} there). Reminders show your local time.",
        data={"user": ctx.actor_key, "tz": tz.key},
    )


ORIGINS = {
    "user": "set with `tz`",
    "platform": "from the chat profile; set yours with `tz <zone>`",
    "default": "the default; set yours with `tz <zone>`",
}


async def _show(ctx: Context, key: str, whose: str) -> Reply:
    user = await ctx.services.users.get(key)
    member = user.member if user else None
    found = await ctx.services.zone_of(key)
    origin = f"the capital of {found.member}" if found.source == "member" else ORIGINS[found.source]
    local = ctx.now().astimezone(found.zone)
    return Reply(
        f"{whose} time zone: {found.key} ({origin}); now {local:%a %d %b %H:%M}."
        + (f" Member: {member}." if member else ""),
        data={
            "user": key,
            "tz": found.key,
            "member": member,
            "set": found.source == "user",
            "source": found.source,
        },
    )


async def _set_for(ctx: Context, args: Args) -> Reply:
    key = ctx.services.platforms.parse_user(args.word(0) or "")
    if key is None or len(args.words) > 2 or set(args.options) - {"member", "tz"}:
        raise Refusal.usage(f"Usage: `{FOR_USAGE}`", "user")
    tz_name = args.word(1) or args.options.get("tz")
    if tz_name is None and "member" not in args.options:
        return await _show(ctx, key, f"{key}'s")
    try:
        tz = zone(tz_name).key if tz_name else None
    except RuleError as exc:
        raise Refusal.usage(str(exc), "tz", usage=FOR_USAGE) from None
    member = None
    if "member" in args.options:
        names = [m.name for m in await ctx.services.knowledge.members()]
        member = find_by_name(args.options["member"], names)
        if member is None:
            raise Refusal.error(
                f"`{args.options['member']}` is not a member I know; nothing changed.", "member"
            )
    await ctx.services.users.update(key, at=ctx.now(), timezone=tz, member=member)
    return await _show(ctx, key, f"Saved. {key}'s")


TZ = CommandSpec(
    name="tz",
    summary="Your time zone (meeting times are shown in it); admins set users' zones and countries.",
    forms=(
        Form(also=("tz <IANA zone>",), args=""),
        Form(
            "for",
            "<platform:user> [<IANA zone>]",
            options=(
                Option("member", "The member country they speak for", "<country>", spaced=True),
                Option("tz", "Their zone", "<IANA zone>", kind="zone"),
            ),
            admin=True,
        ),
    ),
    examples=("tz", "tz Europe/Tallinn", f"tz for {USER} Europe/Tallinn member=Estonia"),
    handler=tz_command,
    aliases=("timezone",),
    group="Meetings",
)
COMMANDS = [TZ]
