"""`roster`: who belongs to each diplomatic network, so surveys (and calls) can go to `network=<city>`."""

from __future__ import annotations

from handlers.args import Args
from handlers.context import Context
from handlers.core import ItemList, Reply
from handlers.declare import Form
from handlers.errors import Refusal
from handlers.platforms import USER
from handlers.registry import CommandSpec
from handlers.surveys.audience import user_keys
from handlers.text import find_by_name
from storage.repositories.knowledge_views import NetworkView


async def find_network(ctx: Context, name: str) -> NetworkView | None:
    networks = await ctx.services.knowledge.networks()
    match = find_by_name(name, [n.city for n in networks] + [n.key for n in networks])
    return next((n for n in networks if match in (n.city, n.key)), None)


async def roster_command(ctx: Context, args: Args) -> Reply:
    rosters = ctx.services.rosters
    if not args.words:
        networks = await ctx.services.knowledge.networks()
        counts = {n.key: len(await rosters.members(n.key)) for n in networks}
        items = tuple(f"{n.city}: {counts[n.key]} people" for n in networks)
        return Reply(
            "The networks' rosters. `roster <city>` lists one.",
            parts=(ItemList(items),),
            data={"rosters": counts},
        )
    network = await find_network(ctx, args.words[0])
    if network is None:
        raise Refusal.error(f"No network `{args.words[0]}`. `network` lists them.", "network")
    action = (args.word(1) or "").lower()
    if not action:
        members = await rosters.members(network.key)
        return Reply(
            f"{network.city} network: {len(members)} people.",
            parts=(ItemList(tuple(members)),) if members else (),
            data={"network": network.key, "members": members},
        )
    names = [n for word in args.words[2:] for n in word.split(",") if n.strip()]
    if action not in {"add", "remove"} or not names:
        raise Refusal.usage(ROSTER.usage_text(), "action")
    keys = user_keys(tuple(names), ctx.command.actor.platform, ctx.services.platforms)
    if action == "add":
        added = await rosters.add(network.key, keys, by=ctx.actor_key, at=ctx.now())
        text = f"{network.city} network: {len(added)} added."
    else:
        removed = await rosters.remove(network.key, keys)
        text = f"{network.city} network: {removed} removed."
    return Reply(text, data={"network": network.key, "members": await rosters.members(network.key)})


ROSTER = CommandSpec(
    name="roster",
    summary="Who belongs to each diplomatic network (the audience of `survey open ... network=<city>`).",
    forms=(
        Form(args="[<city>]"),
        Form("add", "<city> add NAME,NAME", at=1, admin=True),
        Form("remove", "<city> remove NAME,NAME", at=1, admin=True),
    ),
    examples=("roster geneva", f"roster geneva add alice,{USER}"),
    handler=roster_command,
    group="Directory",
)
COMMANDS = [ROSTER]
