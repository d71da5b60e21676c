"""The coalition's bodies and documents: Support Unit, Steering Committee, Advisory Network, ToR, topics."""

from __future__ import annotations

from handlers.answers.base import Answer, Question
from handlers.context import Context

BODIES = (
    ("support_unit", ("support unit", "secretariat", "global partners digital", "gpd")),
    ("steering_committee", ("steering committee", "friends of the chair")),
    ("advisory_network", ("advisory network", "advisory board", "an cohort", "cohort", "cohorts")),
    ("terms_of_reference", ("terms of reference", "tor", "tors", "nairobi", "stockholm")),
    (
        "strategy_and_coordination_meetings",
        (
            "strategy and coordination",
            "coordination meeting",
            "coordination meetings",
            "strategy meeting",
            "strategy meetings",
            "in-person meetings",
        ),
    ),
)
LABELS = {
    "support_unit": "The Support Unit",
    "steering_committee": "The Steering Committee",
    "advisory_network": "The Advisory Network",
    "terms_of_reference": "Terms of Reference",
    "strategy_and_coordination_meetings": "Strategy and coordination meetings",
}
SOURCE = "https://www.freedomonlinecoalition.com/about/structure/"
TOPIC_WORDS = (
    "priority topics",
    "priorities",
    "priority areas",
    "policy topics",
    "thematic",
    "topics",
    "themes",
)


async def answer_structure(ctx: Context, q: Question) -> Answer | None:
    key = next((k for k, terms in BODIES if q.has(*terms)), None)
    if key is not None:
        rows = {s.key: s for s in (await ctx.services.knowledge.reference()).structure}
        row = rows.get(key)
        if row is None:
            return None
        return Answer(
            "structure",
            f"{LABELS[key]}: {row.text}",
            row.source or SOURCE,
            records=[{"kind": "structure", "id": key, "text": row.text}],
        )
    if q.has(*TOPIC_WORDS) and not q.has("statement", "statements", "task force", "activity", "activities"):
        topics = list((await ctx.services.knowledge.reference()).topics)
        lines = tuple(t.title for t in topics)
        return Answer(
            "structure",
            f"The Program of Action 2023 names {len(topics)} priority topics:",
            "Program of Action 2023",
            items=lines,
            items_title="Priority topics",
            records=[{"kind": "topic", "id": t.key, "title": t.title} for t in topics],
        )
    return None
