"""Questions about joint statements: one named by its title ("the Tallinn Agenda"), or lists of them by
year, chairship or topic."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from handlers.knowledge.answers.forms import Filter, Query, TimeRef
from handlers.knowledge.answers.parse.clauses import about_phrase, superlative
from handlers.knowledge.answers.parse.normalise import DOMAIN_SET
from handlers.knowledge.answers.parse.words import CHAIR_VERB, Words, possessive
from handlers.knowledge.answers.parse.years import event_year_ref, literal_years, other_event_ref
from handlers.knowledge.answers.text import fold

_GENERIC_TITLE = frozenset(
    [
        "joint",
        "statement",
        "statements",
        "declaration",
        "principles",
        "agenda",
        "recommendations",
        "freedom",
        "online",
        "internet",
        "the",
        "and",
        "for",
        "on",
        "of",
        "in",
        "to",
        "with",
        "government",
        "human",
        "rights",
        "digital",
        "free",
        "good",
        "work",
        "from",
        "that",
        "this",
        "with",
    ]
)


def statements_named(raw: str, normal: str, titles: Sequence[tuple[str, str]]) -> list[str]:
    """Every statement `statement_named` would find, in the order the question names them."""
    found: list[tuple[int, str]] = []
    folded = fold(raw)
    for key, word in _title_names(tuple(titles)):
        if key in (k for _, k in found) or word not in normal:
            continue
        if statement_named(raw, normal, [(k, t) for k, t in titles if k == key] + [("", "")]) == key:
            found.append((normal.find(word) if word in normal else folded.find(word), key))
    return [key for _, key in sorted(found)]


def statement_named(raw: str, normal: str, titles: Sequence[tuple[str, str]]) -> str | None:
    """The statement a question names by a word of its title that no other title has and that is written
    as a name (capitalised) or beside "agenda", "declaration", "statement": "the Tallinn Agenda", "the
    helsinki declaration", "San José statement"."""
    folded = fold(raw)
    for key, word in _title_names(tuple(titles)):
        if word not in normal and word not in folded:
            continue
        named = re.search(rf"\b{word}\b", folded) and re.search(rf"\b{word[0].upper()}{word[1:]}", raw)
        if named or re.search(rf"\b{word} (?:agenda|declaration|statement|principles)\b", normal):
            return key
    return None


@cache
def _title_names(titles: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """(statement key, a word of its title no other title has), for every such word."""
    words_of = {key: set(re.findall(r"[a-z]{4,}", fold(title))) - _GENERIC_TITLE for key, title in titles}
    found = []
    for key, words in words_of.items():
        others = set().union(*(v for other, v in words_of.items() if other != key))
        found += [(key, word) for word in sorted(words - others - DOMAIN_SET)]
    return tuple(found)


def rule_statements(w: Words) -> Query | None:
    if w.statement is not None and not w.re(r"\bhow many\b|\bwhich statements\b"):
        return Query("entity", entity=("statement", w.statement))
    other = other_event_ref(w)
    said = w.re(
        r"\b(?:say|said|says|publish|published|put out|puts out|issue|issued|release|released"
        r"|adopt|adopted|came out|come out|comes out)\b"
    ) and (
        other is not None
        or not w.re(
            r"\bprogram|\bpoa\b|\bactivit|\bobjective|\bgoal|\btask force|\bnetwork|\bcommittee|\bunit\b"
        )
    )
    if not w.re(r"\bstatements?\b|\bdeclarations?\b|\bprinciples\b") and not said:
        return None
    if (w.has("activity", "activities") or w.has("task force")) and other is None:
        return None
    if w.re(r"\bwill\b|\bupcoming\b|\bfuture\b|\bnext (?:joint )?statements?\b|\bplanned\b"):
        return Query("absent", attribute="future")  # the sources record statements made, not plans
    q = Query("statements")
    q.aggregate = superlative(w)
    verb = "chair" if w.re(CHAIR_VERB) else None
    ref = event_year_ref(w, verb) if w.countries else None
    if ref is None and w.countries and verb:
        ref = TimeRef(
            "in", event="chair", entity=w.countries[0], label=f"{possessive(w.countries[0])} chairship"
        )
    q.year_clause = ref or other or literal_years(w)
    about = (
        None
        if other
        else about_phrase(
            w, ("statement", "statements", "declaration", "declarations", "joint", "principles")
        )
    )
    if about:
        # "2020 statements that aren't about AI": the negation before the topic
        negated = bool(w.re(r"\bnot (?:about|on|mention|concern|regard|deal|cover|relat)"))
        q.filters.append(Filter("mentions", about, negated=negated))
    if w.re(r"\bhow many\b|\bnumber of\b"):
        q.aggregate = "count"
    return q
