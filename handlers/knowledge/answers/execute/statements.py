"""Joint statements: by year, by chairship, by what they mention; first, latest or counted."""

from __future__ import annotations

from handlers.knowledge.answers.base import Answer, join_names
from handlers.knowledge.answers.execute.mentions import mentions
from handlers.knowledge.answers.execute.years import year_matches, years_of
from handlers.knowledge.answers.forms import Query
from handlers.knowledge.answers.model import (
    FACTS,
    Knowledge,
    Statement,
)


def answer_statements(q: Query, k: Knowledge, year_now: int) -> Answer:
    found = list(k.statements)
    label = ""
    if q.year_clause is not None:
        years, label = years_of(q.year_clause, k, year_now)
        found = [s for s in found if year_matches(s.year, q.year_clause, years)]
        ref = q.year_clause
        if ref.event is not None and ref.op == "in":
            label = ("during " if ref.event == "chair" and not ref.offset else "in ") + label
    for f in q.filters:
        if f.field == "mentions":
            found = [s for s in found if mentions(s.title, str(f.value)) != f.negated]
            label = (label + (" not" if f.negated else "") + f" on {f.value}").strip()
    if q.aggregate in ("first", "latest") and found:
        year = (min if q.aggregate == "first" else max)(s.year for s in found)
        found = [s for s in found if s.year == year]
        word = "earliest" if q.aggregate == "first" else "latest"
        return Answer(
            "statements",
            f"The {word} joint statement{'s' if len(found) > 1 else ''} ({year}): "
            f"{join_names([s.title for s in found])}.",
            FACTS,
            records=statement_records(found),
            related=False,
        )
    if q.aggregate == "count":
        return Answer(
            "statements",
            f"{len(found)} joint statements {label}.".replace("  ", " "),
            FACTS,
            items=tuple(_st(s) for s in found),
            records=statement_records(found),
            related=False,
        )
    if not found:
        span = q.year_clause
        if span is not None and span.op == "in" and span.first is not None and span.first == span.last:
            label = f"is recorded for {span.first}" + label.removeprefix(f"in {span.first}")
        return Answer(
            "statements",
            f"No joint statement {label} in my sources.".replace("  ", " "),
            FACTS,
            related=False,
        )
    noun = "joint statement" if len(found) == 1 else "joint statements"
    return Answer(
        "statements",
        f"{len(found)} {noun} {label}:".replace("  ", " ").replace(" :", ":"),
        FACTS,
        items=tuple(_st(s) for s in found),
        items_title="Joint statements",
        records=statement_records(found),
        related=False,
    )


def _st(s: Statement) -> str:
    return f"{s.title} ({s.year})"


def statement_records(found: list[Statement]) -> list[dict[str, object]]:
    return [{"kind": "statement", "id": s.key} for s in found]
