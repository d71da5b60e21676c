"""Coverage: every word of a question that carries meaning must be read by some part of its logical form.

A rule of the grammar may recognise part of a question and build a simpler query ("which activities are led
by the Support Unit" read as "which activities"). Answering that is the worst failure: a confident answer
to another question. So a query is accepted only when each content word of the question is accounted for
by a part of the form that is present: the thing asked for, a filter, a year clause, an aggregate, the
entity asked about, or the words naming an entity the form refers to. Function words (articles,
auxiliaries, question words) are read by any form. A word no part reads is *unread*; `understand` then
tries the next rule, and when none covers the question says it can't compute it (the nearest records go
under "Also relevant").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from handlers.knowledge.answers.chat import DISCOURSE
from handlers.knowledge.answers.text import WORD, fold

GLUE = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "by",
        "from",
        "with",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "has",
        "have",
        "had",
        "having",
        "will",
        "would",
        "shall",
        "should",
        "can",
        "could",
        "may",
        "might",
        "must",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "how",
        "that",
        "this",
        "these",
        "those",
        "there",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "he",
        "she",
        "his",
        "her",
        "we",
        "our",
        "us",
        "i",
        "me",
        "my",
        "you",
        "your",
        "any",
        "all",
        "some",
        "each",
        "every",
        "one",
        "ones",
        "so",
        "also",
        "just",
        "only",
        "ever",
        "yet",
        "far",
        "please",
        "tell",
        "show",
        "list",
        "give",
        "name",
        "know",
        "find",
        "get",
        "see",
        "let",
        "about",
        "and",
        "but",
        "then",
        "else",
        "such",
        "own",
        "per",
        "both",
        "either",
        "whether",
        "foc",
        "coalition",
        "freedom",
        "online",
        "fo",
        "c",
        "freedomonline",
        "org",
        "currently",
        "current",
        "now",
        "today",
        "presently",
        "right",
        "moment",
        "at",
        "present",
        "still",
        "according",
        "sources",
        "source",
        "records",
        "record",
        "file",
        "data",
        "information",
        "info",
        "facts",
        "fact",
        "exactly",
        "precisely",
        "actually",
        "really",
        "officially",
        "formally",
        "total",
        "altogether",
        "overall",
        "ever",
        "anyone",
        "anybody",
        "kind",
        "sort",
        "type",
        "types",
        "full",
        "complete",
        "entire",
        "whole",
        "hi",
        "hey",
        "thanks",
        "thank",
        "okay",
        "ok",
        "pls",
        "plz",
        "very",
        "i",
        "mean",
        "like",
        "guess",
        "wondering",
        "wonder",
        "s",
    ]
)
"""Words read by any form: they carry no condition of their own."""
GLUE |= DISCOURSE  # chat noise ("btw", "sorry", "focbot") that `chat.without_chat` left in a question

CHAIR = frozenset(
    [
        "chair",
        "chairs",
        "chaired",
        "chairing",
        "chairship",
        "chairships",
        "chairmanship",
        "presidency",
        "president",
        "presided",
        "held",
        "hold",
        "holds",
        "holding",
        "had",
        "took",
        "take",
        "takes",
        "taking",
        "over",
        "role",
        "seat",
        "turn",
        "position",
        "charge",
        "head",
        "headed",
        "led",
        "lead",
        "leads",
        "leading",
        "served",
        "serve",
        "serving",
        "run",
        "runs",
        "running",
        "ran",
        "gone",
        "go",
        "goes",
        "went",
        "was",
        "chairperson",
        "host",
        "hosted",
        "hosting",
        "rotating",
        "rotation",
    ]
)
JOIN = frozenset(
    [
        "join",
        "joined",
        "joins",
        "joining",
        "became",
        "become",
        "becomes",
        "member",
        "members",
        "membership",
        "entered",
        "enter",
        "entry",
        "accession",
        "acceded",
        "admitted",
        "admission",
        "new",
        "newer",
        "newest",
        "newly",
        "signed",
        "signed",
        "up",
        "sign",
        "up",
    ]
)
COUNTRY = frozenset(
    [
        "country",
        "countries",
        "member",
        "members",
        "membership",
        "government",
        "governments",
        "state",
        "states",
        "nation",
        "nations",
        "participant",
        "participants",
        "participating",
        "part",
        "belong",
        "belongs",
        "belonged",
        "in",
        "coalition's",
        "who",
        "whom",
    ]
)
TIME = frozenset(
    [
        "year",
        "years",
        "before",
        "after",
        "since",
        "between",
        "from",
        "to",
        "until",
        "till",
        "through",
        "during",
        "while",
        "when",
        "this",
        "last",
        "next",
        "previous",
        "following",
        "prior",
        "earlier",
        "later",
        "than",
        "same",
        "as",
        "time",
        "times",
        "current",
        "present",
        "now",
        "today",
        "ago",
        "coming",
        "period",
        "span",
        "up",
        "including",
        "inclusive",
        "onwards",
        "onward",
        "thereafter",
        "afterwards",
        "along",
        "together",
        "preceding",
        "subsequent",
        "succeeded",
        "preceded",
        "succeed",
        "precede",
        "followed",
        "came",
        "come",
        "took",
        "over",
        "replaced",
        "gap",  # "the last chair before the 2017 gap"
        "gaps",
        "break",
        "hiatus",
    ]
)
NEGATION = frozenset(
    ["not", "never", "no", "without", "non", "none", "nobody", "yet", "longer", "haven't", "hasn't", "nor"]
)
STATEMENT = frozenset(
    [
        "statement",
        "statements",
        "declaration",
        "declarations",
        "principles",
        "joint",
        "issued",
        "issue",
        "issues",
        "publish",
        "published",
        "publishes",
        "put",
        "out",
        "release",
        "released",
        "releases",
        "made",
        "make",
        "adopted",
        "adopt",
        "adopts",
        "said",
        "say",
        "says",
        "signed",
        "agenda",
        "recommendations",
        "text",
        "texts",
        "document",
        "documents",
        "produced",
        "produce",
        "wrote",
        "write",
        "written",
        "endorsed",
        "endorse",
        "came",
        "come",
        "comes",
        "out",
        "appeared",
        "appear",
    ]
)
TASK_FORCE = frozenset(
    ["task", "force", "forces", "taskforce", "taskforces", "group", "groups", "working", "tf"]
)
ACTIVITY = frozenset(
    [
        "activity",
        "activities",
        "program",
        "programme",
        "action",
        "poa",
        "plan",
        "planned",
        "tasks",
        "work",
        "items",
        "item",
        "listed",
        "under",
        "contain",
        "contains",
        "containing",
        "have",
        "has",
    ]
)
COUNT = frozenset(["how", "many", "number", "count", "total", "much", "amount", "times", "often"])
FIRST = frozenset(
    [
        "first",
        "earliest",
        "oldest",
        "initial",
        "founding",
        "set",
        "up",
        "original",
        "start",
        "started",
        "began",
    ]
)
LATEST = frozenset(
    ["latest", "newest", "most", "recent", "recently", "last", "youngest", "new", "lately", "previous"]
)
MOST = frozenset(["most", "fewest", "least", "times", "often", "frequently", "number"])
ROLE = frozenset(
    [
        "role",
        "roles",
        "chair",
        "chairs",
        "chaired",
        "chairing",
        "co-chair",
        "co-chairs",
        "co",
        "lead",
        "leads",
        "led",
        "leading",
        "leader",
        "head",
        "heads",
        "run",
        "runs",
        "running",
        "coordinate",
        "coordinates",
        "coordinating",
        "part",
        "involved",
        "involvement",
        "participate",
        "participates",
    ]
)
STATUS_WORDS = frozenset(
    [
        "status",
        "done",
        "completed",
        "complete",
        "finished",
        "in",
        "progress",
        "ongoing",
        "planned",
        "dropped",
        "overdue",
        "late",
        "behind",
        "schedule",
        "state",
    ]
)
LEAD = frozenset(
    [
        "lead",
        "leads",
        "led",
        "leader",
        "leading",
        "by",
        "owner",
        "owned",
        "owns",
        "responsible",
        "assigned",
        "unassigned",
        "charge",
        "run",
        "runs",
        "ran",
        "coordinated",
        "coordinates",
        "coordinating",
    ]
)
MENTION = frozenset(
    [
        "mention",
        "mentions",
        "mentioning",
        "mentioned",
        "reference",
        "references",
        "referenced",
        "referring",
        "refer",
        "involve",
        "involves",
        "involving",
        "include",
        "includes",
        "including",
        "about",
        "on",
        "concern",
        "concerns",
        "concerning",
        "regarding",
        "relate",
        "relates",
        "related",
        "relating",
        "deal",
        "deals",
        "dealing",
        "cover",
        "covers",
        "covering",
        "with",
        "name",
        "names",
        "named",
        "talk",
        "handle",
        "handles",
        "handled",
        "tackle",
        "tackles",
        "address",
        "addresses",
        "focus",
        "focuses",
        "work",
        "works",
        "talks",
        "talking",
        "discuss",
        "discusses",
        "say",
        "says",
        "said",
    ]
)
ATTRIBUTES: dict[str, frozenset[str]] = {
    "timezone": frozenset(
        ["time", "zone", "timezone", "local", "what", "capital", "city", "use", "uses", "clock"]
    ),
    "joined": JOIN
    | TIME
    | frozenset(["date", "observer", "observers"]),  # "when did taiwan become an observer"
    "region": frozenset(
        ["region", "continent", "where", "located", "location", "part", "world", "subregion", "area"]
    ),
    "roles": ROLE | TASK_FORCE | CHAIR,
    "focal": frozenset(
        [
            "representative",
            "representatives",
            "focal",
            "point",
            "points",
            "delegate",
            "delegates",
            "envoy",
            "envoys",
            "contact",
            "person",
            "people",
        ]
    ),
    "launched": frozenset(
        [
            "launch",
            "launched",
            "set",
            "up",
            "start",
            "started",
            "created",
            "create",
            "established",
            "founded",
            "begin",
            "began",
            "date",
            "day",
        ]
    )
    | TIME,
    "output": frozenset(
        ["produce", "produced", "output", "outputs", "publish", "published", "issue", "issued", "result"]
    ),
    "focus": frozenset(
        ["focus", "focuses", "work", "working", "about", "do", "does", "aim", "aims", "purpose", "mandate"]
    ),
    "poc": frozenset(
        ["poc", "point", "points", "contact", "contacts", "leads", "runs", "coordinates", "heads", "person"]
    ),
    "roster": frozenset(["roster", "rosters", "people", "members", "belongs", "on", "in"]),
    "status": STATUS_WORDS | frozenset(["progress"]),
    "lead": LEAD,
    "due": frozenset(["due", "deadline", "when", "by", "date"]),
    "text": frozenset(["text", "deadline", "by", "when", "next", "chair", "identified", "identify"]),
    "left": frozenset(["left", "leave", "withdraw", "withdrew", "withdrawn", "quit", "exit", "exited"]),
    "when_left": frozenset(
        ["left", "leave", "withdraw", "withdrew", "withdrawn", "quit", "exit", "exited", "date", "year"]
    ),
    "still": frozenset(["still", "remain", "remains"]),
    "members": COUNTRY | COUNT,
    "period": frozenset(
        [
            "period",
            "cover",
            "covers",
            "covered",
            "year",
            "years",
            "long",
            "duration",
            "span",
            "timeframe",
            "time",
            "frame",
        ]
    ),
    "future": STATEMENT | frozenset(["will", "upcoming", "future", "planned", "next"]),
}
ENTITY_WORDS: dict[str, frozenset[str]] = {
    "country": frozenset(["about", "info", "tell", "describe", "country", "member"]),
    "taskforce": TASK_FORCE | frozenset(["about", "tell", "describe"]),
    "body": frozenset(
        [
            "role",
            "roles",
            "do",
            "does",
            "purpose",
            "function",
            "functions",
            "responsible",
            "responsibility",
            "responsibilities",
            "mandate",
            "job",
            "work",
            "works",
            "what",
            "describe",
            "tell",
            "about",
            "part",
            "structure",
            "body",
        ]
    ),
    "network": frozenset(["network", "networks", "hub", "hubs", "diplomatic", "city"]),
    "statement": STATEMENT | TIME,
    "activity": ACTIVITY | frozenset(["say", "says", "about", "describe", "aim"]),
    "objective": frozenset(
        ["objective", "objectives", "aim", "aims", "say", "says", "about", "describe", "mean", "means"]
    ),
    "goal": frozenset(["goal", "goals", "aim", "aims", "say", "says", "about", "describe", "mean", "means"]),
}
NUMBERS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
    ]
)
_ID = re.compile(r"\d[a-z](?:\.?\d+)?|\d")
_YEARISH = re.compile(r"(?:19|20)\d{2}s?")
_ORDINAL = re.compile(r"\d{1,2}(?:st|nd|rd|th)")


def stems(word: str) -> set[str]:
    """The word and its plain variants (``chaired`` -> ``chair``), for looking it up in a vocabulary."""
    out = {word}
    for suffix in ("s", "es", "ed", "d", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.add(word[: -len(suffix)])
    return out


def read_by(vocab: Iterable[str], word: str) -> bool:
    vocab = vocab if isinstance(vocab, (set, frozenset)) else set(vocab)
    return any(s in vocab for s in stems(word))


def unread(
    tokens: list[str],
    vocab: set[str],
    named: set[str],
    *,
    years: bool,
    ids: bool,
) -> list[str]:
    """The tokens of the question no part of the form reads. ``vocab``: the words of the parts present;
    ``named``: the words naming entities the form refers to; ``years``: a year clause or filter reads
    years; ``ids``: the form is about the Program's goals, objectives or activities."""
    left = []
    for token in tokens:
        word = token.removesuffix("'s").rstrip("'")
        if not word or word in GLUE or word in named or read_by(vocab, word):
            continue
        if _YEARISH.fullmatch(word):
            if years:
                continue
        elif _ORDINAL.fullmatch(word) or word in NUMBERS or (word.isdigit() and len(word) <= 2 and not ids):
            continue  # "the 32nd member", "at least 2 times": read with the words around them
        elif _ID.fullmatch(word) and ids:
            continue
        left.append(word)
    return left


def words_of(*names: str) -> set[str]:
    """The folded words of entity names (``"United States"`` -> united, states)."""
    return {w for name in names for w in WORD.findall(fold(name))}


OPERATORS = (
    frozenset(["how", "many", "number", "count", "total"])
    | NEGATION
    | frozenset(
        [
            "before",
            "after",
            "since",
            "between",
            "than",
            "most",
            "fewest",
            "least",
            "first",
            "latest",
            "newest",
            "oldest",
            "earliest",
            "last",
            "next",
            "previous",
            "same",
            "activities",
            "statements",
            "objectives",
            "goals",
            "chairs",
            "task",
            "forces",
        ]
    )
)
"""Words that make a question a computation or a list: a description of an entity cannot answer them."""
DESCRIBED = frozenset(["body", "network", "statement", "activity", "objective", "goal", "taskforce"])
"""Entities whose record is the answer to an open question about them ("who runs the secretariat", "what
cohorts does the Advisory Network have"): only operators and unread names count against such a form."""
