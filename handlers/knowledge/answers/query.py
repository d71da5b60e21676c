"""Understanding: a question becomes a small logical form (`Query`) over the knowledge model.

The words are normalised first (typos of domain words corrected with rapidfuzz, abbreviations expanded),
then entities are recognised (countries, regions, task forces, bodies, years, ids), then the grammar below
composes the form: what is asked for (`ask`), filters on it (`Filter`), references to years that are
themselves queries (`TimeRef`: "the year Iceland joined", "while the US held the chair"), an aggregate
(count, first, latest, most, fewest), negation and comparison. `None` means no rule covers the question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz, process

from handlers.knowledge.answers import coverage as cov
from handlers.knowledge.answers.base import join_names
from handlers.knowledge.answers.chat import without_chat
from handlers.knowledge.answers.countries import find_countries
from handlers.knowledge.answers.entities import find_activity, find_goal, find_objective
from handlers.knowledge.answers.regions import REGION_WORDS
from handlers.knowledge.answers.text import WORD, fold
from handlers.questions import echo

# -- the logical form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeRef:
    """Years given literally (``first``..``last``) or by an event of an entity ("when Iceland joined")."""

    op: str = "in"  # in | before | after | between
    first: int | None = None
    last: int | None = None
    event: str | None = None  # join | chair | launch
    entity: str | None = None
    offset: int = 0  # "the year after Canada chaired": +1
    label: str = ""


@dataclass(frozen=True)
class Filter:
    field: str  # region | joined | chaired | status | founding | left | mentions | lead | year | goal |
    # objective | party | chaired_times | statement | chair
    value: object = None
    negated: bool = False


@dataclass
class Query:
    ask: str  # countries | chairships | statements | taskforces | activities | objectives | goals | topics |
    # networks | years | troika | entity | check | poa | absent | cannot (understood in part: `attribute`
    # holds the words no part of the form could read)
    filters: list[Filter] = field(default_factory=list)
    aggregate: str | None = None  # count | first | latest | most | fewest
    entity: tuple[str, str] | None = None  # (kind, key) the question is about
    attribute: str | None = None
    check: str | None = None  # for yes/no: chaired | member | observer | joined_before | chaired_more
    other: str | None = None  # the second country of a comparison
    year_clause: TimeRef | None = None
    scope: str = "facts"  # facts | poa
    nearest: bool = False  # "who chaired after Germany": the neighbouring one, not every one after
    text: str = ""


# -- normalising words -------------------------------------------------------------------------------

DOMAIN = [
    "members",
    "member",
    "countries",
    "country",
    "statement",
    "statements",
    "declaration",
    "committee",
    "steering",
    "chair",
    "chairs",
    "chaired",
    "chairship",
    "chairmanship",
    "activity",
    "activities",
    "objective",
    "objectives",
    "goal",
    "goals",
    "task",
    "force",
    "forces",
    "taskforce",
    "network",
    "networks",
    "troika",
    "observer",
    "observers",
    "joined",
    "coalition",
    "program",
    "action",
    "support",
    "unit",
    "advisory",
    "founding",
    "founders",
    "leads",
    "lead",
    "launched",
    "priorities",
    "topics",
    "principles",
    "joint",
    "mention",
    "mentions",
    "african",
    "european",
    "asian",
    "oceania",
    "latin",
    "america",
    "governments",
    "diplomatic",
    "secretariat",
    "funding",
    "coordination",
]
SHORT = {
    "wat": "what",
    "wot": "what",
    # question words mistyped (family 12: typos are forgiven)
    "wich": "which",
    "whcih": "which",
    "wihch": "which",
    "whihc": "which",
    "waht": "what",
    "wht": "what",
    "hwo": "who",
    "wen": "when",
    "wehn": "when",
    "whne": "when",
    "hw": "how",
    "whats": "what is",
    "what's": "what is",
    "who's": "who is",
    "u": "you",
    "r": "are",
    "ur": "your",
    "rn": "now",
    "yr": "year",
    "yrs": "years",
    "atm": "now",
    "currently": "now",
    "tho": "though",
    "pls": "",
    "plz": "",
    "thx": "",
    "tf": "task force",
    "tfs": "task forces",
    "poa": "program of action",
    "foc's": "foc",
    "sc": "steering committee",
    "su": "support unit",
    "an": "an",
    "chairmanship": "chairship",
    "chairing": "chaired",
    "programme": "program",
    "govts": "governments",
    "govt": "government",
    "hasnt": "has not",
    "arent": "are not",
    "dont": "do not",
    "cant": "cannot",
    "obj": "objective",
    "latam": "latin america",
    "incl": "including",
    "havent": "have not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "werent": "were not",
    "wasnt": "was not",
}
_NEG = re.compile(r"\b(\w+)n't\b")


def normalise(text: str, country_words: frozenset[str]) -> str:
    """Lower case, contractions opened, abbreviations expanded, typos of domain words corrected."""
    lowered = fold(text).replace("can't", "cannot").replace("won't", "will not")
    lowered = _NEG.sub(r"\1 not", lowered)
    lowered = re.sub(r"\bno\.? ?of\b", "number of", lowered)
    lowered = re.sub(r"\b((?:19|20)\d{2}) or (?:later|after)\b", r"since \1", lowered)
    # "founding (2011) members", "the 2011 founding members": the year is the founding's, no filter
    lowered = re.sub(r"\b(?:((?:19|20)\d{2}) )?(founding|original) \(?(?:19|20)\d{2}\)? ", r"\2 ", lowered)
    lowered = re.sub(r"\b(?:19|20)\d{2} (founding|original) ", r"\1 ", lowered)
    # "the 2012 members": the members that joined in 2012
    lowered = re.sub(
        r"\b(?:the )?((?:19|20)\d{2}) (members|joiners|entrants|newcomers|cohort)\b",
        r"the members that joined in \1",
        lowered,
    )
    out = []
    for word in WORD.findall(lowered):
        word = SHORT.get(word, word)
        if not word:  # chat politeness (``pls``, ``thx``) carries no meaning
            continue
        if word not in country_words and word.endswith("s") and word[:-1] in country_words:
            word = f"{word[:-1]}'s"  # "germanys chairship": a possessive typed without its apostrophe
        if (
            len(word) >= 5
            and word not in DOMAIN_SET
            and word.removesuffix("s") not in DOMAIN_SET
            and word not in country_words
            and word not in COMMON
        ):
            best = process.extractOne(word, DOMAIN, scorer=fuzz.ratio, score_cutoff=86)
            if best is not None:
                word = best[0]
        out.append(word)
    return " ".join(out)


DOMAIN_SET = frozenset(DOMAIN)
COMMON = frozenset(
    [
        "which",
        "where",
        "there",
        "their",
        "these",
        "those",
        "about",
        "after",
        "before",
        "between",
        "since",
        "during",
        "while",
        "still",
        "never",
        "years",
        "joined",
        "first",
        "latest",
        "newest",
        "oldest",
        "earliest",
        "recent",
        "recently",
        "times",
        "often",
        "under",
        "named",
        "other",
        "country's",
        "number",
        "does",
        "doing",
        "done",
        "their",
        "theirs",
        "whose",
        "held",
        "holds",
        "hold",
        "chairs'",
    ]
)

# -- recognising entities ----------------------------------------------------------------------------

TASK_FORCE_WORDS = (
    ("TFIS", ("tfis", "internet shutdowns", "shutdowns", "shutdown")),
    ("TFAIR", ("tfair", "t-fair", "ai and human rights", "artificial intelligence", " ai")),
    ("TFDE", ("tfde", "digital equality", "equality")),
    ("TFTIO", ("tftio", "tfio", "trustworthy information", "information online", "trustworthy")),
    ("FCG", ("fcg", "funding coordination", "funding group", "donor group")),
)
BODIES = (
    ("support_unit", ("support unit", "secretariat")),
    ("steering_committee", ("steering committee", "friends of the chair")),
    ("advisory_network", ("advisory network",)),
    ("diplomatic_networks", ("diplomatic network",)),
    ("strategy_and_coordination_meetings", ("strategy and coordination", "coordination meeting")),
    ("terms_of_reference", ("terms of reference", " tor ", "tor.", "nairobi tor", "stockholm tor")),
)
CITIES = ("geneva", "paris", "new york", "vienna")
_YEAR = r"(?:19|20)\d{2}"
_RANGE = re.compile(
    rf"\b(?:between|from)\s+({_YEAR})\s+(?:and|to|until|-)\s+({_YEAR})\b|\b({_YEAR})\s*(?:-|to|until|through)\s*({_YEAR})\b"
)
_AFTER = re.compile(rf"\b(?:after|later than)\s+(?:the\s+)?({_YEAR})\b")
_SINCE = re.compile(
    rf"\b(?:since|starting in|as of)\s+({_YEAR})\b"
    rf"|\b(?:in )?({_YEAR}) (?:or later|or after|and later|and after|onwards?)\b"
)
_BEFORE = re.compile(rf"\b(?:before|prior to|earlier than|until)\s+(?:the\s+)?({_YEAR})\b")
_IN_YEAR = re.compile(rf"\b({_YEAR})\b")
_AROUND_NOW = re.compile(
    r"\b(before|prior to|after|following) (?:this|the current|the present) (?:year|one)\b"
    r"|\bthe year (after|before) this (?:one|year)\b"
)
RELATIVE = (
    (
        re.compile(
            r"\b(?:this|current|present) year\b|\bnow\b|\bcurrently\b|\btoday\b"
            r"|\bcurrent\b(?! (?:members?|countries|country|observers?|governments?|states)\b)"
        ),
        0,
    ),
    (re.compile(r"\blast year\b|\bprevious year\b|\ba year ago\b"), -1),
    (re.compile(r"\bnext year\b|\bcoming year\b|\bfollowing year\b"), 1),
)


@dataclass
class Words:
    """The question as normalised text with what was recognised in it."""

    raw: str
    text: str
    countries: list[str]
    known: frozenset[str]
    year_now: int
    unknown: list[str] = field(default_factory=list)  # countries named that are not in the FOC
    statement: str | None = None  # a joint statement named by its title ("the Tallinn Agenda")
    statements: tuple[str, ...] = ()  # every one named ("tallinn agenda or helsinki declaration")
    title_words: frozenset[str] = frozenset()  # the words of that statement's title

    def has(self, *phrases: str) -> bool:
        padded = f" {self.text} "
        return any(
            f" {p} " in padded if " " not in p.strip() else f" {p.strip()} " in padded for p in phrases
        )

    def re(self, pattern: str) -> re.Match[str] | None:
        return re.search(pattern, self.text)


def task_force_in(w: Words) -> str | None:
    padded = f" {w.text} "
    explicit = w.has("task force", "task forces", "taskforce", "group", "working group")
    for key, words in TASK_FORCE_WORDS:
        for word in words:
            if f" {word.strip()} " in padded and (explicit or word.startswith("tf") or key == "FCG"):
                return key
    for token in w.text.split():  # "tfio" -> TFTIO
        if token.startswith(("tf", "fcg")) and len(token) >= 4:
            best = process.extractOne(token, [k.lower() for k, _ in TASK_FORCE_WORDS], scorer=fuzz.ratio)
            if best is not None and best[1] >= 75:
                return TASK_FORCE_WORDS[best[2]][0]
    return None


def body_in(w: Words) -> str | None:
    padded = f" {w.text} "
    for key, words in BODIES:
        if any(word in padded for word in words):
            return key
    return None


def region_in(w: Words) -> tuple[str, str] | None:
    for phrase in sorted(REGION_WORDS, key=len, reverse=True):
        if w.has(phrase):
            return REGION_WORDS[phrase]
    return None


def literal_years(w: Words) -> TimeRef | None:
    if m := _RANGE.search(w.text):
        a, b = int(m[1] or m[3]), int(m[2] or m[4])
        return TimeRef("between", min(a, b), max(a, b), label=f"between {min(a, b)} and {max(a, b)}")
    if m := _AFTER.search(w.text):
        return TimeRef("after", int(m[1]), label=f"after {m[1]}")
    if m := _SINCE.search(w.text):
        year = m[1] or m[2]
        return TimeRef("after", int(year) - 1, label=f"since {year}")
    if m := _BEFORE.search(w.text):
        return TimeRef("before", int(m[1]), label=f"before {m[1]}")
    if m := re.search(rf"\b({_YEAR}),? or (?:in )?({_YEAR})\b", w.text):  # "anyone join in 2017 or 2018"
        return TimeRef("or", int(m[1]), int(m[2]), label=f"in {m[1]} or {m[2]}")
    if m := _IN_YEAR.search(w.text):
        return TimeRef("in", int(m[1]), int(m[1]), label=f"in {m[1]}")
    if m := _AROUND_NOW.search(w.text):
        op = "before" if (m[1] or m[2]) in ("before", "prior to") else "after"
        return TimeRef(op, w.year_now, label=f"{op} this year ({w.year_now})")
    for pattern, delta in RELATIVE:
        if pattern.search(w.text):
            year = w.year_now + delta
            word = {0: "this year", -1: "last year", 1: "next year"}[delta]
            return TimeRef("in", year, year, label=f"{word} ({year})")
    return None


_CHAIR_VERB = (
    r"(?:chaired|chairs|chair|held the chair|had the chair|was chair|was the chair|was in the chair"
    r"|chairship|presidency|led the foc|led the coalition"
    r"|(?:runs|running|ran|run|leads|leading|heads|heading|headed|in charge of) (?:the )?(?:foc|coalition))"
)
_JOIN_VERB = r"(?:joined|join|joining|bec[oa]me (?:a )?members?|entered|accession)"


def possessive(name: str) -> str:
    """``"Germany's"``, ``"the United States'"``."""
    article = "the " if name in ("United States", "United Kingdom", "Netherlands", "Czech Republic") else ""
    return f"{article}{name}'" if name.endswith("s") else f"{article}{name}'s"


def event_year_ref(w: Words, verb_event: str | None) -> TimeRef | None:
    """Years given by another fact: "the same year as Finland", "when Iceland joined", "while the US held
    the chair", "the year before Germany's chairship", "the year after Canada chaired"."""
    t = w.text
    offset = 0
    if re.search(r"\b(?:the )?year (?:before|prior to)\b|\bbefore\b", t):
        offset = -1
    elif re.search(r"\b(?:the )?year after\b|\bafter\b|\bfollowing\b", t):
        offset = 1
    for country in w.countries:
        c = re.escape(_spelled(t, country))
        if c == "":
            continue
        order = re.search(
            rf"\b(before|after|following|preceding|prior to|earlier than|later than|sooner than"
            rf"|took over from|taking over from|succeeded|replaced|came after|followed)"
            rf" (?:the )?{c}\b(?!'s year)",
            t,
        )
        if order and not re.search(r"\byear (?:before|after|following|prior to)\b", t):
            # "who chaired after Germany", "which countries joined before Iceland": ordered by that event
            kind = "join" if re.search(_JOIN_VERB, t) and verb_event != "chair" else "chair"
            # the verb beside the country names its event: "who joined after Estonia chaired"
            if re.search(rf"{c}(?:'s)? (?:\w+ )?{_CHAIR_VERB}", t):
                kind = "chair"
            elif re.search(rf"{c}(?:'s)? (?:\w+ )?{_JOIN_VERB}", t):
                kind = "join"
            op = (
                "before"
                if order[1] in ("before", "preceding", "prior to", "earlier than", "sooner than")
                else "after"
            )
            what = {"join": f"{country} joined", "chair": f"{possessive(country)} chairship"}[kind]
            return TimeRef(op, event=kind, entity=country, label=f"{op} {what}")
        event: str | None = None
        if re.search(
            rf"\bsame year as (?:the )?{c}\b|\bsame time as (?:the )?{c}\b|\balong with (?:the )?{c}\b"
            rf"|\btogether with (?:the )?{c}\b",
            t,
        ):
            event = verb_event or "join"
        elif re.search(rf"{c}(?:'s)? (?:\w+ )?{_JOIN_VERB}|{_JOIN_VERB} of (?:the )?{c}|{c} became", t):
            event = "join"
        elif re.search(
            rf"{c}(?:'s)? (?:\w+ )?{_CHAIR_VERB}|{c} (?:was|were|is) (?:the )?chair"
            rf"|chairship of (?:the )?{c}|{c} held",
            t,
        ):
            event = "chair"
        elif re.search(rf"\byear (?:before|after|following|prior to) (?:the )?{c}\b", t) and verb_event:
            event = verb_event  # "who chaired the year after Canada": the verb of the question is the event
        if event is None:
            continue
        if event == "chair" and not re.search(
            r"\b(?:when|while|during|in which|the years?|same|before|after|following|prior|that)\b", t
        ):
            continue
        if event == "join" and not re.search(r"\b(?:when|same|the year|before|after|that|in which)\b", t):
            continue
        label = {"join": f"the year {country} joined", "chair": f"{possessive(country)} chairship"}[event]
        return TimeRef(
            "in", event=event, entity=country, offset=offset if _offset_applies(t, c) else 0, label=label
        )
    return None


