"""Task forces: who leads them, when they started, what they focus on or produced, which handles a topic."""

from __future__ import annotations

import re

from handlers.answers.base import Answer, Question
from handlers.context import Context
from storage.repositories.knowledge_views import TaskForceView

TOPICS = {
    "TFIS": ("shutdown", "shutdowns", "internet shutdowns", "network disruptions", "disruption", "blackout"),
    "TFAIR": (
        "ai",
        "artificial intelligence",
        "algorithm",
        "algorithms",
        "machine learning",
        "tfair",
        "t-fair",
    ),
    "TFDE": ("digital equality", "equality", "inclusion", "digital inclusion", "global south", "divide"),
    "TFTIO": (
        "trustworthy",
        "disinformation",
        "misinformation",
        "information integrity",
        "trustworthy information",
    ),
    "FCG": ("funding", "donor", "donors", "funders", "money", "funding coordination"),
}
GROUP_WORDS = ("task force", "taskforce", "task forces", "taskforces", "working group", "group", "groups")
_STOP = frozenset({"task", "force", "on", "and", "the", "of", "group"})


def find_task_force(q: Question, task_forces: list[TaskForceView]) -> TaskForceView | None:
    """A task force named in the question by key, by name or by topic."""
    for tf in task_forces:
        if re.search(rf"\b{re.escape(tf.key.lower())}\b", q.lowered):
            return tf
    for tf in task_forces:
        name_words = [w for w in re.findall(r"[a-z]+", tf.name.lower()) if w not in _STOP]
        if name_words and all(w in q.words for w in name_words):
            return tf
    for tf in task_forces:
        if any(q.has(term) for term in TOPICS.get(tf.key, ())):
            return tf
    return None


def _record(tf: TaskForceView) -> dict[str, object]:
    return {
        "kind": "taskforce",
        "id": tf.key,
        "name": tf.name,
        "chairs": tf.chairs,
        "launched": tf.launched,
        "focus": tf.focus,
        "output": tf.output,
        "source": tf.source,
    }


async def answer_task_forces(ctx: Context, q: Question) -> Answer | None:
    task_forces = list((await ctx.services.knowledge.reference()).task_forces)
    tf = find_task_force(q, task_forces)
    if tf is None:
        if not q.has(*GROUP_WORDS):
            return None
        lines = tuple(f"{t.name} ({t.key}): {t.chairs or 'chairs not known'}" for t in task_forces)
        return Answer(
            "taskforces",
            f"The FOC has {len(task_forces)} task forces and groups:",
            None,
            items=lines,
            items_title="Task forces",
            records=[_record(t) for t in task_forces],
        )
    if not q.has(*GROUP_WORDS) and not re.search(rf"\b{tf.key.lower()}\b", q.lowered) and not _named(q, tf):
        return None
    label = f"The {tf.name} ({tf.key})"
    if q.has(
        "lead",
        "leads",
        "led",
        "chair",
        "chairs",
        "chaired",
        "co-chair",
        "co-chairs",
        "cochairs",
        "run",
        "runs",
        "head",
        "heads",
        "who",
    ):
        text = f"{label} is led by: {tf.chairs}." if tf.chairs else f"Who leads {label} is not known."
    elif q.has("launch", "launched", "start", "started", "created", "founded", "set up", "when", "since"):
        when = tf.launched or tf.period
        text = f"{label} was launched in {when}." if when else f"When {label} was launched is not known."
    elif q.has("produce", "produced", "output", "outputs", "publish", "published", "deliver", "result"):
        text = f"{label} produced: {tf.output}." if tf.output else f"No output of {label} is recorded."
    elif q.has("which", "what task force", "what group") and not q.has("focus", "do", "does"):
        text = f"{label} handles that: {tf.focus or tf.name}."
    else:
        text = f"{label} focuses on: {tf.focus}." if tf.focus else f"The focus of {label} is not recorded."
    return Answer("taskforces", text, tf.source, records=[_record(tf)])


def _named(q: Question, tf: TaskForceView) -> bool:
    name_words = [w for w in re.findall(r"[a-z]+", tf.name.lower()) if w not in _STOP]
    return bool(name_words) and all(w in q.words for w in name_words)
