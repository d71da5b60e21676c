"""Questions about members and observers: yes/no membership checks, one country's attributes (joined,
region, time zone, focal point), and lists of countries with their filters."""

from __future__ import annotations

import re

from handlers.knowledge.answers.forms import Filter, Query, TimeRef
from handlers.knowledge.answers.parse.clauses import is_negated, superlative
from handlers.knowledge.answers.parse.words import (
    CHAIR_VERB,
    CITIES,
    JOIN_VERB,
    Words,
    region_in,
    spelled_as,
    task_force_in,
)
from handlers.knowledge.answers.parse.years import event_year_ref, literal_years
from handlers.knowledge.answers.regions import REGION_WORDS
from handlers.knowledge.answers.text import fold
from handlers.questions import echo

_IS_A_MEMBER = re.compile(
    r"^(?:is|are|was)\s+(?:the\s+)?(.+?)\s+(?:still\s+)?(?:a|an|in the)\s+(?:full\s+)?"
    r"(?:member|observer|part)\b",
    re.I,
)


def rule_membership_check(w: Words) -> Query | None:
    """ "is Japan an observer", "is the uk a member", "is britain still a member", "did Germany join before
    Japan", "does the United States still belong"."""
    if (
        not w.countries
        and w.unknown
        and w.re(r"\bmember|\bobserver|\bbelong|\bjoin|\bpart of\b|\bchair|\bin (?:the )?(?:foc|coalition)\b")
    ):
        return Query("check", check="member", entity=("country", w.unknown[0]))
    if not w.countries and (m := _IS_A_MEMBER.search(w.raw.strip())):
        # "is Narnia a member?": a name that is no country of the coalition
        return Query("check", check="member", entity=("country", echo(m[1])))
    if not w.countries or not w.re(r"^(?:is|are|was|were|does|do|did|has|have)\b"):
        return None
    if (
        len(w.countries) >= 2
        and w.re(rf"{JOIN_VERB}")
        and w.re(r"\bbefore\b|\bafter\b|\bearlier\b|\blater\b|\bfirst\b")
    ):
        op = "after" if w.re(r"\bafter\b|\blater\b") else "before"
        return Query("check", check=f"joined_{op}", entity=("country", w.countries[0]), other=w.countries[1])
    if w.re(r"\bfounding\b|\bfounders?\b|\boriginal members?\b"):
        return Query("check", check="founding", entity=("country", w.countries[0]))
    if w.re(r"\bobserver"):
        return Query("check", check="observer", entity=("country", w.countries[0]))
    if w.re(
        r"\bmember|\bbelong|\bpart of\b|\bin the foc\b|\bin the coalition\b|\bjoined\b|\bwithdr|\bleft\b"
        r"|\bleave\b|\bstill\b"
    ):
        asked = "left" if w.re(r"\bwithdr|\bleft\b|\bleave\b|\bquit\b") else None
        asked = "still" if w.re(r"\bstill\b") else asked
        return Query("check", check="member", entity=("country", w.countries[0]), attribute=asked)
    return None


def rule_country_attribute(w: Words) -> Query | None:
    if len(w.countries) != 1:
        return None
    c = w.countries[0]
    if w.re(r"\btime ?zone\b|\bwhat time\b|\blocal time\b"):
        return Query("entity", entity=("country", c), attribute="timezone")
    if w.re(
        r"\bwhen did\b.*\b(?:join|become)|\bwhen was\b.*\b(?:join|admit)|\bjoin(?:ed)? when\b"
        r"|\bwhat year did\b.*\b(?:join|become)|\bjoining (?:date|year)"
    ) and not w.re(r"\bwho\b|\bwhich\b|\bsame\b|\bchair"):
        return Query("entity", entity=("country", c), attribute="joined")
    if w.re(r"\bwhen did\b.*\b(?:leave|withdraw)|\bwithdr|\bleft\b|\b(?:date|year|day)\b.*\bleave\b"):
        asked = "when_left" if w.re(r"\bwhen\b|\bwhat (?:year|date|day)\b") else "left"
        return Query("check", check="member", entity=("country", c), attribute=asked)
    if w.re(r"\bregion\b|\bcontinent\b|\bwhere is\b"):
        return Query("entity", entity=("country", c), attribute="region")
    if w.re(r"^(?:tell me about|what about|who is|what is|info on|about)\b") or w.text.strip() == c.lower():
        return Query("entity", entity=("country", c))
    return None


