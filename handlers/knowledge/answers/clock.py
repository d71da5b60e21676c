""" "What time is it in Wellington?": the local time of a place named by a city (a country is the members
module's: its capital's zone)."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from handlers.context import Context
from handlers.knowledge.answers.base import Answer, Question, join_names
from schedules.places import find_place

_IN_PLACE = re.compile(
    r"(?:^|\bwhat(?:'s|s| is)?\s+(?:the\s+)?)(?:local\s+|current\s+)?(?:time|hour)"
    r"(?:\s+is\s+it)?(?:\s+(?:now|right now))?\s+in\s+(.+)$"
)
_TAIL = re.compile(r"\b(?:right now|now|today|currently|at the moment)\b")
SOURCE = "IANA time zone database"


async def answer_local_time(ctx: Context, q: Question) -> Answer | None:
    if q.entities.countries or not (match := _IN_PLACE.search(q.lowered)):
        return None
    found = find_place(_TAIL.sub(" ", match[1]))
    if found is None:
        return None
    name, zone = found
    local = ctx.now().astimezone(ZoneInfo(zone))
    members = [m.name for m in (await ctx.services.knowledge.reference()).members if m.timezone == zone]
    shared = f" It is the time zone of {join_names(members)}'s capital." if members else ""
    return Answer(
        "time",
        f"It is {local:%H:%M on %A %d %B} in {name.title()} ({zone}).{shared}",
        SOURCE,
        records=[{"place": name, "zone": zone, "local": local.isoformat()}],
        related=False,
    )
