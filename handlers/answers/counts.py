"""How many: members, observers, chairships, activities, objectives, goals, task forces, networks."""

from __future__ import annotations

from handlers.answers.base import Answer, Question
from handlers.answers.chairs import is_chairship
from handlers.answers.members import HISTORY, count_members
from handlers.context import Context

COUNT_WORDS = ("how many", "number of", "count of", "count the", "total number", "how much")


async def answer_counts(ctx: Context, q: Question) -> Answer | None:
    if not q.has(*COUNT_WORDS) or q.entities.status is not None or q.entities.activity is not None:
        return None  # "how many activities are done": the program module counts by status
    k = ctx.services.knowledge
    if q.has("chair", "chairs", "chairships", "chairship", "chaired", "chairmanships"):
        chairs = list((await k.reference()).chairs)
        named = [c for c in chairs if is_chairship(c)]
        others = [c for c in chairs if not is_chairship(c)]
        text = f"{len(named)} chairships since 2011"
        if others:
            text += (
                " (not counting " + "; ".join(f"{c.year}: {c.chair or 'not known yet'}" for c in others) + ")"
            )
        return Answer("counts", text + ".", HISTORY, records=[{"kind": "chair", "id": c.year} for c in named])
    if q.has("activity", "activities"):
        acts = [a for g in (await k.reference()).goals for o in g.objectives for a in o.activities]
        return Answer(
            "counts", f"The Program of Action 2023 has {len(acts)} activities.", "Program of Action 2023"
        )
    if q.has("objective", "objectives"):
        objectives = [o for g in (await k.reference()).goals for o in g.objectives]
        return Answer(
            "counts",
            f"The Program of Action 2023 has {len(objectives)} objectives.",
            "Program of Action 2023",
        )
    if q.has("goal", "goals"):
        goals = (await k.reference()).goals
        return Answer(
            "counts", f"The Program of Action 2023 has {len(goals)} goals.", "Program of Action 2023"
        )
    if q.has("statement", "statements", "declarations"):
        return None  # the statements module counts them, by year too
    if q.has("task force", "task forces", "taskforces", "working groups", "groups"):
        tfs = list((await k.reference()).task_forces)
        return Answer("counts", f"{len(tfs)} task forces and groups: {', '.join(t.key for t in tfs)}.", None)
    if q.has("network", "networks"):
        networks = list(await k.networks())
        return Answer(
            "counts",
            f"{len(networks)} diplomatic networks: {', '.join(n.city for n in networks)}.",
            "Program of Action 2023, activity 1A.1",
        )
    members = list((await k.reference()).members)
    if q.has("observer", "observers"):
        observers = [m for m in members if m.kind == "observer"]
        return Answer(
            "counts", f"{len(observers)} observer(s): {', '.join(m.name for m in observers)}.", HISTORY
        )
    if q.has("member", "members", "countries", "governments", "states", "coalition", "foc", "participants"):
        if q.entities.years is not None and q.has("join", "joined"):
            return None  # "how many joined in 2024": the members module lists them
        return count_members(members)
    return None