_SET_UP = (
    r"(?:was |were |got |had been |being )?(?:set up|established|created|founded|launched|started|formed)"
)
_LEAVE = r"(?:left|leave|withdrew|withdraw|withdrawn|pulled out|pull out|quit|exited|departed)"


def other_event_ref(w: Words) -> TimeRef | None:
    """Years given by an event other than a join or a chairship: "when the Advisory Network got set up",
    "the year the support unit was set up" (a body's or task force's start), "when the americans pulled out"
    (a country's leaving)."""
    t = w.text
    if not w.re(r"\b(?:when|while|the year|same year|in which year|that year|during)\b"):
        return None
    body = body_in(w)
    tf = task_force_in(w)
    if (body or tf) and w.re(_SET_UP):
        key = body or f"tf:{tf}"
        name = BODY_NAMES.get(body or "", body) if body else tf
        return TimeRef("in", event="launch", entity=key, label=f"the year the {name} was set up")
    for country in w.countries:
        c = re.escape(_spelled(t, country))
        if c and re.search(rf"{c}(?:'s)? (?:\w+ )?{_LEAVE}|{_LEAVE} of (?:the )?{c}", t):
            return TimeRef("in", event="leave", entity=country, label=f"the year {country} left")
    return None


def _offset_applies(t: str, c: str) -> bool:
    return bool(
        re.search(
            rf"\byear (?:before|after|following|prior to) (?:the )?{c}"
            rf"|\b(?:before|after) (?:the )?{c}(?:'s)? (?:chairship|chair)",
            t,
        )
    )


