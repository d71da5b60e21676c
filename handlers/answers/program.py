"""The Program of Action: goals, objectives, activities, which activity covers a topic, status questions."""

from __future__ import annotations

from handlers.answers.base import Answer, Question
from handlers.context import Context
from storage.repositories.knowledge_views import ActivityView

SOURCE = "Program of Action 2023"
PROGRAM_WORDS = (
    "goal",
    "goals",
    "objective",
    "objectives",
    "activity",
    "activities",
    "program of action",
    "programme of action",
    "poa",
    "action plan",
)
WHICH_ACTIVITY = (
    "which activity",
    "what activity",
    "which activities",
    "what activities",
    "which action",
    "which part of the program",
    "which item",
    "where does the program",
    "is there an activity",
)


def _record(a: ActivityView) -> dict[str, object]:
    return {
        "kind": "activity",
        "id": a.id,
        "status": a.status,
        "lead": a.lead,
        "due": a.due.isoformat() if a.due else None,
    }


def _id_only(a: ActivityView) -> dict[str, object]:
    """A cached activity names only its id (its status, lead and due date are read fresh elsewhere)."""
    return {"kind": "activity", "id": a.id}


def _line(a: ActivityView) -> str:
    return f"{a.id}: {a.text}"


async def answer_program(ctx: Context, q: Question) -> Answer | None:
    e = q.entities
    if e.activity is not None:
        return await _activity(ctx, q, e.activity)
    if e.objective is not None and q.has("objective", "objectives"):
        return await _objective(ctx, q, e.objective)
    if e.goal is not None and q.has("goal", "goals") and not q.has("about", "covers", "concerns", "deals"):
        return await _goal(ctx, q, e.goal)
    if q.has(*WHICH_ACTIVITY) and e.status is None:
        return await _which_activity(ctx, q)
    if e.status is not None and q.has("activity", "activities", "what", "which", "anything", "items"):
        return await _by_status(ctx, q, e.status)
    if e.objective is not None and (q.has("objective", "objectives") or not q.has(*PROGRAM_WORDS[:2])):
        return await _objective(ctx, q, e.objective)
    if e.goal is not None:
        return await _goal(ctx, q, e.goal)
    if q.has("goals") or (q.has("goal") and q.has("what are", "list", "which", "all")):
        goals = (await ctx.services.knowledge.reference()).goals
        lines = tuple(f"Goal {g.number}: {g.title}" for g in goals)
        return Answer(
            "program",
            f"The Program of Action 2023 has {len(goals)} goals:",
            SOURCE,
            items=lines,
            items_title="Goals",
            records=[{"kind": "goal", "id": g.number} for g in goals],
        )
    return None


async def _activity(ctx: Context, q: Question, activity_id: str) -> Answer:
    a = await ctx.services.knowledge.activity_row(activity_id)
    if a is None:
        return Answer(
            "program",
            f"There is no activity {activity_id} in the Program of Action 2023 "
            "(activities run from 1A.1 to 3D.3).",
            SOURCE,
            related=False,
        )
    if q.has("status", "progress", "done", "finished", "state", "how far", "stand", "standing", "complete"):
        text = f"Activity {a.id} status: {a.status or 'not set'}."
    elif q.has("lead", "leads", "leading", "who", "responsible", "owner", "owns", "in charge"):
        text = f"Activity {a.id} lead: {a.lead or 'not set'}."
    elif q.has("due", "deadline", "when", "date", "by when"):
        text = (
            f"Activity {a.id} is due {a.due.isoformat()}."
            if a.due
            else f"Activity {a.id} has no due date set."
        )
    else:
        text = (
            f"Activity {a.id} (objective {a.objective_id}): {a.text} "
            f"Status: {a.status or 'not set'}; lead: {a.lead or 'not set'}; "
            f"due: {a.due.isoformat() if a.due else 'not set'}."
        )
    return Answer("program", text, SOURCE, records=[_record(a)])


