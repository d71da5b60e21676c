"""One named thing described, or one attribute of it: a country, a task force, a body, a network, a
statement, an activity, an objective or a goal."""

from __future__ import annotations

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.statements import statement_records
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import (
    ADMIN,
    FACTS,
    POA,
    Knowledge,
)
from handlers.knowledge.answers.text import fold


def answer_entity(q: Query, k: Knowledge, year_now: int) -> Answer | None:
    assert q.entity is not None
    kind, key = q.entity
    if kind == "country":
        c = k.countries.get(key)
        if c is None:
            return Answer(
                "members",
                f"{key} is not a member or observer of the FOC in my sources.",
                FACTS,
                related=False,
            )
        if q.attribute == "timezone":
            return Answer("members", f"{key}'s capital time zone is {c.timezone}.", FACTS, related=False)
        if q.attribute == "joined":
            if c.joined:
                text = f"{key} joined the FOC in {c.joined}."
            else:
                text = f"The year {key} joined the FOC is not in my sources" + (
                    f"; the facts file says only: {c.joined_note}." if c.joined_note else "."
                )
            return Answer("members", text, FACTS, related=False)
        if q.attribute == "region":
            return Answer(
                "members",
                f"{key} is in {c.subregion} ({c.region}), in the UN geoscheme.",
                "country_converter (UN regions)",
                related=False,
            )
        if q.attribute == "roles":
            parts = []
            mine = k.chairships_of(key)
            if mine:
                parts.append(f"the FOC ({join_names([x.years for x in mine])})")
            parts += [f"the {tf.name} ({r.role})" for tf, r in k.task_forces_of(key)]
            if not parts:
                return Answer(
                    "chairs",
                    f"{key} has not chaired the FOC or any task force in my sources.",
                    FACTS,
                    related=False,
                )
            return Answer("chairs", f"{key} has chaired " + join_names(parts) + ".", FACTS, related=False)
        chaired = join_names([x.years for x in k.chairships_of(key)])
        status = {"member": "a member", "former": "a former member", "observer": "an observer"}[c.status]
        text = f"{key} is {status} of the FOC (joined {c.joined or c.joined_note or 'year not given'})."
        if c.left:
            text += f" It left on {c.left.isoformat()}."
        if chaired:
            text += f" Chair: {chaired}."
        return Answer("members", text, FACTS, related=False)
    if kind == "taskforce":
        tf = next((t for t in k.task_forces if t.key == key), None)
        if tf is None:
            return None
        roles = "; ".join(f"{r.party} ({r.role})" for r in tf.roles)
        if q.attribute == "roles":
            text = f"The {tf.name} ({tf.key}) is led by: {roles}."
        elif q.attribute == "launched":
            text = (
                f"The {tf.name} ({tf.key}) was launched {tf.launched_text}."
                if tf.launched_text
                else f"When the {tf.name} was launched is not known ({tf.period or 'no date in my sources'})."
            )
        elif q.attribute == "output":
            text = (
                f"The {tf.name} ({tf.key}) produced: {tf.output}."
                if tf.output
                else f"What the {tf.name} ({tf.key}) produced is not recorded in my sources."
            )
        elif q.attribute == "focus":
            text = (
                f"The {tf.name} ({tf.key}) focuses on: {tf.focus}."
                if tf.focus
                else f"The focus of the {tf.name} ({tf.key}) is not recorded in my sources beyond its name."
            )
        else:
            text = (
                f"{tf.key} is the {tf.name}"
                + (f", launched {tf.launched_text}" if tf.launched_text else "")
                + f"; {roles}."
            )
            if tf.focus:
                text += f" Focus: {tf.focus}."
            if tf.output:
                text += f" Output: {tf.output}."
        return Answer(
            "taskforces",
            text,
            tf.source or FACTS,
            records=[{"kind": "taskforce", "id": tf.key}],
            related=False,
        )
    if kind == "body":
        b = next((x for x in k.bodies if x.key == key), None)
        if b is None:
            return None
        return Answer(
            "structure",
            f"{b.name.capitalize()}: {b.text}",
            FACTS,
            records=[{"kind": "structure", "id": b.key}],
            related=False,
        )
    if kind == "network":
        n = next((x for x in k.networks if fold(x.city) == key or x.key == key), None)
        if n is None:
            return None
        record = [{"kind": "network", "id": n.key, "city": n.city, "poc": n.poc}]
        source = n.source or f"{FACTS}; {POA} (1A.1, 1A.2)"
        if q.attribute == "poc":
            return Answer(
                "networks",
                f"The {n.city} network's point of contact: "
                f"{n.poc or 'not set (activity 1A.2 asks for one)'}.",
                ADMIN if n.poc else source,
                records=record,
                related=False,
            )
        poc = f" Point of contact: {n.poc}." if n.poc else " No point of contact set yet (activity 1A.2)."
        description = (n.description or "").rstrip(".")
        return Answer(
            "networks",
            f"The {n.city} diplomatic network: {description}.{poc}",
            source,
            records=record,
            related=False,
        )
    if kind == "statement":
        st = next((x for x in k.statements if x.key == key), None)
        if st is None:
            return None
        return Answer(
            "statements",
            f"The FOC issued {st.title} in {st.year}.",
            st.source or FACTS,
            records=statement_records([st]),
            related=False,
        )
    if kind == "activity":
        a = k.activity(key)
        if a is None:
            return Answer(
                "program", f"There is no activity {key} in the Program of Action.", POA, related=False
            )
        extra = f" Status: {a.status or 'not set'}; lead: {a.lead or 'not set'}; due: {a.due or 'not set'}."
        return Answer(
            "program",
            f"Activity {a.id} (objective {a.objective}): {a.text}{extra}",
            POA,
            records=[{"kind": "activity", "id": a.id}],
            related=False,
        )
    if kind == "objective":
        o = next((x for x in k.objectives if x.id == key), None)
        if o is None:
            return None
        return Answer(
            "program",
            f"Objective {o.id} (goal {o.goal}): {o.text} Activities: {', '.join(o.activities)}.",
            POA,
            related=False,
        )
    if kind == "goal":
        g = next((x for x in k.goals if str(x.number) == key), None)
        if g is None:
            return None
        objs = [o.id for o in k.objectives if o.goal == g.number]
        return Answer(
            "program", f"Goal {g.number}: {g.statement}. Objectives: {', '.join(objs)}.", POA, related=False
        )
    return None