def _spelled(t: str, country: str) -> str:
    """How the country is written in the normalised text (its name, or the word that named it)."""
    low = country.lower()
    if low in t:
        return low
    for alias, target in ALIASES_FOR.items():
        if target == country and re.search(rf"\b{re.escape(alias)}\b", t):
            return alias
    words = t.split()
    for size in (3, 2, 1):
        for i in range(len(words) - size + 1):
            phrase = " ".join(words[i : i + size])
            found = find_countries(phrase, [country])
            if found and found[0].name == country:
                return phrase
    return ""


from handlers.knowledge.answers.countries import ALIASES as ALIASES_FOR  # noqa: E402

# -- the grammar -------------------------------------------------------------------------------------

COMPUTE = re.compile(
    r"\bhow many\b|\bhow much\b|\bnumber of\b|\bmost\b|\bfewest\b|\bleast\b|\bmore than\b|\bless than\b"
    r"|\baverage\b|\bpercent|\btwice\b|\btimes\b|\bcount\b|\btotal\b|\blongest\b|\bshortest\b"
)
UNSUPPORTED = re.compile(
    r"\baverage\b|\bmedian\b|\bpercent|\bratio\b|\bproportion\b|\bthe mean\b|\bsum of\b|\bper year\b|\bage\b"
    r"|\bgrowth rate\b|\bpredict|\bforecast|\bwhy\b"
)
ABSENT = re.compile(
    r"\bstaff\b|\bemployees?\b|\bbudget\b|\bmoney\b|\bcosts?\b|\bsalar|\bdollars?\b|\beuros?\b|\bspend"
    r"|\bofficial\b|\bminister\b|\bambassador\b|\bspokes|\bdirector\b|\bhead of\b|\bpresident of\b"
    r"|\bemail\b|\bphone\b|\bpopulation\b|\bgdp\b|\bfunded by how\b|\bpersonnel\b|\bheadcount\b"
    r"|\bwho is the person\b|\bnamed person\b|\bwhat is (?:his|her) name\b"
    r"|\bname of the (?:person|people|head|director|chair ?person|staff)\b"
    r"|\bperson (?:heading|leading|running)|\bhow many people\b|\bpeople (?:work|are employed)"
)


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


