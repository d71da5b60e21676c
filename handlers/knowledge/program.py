"""Goals, objectives and activities of the Program of Action, and the activity tracking admins do."""

from __future__ import annotations

import re
from datetime import date

from handlers.args import Args, is_digits
from handlers.context import Context
from handlers.core import ItemList, Reply, Table
from handlers.declare import Form, Option, form_part
from handlers.errors import Refusal
from handlers.questions import echo, short_lookup
from handlers.registry import CommandSpec
from handlers.text import NOT_SET, activity_id, objective_id, or_unknown, shorten
from schedules.errors import RuleError
from schedules.rules import check_date
from storage.repositories.knowledge_views import ACTIVITY_STATUSES, ActivityView

SOURCE = "Program of Action 2023"
_STATUS_WORDS = {s.replace(" ", ""): s for s in ACTIVITY_STATUSES} | {"unset": "unset", "notset": "unset"}
_EDIT_FIELDS = ("status", "lead", "due", "note")


CLOSED_STATUSES = ("done", "dropped")


def is_overdue(due: date | None, status: str | None, today: date) -> bool:
    """Whether an activity is overdue on ``today``: due before it and neither done nor dropped (the one
    rule for `activities`' questions, the dashboard and the report)."""
    return due is not None and due < today and status not in CLOSED_STATUSES


def parse_status(text: str) -> str | None:
    """``'in-progress'``, ``'In progress'``, ``'inprogress'`` -> ``'in progress'``."""
    return _STATUS_WORDS.get("".join(ch for ch in text.lower() if ch.isalpha()))


def activity_data(activity: ActivityView) -> dict[str, object]:
    return {
        "kind": "activity",
        "id": activity.id,
        "objective": activity.objective_id,
        "text": activity.text,
        "status": activity.status,
        "lead": activity.lead,
        "due": activity.due.isoformat() if activity.due else None,
        "notes": [
            {"author": n.author, "text": n.text, "at": n.created_at.isoformat()} for n in activity.notes
        ],
        "source": f"{SOURCE}, objective {activity.objective_id}, activity {activity.number}",
    }


_ACTIVITY_OF = re.compile(r"^(\d{1,2})\s+(?:of|in|under)\s+(?:objective\s+)?(\d\s*[a-zA-Z])\b", re.I)


def _read_activity_id(args: Args) -> tuple[str | None, int]:
    """The activity id and how many words it took: ``3B.3``, ``3B 3``, ``3 of objective 3B``."""
    first, second = args.word(0) or "", args.word(1) or ""
    if aid := activity_id(first):
        return aid, 1
    if second.isdigit() and (aid := activity_id(f"{first}.{second}")):
        return aid, 2
    if match := _ACTIVITY_OF.match(args.rest):
        aid = activity_id(f"{match[2]}.{match[1]}")
        return aid, len(match[0].split())
    return None, 1


async def activity_command(ctx: Context, args: Args) -> Reply:
    raw = args.word(0)
    if raw is None:
        raise Refusal.usage(f"Which activity? {ACTIVITY.usage_text()}", "activity")
    aid, used = _read_activity_id(args)
    if aid is None:
        raise Refusal.usage(
            f"`{echo(raw)}` is not an activity id (they look like `1A.1` or `3B.3`).", "activity"
        )
    action = args.word(used)
    if action is not None and used != 1:
        # Edits are authorised on the word after a one-word id; other spellings only read.
        raise Refusal.usage(
            f"Write the id as `{aid}` to change it: `activity {aid} {echo(action)} ...`.", "activity"
        )
    if action is not None:
        return await _edit_activity(ctx, aid, args.shift(used))
    activity = await ctx.services.knowledge.activity(aid)
    if activity is None:
        raise Refusal.error(f"There is no activity {aid}. `activities` lists all 33.", "activity")
    objective = activity.objective
    assert objective is not None  # `activity()` loads it
    lines = [
        f"*Activity {activity.id}* (Goal {objective.goal_number}, Objective {objective.id})",
        activity.text,
        f"_Objective {objective.id}:_ {objective.text}",
        f"Status: {or_unknown(activity.status, NOT_SET)} · Lead: {or_unknown(activity.lead, NOT_SET)}"
        f" · Due: {or_unknown(activity.due, NOT_SET)}",
    ]
    parts = []
    if activity.notes:
        parts.append(
            ItemList(
                tuple(f"{n.created_at:%Y-%m-%d} {n.author}: {n.text}" for n in activity.notes),
                title="Progress notes",
            )
        )
    extra = [line for annotate in ctx.services.activity_annotators for line in await annotate(activity.id)]
    lines.extend(extra)
    lines.append(f"Source: {SOURCE}, objective {objective.id}, activity {activity.number}.")
    data = activity_data(activity) | {"related": extra}
    return Reply("\n".join(lines), parts=tuple(parts), data=data)


