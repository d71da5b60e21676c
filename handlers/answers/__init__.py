"""Direct answers from the database: the question's intent and entities, then one module per kind.

`answer` returns None when no kind recognises the question; `ask` then answers from retrieval alone.
"""

from __future__ import annotations

import re

from handlers.answers.base import Answer, Answerer, Question
from handlers.answers.chairs import answer_chairs
from handlers.answers.clock import answer_local_time
from handlers.answers.counts import answer_counts
from handlers.answers.entities import recognise
from handlers.answers.members import answer_members
from handlers.answers.mine import answer_mine
from handlers.answers.networks import answer_networks
from handlers.answers.participation import answer_participation
from handlers.answers.program import answer_program
from handlers.answers.statements import answer_statements
from handlers.answers.structure import answer_structure
from handlers.answers.taskforces import answer_task_forces
from handlers.answers.text import fold
from handlers.context import Context

# Most specific first: "who chairs TFTIO" is about a task force, "Friends of the Chair" about structure.
ANSWERERS: tuple[Answerer, ...] = (
    answer_mine,
    answer_counts,
    answer_local_time,
    answer_participation,
    answer_program,
    answer_task_forces,
    answer_statements,
    answer_structure,
    answer_chairs,
    answer_networks,
    answer_members,
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

__all__ = ["Answer", "Question", "answer", "understand"]


async def understand(ctx: Context, text: str) -> Question:
    """The question with its entities recognised (countries against the members and observers stored)."""
    names = [m.name for m in (await ctx.services.knowledge.reference()).members]
    lowered = " ".join(fold(text).split())
    words = frozenset(_WORD.findall(lowered.replace("'s ", " ")))
    year_now = ctx.now().year
    return Question(text, lowered, words, recognise(text, year_now, names), year_now)


async def answer(ctx: Context, question: Question) -> Answer | None:
    """The first answer a kind gives, most specific kind first; None when none applies."""
    for answerer in ANSWERERS:
        found = await answerer(ctx, question)
        if found is not None:
            return found
    return None
