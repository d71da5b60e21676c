"""Clauses the rules of every family share: what a list must mention ("about AI"), a count, first or latest,
a negated verb, and the words that ask for a computation or for what the sources never hold."""

from __future__ import annotations

import re

from handlers.knowledge.answers.parse.words import Words

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


def is_negated(w: Words, verb: str) -> bool:
    return bool(
        w.re(
            rf"\b(?:not|never|no longer|without|yet to)\b(?: \w+){{0,3}} {verb}|\b{verb}\w* (?:no|none)\b"
            rf"|\bhaven't {verb}|\bnon[- ]{verb}"
        )
    )


POA_SAYS = (
    r"\b(?:poa|program of action|program)\b.*\b(?:say|says|said|propose|proposes|plan|plans)\b.*\babout\b"
)
"""What the Program says about something: its activities that mention it."""


_ABOUT = re.compile(
    r"\b(?:mention(?:s|ing)?|reference(?:s|d)?|referring to|refer to|name(?:s)?|involv(?:e|es|ing)"
    r"|include(?:s)?"
    r"|about|on|concern(?:s|ing)?|regarding|relat(?:e|es|ed|ing) to|deal(?:s)? with|cover(?:s)?|with)\s+(.+)$"
)


_TRAIL = re.compile(
    r"\b(?:which ones are there|are there|is there|in the (?:poa|program of action)|of the foc|by the foc"
    r"|from the foc|does the foc have|in the foc)\b.*$"
)


STOP = frozenset(
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


def about_phrase(w: Words, nouns: tuple[str, ...]) -> str | None:
    """The words after "mention", "about", "on" ...: what the records must mention."""
    m = _ABOUT.search(_FILLER.sub(" ", w.text))
    if m is None:
        return None
    phrase = _TRAIL.sub("", m[1]).strip(" -:")
    words = [x for x in phrase.split() if x not in STOP and x not in nouns]
    return " ".join(words) or None


def count_asked(w: Words) -> str | None:
    return "count" if w.re(r"\bhow many\b|\bnumber of\b|\bcount\b") else None


def superlative(w: Words) -> str | None:
    if w.re(r"\b(?:latest|newest|most recent|last|recent|most recently|youngest)\b"):
        return "latest"
    if w.re(r"\b(?:first|earliest|oldest|initial|founding)\b|\bset up first\b"):
        return "first"
    return None