async def _edit_activity(ctx: Context, aid: str, args: Args) -> Reply:
    field_name = (args.word(0) or "").lower()
    if field_name == "set":
        return await _set_activity(ctx, aid, args)
    value = args.shift(1).rest.strip().strip('"').strip()
    if field_name not in _EDIT_FIELDS:
        raise Refusal.usage(f"`activity {aid} {field_name}`: unknown field", hint=ACTIVITY.usage_text())
    if not value:
        raise Refusal.usage(
            f"`activity {aid} {field_name}` needs a value", field_name, hint=ACTIVITY.usage_text()
        )
    knowledge, now, by = ctx.services.knowledge, ctx.now(), ctx.actor_key
    if field_name == "note":
        note = await knowledge.add_note(aid, author=ctx.command.actor.name, text=value, at=now)
        if note is None:
            raise Refusal.error(f"There is no activity {aid}.", "activity")
        return Reply(f"Note added to activity {aid}.", data={"id": aid, "note": value})
    if field_name == "status":
        updated = await knowledge.update_activity(aid, by=by, at=now, status=_status(value))
    elif field_name == "lead":
        updated = await knowledge.update_activity(aid, by=by, at=now, lead=value[:200])
    else:
        updated = await knowledge.update_activity(aid, by=by, at=now, due=_due(value))
    if updated is None:
        raise Refusal.error(f"There is no activity {aid}. `activities` lists all 33.", "activity")
    shown = getattr(updated, field_name)
    return Reply(
        f"Activity {aid}: {field_name} set to {or_unknown(shown)}.",
        data=activity_data(updated),
    )


def _status(value: str) -> str:
    status = parse_status(value)
    if status is None or status == "unset":
        raise Refusal.usage(
            f"Unknown status `{value}`. Use one of: {', '.join(ACTIVITY_STATUSES)}.", "status"
        )
    return status


def _due(value: str) -> date:
    try:
        due = date.fromisoformat(value)
    except ValueError:
        raise Refusal.usage(
            f"`{value}` is not a date. Write it as YYYY-MM-DD, e.g. 2027-03-31.", "due"
        ) from None
    try:
        check_date(due)  # the one window of dates
    except RuleError as exc:
        raise Refusal.usage(f"`due`: {exc}.", "due") from None
    return due