def _negated(w: Words, verb: str) -> bool:
    return bool(
        w.re(
            rf"\b(?:not|never|no longer|without|yet to)\b(?: \w+){{0,3}} {verb}|\b{verb}\w* (?:no|none)\b"
            rf"|\bhaven't {verb}|\bnon[- ]{verb}"
        )
    )


def rule_absent(w: Words) -> Query | None:
    if ABSENT.search(w.text):
        return Query("absent")
    return None


def rule_poa(w: Words) -> Query | None:
    """What the Program of Action itself states: its member count, period, goals, priority topics."""
    poa = w.has("program of action", "program", "action plan")
    if not poa and not w.has("goals", "topics", "priorities"):
        return None
    if poa and w.re(
        r"\bhow many (?:members|countries|governments)|\bmembers? does\b|\bnumber of (?:members|governments)"
    ):
        return Query("poa", attribute="members", scope="poa")
    if (
        poa
        and w.re(
            r"\bperiod\b|\bcover\b|\bwhich year|\bwhat year|\bhow long|\bwhen\b|\bduration|\bspan\b"
            r"|\btimeframe|\btime frame"
        )
        and not w.re(r"\bnext chair|\bidentif|\bactivity\b|\bby when\b")
    ):
        return Query("poa", attribute="period", scope="poa")
    if (
        w.re(r"\bgoals\b|\bthree goals|\bgoal are\b")
        and not find_goal(w.text)
        and not w.re(r"\bhow many activit")
    ):
        return Query("goals", scope="poa", aggregate=_count(w))
    if w.re(r"\b(?:policy )?topics\b|\bpriorit(?:y|ies|ise|ize)\b") and not w.has(
        "task force", "statement", "statements"
    ):
        year = literal_years(w)
        other = [c for c in w.countries if c != "United States"]
        swiss = w.re(r"\b(?:swiss|estonian|dutch|canadian|finnish|german|ghanaian)\b")
        if other or swiss or (year is not None and year.first not in (2023, None) and year.op == "in"):
            return Query(
                "absent"
            )  # the Program's topics are the 2023 (US) Chair's; no other Chair's are given
        return Query("topics", scope="poa")
    return None


_POA_SAYS = (
    r"\b(?:poa|program of action|program)\b.*\b(?:say|says|said|propose|proposes|plan|plans)\b.*\babout\b"
)
"""What the Program says about something: its activities that mention it."""


def rule_troika(w: Words) -> Query | None:
    if not w.has("troika") or w.re(_POA_SAYS):
        return None
    if w.re(r"\bcall|\bmeeting"):
        return None  # the calendar's
    return Query(
        "troika", year_clause=literal_years(w) or TimeRef("in", w.year_now, w.year_now, label="this year")
    )


def rule_either(w: Words) -> Query | None:
    """Comparisons between two named things with "or": "slovakia or iceland - who joined first", "did
    Kenya or Ghana chair first", "more countries joined in 2015 or in 2024?"."""
    if not w.re(r"\bor\b"):
        return None
    early = r"\b(?:first|earlier|earliest|sooner|before|older|longer ago)\b"
    late = r"\b(?:last|later|latest|more recently|most recently|newer|newest|after)\b"
    if len(w.countries) == 2 and (w.re(early) or w.re(late)):
        order = "first" if w.re(early) else "last"
        event = "chaired" if w.re(rf"{_CHAIR_VERB}|\bchair\b") and not w.re(_JOIN_VERB) else "joined"
        return Query(
            "check", check=f"{event}_{order}", entity=("country", w.countries[0]), other=w.countries[1]
        )
    if len(w.statements) == 2 and (w.re(early) or w.re(late)):  # "tallinn agenda or helsinki declaration"
        order = "first" if w.re(early) else "last"
        return Query(
            "check", check=f"statement_{order}", entity=("statement", w.statements[0]), other=w.statements[1]
        )
    years = [int(y) for y in re.findall(rf"\b({_YEAR})\b", w.text)]
    if len(years) == 2 and w.re(r"\bmore\b|\bfewer\b|\bless\b|\bmost\b|\bbusier\b"):
        aggregate = "fewest" if w.re(r"\bfewer\b|\bless\b") else "most"
        ref = TimeRef("or", min(years), max(years), label=f"{min(years)} or {max(years)}")
        if w.has("statement", "statements", "declaration", "declarations"):
            return Query("years", filters=[Filter("statement", None)], aggregate=aggregate, year_clause=ref)
        if w.re(_JOIN_VERB) or w.re(r"\bmembers\b|\bcountries\b"):
            return Query("years", filters=[Filter("joined", None)], aggregate=aggregate, year_clause=ref)
    return None


def rule_count_chairs(w: Words) -> Query | None:
    """ "how many times did the Netherlands chair", "how often has Ghana chaired", "which countries were chair
    twice", "has Estonia chaired more times than Germany"."""
    if not w.re(rf"{_CHAIR_VERB}|\bchair\b"):
        return None
    if w.has("task force", "tf", "co-chair", "co-chairs", "co chairs"):
        return None
    if len(w.countries) >= 2 and w.re(r"\bmore\b|\bfewer\b|\bless\b|\boften(?:er)?\b"):
        return Query("check", check="chaired_more", entity=("country", w.countries[0]), other=w.countries[1])
    if w.countries and w.re(
        r"\bhow many times\b|\bhow often\b|\bnumber of times\b|\bhow many chairships|\bhow many terms"
    ):
        return Query("chairships", entity=("country", w.countries[0]), aggregate="count")
    if not w.countries and w.re(
        r"\bhow many (?:chairships|chairs|different chairs|countries have chaired)\b"
        r"|\bhow many (?:different |distinct )?(?:countries|members|governments) (?:have |has )?(?:\w+ )?"
        r"(?:chaired|held the (?:foc )?chair|been (?:the )?chair)"
    ):
        distinct = bool(w.re(r"\bdifferent\b|\bcountries\b|\bdistinct\b"))
        return Query("chairships", aggregate="count_distinct" if distinct else "count")
    if not w.countries and w.re(
        r"\btwice\b|\bmore than once\b|\bseveral times\b|\bmultiple times\b|\btwo times\b"
        r"|\bat least (?:two|2)"
    ):
        return Query("countries", filters=[Filter("chaired_times", 2)])
    if not w.countries and w.re(r"\bmost (?:times|often|chairships)|\bchaired (?:the )?most\b"):
        return Query("countries", filters=[Filter("chaired_times", 2)], aggregate="most")
    return None


