"""Answers that need the workspace as well as the knowledge model: a country's focal points here, a
network's roster, and the local time of a member's capital (the clock). The logical form is the same
(`forms.Query`); only its execution reads the registers and the clock."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from handlers.context import Context
from handlers.focal import focal_points_of
from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import FACTS, Knowledge

STATUS = {"member": "a member", "former": "a former member", "observer": "an observer"}


async def answer_live(ctx: Context, q: Query, k: Knowledge) -> Answer | None:
    """The answer when ``q`` asks for focal points, a roster or a local time; else None."""
    if q.entity is None and q.ask == "networks" and q.attribute == "roster":
        return await _rosters(ctx, k, [n.key for n in k.networks])
    if q.entity is None or q.ask != "entity":
        return None
    kind, key = q.entity
    if kind == "network" and q.attribute == "roster":
        keys = [n.key for n in k.networks if n.city.lower() == key or n.key == key]
        return await _rosters(ctx, k, keys) if keys else None
    country = k.countries.get(key) if kind == "country" else None
    if country is None:
        return None
    record: dict[str, object] = {"kind": "member", "id": country.name, "timezone": country.timezone}
    if q.attribute == "timezone":
        local = ctx.now().astimezone(ZoneInfo(country.timezone))
        return Answer(
            "members",
            f"{country.name}'s capital is in the time zone {country.timezone}; it is "
            f"{local:%H:%M on %A %d %B} there now.",
            FACTS,
            records=[record],
            related=False,
        )
    if q.attribute == "focal":
        points = await focal_points_of(ctx.services, [country.name])
        if points:
            names = [ctx.services.platforms.mention(p.point.user_key) for p in points]
            plural = "s" if len(points) > 1 else ""
            return Answer(
                "members",
                f"{country.name}'s focal point{plural} in this workspace: {join_names(names)}.",
                f"focal points (`focal {country.name}`)",
                records=[record, {"focal_points": [p.point.user_key for p in points]}],
                related=False,
            )
        return Answer(
            "members",
            f"My sources do not name {country.name}'s representative in the FOC ({country.name} is "
            f"{STATUS[country.status]}), and no focal point is registered for it here "
            f"(admins: `focal {country.name} add <user>`).",
            FACTS,
            records=[record],
            related=False,
        )
    return None


async def _rosters(ctx: Context, k: Knowledge, keys: list[str]) -> Answer:
    lines = []
    records: list[dict[str, object]] = []
    for n in (x for x in k.networks if x.key in keys):
        roster = await ctx.services.rosters.members(n.key)
        lines.append(f"{n.city} network roster: {', '.join(roster) if roster else 'no roster set'}")
        records.append({"kind": "network", "id": n.key, "city": n.city, "roster": roster})
    source = "network rosters in this workspace (`roster`); Program of Action 2023, activities 1A.1 and 1A.2"
    if len(lines) == 1:
        return Answer("networks", f"The {lines[0]}.", source, records=records, related=False)
    return Answer(
        "networks", "Network rosters:", source, items=tuple(lines), items_title="Rosters", records=records
    )