async def _set_activity(ctx: Context, aid: str, args: Args) -> Reply:
    """`activity <id> set status=.. lead=.. due=.. note=..`: every value checked first, then all saved in
    one transaction, or nothing (a refused due date leaves the status as it was). Without options: the
    form, with the current values."""
    given = {k: v.strip() for k, v in args.options.items() if v.strip()}
    knowledge = ctx.services.knowledge
    if not given:
        activity = await knowledge.activity(aid)
        if activity is None:
            raise Refusal.error(f"There is no activity {aid}. `activities` lists all 33.", "activity")
        current = {
            "status": activity.status,
            "lead": activity.lead,
            "due": activity.due.isoformat() if activity.due else None,
        }
        part = form_part(ACTIVITY_SET, f"Update activity {aid}", f"activity {aid} set", current)
        return Reply(f"Activity {aid}: change any of these, all at once.", parts=(part,), private=True)
    status = _status(given["status"]) if "status" in given else None
    due = _due(given["due"]) if "due" in given else None
    lead = given["lead"][:200] if "lead" in given else None
    note = given.get("note")
    updated = await knowledge.update_activity(
        aid,
        by=ctx.actor_key,
        at=ctx.now(),
        status=status,
        lead=lead,
        due=due,
        note=note,
        author=ctx.command.actor.name,
    )
    if updated is None:
        raise Refusal.error(f"There is no activity {aid}. `activities` lists all 33.", "activity")
    changed = [
        f"{name} set to {or_unknown(getattr(updated, name))}"
        for name in ("status", "lead", "due")
        if name in given
    ]
    if note is not None:
        changed.append("note added")
    return Reply(f"Activity {aid}: {', '.join(changed)}.", data=activity_data(updated))


async def activities_command(ctx: Context, args: Args) -> Reply:
    words = [w.lower() for w in args.words]
    goal: int | None = None
    objective: str | None = None
    status: str | None = None
    if words:
        key, value = words[0], " ".join(words[1:])
        if key == "goal" and value.isdigit():
            goal = int(value)
        elif key == "objective" and objective_id(value):
            objective = objective_id(value)
        elif key == "status" and parse_status(value):
            status = parse_status(value)
        else:
            raise Refusal.usage(ACTIVITIES.usage_text(), "filter")
    rows = await ctx.services.knowledge.activities(goal=goal, objective=objective, status=status)
    what = (
        f"goal {goal}"
        if goal
        else f"objective {objective}"
        if objective
        else f"status {status}"
        if status
        else "all"
    )
    if not rows:
        return Reply(f"No activities for {what}.", data={"activities": []})
    table = Table(
        ("Id", "Status", "Lead", "Due", "Activity"),
        tuple(
            (
                a.id,
                or_unknown(a.status, NOT_SET),
                or_unknown(a.lead, "-"),
                or_unknown(a.due, "-"),
                shorten(a.text, 70),
            )
            for a in rows
        ),
    )
    data = {"activities": [{"id": a.id, "status": a.status, "lead": a.lead, "text": a.text} for a in rows]}
    return Reply(f"{len(rows)} activities ({what}).", parts=(table,), data=data)


async def goal_command(ctx: Context, args: Args) -> Reply:
    raw = args.word(0)
    if raw is None:
        goals = await ctx.services.knowledge.goals()
        items = tuple(f"Goal {g.number}: {g.title}" for g in goals)
        return Reply(
            "The three goals of the Program of Action 2023.",
            parts=(ItemList(items),),
            data={"goals": [{"number": g.number, "title": g.title} for g in goals]},
        )
    if not is_digits(raw, 100):
        raise Refusal.usage(GOAL.usage_text(), "goal")
    # a number beyond any goal is not looked up (2147483648 overflows PostgreSQL's integer column)
    goal = await ctx.services.knowledge.goal(int(raw)) if len(raw) <= 3 else None
    if goal is None:
        raise Refusal.error(f"There is no goal {raw}: the Program of Action has goals 1, 2 and 3.", "goal")
    items = tuple(f"{o.id}: {shorten(o.text, 100)} ({len(o.activities)} activities)" for o in goal.objectives)
    return Reply(
        f"*Goal {goal.number}: {goal.title}*\nSource: {SOURCE}.",
        parts=(ItemList(items, title="Objectives"),),
        data={
            "kind": "goal",
            "id": str(goal.number),
            "title": goal.title,
            "statement": goal.statement,
            "objectives": [o.id for o in goal.objectives],
        },
    )


