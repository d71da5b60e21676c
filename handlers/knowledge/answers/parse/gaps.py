"""Coverage: a form must read every word of the question that carries meaning; `coverage_gaps` gives the
words a form leaves unread."""

from __future__ import annotations

import re

from handlers.knowledge.answers.countries import ALIASES as ALIASES_FOR
from handlers.knowledge.answers.forms import Query, TimeRef
from handlers.knowledge.answers.parse import coverage as cov
from handlers.knowledge.answers.parse import vocabulary
from handlers.knowledge.answers.parse.attributes import ATTRIBUTES, ENTITY_WORDS
from handlers.knowledge.answers.parse.glue import GLUE
from handlers.knowledge.answers.parse.words import BODIES, CITIES, TASK_FORCE_WORDS, Words, spelled_as
from handlers.knowledge.answers.regions import REGION_WORDS

ASK_WORDS: dict[str, frozenset[str]] = {
    "countries": vocabulary.COUNTRY,
    "chairships": vocabulary.CHAIR
    | frozenset(["known", "announced", "decided", "named", "confirmed"])  # "is the 2027 chair known"
    | frozenset(["chairs", "who", "country", "countries", "member", "members", "year", "years"]),
    "statements": vocabulary.STATEMENT,
    "taskforces": vocabulary.TASK_FORCE,
    "activities": vocabulary.ACTIVITY,
    "objectives": frozenset(["objective", "objectives", "program", "action", "poa"])
    | vocabulary.MOST
    | vocabulary.ACTIVITY,  # "which objective has the most activities"
    "goals": frozenset(["goal", "goals", "program", "action", "poa", "three"]),
    "topics": frozenset(
        [
            "topic",
            "topics",
            "policy",
            "priority",
            "priorities",
            "prioritise",
            "prioritize",
            "program",
            "action",
            "poa",
        ]
    ),
    "networks": frozenset(
        ["network", "networks", "diplomatic", "hub", "hubs", "city", "cities", "located", "based"]
    ),
    "years": vocabulary.TIME
    | vocabulary.NEGATION
    | frozenset(["missing", "gap", "gaps", "saw", "see", "had", "have"]),
    "troika": frozenset(
        ["troika", "past", "current", "next", "members", "composition", "who", "countries", "country", "in"]
    ),
    "poa": frozenset(["program", "action", "poa", "plan", "say", "says", "said", "state", "states", "count"]),
}


FILTER_WORDS: dict[str, frozenset[str]] = {
    "status": frozenset(
        [
            "current",
            "currently",
            "still",
            "now",
            "today",
            "active",
            "full",
            "remain",
            "remaining",
            "remains",
            "observer",
            "observers",
            "former",
            "left",
            "leave",
            "no",
            "longer",
            "withdrew",
            "withdraw",
            "withdrawn",
            "ex",
            "ex-members",
            "quit",
            "anymore",
            "any",
            "more",
            "not",
            "member",
            "members",
        ]
    ),
    "activity_status": vocabulary.STATUS_WORDS,
    "region": frozenset(["region", "regions", "continent", "located", "based", "from", "in"]),
    "founding": vocabulary.FIRST | vocabulary.NEGATION | frozenset(["founders", "founder", "founded"]),
    "chaired": vocabulary.CHAIR | vocabulary.NEGATION | frozenset(["been"]),
    "chaired_times": vocabulary.CHAIR
    | frozenset(
        ["twice", "times", "more", "than", "once", "several", "multiple", "two", "least", "most", "often"]
    ),
    "joined": vocabulary.JOIN | vocabulary.TIME | vocabulary.COUNTRY,
    "mentions": vocabulary.MENTION,
    "lead": vocabulary.LEAD | vocabulary.NEGATION | frozenset(["lack", "lacks", "lacking", "nobody", "one"]),
    "goal": frozenset(["goal", "goals", "under", "in"]),
    "objective": frozenset(["objective", "objectives", "under", "in"]),
    "party": vocabulary.ROLE | vocabulary.TASK_FORCE,
    "statement": vocabulary.STATEMENT | vocabulary.NEGATION,
    "chair": vocabulary.CHAIR | vocabulary.NEGATION,
}


_CHECK_WORDS = (
    vocabulary.CHAIR
    | vocabulary.JOIN
    | vocabulary.NEGATION
    | frozenset(
        [
            "member",
            "members",
            "still",
            "belong",
            "belongs",
            "part",
            "observer",
            "observers",
            "founding",
            "founders",
            "founder",
            "original",
            "more",
            "fewer",
            "less",
            "often",
            "times",
            "than",
            "before",
            "after",
            "earlier",
            "later",
            "first",
            "left",
            "leave",
            "withdrew",
            "withdrawn",
            "since",  # "is south korea in the foc? since when"
        ]
    )
)


def _countries_named(q: Query) -> list[str]:
    """The countries the form refers to (its entity, the other of a comparison, filters, year clauses)."""
    names: list[str] = []
    if q.entity is not None and q.entity[0] == "country":
        names.append(q.entity[1])
    if q.other:
        names.append(q.other)
    refs = [q.year_clause] + [f.value for f in q.filters if isinstance(f.value, TimeRef)]
    names += [r.entity for r in refs if isinstance(r, TimeRef) and r.entity]
    names += [str(f.value) for f in q.filters if f.field in ("party", "lead") and isinstance(f.value, str)]
    return names


