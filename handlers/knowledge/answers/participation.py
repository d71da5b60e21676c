""" "Which members have gone quiet?": the participation picture (Program of Action 1B.4) for admins, the
command to ask for it for everyone else (it names governments as inactive: Support Unit material)."""

from __future__ import annotations

from datetime import timedelta

from handlers.context import Context
from handlers.knowledge.answers.base import Answer, Question, join_names
from handlers.participation.command import activity_of, current_members

QUIET_WORDS = (
    "inactive",
    "quiet",
    "silent",
    "disengaged",
    "not active",
    "non-active",
    "gone quiet",
    "least active",
    "participation",
    "taken part",
    "take part",
)
SOURCE = "participation (RSVPs, survey and check-in responses over the last 12 months)"


async def answer_participation(ctx: Context, q: Question) -> Answer | None:
    if not q.has(*QUIET_WORDS) or q.entities.activity or q.entities.objective:
        return None
    if not ctx.is_admin:
        return Answer(
            "participation",
            "Who has gone quiet is the Support Unit's working material (Program of Action 1B.4), so "
            "only admins see it: an admin can run `participation`.",
            related=False,
        )
    now = ctx.now()
    rows = await activity_of(
        ctx.services, await current_members(ctx.services), now - timedelta(days=365), now
    )
    inactive = [r.country for r in rows if r.inactive]
    text = (
        f"{len(inactive)} of {len(rows)} member countries took no part in the last 12 months "
        f"(no RSVP, survey or check-in response): {join_names(inactive)}."
        if inactive
        else f"Every one of the {len(rows)} member countries took part in the last 12 months."
    )
    return Answer(
        "participation",
        text + " `participation` shows the table and chart.",
        SOURCE,
        records=[r.data() for r in rows],
        related=False,
    )