def rule_years(w: Words) -> Query | None:
    """ "years without a chair", "which years between 2011 and 2025 had no joint statement"."""
    if w.re(r"\b(?:which|what) years?\b.*\b(?:most|fewest|least)\b"):
        # "which year had the most joint statements", "in what year did the most countries join"
        aggregate = "fewest" if w.re(r"\bfewest\b|\bleast\b") else "most"
        if w.has("statement", "statements", "declaration", "declarations"):
            return Query("years", filters=[Filter("statement", None)], aggregate=aggregate)
        if w.re(_JOIN_VERB):
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
    q.aggregate = _superlative(w)
    verb = "chair" if w.re(_CHAIR_VERB) else None
    ref = event_year_ref(w, verb) if w.countries else None
    if ref is None and w.countries and verb:
        ref = TimeRef(
            "in", event="chair", entity=w.countries[0], label=f"{possessive(w.countries[0])} chairship"
        )
    q.year_clause = ref or other or literal_years(w)
    about = (
        None
        if other
        else _about(w, ("statement", "statements", "declaration", "declarations", "joint", "principles"))
    )
    if about:
        # "2020 statements that aren't about AI": the negation before the topic
        negated = bool(w.re(r"\bnot (?:about|on|mention|concern|regard|deal|cover|relat)"))
        q.filters.append(Filter("mentions", about, negated=negated))
    if w.re(r"\bhow many\b|\bnumber of\b"):
        q.aggregate = "count"
    return q


def rule_task_forces(w: Words) -> Query | None:
    tf = task_force_in(w)
    explicit = w.has("task force", "task forces", "taskforce", "taskforces", "working group")
    if not tf and not explicit:
        return None
    if tf is not None and not (w.countries and w.re(r"\bwhich\b|\bwhat\b") and not w.re(r"\bwho\b")):
        q = Query("entity", entity=("taskforce", tf))
        if w.re(r"\bwho\b|\blead|\bchairs?\b|\bco[- ]?chairs?\b|\brun|\bheads?\b"):
            q.attribute = "roles"
        elif w.re(r"\bwhen\b|\blaunch|\bset up\b|\bstart|\bcreated|\bestablished|\bfounded"):
            q.attribute = "launched"
        elif w.re(r"\bproduce|\boutput|\bpublish|\bissue"):
            q.attribute = "output"
        elif w.re(r"\bfocus|\bwork on\b|\babout\b|\bdo\b|\baim|\bpurpose"):
            q.attribute = "focus"
        return q
    q = Query("taskforces", aggregate=_superlative(w))
    if w.countries:
        q.filters.append(Filter("party", w.countries[0]))
    elif w.re(r"^(?:which|what) (?:task ?forces?|working groups?|groups?)\b"):
        # "which task force handles disinformation": the clause says what it works on
        left = [x for x in coverage_gaps(w, q) if x not in _STOP and x not in _WORK_VERBS]
        if left and not any(cov.read_by(cov.ATTRIBUTES["launched"], x) or x.isdigit() for x in left):
            q.filters.append(Filter("mentions", " ".join(left)))
    if w.re(r"\bhow many\b|\bnumber of\b"):
        q.aggregate = "count"
    return q


def rule_country_roles(w: Words) -> Query | None:
    """ "what has Ghana chaired": the FOC's chair and the task forces it chairs or leads."""
    if len(w.countries) == 1 and w.re(
        r"^what (?:has|did|does) .* (?:chair|chaired|lead|led)\b|^what .* roles?\b"
    ):
        return Query("entity", entity=("country", w.countries[0]), attribute="roles")
    return None


def rule_activities(w: Words) -> Query | None:
    aid = find_activity(w.raw) or find_activity(w.text)
    objective = find_objective(w.raw)
    goal = find_goal(w.text)
    activities = w.re(r"\bactivit(?:y|ies)\b") or w.re(_POA_SAYS)
    if w.re(r"\b(?:which|what) objectives?\b") and w.re(r"\bmost\b|\bfewest\b|\bleast\b") and activities:
        aggregate = "most" if w.re(r"\bmost\b") else "fewest"
        return Query(
            "objectives", scope="poa", aggregate=aggregate, filters=[Filter("goal", goal)] if goal else []
        )
    if aid and not w.re(r"\bhow many\b"):
        q = Query("entity", entity=("activity", aid))
        if w.re(r"\bstatus\b|\bprogress\b|\bdone\b"):
            q.attribute = "status"
        elif w.re(r"\bwho leads\b|\blead\b|\bowner\b"):
            q.attribute = "lead"
        elif w.re(r"\bdue\b|\bdeadline\b|\bby when\b"):
            q.attribute = "due"
        return q
    if not activities:
        if objective and w.re(r"\bobjective\b|^what does \d|\baim|^what is \d"):
            return Query("entity", entity=("objective", objective))
        if goal and not w.re(r"\bobjectives\b"):
            return Query("entity", entity=("goal", str(goal)))
        if goal and w.re(r"\bobjectives\b"):
            return Query("objectives", filters=[Filter("goal", goal)], aggregate=_count(w))
        if w.re(r"\bobjectives\b"):
            return Query("objectives", aggregate=_count(w))
        if w.re(r"\bby when\b|\bdeadline\b") and w.has("next chair", "chair"):
            return Query("entity", entity=("activity", "3A.1"), attribute="text", scope="poa")
        return None
    q = Query("activities", scope="poa", aggregate=_count(w))
    if objective and w.re(rf"\bobjective\b|\b{objective.lower()}\b"):
        q.filters.append(Filter("objective", objective))
    elif goal:
        q.filters.append(Filter("goal", goal))
    if w.re(
        r"\bwithout (?:a |any )?lead|\bno (?:named )?lead|\bnot (?:been )?(?:assigned|led)|\bunassigned"
        r"|\black (?:a )?lead|\bnobody leads|\bno one leads"
    ):
        q.filters.append(Filter("lead", None, negated=True))
    elif w.re(
        r"\bled by\b|\blead by\b|\bleads?\b|\bled\b|\bleading\b|\bresponsible\b|\bowned by\b|\bin charge\b"
    ) and (w.countries or body_in(w)):
        # a relation to a country or a body of the structure: "led by the Support Unit"
        body = body_in(w)
        q.filters.append(Filter("lead", w.countries[0] if w.countries else BODY_NAMES.get(body or "", body)))
    status = w.re(r"\b(done|completed|finished|in progress|ongoing|planned|dropped|overdue|late)\b")
    if status:
        q.filters.append(Filter("status", _STATUS.get(status[1], status[1])))
    about = _about(w, ("activity", "activities", "poa", "program", "action"))
    if about:
        q.filters.append(Filter("mentions", about))
    elif not any(f.field == "lead" for f in q.filters) and w.re(r"^(?:which|what) activit"):
        # "which activity asks members to hold quarterly calls": the clause describes the activity's text
        left = [x for x in coverage_gaps(w, q) if x not in _STOP]
        if left:
            q.filters.append(Filter("mentions", " ".join(left)))
    return q