def coverage_gaps(w: Words, q: Query) -> list[str]:
    """The words of the question that no part of ``q`` reads (empty: the form covers the question)."""
    if q.ask in ("absent", "poa_text"):  # the words not of the question's frame are what must be mentioned
        return []  # not in the sources, whatever else is asked
    vocab: set[str] = set(ASK_WORDS.get(q.ask, ()))
    named: set[str] = set()
    for name in _countries_named(q):
        named |= cov.words_of(name)
        if name in w.countries:
            named |= set(spelled_as(w.text, name).split())
            for alias, target in ALIASES_FOR.items():
                if target == name and re.search(rf"\b{re.escape(alias)}\b", w.text):
                    named |= set(alias.split())
    for f in q.filters:
        vocab |= FILTER_WORDS.get(f.field, frozenset())
        if f.field == "status" and q.ask == "activities":
            vocab |= vocabulary.STATUS_WORDS
        if f.field == "region":
            named |= {x for phrase in REGION_WORDS if w.has(phrase) for x in phrase.split()}
        if f.field == "mentions":
            named |= cov.words_of(str(f.value))
        if f.field == "lead" and isinstance(f.value, str):
            named |= _body_words(w)
        if f.negated:
            vocab |= vocabulary.NEGATION
    ref = q.year_clause
    years = ref is not None or any(f.field == "joined" for f in q.filters)
    for r in [ref] + [f.value for f in q.filters if isinstance(f.value, TimeRef)]:
        if not isinstance(r, TimeRef):
            continue
        vocab |= vocabulary.TIME | (frozenset(["or"]) if r.op == "or" else frozenset())
        if r.event == "join":
            vocab |= vocabulary.JOIN
        if r.event == "chair":
            vocab |= vocabulary.CHAIR
        if r.event == "launch":
            vocab |= ATTRIBUTES["launched"] | frozenset(["got", "formed"])
            named |= _body_words(w) | _task_force_words(w)
        if r.event == "leave":
            vocab |= ATTRIBUTES["left"] | frozenset(["pulled", "pull", "out", "departed"])
    if q.other or (ref is not None and ref.op == "or"):  # "slovakia or iceland - who joined first"
        vocab |= frozenset(["or", "first", "sooner", "earlier", "later", "recently", "more", "fewer", "less"])
        vocab |= frozenset(["who", "which", "country", "countries", "year", "years"]) | vocabulary.MOST
    if q.nearest:
        vocab |= vocabulary.TIME | frozenset(
            ["last", "latest", "final", "first", "next", "immediately", "just"]
        )
    if q.aggregate in ("count", "count_distinct"):
        vocab |= vocabulary.COUNT | frozenset(["different", "distinct"])
    elif q.aggregate == "first":
        vocab |= vocabulary.FIRST
    elif q.aggregate == "latest":
        vocab |= vocabulary.LATEST
    if q.ask == "countries" and q.aggregate in ("first", "latest"):
        vocab |= vocabulary.JOIN  # the first and the latest members are ordered by the year they joined
    elif q.aggregate in ("most", "fewest"):
        vocab |= vocabulary.MOST
    if q.attribute == "by_chair":
        vocab |= vocabulary.CHAIR
    elif q.attribute:
        vocab |= ATTRIBUTES.get(q.attribute, frozenset())
    if q.ask == "check":
        vocab |= _CHECK_WORDS
        years = True
    if q.entity is not None:
        kind, key = q.entity
        vocab |= ENTITY_WORDS.get(kind, frozenset())
        if kind == "country" and key not in w.countries:
            named |= cov.words_of(key) | {x for x in w.text.split() if x not in GLUE}
        if kind == "taskforce":
            named |= _task_force_words(w)
        if kind == "body":
            named |= _body_words(w)
        if kind == "network":
            named |= cov.words_of(*CITIES)
        if kind == "statement":
            named |= _title_words(w)
            years = True
    ids = q.ask in ("activities", "objectives", "goals") or bool(
        q.entity and q.entity[0] in ("activity", "objective", "goal")
    )
    if ids:
        vocab |= {"goal", "goals", "objective", "objectives", "activity", "activities", "under"}
    if q.scope == "poa" and q.ask in ("topics", "goals", "poa", "objectives"):
        named.add("2023")  # the Program of Action 2023
    gaps = cov.unread(w.text.split(), vocab, named, years=years, ids=ids)
    if q.entity is not None and q.entity[0] in cov.DESCRIBED and q.attribute is None:
        # its record answers an open question about it; a count, a comparison or a list it cannot
        countries = {
            x for name in w.countries for x in [*cov.words_of(name), *spelled_as(w.text, name).split()]
        }
        last = w.text.split()[-1] if w.text.split() else ""
        gaps = [
            x
            for x in gaps
            if (x in cov.OPERATORS and not (x == last and x in ("before", "after")))  # "called before"
            or x in countries
            or cov.YEARISH.fullmatch(x)
        ]
    return gaps


def _task_force_words(w: Words) -> set[str]:
    return {x for _, words in TASK_FORCE_WORDS for word in words for x in word.split() if w.has(word.strip())}


def _body_words(w: Words) -> set[str]:
    return {x for _, words in BODIES for word in words for x in word.split() if word.strip() in w.text}


def _title_words(w: Words) -> set[str]:
    return set(w.title_words)
