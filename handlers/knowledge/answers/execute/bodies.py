"""Task forces (by member, by what they work on) and the diplomatic networks."""

from __future__ import annotations

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.mentions import mentions
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import (
    FACTS,
    POA,
    Knowledge,
)


def answer_taskforces(q: Query, k: Knowledge, year_now: int) -> Answer:
    found = list(k.task_forces)
    party = next((f.value for f in q.filters if f.field == "party"), None)
    if party is not None:
        pairs = k.task_forces_of(str(party))
        if not pairs:
            return Answer(
                "taskforces", f"{party} has no role in any task force in my sources.", FACTS, related=False
            )
        text = f"{party} is " + join_names([f"{r.role} of the {tf.name} ({tf.key})" for tf, r in pairs]) + "."
        return Answer(
            "taskforces",
            text,
            FACTS,
            records=[{"kind": "taskforce", "id": tf.key} for tf, _ in pairs],
            related=False,
        )
    about = next((f for f in q.filters if f.field == "mentions"), None)
    if about is not None:
        found = [t for t in found if mentions(f"{t.name} {t.focus or ''} {t.output or ''}", str(about.value))]
        if not found:
            return Answer("taskforces", f"No task force in my sources works on {about.value}.", FACTS)
        text = f"Task forces that work on {about.value}: " + "; ".join(
            f"{t.name} ({t.key})" + (f", focus: {t.focus}" if t.focus else "") for t in found
        )
        return Answer(
            "taskforces",
            text + ".",
            FACTS,
            records=[{"kind": "taskforce", "id": t.key} for t in found],
            related=False,
        )
    if q.aggregate in ("first", "latest"):
        dated = [t for t in found if t.launched]
        pick = min if q.aggregate == "first" else max
        tf = pick(dated, key=lambda t: (t.launched, t.launched_text))
        undated = [t.key for t in found if not t.launched]
        word = "first" if q.aggregate == "first" else "newest"
        text = (
            f"The {word} task force with a known launch date is the {tf.name} ({tf.key}), launched "
            f"{tf.launched_text}. Launch date not known for {join_names(undated)}."
        )
        return Answer("taskforces", text, FACTS, records=[{"kind": "taskforce", "id": tf.key}], related=False)
    if q.aggregate == "count":
        return Answer(
            "taskforces",
            f"{len(found)} task forces and groups: " + join_names([t.name for t in found]) + ".",
            FACTS,
            related=False,
        )
    return Answer(
        "taskforces",
        "Task forces: " + "; ".join(f"{t.name} ({t.key})" for t in found) + ".",
        FACTS,
        related=False,
    )


def answer_networks(q: Query, k: Knowledge, year_now: int) -> Answer:
    cities = join_names([n.city for n in k.networks])
    if q.attribute == "poc":
        return Answer(
            "networks",
            "The networks' points of contact:",
            f"{POA} (1A.2)",
            items=tuple(f"{n.city}: {n.poc or 'not set'}" for n in k.networks),
            records=[{"kind": "network", "id": n.key, "poc": n.poc} for n in k.networks],
            related=False,
        )
    body = next((b for b in k.bodies if b.key == "advisory_network"), None)
    text = f"Diplomatic networks: {cities}."
    if body:
        text += f" The FOC also has the Advisory Network: {body.text}"
    return Answer(
        "networks",
        text,
        f"{FACTS}; {POA} (1A.1)",
        records=[{"kind": "network", "id": n.key} for n in k.networks],
        related=False,
    )
