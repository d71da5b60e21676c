"""Coverage: every word of a question that carries meaning must be read by some part of its logical form.

A rule of the grammar may recognise part of a question and build a simpler query ("which activities are led
by the Support Unit" read as "which activities"). Answering that is the worst failure: a confident answer
to another question. So a query is accepted only when each content word of the question is accounted for
by a part of the form that is present: the thing asked for, a filter, a year clause, an aggregate, the
entity asked about, or the words naming an entity the form refers to. Function words (articles,
auxiliaries, question words: `glue.GLUE`) are read by any form; the words of each part are in
`vocabulary`. A word no part reads is *unread*; `grammar.understand` then tries the next rule, and when
none covers the question says it can't compute it (the nearest records go under "Also relevant").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from handlers.knowledge.answers.parse.glue import GLUE
from handlers.knowledge.answers.parse.vocabulary import NEGATION
from handlers.knowledge.answers.text import WORD, fold

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


YEARISH = re.compile(r"(?:19|20)\d{2}s?")


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
        if YEARISH.fullmatch(word):
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