_POA_NAMED = r"\b(?:program of action|program|action plan)\b"
_POA_VERB = (
    r"\b(?:names?|named|mentions?|mentioned|mentioning|suggests?|suggested|proposes?|proposed|recommends?"
    r"|recommended|says?|said|talks? about|talked about|singles? out|singled out|refers? to|referred to"
    r"|calls? for|called for|envisages?|envisaged|wants?|wanted|lists?|listed|includes?|included|cites?"
    r"|cited|identif(?:y|ies|ied))\b"
)
_UNIT_VERB = (
    r"^(?:which|what) (objective|goal)s? (?:of the program of action |in the program of action )?"
    r"(?:covers?|is about|are about|deals? with|address(?:es)?|concerns?|relates? to|is for|includes?"
    r"|mentions?|talks? about|handles?|aims? at|targets?|focus(?:es)? on|is on|has|contains?)\b"
)
POA_TEXT_STOP = frozenset(
    """program action plan poa foc coalition anywhere anything something which what does do did is are the
    a an in of to for on as at by with about and or any it its that this these those ever say says said
    name names named mention mentions mentioned suggest suggests suggested propose proposes proposed
    recommend recommends talk talks talked single singles singled out refer refers call calls envisage
    wants want wanted list lists listed include includes included cite cites identify identifies
    objective objectives goal goals cover covers deal deals address addresses concern concerns relate
    relates handle handles aim aims target targets focus focuses has have contain contains should could
    would will engage bringing bring get getting members""".split()  # noqa: SIM905
)
"""Words of a question about the Program's text that are not what it must mention."""


def rule_poa_text(w: Words) -> Query | None:
    """What the Program of Action's text mentions, anywhere (activities, objectives, goals, priority topics,
    context): "does the PoA name China or Russia", "which groups does the PoA single out as marginalised",
    "which objective covers self-reporting via the UPR", "which task forces are named in the PoA"."""
    unit = w.re(_UNIT_VERB)
    if not unit and not (w.re(_POA_NAMED) and w.re(_POA_VERB)):
        return None
    if COMPUTE.search(w.text) or w.re(r"\bperiod\b|\bhow long\b|\bwhen\b"):
        return None
    if not unit and w.re(r"^(?:which|what) (?:task ?forces?|working groups?)\b"):
        return Query("poa_text", attribute="taskforces", scope="poa")
    words = [x for x in w.text.split() if x not in POA_TEXT_STOP and x not in cov.GLUE and len(x) > 1]
    if not words:
        return None
    target = unit[1] if unit else "unit"
    check = "mentions" if w.re(r"^(?:does|do|did|is|are|has|have)\b") else None
    return Query(
        "poa_text", attribute=target, check=check, scope="poa", filters=[Filter("mentions", " ".join(words))]
    )


_WORK_VERBS = frozenset(
    "handle handles handled deal deals work works working focus focuses cover covers tackle tackles "  # noqa: SIM905
    "address addresses look looks at on with about".split()
)


BODY_NAMES = {
    "support_unit": "Support Unit",
    "steering_committee": "Steering Committee",
    "advisory_network": "Advisory Network",
    "diplomatic_networks": "diplomatic networks",
    "strategy_and_coordination_meetings": "Strategy and Coordination Meetings",
    "terms_of_reference": "Terms of Reference",
}


_STATUS = {"completed": "done", "finished": "done", "ongoing": "in progress", "late": "overdue"}
_ABOUT = re.compile(
    r"\b(?:mention(?:s|ing)?|reference(?:s|d)?|referring to|refer to|name(?:s)?|involv(?:e|es|ing)"
    r"|include(?:s)?"
    r"|about|on|concern(?:s|ing)?|regarding|relat(?:e|es|ed|ing) to|deal(?:s)? with|cover(?:s)?|with)\s+(.+)$"
)
_TRAIL = re.compile(
    r"\b(?:which ones are there|are there|is there|in the (?:poa|program of action)|of the foc|by the foc"
    r"|from the foc|does the foc have|in the foc)\b.*$"
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "any",
        "all",
        "which",
        "what",
        "ones",
        "one",
        "there",
        "are",
        "is",
        "of",
        "in",
        "foc",
        "poa",
        "program",
        "action",
    ]
)


_FILLER = re.compile(r"\bon (?:record|file)\b|\bto date\b|\bso far\b|\bever\b|\bof all time\b")


def _about(w: Words, nouns: tuple[str, ...]) -> str | None:
    """The words after "mention", "about", "on" ...: what the records must mention."""
    m = _ABOUT.search(_FILLER.sub(" ", w.text))
    if m is None:
        return None
    phrase = _TRAIL.sub("", m[1]).strip(" -:")
    words = [x for x in phrase.split() if x not in _STOP and x not in nouns]
    return " ".join(words) or None


def _count(w: Words) -> str | None:
    return "count" if w.re(r"\bhow many\b|\bnumber of\b|\bcount\b") else None


def _superlative(w: Words) -> str | None:
    if w.re(r"\b(?:latest|newest|most recent|last|recent|most recently|youngest)\b"):
        return "latest"
    if w.re(r"\b(?:first|earliest|oldest|initial|founding)\b|\bset up first\b"):
        return "first"
    return None