async def _which_activity(ctx: Context, q: Question) -> Answer | None:
    hits = await ctx.services.search.search(q.text, limit=3, kinds=("activity",))
    if not hits:
        return None
    best = hits[0].record
    return Answer(
        "program",
        f"Activity {best.id}: {best.text}",
        SOURCE,
        records=[{"kind": "activity", "id": h.record.id, "score": round(h.score, 4)} for h in hits],
    )


async def _by_status(ctx: Context, q: Question, status: str) -> Answer:
    activities = list(await ctx.services.knowledge.activities())
    today = ctx.now().date()
    if status == "overdue":
        rows = [a for a in activities if a.due and a.due < today and a.status not in ("done", "dropped")]
        label = f"overdue (due before {today.isoformat()} and not done)"
    elif status == "no lead":
        rows = [a for a in activities if not a.lead]
        label = "without a lead"
    else:
        rows = [a for a in activities if a.status == status]
        label = status
    if not rows:
        return Answer("program", f"No activity is {label}.", SOURCE, related=False)
    if len(rows) == len(activities):
        return Answer(
            "program",
            f"All {len(rows)} activities are {label}.",
            SOURCE,
            records=[_record(a) for a in rows],
            related=False,
        )
    lines = tuple(_line(a) for a in rows)
    return Answer(
        "program",
        f"{len(rows)} activities are {label}: {', '.join(a.id for a in rows)}.",
        SOURCE,
        items=lines,
        items_title=f"Activities {label}",
        records=[_record(a) for a in rows],
    )


async def _objective(ctx: Context, q: Question, objective_id: str) -> Answer:
    o = next(
        (
            o
            for g in (await ctx.services.knowledge.reference()).goals
            for o in g.objectives
            if o.id == objective_id
        ),
        None,
    )
    if o is None:
        return Answer(
            "program",
            f"There is no objective {objective_id} (objectives: 1A, 1B, 2A, 3A-3D).",
            SOURCE,
            related=False,
        )
    lines = tuple(_line(a) for a in o.activities)
    if q.has("activity", "activities", "list", "under", "contain", "includes"):
        return Answer(
            "program",
            f"Objective {o.id} has {len(lines)} activities: " + ", ".join(a.id for a in o.activities) + ".",
            SOURCE,
            items=lines,
            items_title=f"Objective {o.id}",
            records=[_id_only(a) for a in o.activities],
        )
    return Answer(
        "program",
        f"Objective {o.id} (goal {o.goal_number}): {o.text}",
        SOURCE,
        items=lines,
        items_title="Its activities",
        records=[{"kind": "objective", "id": o.id}],
    )


async def _goal(ctx: Context, q: Question, number: int) -> Answer:
    g = next((g for g in (await ctx.services.knowledge.reference()).goals if g.number == number), None)
    if g is None:
        return Answer(
            "program",
            f"There is no goal {number}: the Program of Action 2023 has goals 1, 2 and 3.",
            SOURCE,
            related=False,
        )
    objectives = tuple(f"{o.id}: {o.text}" for o in g.objectives)
    if q.has("objective", "objectives"):
        return Answer(
            "program",
            f"Goal {g.number} has {len(objectives)} objectives: "
            + ", ".join(o.id for o in g.objectives)
            + ".",
            SOURCE,
            items=objectives,
            items_title=f"Goal {g.number}",
            records=[{"kind": "objective", "id": o.id} for o in g.objectives],
        )
    if q.has("activity", "activities"):
        acts = [a for o in g.objectives for a in o.activities]
        return Answer(
            "program",
            f"Goal {g.number} has {len(acts)} activities: " + ", ".join(a.id for a in acts) + ".",
            SOURCE,
            items=tuple(_line(a) for a in acts),
            items_title=f"Goal {g.number}",
            records=[_id_only(a) for a in acts],
        )
    return Answer(
        "program",
        f"Goal {g.number}: {g.statement or g.title}.",
        SOURCE,
        items=objectives,
        items_title="Its objectives",
        records=[{"kind": "goal", "id": g.number}],
    )
