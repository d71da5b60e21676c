"""Comparisons and aggregates over years: "X or Y, which first", the busiest of two years, years without a
chair or a statement; and questions about what the sources never hold (staff, budgets)."""

from __future__ import annotations

import re

from handlers.knowledge.answers.forms import Filter, Query, TimeRef
from handlers.knowledge.answers.parse.clauses import ABSENT
from handlers.knowledge.answers.parse.words import CHAIR_VERB, JOIN_VERB, Words
from handlers.knowledge.answers.parse.years import YEAR, literal_years


def rule_absent(w: Words) -> Query | None:
    if ABSENT.search(w.text):
        return Query("absent")
    return None


def rule_either(w: Words) -> Query | None:
    """Comparisons between two named things with "or": "slovakia or iceland - who joined first", "did
    Kenya or Ghana chair first", "more countries joined in 2015 or in 2024?"."""
    if not w.re(r"\bor\b"):
        return None
    early = r"\b(?:first|earlier|earliest|sooner|before|older|longer ago)\b"
    late = r"\b(?:last|later|latest|more recently|most recently|newer|newest|after)\b"
    if len(w.countries) == 2 and (w.re(early) or w.re(late)):
        order = "first" if w.re(early) else "last"
        event = "chaired" if w.re(rf"{CHAIR_VERB}|\bchair\b") and not w.re(JOIN_VERB) else "joined"
        return Query(
            "check", check=f"{event}_{order}", entity=("country", w.countries[0]), other=w.countries[1]
        )
    if len(w.statements) == 2 and (w.re(early) or w.re(late)):  # "tallinn agenda or helsinki declaration"
        order = "first" if w.re(early) else "last"
        return Query(
            "check", check=f"statement_{order}", entity=("statement", w.statements[0]), other=w.statements[1]
        )
    years = [int(y) for y in re.findall(rf"\b({YEAR})\b", w.text)]
    if len(years) == 2 and w.re(r"\bmore\b|\bfewer\b|\bless\b|\bmost\b|\bbusier\b"):
        aggregate = "fewest" if w.re(r"\bfewer\b|\bless\b") else "most"
        ref = TimeRef("or", min(years), max(years), label=f"{min(years)} or {max(years)}")
        if w.has("statement", "statements", "declaration", "declarations"):
            return Query("years", filters=[Filter("statement", None)], aggregate=aggregate, year_clause=ref)
        if w.re(JOIN_VERB) or w.re(r"\bmembers\b|\bcountries\b"):
            return Query("years", filters=[Filter("joined", None)], aggregate=aggregate, year_clause=ref)
    return None


def rule_years(w: Words) -> Query | None:
    """ "years without a chair", "which years between 2011 and 2025 had no joint statement"."""
    if w.re(r"\b(?:which|what) years?\b.*\b(?:most|fewest|least)\b"):
        # "which year had the most joint statements", "in what year did the most countries join"
        aggregate = "fewest" if w.re(r"\bfewest\b|\bleast\b") else "most"
        if w.has("statement", "statements", "declaration", "declarations"):
            return Query("years", filters=[Filter("statement", None)], aggregate=aggregate)
        if w.re(JOIN_VERB):
            return Query("years", filters=[Filter("joined", None)], aggregate=aggregate)
    if not w.re(r"\byears?\b") or not w.re(r"\bwithout\b|\bno\b|\bnot\b|\bnone\b|\bmissing\b|\bgaps?\b"):
        return None
    if w.re(r"\bwhen\b") and w.countries:
        return None
    span = literal_years(w)
    if w.has("statement", "statements", "declaration"):
        return Query("years", filters=[Filter("statement", None, negated=True)], year_clause=span)
    if w.re(r"\bchairs?\b|\bchairship|\bchaired"):
        return Query("years", filters=[Filter("chair", None, negated=True)], year_clause=span)
    return None
