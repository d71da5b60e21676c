"""Task forces, joint statements, diplomatic networks, members, chairs and the troika."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.args import Args, is_digits
from handlers.context import Context
from handlers.core import ItemList, Reply, Table
from handlers.declare import Form, Option
from handlers.errors import Refusal
from handlers.knowledge.answers.countries import find_country
from handlers.knowledge.answers.entities import find_years
from handlers.questions import echo, network_args, short_lookup
from handlers.registry import CommandSpec
from handlers.text import NOT_SET, UNKNOWN, find_by_name, or_unknown
from storage.repositories.knowledge import TroikaView
from storage.repositories.knowledge_views import MemberView, NetworkView, TaskForceView


def _task_force_text(tf: TaskForceView) -> str:
    lines = [f"*{tf.name}* ({tf.key})"]
    for label, value in (
        ("Focus", tf.focus),
        ("Chairs/leads", tf.chairs),
        ("Launched", tf.launched),
        ("Period", tf.period),
        ("Output", tf.output),
    ):
        if value:
            lines.append(f"{label}: {value}")
    lines.append(f"Source: {or_unknown(tf.source)}")
    return "\n".join(lines)


async def taskforce_command(ctx: Context, args: Args) -> Reply:
    task_forces = await ctx.services.knowledge.task_forces()
    query = args.rest.strip()
    if not query:
        table = Table(
            ("Key", "Name", "Chairs/leads"),
            tuple((tf.key, tf.name, or_unknown(tf.chairs)) for tf in task_forces),
            title="Task forces and groups",
        )
        return Reply(
            f"{len(task_forces)} task forces and groups. `taskforce <name or key>` for one.",
            parts=(table,),
            data={"taskforces": [{"key": tf.key, "name": tf.name} for tf in task_forces]},
        )
    by_key = {tf.key.lower(): tf for tf in task_forces}
    found = by_key.get(query.lower())
    if found is None:
        hits = await ctx.services.search.search(query, limit=1, kinds=("taskforce",))
        found = by_key.get(hits[0].record.id.lower()) if hits else None
    if found is None:
        keys = ", ".join(tf.key for tf in task_forces)
        raise Refusal.error(f"No task force matches `{query}`. Known: {keys}.", "task force")
    return Reply(
        _task_force_text(found),
        data={"kind": "taskforce", "id": found.key, "name": found.name, "source": found.source},
    )


async def statement_command(ctx: Context, args: Args) -> Reply:
    statements = await ctx.services.knowledge.statements()
    query = _LEADING.sub("", args.rest.strip())
    years = find_years(query, ctx.now().year) if query else None
    if not query:
        chosen = list(statements)
        title = f"All {len(chosen)} joint statements"
    elif years is not None and not _LEADING.sub("", _YEAR_WORDS.sub("", query)).strip():
        chosen = [s for s in statements if s.year[:4].isdigit() and years.covers(int(s.year[:4]))]
        title = f"Joint statements {'of ' if years.single else ''}{years.label()}"
        if not chosen:
            known = sorted({s.year for s in statements})
            raise Refusal.error(
                f"No joint statement recorded for {years.label()}. Years known: {', '.join(known)}.", "year"
            )
    else:
        hits = await ctx.services.search.search(query, limit=3, kinds=("statement",))
        keys = [h.record.id for h in hits]
        by_key = {s.key: s for s in statements}
        chosen = [by_key[k] for k in keys if k in by_key]
        title = f"Joint statements matching `{echo(query)}`"
        if not chosen:
            raise Refusal.error(
                f"No joint statement matches `{echo(query)}`. `statement` lists them all.", "statement"
            )
    table = Table(("Year", "Title"), tuple((s.year, s.title) for s in chosen), title=title)
    return Reply(
        f"{title}: {len(chosen)}. Index: https://freedomonlinecoalition.com/joint-statements",
        parts=(table,),
        data={"statements": [{"key": s.key, "year": s.year, "title": s.title} for s in chosen]},
    )


_LEADING = re.compile(r"^(?:(?:about|on|from|in|of|for|during|made|issued|published)\s+)+", re.I)
_YEAR_WORDS = re.compile(
    r"\b(?:(?:19|20)\d{2}|this|last|next|previous|current|year|since|between|and|to|before|until)\b|-",
    re.I,
)


def _network_line(network: NetworkView) -> str:
    poc = network.poc or NOT_SET
    return f"{network.city}: point of contact {poc}"


async def network_command(ctx: Context, args: Args) -> Reply:
    knowledge = ctx.services.knowledge
    networks = await knowledge.networks()
    if not args.words:
        return Reply(
            "The FOC diplomatic networks named in the Program of Action 2023 (activities 1A.1 and 1A.2).",
            parts=(ItemList(tuple(_network_line(n) for n in networks)),),
            data={"networks": [{"key": n.key, "city": n.city, "poc": n.poc} for n in networks]},
        )
    city = find_by_name(args.words[0], [n.city for n in networks] + [n.key for n in networks])
    network = next((n for n in networks if city in (n.city, n.key)), None)
    if network is None:
        cities = ", ".join(n.city for n in networks)
        raise Refusal.error(f"No network `{args.words[0]}`. The networks are: {cities}.", "network")
    if (args.word(1) or "").lower() == "poc":
        value = args.shift(2).rest.strip().strip('"').strip()
        if not value:
            raise Refusal.usage(f"Who? `network {network.key} poc <name>`", "poc")
        updated = await knowledge.set_network_poc(network.key, value[:200], by=ctx.actor_key, at=ctx.now())
        assert updated is not None
        await ctx.services.search.refresh()  # the network's record shows its point of contact
        return Reply(
            f"{updated.city} network: point of contact set to {updated.poc}.",
            data={"kind": "network", "id": updated.key, "poc": updated.poc},
        )
    if args.word(1) is not None:
        raise Refusal.usage(NETWORK.usage_text(), "action")
    lines = [
        f"*{network.city} network*",
        network.description or "",
        f"Point of contact: {network.poc or NOT_SET}"
        + (
            f" (set by {network.poc_updated_by} on {network.poc_updated_at:%Y-%m-%d})"
            if network.poc_updated_at
            else ""
        ),
        "Related: activity 1A.1 (plan of action and annual priorities), 1A.2 (a POC at each network), "
        "3B.1 (a Support Unit staff member to coordinate the networks).",
        f"Source: {or_unknown(network.source)}",
    ]
    return Reply(
        "\n".join(line for line in lines if line),
        data={"kind": "network", "id": network.key, "city": network.city, "poc": network.poc},
    )


def _member_text(member: MemberView, now: datetime, chaired: list[str]) -> str:
    local = now.astimezone(ZoneInfo(member.timezone))
    status = "observer" if member.kind == "observer" else ("former member" if member.left else "member")
    lines = [f"*{member.name}* ({status})"]
    if member.kind == "member":
        lines.append(f"Joined: {or_unknown(member.joined)}")
    if member.left:
        lines.append(f"Left: {member.left}")
    lines.append(f"Capital time zone: {member.timezone} (now {local:%a %H:%M})")
    if chaired:
        lines.append(f"Chair: {', '.join(chaired)}")
    if member.note:
        lines.append(f"Note: {member.note}")
    lines.append(f"Source: {or_unknown(member.source)}")
    return "\n".join(lines)


async def member_command(ctx: Context, args: Args) -> Reply:
    knowledge = ctx.services.knowledge
    members = await knowledge.members()
    query = args.rest.strip()
    if not query:
        current = [m for m in members if m.is_current]
        former = [m for m in members if m.kind == "member" and m.left]
        observers = [m for m in members if m.kind == "observer"]
        table = Table(
            ("Member", "Joined", "Time zone"),
            tuple((m.name, or_unknown(m.joined), m.timezone) for m in current),
            title=f"{len(current)} current members",
        )
        extra = []
        if former:
            extra.append("Former: " + ", ".join(f"{m.name} (left {m.left})" for m in former))
        if observers:
            extra.append("Observers: " + ", ".join(m.name for m in observers))
        return Reply(
            f"{len(current)} current members. " + " ".join(extra),
            parts=(table,),
            data={
                "members": [m.name for m in current],
                "former": [m.name for m in former],
                "observers": [m.name for m in observers],
            },
        )
    names = [m.name for m in members]
    name = find_country(query, names) or find_by_name(query, names)
    member = next((m for m in members if m.name == name), None)
    if member is None:
        raise Refusal.error(f"`{query}` is not a member or observer I know. `member` lists them.", "member")
    chaired = [f"{c.year}" for c in await knowledge.chairs() if c.chair == member.name]
    return Reply(
        _member_text(member, ctx.now(), chaired),
        data={
            "kind": "member",
            "id": member.name,
            "status": member.kind if not member.left else "former",
            "joined": member.joined,
            "left": member.left,
            "timezone": member.timezone,
            "source": member.source,
        },
    )


async def chairs_command(ctx: Context, args: Args) -> Reply:
    chairs = await ctx.services.knowledge.chairs()
    table = Table(
        ("Year", "Chair"), tuple((c.year, or_unknown(c.chair)) for c in chairs), title="Chairs of the FOC"
    )
    named = [c for c in chairs if c.chair is not None and not c.chair.lower().startswith("none")]
    return Reply(
        f"{len(named)} chairships since 2011 (the table also shows the years without a known Chair). "
        "`troika` shows the current troika.",
        parts=(table,),
        data={"chairs": [{"year": c.year, "chair": c.chair, "source": c.source} for c in chairs]},
    )


def _troika_reply(view: TroikaView, prefix: str = "") -> Reply:
    origin = f"set by {view.set_by}" if view.set_by else "derived from the chairs by year"
    rows = (
        ("Past chair", str(view.year - 1), or_unknown(view.past)),
        ("Current chair", str(view.year), or_unknown(view.current)),
        ("Next chair", str(view.year + 1), or_unknown(view.next)),
    )
    return Reply(
        f"{prefix}Troika for {view.year} ({origin}). Regular troika calls: activity 3A.2.",
        parts=(Table(("Role", "Year", "Country"), rows),),
        data={
            "year": view.year,
            "past": view.past,
            "current": view.current,
            "next": view.next,
            "set_by": view.set_by,
        },
    )


async def troika_command(ctx: Context, args: Args) -> Reply:
    knowledge = ctx.services.knowledge
    year = ctx.now().year
    if not args.words and not args.options:
        return _troika_reply(await knowledge.troika(year))
    if (args.word(0) or "").lower() != "set" or len(args.words) > 1:
        raise Refusal.usage(TROIKA.usage_text(), "action")
    allowed = {"past", "current", "next", "year"}
    unknown_keys = set(args.options) - allowed
    if unknown_keys or not (set(args.options) & {"past", "current", "next"}):
        raise Refusal.usage(TROIKA.usage_text(), min(unknown_keys, default="current"))
    if "year" in args.options:
        if not is_digits(args.options["year"], 4):
            raise Refusal.usage(f"`year={args.options['year'][:20]}` is not a year.", "year")
        year = int(args.options["year"])
    current = await knowledge.troika(year)
    names = [m.name for m in await knowledge.members()]
    chosen: dict[str, str | None] = {"past": current.past, "current": current.current, "next": current.next}
    for role in ("past", "current", "next"):
        if role not in args.options:
            continue
        value = args.options[role].strip()
        if value.lower() in {"", UNKNOWN, "none", "-"}:
            chosen[role] = None
            continue
        name = find_country(value, names) or find_by_name(value, names)
        if name is None or name not in names:
            raise Refusal.error(f"`{value}` is not a member I know, so the troika was not changed.", role)
        chosen[role] = name
    view = await knowledge.set_troika(
        year,
        past=chosen["past"],
        current=chosen["current"],
        next_=chosen["next"],
        by=ctx.actor_key,
        at=ctx.now(),
    )
    return _troika_reply(view, prefix="Saved. ")


TASKFORCE = CommandSpec(
    name="taskforce",
    summary="The task forces (shutdowns, AI and human rights, digital equality, ...).",
    forms=(Form(args="[<name or key>]"),),
    aliases=("taskforces",),
    examples=("taskforce", "taskforce shutdowns", "taskforce TFAIR"),
    handler=taskforce_command,
    parses=short_lookup,
    group="Directory",
)
STATEMENT = CommandSpec(
    name="statement",
    summary="Joint statements, by year or by words.",
    forms=(Form(args="[<year> | <words>]"),),
    aliases=("statements",),
    examples=("statement 2020", "statement surveillance"),
    handler=statement_command,
    parses=short_lookup,
    group="Directory",
)
NETWORK = CommandSpec(
    name="network",
    summary="The diplomatic networks (New York, Geneva, Paris, Vienna) and their points of contact.",
    forms=(Form(args="[<city>]"), Form("poc", "<city> poc <name>", at=1, admin=True)),
    aliases=("networks",),
    examples=("network geneva", "network vienna poc Jane Doe (Austria)"),
    handler=network_command,
    parses=network_args,
    group="Directory",
)
MEMBER = CommandSpec(
    name="member",
    summary="Members and observers: joined, capital time zone, chairships.",
    forms=(Form(args="[<country>]"),),
    aliases=("members",),
    examples=("member", "member Estonia"),
    handler=member_command,
    parses=short_lookup,
    group="Directory",
)
CHAIRS = CommandSpec(
    name="chairs",
    summary="The chairs of the coalition by year.",
    forms=(Form(),),
    aliases=("chair",),
    handler=chairs_command,
    asks=True,
    group="Directory",
)
TROIKA = CommandSpec(
    name="troika",
    summary="The troika: past, current and next Chair.",
    forms=(
        Form(),
        Form(
            "set",
            options=(
                Option("past", "The past Chair", "<country>"),
                Option("current", "The current Chair", "<country>"),
                Option("next", "The next Chair", "<country>"),
                Option("year", "The year (default: this one)", "<yyyy>", kind="number"),
            ),
            admin=True,
        ),
    ),
    examples=("troika", 'troika set next="Republic of Korea"'),
    handler=troika_command,
    asks=True,
    group="Directory",
)
COMMANDS = [TASKFORCE, STATEMENT, NETWORK, MEMBER, CHAIRS, TROIKA]