async def objective_command(ctx: Context, args: Args) -> Reply:
    raw = args.rest.strip()
    if not raw:
        objectives = await ctx.services.knowledge.objectives()
        items = tuple(f"{o.id}: {shorten(o.text, 100)}" for o in objectives)
        return Reply(
            "The seven objectives of the Program of Action 2023.",
            parts=(ItemList(items),),
            data={"objectives": [{"id": o.id, "text": o.text} for o in objectives]},
        )
    oid = objective_id(raw)
    if oid is None:
        raise Refusal.usage(f"`{raw}` is not an objective id (they look like `1A` or `3B`).", "objective")
    objective = await ctx.services.knowledge.objective(oid)
    if objective is None:
        raise Refusal.error(f"There is no objective {oid}. `objective` lists all seven.", "objective")
    assert objective.goal is not None  # `objective()` loads it
    items = tuple(
        f"{a.id} [{or_unknown(a.status, NOT_SET)}] {shorten(a.text, 100)}" for a in objective.activities
    )
    return Reply(
        f"*Objective {objective.id}* (Goal {objective.goal_number}: {objective.goal.title})\n{objective.text}"
        f"\nSource: {SOURCE}.",
        parts=(ItemList(items, title="Activities"),),
        data={
            "kind": "objective",
            "id": objective.id,
            "text": objective.text,
            "activities": [a.id for a in objective.activities],
        },
    )


ACTIVITY_SET = Form(
    "set",
    "<id> set",
    at=1,
    admin=True,
    options=(
        Option(
            "status",
            "Its status",
            "planned|in progress|done|dropped",
            kind="choice",
            spaced=True,
            label="Status",
            choices=ACTIVITY_STATUSES,
            example="done",
        ),
        Option("lead", "Who leads it", "<name>", spaced=True, label="Lead", example="Estonia"),
        Option("due", "When it is due", "<YYYY-MM-DD>", kind="date", label="Due", example="2027-03-31"),
        Option("note", "A progress note", "<text>", kind="long_text", spaced=True, label="Progress note"),
    ),
    help="Change several at once, all or nothing; without options, the form with the current values.",
)
ACTIVITY = CommandSpec(
    name="activity",
    summary="One activity of the Program of Action, with its status, lead, due date and notes.",
    forms=(
        Form(args="<id>"),
        Form("status", "<id> status planned|in progress|done|dropped", at=1, admin=True),
        Form("lead", "<id> lead <name>", at=1, admin=True),
        Form("due", "<id> due <YYYY-MM-DD>", at=1, admin=True),
        Form("note", "<id> note <text>", at=1, admin=True, free_text=True),
        ACTIVITY_SET,
    ),
    examples=(
        "activity 3B.3",
        "activity 1A.2 status in progress",
        "activity 1A.2 note POCs named for Geneva",
        "activity 1A.2 set status=done due=2027-03-31",
    ),
    handler=activity_command,
    parses=lambda args: not args.words or any(ch.isdigit() for ch in args.words[0]),
    group="Program of Action",
)
ACTIVITIES = CommandSpec(
    name="activities",
    summary="The activities, all or by goal, objective or status.",
    forms=(Form(args="[goal <n> | objective <id> | status <status>]"),),
    examples=(
        "activities goal 3",
        "activities objective 1B",
        "activities status in progress",
        "activities status unset",
    ),
    handler=activities_command,
    # "activities goal 2" and "activities colour blue" (refused with usage) are the command;
    # "activities about spyware" is a question
    parses=lambda args: (
        not args.words or args.words[0].lower() in {"goal", "objective", "status"} or short_lookup(args)
    ),
    group="Program of Action",
)
GOAL = CommandSpec(
    name="goal",
    summary="The goals (1 to 3) and their objectives.",
    forms=(Form(args="[<n>]"),),
    aliases=("goals",),
    examples=("goal 2",),
    handler=goal_command,
    parses=short_lookup,
    group="Program of Action",
)
OBJECTIVE = CommandSpec(
    name="objective",
    summary="The objectives (1A ... 3D) and their activities.",
    forms=(Form(args="[<id>]"),),
    aliases=("objectives",),
    examples=("objective 3B",),
    handler=objective_command,
    parses=short_lookup,
    group="Program of Action",
)
COMMANDS = [ACTIVITY, ACTIVITIES, GOAL, OBJECTIVE]
