"""Direct answers: a question becomes a logical form (`forms.Query`, by `parse.grammar.understand`) executed
over the typed model of the knowledge (`model.knowledge_model`, rebuilt after every edit) by
`execute.dispatch.run`, which also words the answer.

The asker's own operations (their next call, surveys to answer, who has gone quiet, the local time of a
place) are answered first from the calendar and the survey records. `answer` returns None when no logical
form covers the question; `ask` then says it can't compute that and offers the nearest records.
"""

from __future__ import annotations

import re
from datetime import date

from handlers.context import Context
from handlers.knowledge.answers.base import Answer, Answerer, Question
from handlers.knowledge.answers.clock import answer_local_time
from handlers.knowledge.answers.countries import find_countries
from handlers.knowledge.answers.entities import recognise
from handlers.knowledge.answers.execute.dispatch import CANNOT, run
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.mine import answer_mine
from handlers.knowledge.answers.model import Knowledge, knowledge_model
from handlers.knowledge.answers.parse.grammar import question_form
from handlers.knowledge.answers.parse.grammar import understand as parse
from handlers.knowledge.answers.participation import answer_participation
from handlers.knowledge.answers.text import fold
from handlers.knowledge.answers.workspace import answer_live

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
    weak = query is None or query.ask == "cannot" or (query.ask == "entity" and query.attribute is None)
    if weak and _PARTS.search(question.text.strip()):  # two questions in one: each answered
        both = await _compound(ctx, question.text, model, titles)
        if both is not None:
            return both, None
    if query is None:
        return None, None
    live = await answer_live(ctx, query, model)
    if live is not None:
        return live, query
    return run(query, model, ctx.now().date()), query


_WH = r"(?:how|who|whom|what|when|which|where|in which|since when)\b"
_AUX = r"(?:was|were|is|are|did|does|do|has|have|had)\b"
_PARTS = re.compile(
    rf"\?\s+(?=\S)|\s+(?:--|-|–|—|\+)\s+|\s*;\s*"
    rf"|,?\s+(?:and|but|also|plus|and also)\s+(?={_WH})"
    rf"|,\s*(?:but|and)\s+(?={_AUX}|there\b)",
    re.IGNORECASE,
)
_THEN = re.compile(
    r"\b(?:in that year|that year|the same year|then|at that time|at the time)\b", re.IGNORECASE
)
_OF_THEM = re.compile(r"\b(?:of|among) (?:them|those|these|which)\b", re.IGNORECASE)
_YEARS = re.compile(r"\b(?:19|20)\d{2}\b")


async def _compound(
    ctx: Context, text: str, model: Knowledge, titles: list[tuple[str, str]]
) -> Answer | None:
    """Two or three questions in one ("helsinki declaration - what year and who was chair then", "2017 had
    no chair, but was there a joint statement that year?"): each part answered, a later part reading "then"
    or "that year" as the year of the part before it, a pronoun as its one country, and a part without a
    subject ("what year") asked of the first part's. None unless every part is answered."""
    parts = [p.strip(" ,?!.") for p in _PARTS.split(text.strip()) if p and p.strip(" ,?!.")]
    if not 2 <= len(parts) <= 3:
        return None
    today = ctx.now().date()
    known = list(model.countries)
    found: list[Answer] = []
    for i, part in enumerate(parts):
        original = part
        if i:
            asked = set(_YEARS.findall(parts[i - 1])) or set(_YEARS.findall(found[-1].text if found else ""))
            if len(asked) == 1 and _THEN.search(part):
                part = _THEN.sub(f"in {next(iter(asked))}", part)
            if not _OF_THEM.search(part):  # "how many of them": the set of the part before, not a country
                part = _resolved(f"{parts[i - 1]} - {part}", model, today, titles) or part
        tries = [part] + ([f"{parts[0]} {original}"] if i else [])
        for attempt in tries:
            query = parse(attempt, known, today.year, titles)
            if query is not None and query.ask != "cannot":
                break
        else:
            if question_form(part) == "lookup" and i + 1 < len(parts):
                continue  # "2017 had no chair, but ...": a statement that sets the scene, not a question
            return None
        live = await answer_live(ctx, query, model)
        got = live or run(query, model, today)
        if got is None:
            return None
        if not found or got.text != found[-1].text:
            found.append(got)
    if len(found) < 2:
        return found[0] if found else None
    return Answer(
        found[0].kind,
        "\n".join(a.text for a in found),
        "; ".join(dict.fromkeys(a.source for a in found if a.source)) or None,
        items=next((a.items for a in reversed(found) if a.items), ()),  # one list: the last part's
        items_title=next((a.items_title for a in reversed(found) if a.items), None),
        records=[r for a in found for r in a.records],
        related=False,
    )


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
