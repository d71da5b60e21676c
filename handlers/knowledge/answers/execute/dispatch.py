"""Execution: a `forms.Query` over the `Knowledge` model, deterministic, by the module of its family; each
words the answer sentence from the query and its result, with the source of each fact."""

from __future__ import annotations

from datetime import date

from handlers.knowledge.answers.base import Answer
from handlers.knowledge.answers.execute.bodies import answer_networks, answer_taskforces
from handlers.knowledge.answers.execute.chairs import answer_chairships, answer_troika
from handlers.knowledge.answers.execute.checks import answer_check
from handlers.knowledge.answers.execute.compare import answer_years
from handlers.knowledge.answers.execute.countries import answer_countries
from handlers.knowledge.answers.execute.describe import answer_entity
from handlers.knowledge.answers.execute.program import (
    answer_activities,
    answer_goals,
    answer_objectives,
    answer_poa,
    answer_poa_text,
    answer_topics,
)
from handlers.knowledge.answers.execute.statements import answer_statements
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import (
    Knowledge,
)

NOT_IN_SOURCES = (
    "That is not in my sources: neither the Program of Action 2023 nor the FOC facts file says it."
)


CANNOT = "I can't compute that from my sources."


def run(q: Query, k: Knowledge, today: date) -> Answer | None:
    """The answer to ``q`` over ``k`` on the day ``today`` (relative years and "overdue" follow it)."""
    if q.ask == "activities":
        return answer_activities(q, k, today.year, today)
    handler = HANDLERS.get(q.ask)
    return handler(q, k, today.year) if handler else None


def answer_absent(q: Query, k: Knowledge, year_now: int) -> Answer:
    if q.attribute == "future":
        return Answer("absent", f"{NOT_IN_SOURCES} They record what has happened, not plans.", None)
    return Answer("absent", NOT_IN_SOURCES, None, related=True)


def answer_cannot(q: Query, k: Knowledge, year_now: int) -> Answer:
    """A question understood only in part: no answer to a simpler question, the words left over named."""
    words = q.attribute or ""
    return Answer("cannot", f'{CANNOT} I could not use these words of the question: "{words}".', None)


HANDLERS = {
    "cannot": answer_cannot,
    "countries": answer_countries,
    "chairships": answer_chairships,
    "years": answer_years,
    "statements": answer_statements,
    "taskforces": answer_taskforces,
    "activities": answer_activities,
    "objectives": answer_objectives,
    "goals": answer_goals,
    "topics": answer_topics,
    "poa": answer_poa,
    "poa_text": answer_poa_text,
    "networks": answer_networks,
    "troika": answer_troika,
    "check": answer_check,
    "entity": answer_entity,
    "absent": answer_absent,
}