def country_query(w: Words) -> Query | None:
    q = Query("countries")
    if w.re(r"\bobservers?\b") and not w.re(r"\bnot an observer"):
        q.filters.append(Filter("status", "observer"))
    elif w.re(
        r"\bformer (?:members?|chairs?)\b|\bno longer\b|\bleft\b|\bwithdr|\bex-members?"
        r"|\bnot (?:\w+ ){0,4}any ?more\b"
    ):
        q.filters.append(Filter("status", "former"))
        if w.re(r"\bformer chairs?\b"):
            q.filters.append(Filter("chaired", None))
    elif not w.re(r"\bcountries\b.*\b(?:chaired|chair)\b") or w.re(r"\bmembers?\b"):
        q.filters.append(Filter("status", "member"))
    if w.re(r"\bincluding (?:\w+ ){0,3}(?:left|withdr)"):
        # "including any that later left": members and former members alike
        q.filters = [f for f in q.filters if f.field != "status"] + [Filter("status", "any")]
    region = region_in(w)
    if region:
        q.filters.append(Filter("region", region))
    if w.re(
        r"\bfounding members?\b|\bfounders?\b|\bfounding governments?\b|\boriginal members?\b"
    ) and not w.re(r"\b(?:after|since|following) the (?:founding|founders|original)"):
        negated = bool(
            w.re(r"\b(?:not|weren't|were not|non)\b[- ](?:\w+ )?(?:the )?(?:founding|founders?|original)")
        )
        q.filters.append(Filter("founding", True, negated=negated))
        if not negated and not w.re(r"\bcurrent|\bstill\b|\btoday\b|\bnow\b|\bremain"):
            # the founders are a fact of 2011: one that has left since is still one of them
            q.filters = [f for f in q.filters if not (f.field == "status" and f.value == "member")]
    if w.re(rf"{CHAIR_VERB}|\bchairs\b"):
        negated = is_negated(w, "(?:chair|chaired|held|been|had)") or bool(
            w.re(r"\bnever\b|\byet to\b|\bhaven't\b")
        )
        q.filters.append(Filter("chaired", None, negated=negated))
    if w.re(rf"{JOIN_VERB}|\bnew(?:est)? members?|\bmembers since\b"):
        ref = event_year_ref(w, "join")
        if ref is None:
            if w.re(r"\bafter the (?:founding|founders|original)"):
                ref = TimeRef("after", 2011, label="after the founding members (2011)")
                q.aggregate = "first"
            else:
                ref = literal_years(w)
        if ref is not None:
            q.filters.append(Filter("joined", ref))
            if ref.event == "chair" and len(re.findall(CHAIR_VERB, w.text)) == 1:
                # "who joined after Estonia chaired": the chair verb is the reference's, not a filter
                q.filters = [f for f in q.filters if f.field != "chaired"]
            if not w.re(r"\bmembers?\b|\bcurrent|\bstill\b|\btoday\b|\bnow\b|\bremain|\bobservers?\b"):
                # joining is an event of its year: a country that joined then and left since joined then
                q.filters = [f for f in q.filters if not (f.field == "status" and f.value == "member")]
    if q.aggregate is None:
        q.aggregate = superlative(w) if w.re(rf"{JOIN_VERB}|\bmembers?\b|\bcountr") else None
        if q.aggregate == "first" and w.re(r"\bfounding\b") and not w.re(r"\bfirst\b"):
            q.aggregate = None
    if w.re(r"\bhow many\b|\bnumber of\b|\bcount\b"):
        q.aggregate = "count"
    if not any(f.field == "joined" for f in q.filters) and w.re(
        r"\bwhen (?:did )?(?:they|each|these|those|each of them) (?:\w+ )?join(?:ed)?\b"
        r"|\bjoin(?:ing)? (?:years?|dates?)\b|\bwith (?:their |the )?(?:join|joining) (?:years?|dates?)"
    ):
        q.attribute = "joined"  # "baltic states in the foc + when they joined": each with its year
    if q.aggregate in ("first", "latest") and w.re(
        rf"\b(?:first|earliest|latest|last|most recent|newest)\b(?: \w+){{0,3}} to {CHAIR_VERB}"
        rf"|{CHAIR_VERB} (?:the foc )?(?:first|earliest|most recently|last)\b"
    ):
        q.attribute = "by_chair"  # the first of them to chair, not the first of them to join
        q.filters = [f for f in q.filters if f.field != "joined"]
    return q