def rule_chairs(w: Words) -> Query | None:
    """Who chaired when; chairs in a range; the chair in the year another fact happened."""
    if not w.re(rf"{_CHAIR_VERB}|\bchairs?\b|\bchairships?\b|\bchairing\b"):
        return None
    if w.has("task force", "steering committee", "friends of the chair") or task_force_in(w):
        return None
    listing = w.re(r"\bcountries\b|\bmembers\b|\bchairs\b|\bwhich\b|\bformer\b|\bpast\b|\blist\b")
    # yes/no: "has Germany ever chaired", "has the uk chaired"
    if (
        w.countries
        and w.re(r"^(?:has|have|did|was|is|were|does)\b")
        and not w.re(r"\bwhen\b|\bwho\b|\bwhich\b")
    ):
        return Query("check", check="chaired", entity=("country", w.countries[0]))
    if (
        w.countries
        and w.re(r"\bwhen\b|\bwhich years?\b|\bwhat years?\b|\bin which year")
        and not w.re(r"\bwho\b|\bwhich (?:country|countries|members?)\b")
    ):
        return Query("chairships", entity=("country", w.countries[0]))
    # composed time: "who held the chair when Iceland joined", "the year before Germany's chairship"
    ref = (event_year_ref(w, "chair") if w.countries else None) or other_event_ref(w)
    if ref is not None and ref.event in ("launch", "leave"):
        return Query("chairships", year_clause=ref)
    singular = not w.re(
        r"\b(?:which|the|all|list|past|former) chairs\b|\bchairs (?:were|are|have)\b|\bcountries\b"
        r"|\bmembers\b|\blist\b|\ball\b|\bwhich years\b"
    )
    if ref is not None and ref.op in ("before", "after"):
        return Query("chairships", year_clause=ref, nearest=singular)
    if ref is not None and (ref.event == "join" or ref.offset != 0):
        return Query("chairships", year_clause=ref)
    span = literal_years(w)
    if span is None and singular and w.re(r"\b(?:previous|last|former|outgoing|preceding) chair\b"):
        span = TimeRef("before", w.year_now, label=f"before this year ({w.year_now})")  # "the previous chair"
    if (
        span is not None
        and span.op in ("before", "after")
        and singular
        and (
            span.first == w.year_now
            or w.re(r"\b(?:last|latest|final|most recent|first|next|immediately|just|right)\b")
        )
    ):
        # "who chaired before this year", "the last chair before the 2017 gap"
        return Query("chairships", year_clause=span, nearest=True)
    # lists of countries that chaired, with filters
    if listing and w.re(r"\bcountries\b|\bmembers\b|\bwhich\b|\bformer chairs\b|\bchairs\b") and not span:
        if not _covered(w):
            return None  # "which chairs hosted ...": not the table of chairs
        q = _country_query(w)
        if q is not None and not any(f.field == "chaired" for f in q.filters):
            q.filters.append(Filter("chaired", None))
        if q is not None:
            q.aggregate = q.aggregate if q.aggregate != "first" or w.re(r"\bfirst\b") else None
            return q
    q = Query("chairships", year_clause=span, aggregate=None if span else _superlative(w))
    if w.countries and not span:
        q.entity = ("country", w.countries[0])
    if q.year_clause is None and q.aggregate is None and q.entity is None:
        if w.re(r"\bwho\b|\bwhich\b|\bchair\b|\bchairship\b"):
            q.year_clause = TimeRef("in", w.year_now, w.year_now, label=f"this year ({w.year_now})")
        if w.re(r"\bchairs\b|\blist\b|\ball\b|\bpast\b|\bhistory\b|\bprevious\b"):
            q.year_clause = None
    return q


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
        and w.re(rf"{_JOIN_VERB}")
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


def _country_query(w: Words) -> Query | None:
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
    if w.re(rf"{_CHAIR_VERB}|\bchairs\b"):
        negated = _negated(w, "(?:chair|chaired|held|been|had)") or bool(
            w.re(r"\bnever\b|\byet to\b|\bhaven't\b")
        )
        q.filters.append(Filter("chaired", None, negated=negated))
    if w.re(rf"{_JOIN_VERB}|\bnew(?:est)? members?|\bmembers since\b"):
        ref = event_year_ref(w, "join")
        if ref is None:
            if w.re(r"\bafter the (?:founding|founders|original)"):
                ref = TimeRef("after", 2011, label="after the founding members (2011)")
                q.aggregate = "first"
            else:
                ref = literal_years(w)
        if ref is not None:
            q.filters.append(Filter("joined", ref))
            if ref.event == "chair" and len(re.findall(_CHAIR_VERB, w.text)) == 1:
                # "who joined after Estonia chaired": the chair verb is the reference's, not a filter
                q.filters = [f for f in q.filters if f.field != "chaired"]
            if not w.re(r"\bmembers?\b|\bcurrent|\bstill\b|\btoday\b|\bnow\b|\bremain|\bobservers?\b"):
                # joining is an event of its year: a country that joined then and left since joined then
                q.filters = [f for f in q.filters if not (f.field == "status" and f.value == "member")]
    if q.aggregate is None:
        q.aggregate = _superlative(w) if w.re(rf"{_JOIN_VERB}|\bmembers?\b|\bcountr") else None
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
        rf"\b(?:first|earliest|latest|last|most recent|newest)\b(?: \w+){{0,3}} to {_CHAIR_VERB}"
        rf"|{_CHAIR_VERB} (?:the foc )?(?:first|earliest|most recently|last)\b"
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


def _covered(w: Words) -> bool:
    """Every word of a list-of-countries question is one the grammar read: "which member hosted the most
    meetings" is not a list of members (no rule knows "hosted")."""
    known = set(COUNTRY_LIST_WORDS)
    for phrase in REGION_WORDS:
        known.update(phrase.split())
    for name in [*w.countries, *w.unknown]:
        known.update(fold(name).split())
        spelled = _spelled(w.text, name) if name in w.countries else ""
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
        rf"\bmembers?\b|\bcountr(?:y|ies)\b|\bgovernments?\b|\bobservers?\b|\bwho\b|\bstates\b|\bnations\b|\bfounders?\b|{_JOIN_VERB}"
    ) and not region_in(w):
        return None
    if w.countries and not w.re(rf"{_JOIN_VERB}|\bsame\b"):
        return None
    return _country_query(w)  # words it does not read are found by `coverage_gaps`


def rule_body(w: Words) -> Query | None:
    body = body_in(w)
    if body is None:
        if w.re(r"\bnetworks?\b") and not w.has("advisory network"):
            city = next((c for c in CITIES if w.has(c)), None)
            if city:
                return Query("entity", entity=("network", city))
            return Query("networks")
        return None
    q = Query("entity", entity=("body", body))
    return q


_POC = r"\bpoc\b|\bpoints? of contact\b|\bcontacts?\b|\bwho (?:leads|runs|coordinates|heads)\b"
_ROSTER = r"\brosters?\b|\bwho (?:is|are) (?:in|on)\b|\bmembers of the\b|\bpeople\b|\bwho belongs"


def rule_network(w: Words) -> Query | None:
    """ "who is the point of contact in Vienna", "who is on the Geneva network roster", "where are the
    diplomatic networks": a network (by its city) and what is asked of it."""
    if w.has("advisory network"):
        return None
    city = next((c for c in CITIES if w.has(c)), None)
    named = bool(w.re(r"\bnetworks?\b|\bhubs?\b"))
    attribute = "roster" if w.re(_ROSTER) else "poc" if w.re(_POC) else None
    if not named and not (city and attribute):
        return None
    if w.countries and not city:
        return None
    if city:
        return Query("entity", entity=("network", city), attribute=attribute)
    return Query("networks", attribute=attribute)


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


# -- coverage: the form must read every word that carries meaning -----------------------------------------

