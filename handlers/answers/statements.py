"""Joint statements: every one of a year, those on a topic, the year of a named one."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from handlers.answers.base import Answer, Question, join_names
from handlers.answers.text import fold
from handlers.context import Context
from storage.repositories.knowledge_views import StatementView

STATEMENT_WORDS = ("statement", "statements", "declaration", "declarations", "agenda", "principles")
INDEX = "https://freedomonlinecoalition.com/joint-statements"
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "and",
        "for",
        "in",
        "to",
        "about",
        "what",
        "which",
        "when",
        "was",
        "were",
        "is",
        "are",
        "did",
        "does",
        "do",
        "joint",
        "statement",
        "statements",
        "declaration",
        "fo",
        "foc",
        "coalition",
        "year",
        "published",
        "issued",
        "adopted",
        "made",
        "come",
        "came",
        "out",
        "there",
        "any",
        "by",
        "with",
        "from",
        "government",
        "governments",
        "how",
        "many",
        "who",
    ]
)


def _record(s: StatementView) -> dict[str, object]:
    return {"kind": "statement", "id": s.key, "year": s.year, "title": s.title}


def _words(text: str) -> set[str]:
    folded = fold(text).replace("artificial intelligence", "ai")
    return {w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP and len(w) > 1}


def matching(q: Question, statements: list[StatementView]) -> list[StatementView]:
    """Statements whose title shares the question's content words (typos forgiven), best first."""
    wanted = _words(q.text) - {str(y) for y in range(1990, 2100)}
    scored = []
    for s in statements:
        title = _words(s.title)
        score = 0.0
        for word in wanted:
            if word in title or any(
                t.startswith(word) or word.startswith(t) for t in title if len(t) > 3 and len(word) > 3
            ):
                score += 1
            elif len(word) > 4 and any(fuzz.ratio(word, t) >= 85 for t in title):
                score += 0.8
        if score:
            scored.append((score, s))
    if not scored:
        return []
    best = max(score for score, _ in scored)
    return [s for score, s in sorted(scored, key=lambda p: -p[0]) if score >= max(1.0, best * 0.75)]


async def answer_statements(ctx: Context, q: Question) -> Answer | None:
    if not q.has(*STATEMENT_WORDS):
        return None
    statements = list((await ctx.services.knowledge.reference()).statements)
    years = q.entities.years
    found = matching(q, statements)
    if years is not None and not found:
        rows = [s for s in statements if s.year[:4].isdigit() and years.covers(int(s.year[:4]))]
        if not rows:
            known = sorted({s.year for s in statements})
            return Answer(
                "statements",
                f"No joint statement is recorded for {years.label()} "
                f"(years with statements: {', '.join(known)}).",
                INDEX,
            )
        lines = tuple(f"{s.title} ({s.year})" for s in rows)
        count = f"{len(rows)} joint statement{'s' if len(rows) > 1 else ''}"
        return Answer(
            "statements",
            f"{count} {('of ' + years.label()) if years.single else years.label()}:",
            INDEX,
            items=lines,
            items_title="Joint statements",
            records=[_record(s) for s in rows],
        )
    if found:
        if years is not None:
            found = [s for s in found if s.year[:4].isdigit() and years.covers(int(s.year[:4]))] or found
        if len(found) == 1:
            s = found[0]
            return Answer("statements", f"{s.title}: {s.year}.", s.source or INDEX, records=[_record(s)])
        lines = tuple(f"{s.title} ({s.year})" for s in found)
        return Answer(
            "statements",
            f"{len(found)} joint statements on that:",
            INDEX,
            items=lines,
            items_title="Joint statements",
            records=[_record(s) for s in found],
        )
    if q.has("how many", "number"):
        return Answer(
            "counts",
            f"{len(statements)} joint statements are recorded, from "
            f"{statements[0].year} to {statements[-1].year}.",
            INDEX,
        )
    if q.has("list", "all", "which", "what"):
        lines = tuple(f"{s.title} ({s.year})" for s in statements)
        return Answer(
            "statements",
            f"All {len(statements)} joint statements:",
            INDEX,
            items=lines,
            items_title="Joint statements",
            records=[_record(s) for s in statements],
        )
    return None


__all__ = ["answer_statements", "join_names"]