COUNTRY_LIST_WORDS = frozenset(
    [
        "which",
        "what",
        "who",
        "whom",
        "whose",
        "are",
        "is",
        "was",
        "were",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "to",
        "for",
        "that",
        "there",
        "have",
        "has",
        "had",
        "been",
        "be",
        "do",
        "does",
        "did",
        "foc",
        "coalition",
        "freedom",
        "online",
        "currently",
        "current",
        "now",
        "today",
        "still",
        "right",
        "please",
        "list",
        "show",
        "me",
        "all",
        "tell",
        "give",
        "name",
        "yet",
        "so",
        "far",
        "as",
        "at",
        "by",
        "with",
        "any",
        "its",
        "their",
        "they",
        "them",
        "it",
        "ones",
        "one",
        "every",
        "each",
        "according",
        "our",
        "member",
        "members",
        "membership",
        "country",
        "countries",
        "government",
        "governments",
        "state",
        "states",
        "nation",
        "nations",
        "observer",
        "observers",
        "founder",
        "founders",
        "founding",
        "original",
        "former",
        "ex",
        "ex-members",
        "chair",
        "chairs",
        "chaired",
        "chairing",
        "chairship",
        "chairships",
        "chairmanship",
        "held",
        "hold",
        "holds",
        "presidency",
        "led",
        "joined",
        "join",
        "joins",
        "joining",
        "became",
        "become",
        "accession",
        "entered",
        "admitted",
        "since",
        "after",
        "before",
        "between",
        "and",
        "from",
        "until",
        "till",
        "through",
        "same",
        "year",
        "years",
        "most",
        "recently",
        "recent",
        "first",
        "latest",
        "newest",
        "oldest",
        "earliest",
        "last",
        "next",
        "previous",
        "this",
        "ago",
        "initial",
        "youngest",
        "not",
        "never",
        "no",
        "longer",
        "haven't",
        "hasn't",
        "weren't",
        "wasn't",
        "without",
        "left",
        "leave",
        "withdrew",
        "withdrawn",
        "quit",
        "how",
        "many",
        "number",
        "count",
        "total",
        "far",
        "also",
        "both",
        "either",
        "full",
        "part",
        "belong",
        "belongs",
        "time",
        "times",
        "once",
        "twice",
        "more",
        "anymore",
        "later",
        "earlier",
        "than",
        "sooner",
        "recent",
    ]
)


def list_covered(w: Words) -> bool:
    """Every word of a list-of-countries question is one the grammar read: "which member hosted the most
    meetings" is not a list of members (no rule knows "hosted")."""
    known = set(COUNTRY_LIST_WORDS)
    for phrase in REGION_WORDS:
        known.update(phrase.split())
    for name in [*w.countries, *w.unknown]:
        known.update(fold(name).split())
        spelled = spelled_as(w.text, name) if name in w.countries else ""
        known.update(spelled.split())
    for word in w.text.split():
        word = word.removesuffix("'s")
        if word in known or re.fullmatch(r"(?:19|20)\d{2}|\d{1,2}(?:st|nd|rd|th)?", word):
            continue
        return False
    return True


def rule_countries(w: Words) -> Query | None:
    """Lists of countries: members, by region, by join year, that have (not) chaired, founders, observers."""
    if not w.re(
        rf"\bmembers?\b|\bcountr(?:y|ies)\b|\bgovernments?\b|\bobservers?\b|\bwho\b|\bstates\b|\bnations\b|\bfounders?\b|{JOIN_VERB}"
    ) and not region_in(w):
        return None
    if w.countries and not w.re(rf"{JOIN_VERB}|\bsame\b"):
        return None
    return country_query(w)  # words it does not read are found by `coverage_gaps`


_PERSON = (
    r"\brepresentatives?\b|\bfocal points?\b|\bdelegates?\b|\benvoys?\b|\bcontact person\b"
    r"|\bpoints? of contact\b"
)


def rule_focal_point(w: Words) -> Query | None:
    """ "who is the focal point for Canada", "who is Estonia's representative": the workspace's focal
    points of that country (the sources name no one)."""
    if len(w.countries) == 1 and w.re(_PERSON) and not any(w.has(c) for c in CITIES):
        return Query("entity", entity=("country", w.countries[0]), attribute="focal")
    return None


def rule_entity_fallback(w: Words) -> Query | None:
    """A lone named task force or country: describe it."""
    tf = task_force_in(w)
    if tf:
        return Query("entity", entity=("taskforce", tf))
    if len(w.countries) == 1 and len(w.text.split()) <= 6:
        return Query("entity", entity=("country", w.countries[0]))
    return None
