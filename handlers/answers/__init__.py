"""Direct answers: a question becomes a logical form (`query.understand`) executed over the typed model of
the knowledge (`model.knowledge_model`, rebuilt after every edit) by `run.run`, which also words the answer.

The asker's own operations (their next call, surveys to answer, who has gone quiet, the local time of a
place) are answered first from the calendar and the survey records. `answer` returns None when no logical
form covers the question; `ask` then says it can't compute that and offers the nearest records.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.answers.base import Answer, Answerer, Question
from handlers.answers.clock import answer_local_time
from handlers.answers.countries import find_countries
from handlers.answers.entities import recognise
from handlers.answers.mine import answer_mine
from handlers.answers.model import Knowledge, knowledge_model
from handlers.answers.participation import answer_participation
from handlers.answers.query import Query, question_form
from handlers.answers.query import understand as parse
from handlers.answers.run import CANNOT, run
from handlers.answers.text import fold
from handlers.answers.workspace import answer_live
from handlers.context import Context

OPERATIONS: tuple[Answerer, ...] = (answer_mine, answer_local_time, answer_participation)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

__all__ = ["CANNOT", "Answer", "Query", "Question", "answer", "question_form", "understand"]


async def understand(ctx: Context, text: str) -> Question:
    """The question with its entities recognised (countries against the members and observers stored)."""
    names = [m.name for m in (await ctx.services.knowledge.reference()).members]
    lowered = " ".join(fold(text).split())
    words = frozenset(_WORD.findall(lowered.replace("'s ", " ")))
    year_now = ctx.now().year
    return Question(text, lowered, words, recognise(text, year_now, names), year_now)


async def answer(ctx: Context, question: Question) -> tuple[Answer | None, Query | None]:
    """The answer and the logical form it was computed from; (None, None) when no form covers it."""
    for answerer in OPERATIONS:
        found = await answerer(ctx, question)
        if found is not None:
            return found, None
    model = await knowledge_model(ctx.services.knowledge)
    titles = [(st.key, st.title) for st in model.statements]
    text = _resolved(question.text, model, ctx.now().date(), titles) or question.text
    query = parse(text, list(model.countries), question.year_now, titles)
    if query is None:
        return None, None
    live = await answer_live(ctx, query, model)
    if live is not None:
        return live, query
    return run(query, model, ctx.now().date()), query


_PRONOUN = r"\b(?:it|its|they|their|them|that country|this country|that one|this one|he|she)\b"
_REFERS = re.compile(rf"^(.+?)(?:\s+(?:--|-|–|—)\s+|\s*[,;:]\s*)(.*{_PRONOUN}.*)$", re.IGNORECASE)


def _resolved(text: str, model: Knowledge, today: date, titles: list[tuple[str, str]]) -> str | None:
    """A question whose second part refers back to the first by a pronoun ("the country co-chairing tfde -
    when did it chair the foc?"): the first part is answered, and when that names one country, the second
    is asked of it ("when did Ghana chair the foc")."""
    m = _REFERS.match(text.strip())
    if m is None:
        return None
    first = parse(m[1], list(model.countries), today.year, titles)
    if first is None or first.ask == "cannot":
        return None
    found = run(first, model, today)
    if found is None:
        return None
    names = [c.name for c in find_countries(found.text, list(model.countries)) if c.known]
    if len(names) != 1:
        return None
    name = names[0]
    possessive = f"{name}'" if name.endswith("s") else f"{name}'s"
    rest = re.sub(r"\b(?:its|their)\b", possessive, m[2], flags=re.IGNORECASE)
    return re.sub(_PRONOUN, name, rest, flags=re.IGNORECASE)
