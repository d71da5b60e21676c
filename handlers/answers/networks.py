"""Diplomatic networks: their cities, points of contact and rosters."""

from __future__ import annotations

from handlers.answers.base import Answer, Question, join_names
from handlers.context import Context
from storage.repositories.knowledge_views import NetworkView

NETWORK_WORDS = (
    "network",
    "networks",
    "poc",
    "point of contact",
    "points of contact",
    "contact",
    "roster",
    "rosters",
    "new york",
    "geneva",
    "paris",
    "vienna",
    "hub",
    "hubs",
    "missions",
)


def _record(n: NetworkView, roster: list[str] | None = None) -> dict[str, object]:
    data: dict[str, object] = {"kind": "network", "id": n.key, "city": n.city, "poc": n.poc}
    if roster is not None:
        data["roster"] = roster
    return data


async def answer_networks(ctx: Context, q: Question) -> Answer | None:
    if not q.has(*NETWORK_WORDS):
        return None
    networks = list(await ctx.services.knowledge.networks())
    chosen = [n for n in networks if q.has(n.city.lower(), n.key)]
    if not chosen and not q.has("network", "networks", "hub", "hubs", "missions"):
        return None
    pick = chosen or networks
    source = "Program of Action 2023, activities 1A.1 and 1A.2"
    if q.has("roster", "rosters", "who is in", "who are in", "members of", "people", "staff", "who's in"):
        lines = []
        records = []
        for n in pick:
            roster = await ctx.services.rosters.members(n.key)
            lines.append(f"{n.city} network roster: {', '.join(roster) if roster else 'no roster set'}")
            records.append(_record(n, roster))
        if len(lines) == 1:
            return Answer("networks", f"The {lines[0]}.", source, records=records)
        return Answer(
            "networks",
            "Network rosters:",
            source,
            items=tuple(lines),
            items_title="Rosters",
            records=records,
        )
    if q.has("poc", "point of contact", "points of contact", "contact", "who", "lead", "leads", "phone"):
        lines = [f"{n.city}: {n.poc or 'not set'}" for n in pick]
        if len(pick) == 1:
            n = pick[0]
            text = f"The {n.city} network's point of contact: {n.poc or 'not set'}."
            return Answer("networks", text, source, records=[_record(n)])
        return Answer(
            "networks",
            "Points of contact:",
            source,
            items=tuple(lines),
            items_title="Points of contact",
            records=[_record(n) for n in pick],
        )
    if chosen and len(chosen) == 1:
        n = chosen[0]
        return Answer(
            "networks",
            f"{n.description or n.city} Point of contact: {n.poc or 'not set'}.",
            n.source,
            records=[_record(n)],
        )
    cities = [n.city for n in networks]
    return Answer(
        "networks",
        f"The FOC's diplomatic networks are in {join_names(cities)}.",
        source,
        items=tuple(f"{n.city}: point of contact {n.poc or 'not set'}" for n in networks),
        items_title="Networks",
        records=[_record(n) for n in networks],
    )
