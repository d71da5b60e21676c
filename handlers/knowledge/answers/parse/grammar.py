"""Understanding: a question becomes a small logical form (`forms.Query`) over the knowledge model.

The words are normalised first (`normalise`), then entities are recognised (`words`, `years`), then the rules
of each family, tried in the order of `RULES`, compose the form: what is asked for, filters on it,
references to years that are themselves queries, an aggregate, negation and comparison. The first form
that reads every word of the question (`gaps.coverage_gaps`) wins. `None` means no rule covers it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from handlers.knowledge.answers.base import join_names
from handlers.knowledge.answers.chat import without_chat
from handlers.knowledge.answers.countries import find_countries
from handlers.knowledge.answers.forms import Filter, Query
from handlers.knowledge.answers.parse import coverage as cov
from handlers.knowledge.answers.parse import vocabulary
from handlers.knowledge.answers.parse.attributes import ATTRIBUTES, ENTITY_WORDS
from handlers.knowledge.answers.parse.bodies import rule_body, rule_network
from handlers.knowledge.answers.parse.chairs import (
    rule_chairs,
    rule_count_chairs,
    rule_country_roles,
    rule_troika,
)
from handlers.knowledge.answers.parse.clauses import ABSENT, COMPUTE, UNSUPPORTED
from handlers.knowledge.answers.parse.compare import rule_absent, rule_either, rule_years
from handlers.knowledge.answers.parse.gaps import ASK_WORDS, FILTER_WORDS, coverage_gaps
from handlers.knowledge.answers.parse.glue import GLUE
from handlers.knowledge.answers.parse.members import (
    COUNTRY_LIST_WORDS,
    rule_countries,
    rule_country_attribute,
    rule_entity_fallback,
    rule_focal_point,
    rule_membership_check,
)
from handlers.knowledge.answers.parse.normalise import DOMAIN_SET, normalise
from handlers.knowledge.answers.parse.program import rule_activities, rule_poa, rule_poa_text
from handlers.knowledge.answers.parse.statements import rule_statements, statements_named
from handlers.knowledge.answers.parse.taskforces import rule_task_forces
from handlers.knowledge.answers.parse.words import BODIES, CITIES, TASK_FORCE_WORDS, Words
from handlers.knowledge.answers.regions import REGION_WORDS

_REGION_PHRASES = re.compile(
    r"\b(?:"
    + "|".join(re.escape(p) for p in sorted(REGION_WORDS, key=len, reverse=True) if " " in p)
    + r")\b"
)


def _without_regions(text: str) -> str:
    """The text with its multi-word region names blanked ("latin american" names no country)."""
    return _REGION_PHRASES.sub(" ", text)


FACT_OPENERS = frozenset(
    [
        "how",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "list",
        "name",
        "count",
    ]
)


_FACT_WHAT = re.compile(
    r"^what (?:year|years|date|time|day|month|number|percentage|share|countries|country)\b"
)


_PROPOSES = re.compile(
    r"\b(?:could|should|might|may) be\b"
    r"|\b(?:propose|proposes|proposed|envisage|envisaged|recommend|recommends)\b"
)


def question_form(text: str) -> str:
    """``"fact"`` when the question asks for a specific fact or a computation (how many, which, who, when,
    is/does ..., what year), else ``"lookup"``: a description or a passage ("tell me about the Support
    Unit", "safeguards for surveillance technology", "what is the rapid response mechanism"), whose
    answer is the record itself. A fact no rule computes is answered as such ("I can't compute that"),
    never with the nearest record presented as the answer."""
    normal = normalise(without_chat(text), frozenset())
    words = normal.split()
    if not words:
        return "lookup"
    if _PROPOSES.search(normal) and not COMPUTE.search(normal):
        return "lookup"  # "which organisations could be invited": what the Program proposes, a passage
    if COMPUTE.search(normal) or words[0] in FACT_OPENERS or _FACT_WHAT.search(normal):
        return "fact"
    return "lookup"


def understand(
    text: str, known: Sequence[str], year_now: int, titles: Sequence[tuple[str, str]] = ()
) -> Query | None:
    """The logical form of ``text``, or None when no rule of the grammar covers it. ``known``: the
    countries of the coalition; ``titles``: the joint statements (key, title)."""
    text = without_chat(text)
    query = _understand(text, known, year_now, titles)
    if query is not None and query.ask == "cannot":
        # words at the edges that name nothing ("any idea ...", "... (asking for a colleague)") and that no
        # form reads are chat: the question without them, if a form covers it
        country_words = frozenset(w for name in known for w in name.lower().split())
        for trimmed in _without_chat_edges(query.text, country_words):
            again = _understand(trimmed, known, year_now, titles)
            if again is not None and again.ask != "cannot":
                return again
    return query


_EXCLUDING = re.compile(
    r"[,;]?\s*\b(?:excluding|exclude|except(?: for)?|other than|besides|beside|apart from|aside from"
    r"|not counting|without counting|not including|leaving out|leaving aside|but not|minus)\s+(?:the\s+)?"
)


_OBSERVERS = re.compile(r"^(?:the )?(?:observers?|observer states?)\b")


def excluded(normal: str, known: Sequence[str]) -> tuple[str, list[str]]:
    """Set difference: the text without "excluding the US", "other than Taiwan", "not counting observers",
    and the countries so excluded ("which members have chaired, excluding the US"). Observers are never
    members: leaving them out of members changes nothing."""
    names: list[str] = []
    while m := _EXCLUDING.search(normal):
        rest = normal[m.end() :]
        if o := _OBSERVERS.match(rest):
            normal = normal[: m.start()] + " " + rest[o.end() :]
            continue
        words = rest.split()
        for size in (4, 3, 2, 1):
            phrase = " ".join(words[:size])
            phrase = phrase.upper() if len(phrase) <= 3 else phrase  # "besides the us": the country
            whole = len(words) >= size and words[size - 1] not in ("and", "or", "nor", "the")
            found = find_countries(phrase, known) if whole else []
            if found and found[0].known and len(found) == 1:
                names.append(found[0].name)
                after = words[size:]
                more = after[1:] if after[:1] in (["and"], ["or"], ["nor"]) else None
                normal = normal[: m.start()] + " " + " ".join(["except", *more] if more else after)
                break
        else:
            break  # "other than that": no set difference this grammar computes
    return " ".join(normal.split()), names


def _understand(
    text: str, known: Sequence[str], year_now: int, titles: Sequence[tuple[str, str]]
) -> Query | None:
    country_words = frozenset(w for name in known for w in name.lower().split())
    normal, leaving = excluded(normalise(text, country_words), known)
    if leaving:
        query = _understand(normal, known, year_now, titles)
        if query is None or query.ask == "cannot":
            return query
        if query.ask != "countries":
            return Query("cannot", attribute=f"other than {join_names(leaving)}", text=normal)
        query.filters += [Filter("country", name, negated=True) for name in leaving]
        return query
    found = find_countries(_without_regions(normal), known)
    countries = [c.name for c in found if c.known]
    w = Words(text, normal, countries, frozenset(known), year_now, [c.name for c in found if not c.known])
    w.statements = tuple(statements_named(text, normal, titles)) if titles else ()
    w.statement = w.statements[0] if w.statements else None
    if w.statements:
        w.title_words = frozenset(cov.words_of(*(dict(titles)[key] for key in w.statements)))
    if UNSUPPORTED.search(normal) and not ABSENT.search(normal):
        return None  # an operation no rule computes: say so rather than answer a simpler question
    partial: list[str] | None = None
    for rule in RULES:
        query = rule(w)
        if query is None:
            continue
        gaps = coverage_gaps(w, query)
        if not gaps:
            query.text = normal
            return query
        if partial is None or len(gaps) < len(partial):
            partial = gaps  # a simpler question than the one asked: try the next rule
    if partial is not None:
        # understood in part: say what could not be used rather than answer a simpler question
        return Query("cannot", attribute=" ".join(dict.fromkeys(partial)), text=normal)
    return None


RULES = (
    rule_either,
    rule_focal_point,
    rule_absent,
    rule_troika,
    rule_network,
    rule_poa,
    rule_count_chairs,
    rule_years,
    rule_activities,
    rule_poa_text,
    rule_statements,
    rule_country_roles,
    rule_task_forces,
    rule_membership_check,
    rule_chairs,
    rule_country_attribute,
    rule_body,
    rule_countries,
    rule_entity_fallback,
)


@cache
def _content_words() -> frozenset[str]:
    """Every word some part of a logical form reads, the function words (`glue.GLUE`) aside."""
    words: set[str] = set(DOMAIN_SET) | set(cov.NUMBERS) | set(cov.OPERATORS) | set(COUNTRY_LIST_WORDS)
    for vocab in (
        vocabulary.CHAIR,
        vocabulary.JOIN,
        vocabulary.COUNTRY,
        vocabulary.TIME,
        vocabulary.NEGATION,
        vocabulary.STATEMENT,
        vocabulary.TASK_FORCE,
    ):
        words |= vocab
    for vocab in (
        vocabulary.ACTIVITY,
        vocabulary.COUNT,
        vocabulary.FIRST,
        vocabulary.LATEST,
        vocabulary.MOST,
        vocabulary.ROLE,
        vocabulary.STATUS_WORDS,
    ):
        words |= vocab
    for group in (ATTRIBUTES, ENTITY_WORDS, ASK_WORDS, FILTER_WORDS):
        for vocab in group.values():
            words |= vocab
    words |= {x for phrase in REGION_WORDS for x in phrase.split()}
    words |= {x for _, names in (*TASK_FORCE_WORDS, *BODIES) for name in names for x in name.split()}
    words |= {x for city in CITIES for x in city.split()}
    return frozenset(words - GLUE) | frozenset(
        [
            *["and", "or", "but", "not", "than", "except", "besides", "other", "others", "only", "which"],
            *["who", "what", "when", "where", "how", "whose", "whom", "why", "if", "whether", "it", "they"],
        ]
    )


def _without_chat_edges(normal: str, country_words: frozenset[str]) -> list[str]:
    """The question without up to five words at its start or end that name nothing in the sources and
    that no part of a form reads ("any idea", "asking for a colleague"): fewest words taken off first."""
    tokens = normal.split()
    content = _content_words()

    def chatty(word: str) -> bool:
        word = word.removesuffix("'s")
        return not (any(ch.isdigit() for ch in word) or word in country_words or cov.read_by(content, word))

    head = next((i for i, x in enumerate(tokens) if not chatty(x)), len(tokens))
    tail = next((i for i, x in enumerate(reversed(tokens)) if not chatty(x)), len(tokens))
    cuts = [(k, j) for k in range(min(head, 5) + 1) for j in range(min(tail, 5) + 1) if k + j]
    cuts.sort(key=sum)
    return [" ".join(tokens[k : len(tokens) - j]) for k, j in cuts if len(tokens) - k - j >= 2]
