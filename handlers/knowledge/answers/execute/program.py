"""The Program of Action: activities (by objective, goal, status, lead, mention; overdue on the day asked),
objectives, goals, priority topics, what the Program says of itself, and what its text mentions."""

from __future__ import annotations

import math
import re
from datetime import date

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.mentions import ACRONYMS, mentions
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import (
    POA,
    Activity,
    Knowledge,
)
from handlers.knowledge.answers.text import fold
from handlers.knowledge.program import is_overdue


def answer_activities(q: Query, k: Knowledge, year_now: int, today: date | None = None) -> Answer:
    today = today or date(year_now, 12, 31)
    found = list(k.activities)
    label = []
    for f in q.filters:
        if f.field == "goal":
            found = [a for a in found if a.goal == f.value]
            label.append(f"in goal {f.value}")
        elif f.field == "objective":
            found = [a for a in found if a.objective == f.value]
            label.append(f"in objective {f.value}")
        elif f.field == "status" and f.value == "overdue":
            found = [a for a in found if is_overdue(a.due, a.status, today)]
            label.append(f"overdue (due before {today.isoformat()} and not done)")
        elif f.field == "status":
            found = [a for a in found if a.status == f.value]
            label.append(f"with status {f.value}")
        elif f.field == "lead" and f.negated:
            total = len(found)
            found = [a for a in found if not a.lead]
            if len(found) == total:
                return Answer(
                    "program",
                    f"No lead is named for any of the {total} activities: the Program of "
                    "Action names no lead per activity, and no admin has set one.",
                    POA,
                    related=False,
                )
            label.append("without a lead")
        elif f.field == "lead":
            if not any(a.lead for a in k.activities):
                return _no_leads(str(f.value), found, k)
            found = [a for a in found if a.lead and fold(str(f.value)) in fold(a.lead)]
            label.append(f"led by {f.value}")
        elif f.field == "mentions":
            found = [a for a in found if mentions(a.text + " " + " ".join(a.notes), str(f.value))]
            label.append(f"that mention {f.value}")
    what = " ".join(label)
    if q.aggregate == "count":
        return Answer(
            "program",
            f"{len(found)} activities {what}.".replace("  ", " "),
            POA,
            items=tuple(f"{a.id}: {a.text}" for a in found),
            records=_a_records(found),
            related=False,
        )
    if not found:
        if any(f.field == "status" and f.value == "overdue" for f in q.filters):
            dated = sum(1 for a in k.activities if a.due)
            return Answer(
                "program",
                f"No activity is overdue: {dated} of {len(k.activities)} activities have a due date, "
                "and none of them is past it without being done.",
                POA,
                related=False,
            )
        return Answer("program", f"No activity {what} in the Program of Action.", POA, related=True)
    noun = "activity" if len(found) == 1 else "activities"
    if len(found) == 1:
        what = what.replace("that mention ", "that mentions ")
    return Answer(
        "program",
        f"{len(found)} {noun} {what}:",
        POA,
        items=tuple(f"{a.id}: {a.text}" for a in found),
        records=_a_records(found),
        related=False,
    )


def _no_leads(party: str, found: list[Activity], k: Knowledge) -> Answer:
    """ "which activities are led by the Support Unit" when no activity has a lead: said so, then the
    activities that mention that party, named as such (a different question, answered as such)."""
    who = party if party in k.countries else f"the {party}"
    text = (
        f"No activity has {who} as its lead: the Program of Action names no lead per activity, "
        "and no admin has set one."
    )
    named = [a for a in found if mentions(a.text + " " + " ".join(a.notes), party)]
    if not named:
        return Answer("program", text + f" No activity mentions {who} either.", POA, related=True)
    return Answer(
        "program",
        text + f" Activities that mention {who} ({len(named)}), which is not the same as leading them:",
        POA,
        items=tuple(f"{a.id}: {a.text}" for a in named),
        records=_a_records(named),
        related=False,
    )


def _a_records(found: list[Activity]) -> list[dict[str, object]]:
    return [{"kind": "activity", "id": a.id} for a in found]


def answer_objectives(q: Query, k: Knowledge, year_now: int) -> Answer:
    goal = next((f.value for f in q.filters if f.field == "goal"), None)
    found = [o for o in k.objectives if goal is None or o.goal == goal]
    where = f"under goal {goal}" if goal is not None else "in the Program of Action"
    if q.aggregate in ("most", "fewest") and found:  # "which objective has the most activities"
        size = {o.id: len([a for a in k.activities if a.objective == o.id]) for o in found}
        best = (max if q.aggregate == "most" else min)(size.values())
        top = [o for o in found if size[o.id] == best]
        word = "most" if q.aggregate == "most" else "fewest"
        listed = join_names([f"{o.id} ({o.text})" for o in top])
        others = "; ".join(f"{o.id}: {size[o.id]}" for o in found)
        plural = "s" if len(top) > 1 else ""
        text = f"The objective{plural} with the {word} activities: {listed}, {best} activities."
        return Answer("program", f"{text} Per objective: {others}.", POA, related=False)
    if q.aggregate == "count":
        return Answer(
            "program",
            f"{len(found)} objectives {where}.",
            POA,
            items=tuple(f"{o.id}: {o.text}" for o in found),
            related=False,
        )
    return Answer(
        "program",
        f"Objectives {where}:",
        POA,
        items=tuple(f"{o.id}: {o.text}" for o in found),
        related=False,
    )