_ASK_WORDS: dict[str, frozenset[str]] = {
    "countries": cov.COUNTRY,
    "chairships": cov.CHAIR
    | frozenset(["known", "announced", "decided", "named", "confirmed"])  # "is the 2027 chair known"
    | frozenset(["chairs", "who", "country", "countries", "member", "members", "year", "years"]),
    "statements": cov.STATEMENT,
    "taskforces": cov.TASK_FORCE,
    "activities": cov.ACTIVITY,
    "objectives": frozenset(["objective", "objectives", "program", "action", "poa"])
    | cov.MOST
    | cov.ACTIVITY,  # "which objective has the most activities"
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
    "years": cov.TIME | cov.NEGATION | frozenset(["missing", "gap", "gaps", "saw", "see", "had", "have"]),
    "troika": frozenset(
        ["troika", "past", "current", "next", "members", "composition", "who", "countries", "country", "in"]
    ),
    "poa": frozenset(["program", "action", "poa", "plan", "say", "says", "said", "state", "states", "count"]),
}
_FILTER_WORDS: dict[str, frozenset[str]] = {
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
    "activity_status": cov.STATUS_WORDS,
    "region": frozenset(["region", "regions", "continent", "located", "based", "from", "in"]),
    "founding": cov.FIRST | cov.NEGATION | frozenset(["founders", "founder", "founded"]),
    "chaired": cov.CHAIR | cov.NEGATION | frozenset(["been"]),
    "chaired_times": cov.CHAIR
    | frozenset(
        ["twice", "times", "more", "than", "once", "several", "multiple", "two", "least", "most", "often"]
    ),
    "joined": cov.JOIN | cov.TIME | cov.COUNTRY,
    "mentions": cov.MENTION,
    "lead": cov.LEAD | cov.NEGATION | frozenset(["lack", "lacks", "lacking", "nobody", "one"]),
    "goal": frozenset(["goal", "goals", "under", "in"]),
    "objective": frozenset(["objective", "objectives", "under", "in"]),
    "party": cov.ROLE | cov.TASK_FORCE,
    "statement": cov.STATEMENT | cov.NEGATION,
    "chair": cov.CHAIR | cov.NEGATION,
}
_CHECK_WORDS = (
    cov.CHAIR
    | cov.JOIN
    | cov.NEGATION
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
    vocab: set[str] = set(_ASK_WORDS.get(q.ask, ()))
    named: set[str] = set()
    for name in _countries_named(q):
        named |= cov.words_of(name)
        if name in w.countries:
            named |= set(_spelled(w.text, name).split())
            for alias, target in ALIASES_FOR.items():
                if target == name and re.search(rf"\b{re.escape(alias)}\b", w.text):
                    named |= set(alias.split())
    for f in q.filters:
        vocab |= _FILTER_WORDS.get(f.field, frozenset())
        if f.field == "status" and q.ask == "activities":
            vocab |= cov.STATUS_WORDS
        if f.field == "region":
            named |= {x for phrase in REGION_WORDS if w.has(phrase) for x in phrase.split()}
        if f.field == "mentions":
            named |= cov.words_of(str(f.value))
        if f.field == "lead" and isinstance(f.value, str):
            named |= _body_words(w)
        if f.negated:
            vocab |= cov.NEGATION
    ref = q.year_clause
    years = ref is not None or any(f.field == "joined" for f in q.filters)
    for r in [ref] + [f.value for f in q.filters if isinstance(f.value, TimeRef)]:
        if not isinstance(r, TimeRef):
            continue
        vocab |= cov.TIME | (frozenset(["or"]) if r.op == "or" else frozenset())
        if r.event == "join":
            vocab |= cov.JOIN
        if r.event == "chair":
            vocab |= cov.CHAIR
        if r.event == "launch":
            vocab |= cov.ATTRIBUTES["launched"] | frozenset(["got", "formed"])
            named |= _body_words(w) | _task_force_words(w)
        if r.event == "leave":
            vocab |= cov.ATTRIBUTES["left"] | frozenset(["pulled", "pull", "out", "departed"])
    if q.other or (ref is not None and ref.op == "or"):  # "slovakia or iceland - who joined first"
        vocab |= frozenset(["or", "first", "sooner", "earlier", "later", "recently", "more", "fewer", "less"])
        vocab |= frozenset(["who", "which", "country", "countries", "year", "years"]) | cov.MOST
    if q.nearest:
        vocab |= cov.TIME | frozenset(["last", "latest", "final", "first", "next", "immediately", "just"])
    if q.aggregate in ("count", "count_distinct"):
        vocab |= cov.COUNT | frozenset(["different", "distinct"])
    elif q.aggregate == "first":
        vocab |= cov.FIRST
    elif q.aggregate == "latest":
        vocab |= cov.LATEST
    if q.ask == "countries" and q.aggregate in ("first", "latest"):
        vocab |= cov.JOIN  # the first and the latest members are ordered by the year they joined
    elif q.aggregate in ("most", "fewest"):
        vocab |= cov.MOST
    if q.attribute == "by_chair":
        vocab |= cov.CHAIR
    elif q.attribute:
        vocab |= cov.ATTRIBUTES.get(q.attribute, frozenset())
    if q.ask == "check":
        vocab |= _CHECK_WORDS
        years = True
    if q.entity is not None:
        kind, key = q.entity
        vocab |= cov.ENTITY_WORDS.get(kind, frozenset())
        if kind == "country" and key not in w.countries:
            named |= cov.words_of(key) | {x for x in w.text.split() if x not in cov.GLUE}
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
            x for name in w.countries for x in [*cov.words_of(name), *_spelled(w.text, name).split()]
        }
        last = w.text.split()[-1] if w.text.split() else ""
        gaps = [
            x
            for x in gaps
            if (x in cov.OPERATORS and not (x == last and x in ("before", "after")))  # "called before"
            or x in countries
            or cov._YEARISH.fullmatch(x)
        ]
    return gaps


def _task_force_words(w: Words) -> set[str]:
    return {x for _, words in TASK_FORCE_WORDS for word in words for x in word.split() if w.has(word.strip())}


def _body_words(w: Words) -> set[str]:
    return {x for _, words in BODIES for word in words for x in word.split() if word.strip() in w.text}


def _title_words(w: Words) -> set[str]:
    return set(w.title_words)


@cache
def _content_words() -> frozenset[str]:
    """Every word some part of a logical form reads, the function words (`coverage.GLUE`) aside."""
    words: set[str] = set(DOMAIN_SET) | set(cov.NUMBERS) | set(cov.OPERATORS) | set(COUNTRY_LIST_WORDS)
    for vocab in (cov.CHAIR, cov.JOIN, cov.COUNTRY, cov.TIME, cov.NEGATION, cov.STATEMENT, cov.TASK_FORCE):
        words |= vocab
    for vocab in (cov.ACTIVITY, cov.COUNT, cov.FIRST, cov.LATEST, cov.MOST, cov.ROLE, cov.STATUS_WORDS):
        words |= vocab
    for group in (cov.ATTRIBUTES, cov.ENTITY_WORDS, _ASK_WORDS, _FILTER_WORDS):
        for vocab in group.values():
            words |= vocab
    words |= {x for phrase in REGION_WORDS for x in phrase.split()}
    words |= {x for _, names in (*TASK_FORCE_WORDS, *BODIES) for name in names for x in name.split()}
    words |= {x for city in CITIES for x in city.split()}
    return frozenset(words - cov.GLUE) | frozenset(
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
