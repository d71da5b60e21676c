"""Direct answers: a question becomes a logical form (`query.understand`) executed over the typed model of
the knowledge (`model.knowledge_model`, rebuilt after every edit) by `run.run`, which also words the answer.

The asker's own operations (their next call, surveys to answer, who has gone quiet, the local time of a
place) are answered first from the calendar and the survey records. `answer` returns None when no logical
form covers the question; `ask` then says it can't compute that and offers the nearest records.
"""

from __future__ import annotations

import re

from handlers.answers.base import Answer, Answerer, Question
from handlers.answers.clock import answer_local_time
from handlers.answers.entities import recognise
from handlers.answers.mine import answer_mine
from handlers.answers.model import knowledge_model
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
    query = parse(question.text, list(model.countries), question.year_now, titles)
    if query is None:
        return None, None
    live = await answer_live(ctx, query, model)
    if live is not None:
        return live, query
    return run(query, model, ctx.now().date()), query