def answer_goals(q: Query, k: Knowledge, year_now: int) -> Answer:
    items = tuple(f"Goal {g.number}: {g.statement}" for g in k.goals)
    return Answer(
        "program", f"The Program of Action has {len(items)} goals:", POA, items=items, related=False
    )


def answer_topics(q: Query, k: Knowledge, year_now: int) -> Answer:
    items = tuple(f"{t.title}: {t.summary}" for t in k.topics)
    return Answer(
        "program",
        f"The Program of Action 2023 prioritises {len(items)} policy topics:",
        POA,
        items=items,
        related=False,
    )


def answer_poa(q: Query, k: Knowledge, year_now: int) -> Answer:
    text = " ".join(p.text for p in k.context)
    if q.attribute == "members":
        m = re.search(r"group of (\d+) governments", text)
        n = m[1] if m else "?"
        return Answer(
            "program",
            f"The Program of Action 2023 says the FOC is a group of {n} governments "
            f"(today it has {len(k.members())} members, per the facts file).",
            POA,
            related=False,
        )
    return Answer(
        "program",
        "The Program of Action 2023 covers the calendar year 2023 (January to December 2023): "
        "its priority areas and activities for 2023, under the United States' Chairship.",
        POA,
        related=False,
    )


def _stem(word: str) -> str:
    """``"organisations"`` -> ``"organi"``-like prefix matching British and American spellings alike."""
    word = word.replace("isation", "ization").replace("ised", "ized").replace("ise", "ize")
    for suffix in ("ations", "ation", "ings", "ing", "ment", "ments", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _poa_units(k: Knowledge) -> list[tuple[str, str, str, str]]:
    """(label, shown text, text searched, objective id) of every passage of the Program of Action."""
    units = [(f"activity {a.id}", a.text, a.text, a.objective) for a in k.activities]
    units += [(f"objective {o.id}", o.text, o.text, o.id) for o in k.objectives]
    units += [(f"goal {g.number}", g.statement, f"{g.title} {g.statement}", "") for g in k.goals]
    units += [
        (f"priority topic '{t.title}'", t.summary or t.text, f"{t.summary} {t.text}", "") for t in k.topics
    ]
    units += [(f"'{c.title}'", c.text, c.text, "") for c in k.context]
    return units


def _has_word(text: str, raw: str, word: str) -> bool:
    if len(word) <= 3:
        long = ACRONYMS.get(word)
        return bool(re.search(rf"\b{re.escape(word.upper())}\b", raw)) or bool(long and long in text)
    return bool(
        re.search(rf"\b{re.escape(_stem(word))}", text.replace("isation", "ization").replace("ise", "ize"))
    )


def answer_poa_text(q: Query, k: Knowledge, year_now: int) -> Answer:
    """The passages of the Program of Action that mention the words asked about, the rarest words weighing
    most; for "which objective ...", the objectives (and goals) of those passages."""
    units = _poa_units(k)
    if q.attribute == "taskforces":
        every = fold(" ".join(u[2] for u in units))
        named = [
            t for t in k.task_forces if fold(t.name) in every or re.search(rf"\b{t.key}\b", every.upper())
        ]
        listed = join_names([f"{t.name} ({t.key})" for t in named])
        text = (
            f"The Program of Action names {len(named)} task forces: {listed}."
            if named
            else ("The Program of Action names no task force.")
        )
        return Answer("program", text, POA, related=False)
    phrase = str(next((f.value for f in q.filters if f.field == "mentions"), ""))
    words = list(dict.fromkeys(phrase.split()))
    folded = [fold(u[2]) for u in units]
    df = {x: sum(1 for i, t in enumerate(folded) if _has_word(t, units[i][2], x)) for x in words}
    scores = []
    for i, t in enumerate(folded):
        hit = [x for x in words if df[x] and _has_word(t, units[i][2], x)]
        scores.append(sum(math.log((len(units) + 1) / df[x]) for x in hit))
    best = max(scores, default=0.0)
    shown = " or ".join(words) if q.check else " ".join(words)
    if best <= 0:
        word = "No: the" if q.check else "The"
        return Answer("program", f"{word} Program of Action does not mention {shown}.", POA, related=False)
    top = [units[i] for i, sc in enumerate(scores) if sc >= best * 0.999]
    if q.attribute in ("objective", "goal"):
        objectives = list(dict.fromkeys(u[3] for u in top if u[3]))
        found = [o for o in k.objectives if o.id in objectives]
        if q.attribute == "goal":
            goals = list(dict.fromkeys(o.goal for o in found))
            items = tuple(f"Goal {g.number}: {g.statement}" for g in k.goals if g.number in goals)
            why = join_names([f"objective {o.id}: {o.text}" for o in found])
            return Answer(
                "program", f"Goal {join_names([str(g) for g in goals])}, through {why}", POA, items=items
            )
        items = tuple(f"{u[0]}: {u[1]}" for u in top)
        listed = join_names([f"{o.id} ({o.text})" for o in found])
        return Answer("program", f"Objective {listed}.", POA, items=items, related=False)
    items = tuple(f"{u[0]}: {u[1]}" for u in top)
    text = (
        f"Yes: the Program of Action mentions {shown}:" if q.check else f"The Program of Action on {shown}:"
    )
    return Answer("program", text, POA, items=items, related=False)
