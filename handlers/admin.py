"""`admin add|remove|list`: who may edit the activity tracker, schedule calls and run surveys."""

from __future__ import annotations

from handlers.args import Args
from handlers.context import Context
from handlers.core import Reply, Table
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.platforms import USER
from handlers.registry import CommandSpec


async def admin_command(ctx: Context, args: Args) -> Reply:
    action = (args.word(0) or "").lower()
    users = ctx.services.users
    if action == "list":
        configured = sorted(ctx.services.settings.admins)
        added = sorted(await users.admin_keys())
        rows = tuple((key, "FOCBOT_ADMINS") for key in configured) + tuple(
            (key, "admin add") for key in added if key not in ctx.services.settings.admins
        )
        return Reply(
            f"{len(rows)} admins.",
            parts=(Table(("User", "From"), rows),),
            data={"admins": [r[0] for r in rows]},
        )
    if action not in {"add", "remove"} or len(args.words) != 2:
        raise Refusal.usage(ADMIN.usage_text(), "action")
    platforms = ctx.services.platforms
    key = platforms.parse_user(args.words[1])
    if key is None:
        raise Refusal.usage(
            f"`{args.words[1]}` is not a user id. Write it with its platform: {platforms.user_examples()}.",
            "user",
        )
    if action == "add":
        await users.update(key, at=ctx.now(), is_admin=True, admin_added_by=ctx.actor_key)
        return Reply(f"{key} is now an admin.", data={"admin": key, "added": True})
    if key in ctx.services.settings.admins:
        raise Refusal.error(
            f"{key} is an admin through FOCBOT_ADMINS; change that setting to remove them.", "user"
        )
    if key not in await users.admin_keys():
        raise Refusal.error(f"{key} is not an admin.", "user")
    await users.update(key, at=ctx.now(), is_admin=False)
    return Reply(f"{key} is no longer an admin.", data={"admin": key, "added": False})


ADMIN = CommandSpec(
    name="admin",
    summary="Manage admins (admins only).",
    forms=(
        Form("add", "<platform:user>", admin=True),
        Form("remove", "<platform:user>", admin=True),
        Form("list", admin=True),
    ),
    default="list",
    examples=(f"admin add {USER}", "admin list"),
    handler=admin_command,
    group="Admin",
)
COMMANDS = [ADMIN]
