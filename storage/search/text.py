"""Text handling for the search: normalisation, tokenising, a light stemmer and stop words."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing done down during each etc either few for from further
    had has have having he her here hers him his how i if in into is it its itself just let me might more
    most much must my myself no nor of off on once only or other our ours out over own please same shall
    she should so some such than that the their theirs them then there these they this those through to
    too under until up upon very via was we were what whatever when where whether which while who whom
    whose why will with within would yet you your yours us
    anything something tell show find know want wants looking look give get got re eg ie
    hi hello hey thanks thank pls plz ok okay
    go goes going gone went make makes making made put puts take takes taking took
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_WORDS_TEXT.split())
"""English function words and chat filler that carry no meaning for the search. 'not', 'non', 'new',
'next' and number words stay searchable on purpose ('non-active', 'New York', 'next chair')."""

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)
_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})")  # U.S., e.g., i.e.
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_KEEP_AS_IS = frozenset(
    {"united", "news", "means", "series", "species", "always", "perhaps", "address", "access"}
)


def normalize(text: str) -> str:
    """Fold accents, straighten quotes and dashes, and collapse dotted abbreviations (U.S. -> US)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)


def stem(word: str) -> str:
    """A light suffix stripper for English (plurals, -ing, -ed, -ation, -ization, final -e).

    It only has to map the forms of one word to the same key; the keys need not be real words.
    """
    w = word.lower()
    if len(w) > _MAX_STEM or not w.isalpha():
        return w
    return _stem(_BRITISH.get(w, w))


_MAX_STEM = 40
"""Longer words are returned as they are: stemming them is useless and the cache must stay small."""

_BRITISH = {
    "programme": "program",
    "programmes": "programs",
    "programming": "programming",
    "centre": "center",
    "centres": "centers",
    "defence": "defense",
    "licence": "license",
    "labour": "labor",
    "behaviour": "behavior",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "analyse": "analyze",
    "analysed": "analyzed",
    "favour": "favor",
    "honour": "honor",
}
_ISE = re.compile(r"is(e|ed|es|ing|ation|ations|er|ers)$")


@lru_cache(maxsize=20_000)
def _stem(w: str) -> str:
    if len(w) >= 7:
        w = _ISE.sub(r"iz\1", w)  # British -ise spellings: organisation, prioritise, marginalised
    if len(w) <= 3 or w in _KEEP_AS_IS:
        return w
    for suffix, repl in (("izations", "ize"), ("ization", "ize"), ("ations", "ate"), ("ation", "ate")):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)] + repl
            break
    else:
        if w.endswith(("ies", "ied")) and len(w) > 4:
            w = w[:-3] + "y"
        elif w.endswith("sses"):
            w = w[:-2]
        elif w.endswith("ings") and len(w) - 4 >= 3:
            w = _undouble(w[:-4])
        elif w.endswith("ing") and len(w) - 3 >= 3:
            w = _undouble(w[:-3])
        elif w.endswith("ed") and len(w) - 2 >= 3 and not w.endswith("eed"):
            w = _undouble(w[:-2])
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: as written, lower-cased, and stemmed."""

    raw: str
    word: str
    stem: str

    @property
    def is_stop(self) -> bool:
        """A stop word, a single character, or a short number (years and ids are handled separately)."""
        return (
            self.word in STOP_WORDS
            or self.stem in STOP_WORDS
            or len(self.word) < 2
            or (self.word.isdigit() and len(self.word) < 4)
        )


def tokenize(text: str) -> list[Token]:
    """Split a text into word tokens; hyphenated words and ids like '1A.2' give one token per part."""
    tokens = []
    for found in _WORD.findall(normalize(text)):
        raw = found[:-2] if found.lower().endswith("'s") else found.replace("'", "")
        tokens.append(Token(raw, raw.lower(), stem(raw.lower())))
    return tokens


def years(text: str) -> list[str]:
    """Four-digit years (1900-2099) mentioned in a text, in order."""
    return _YEAR.findall(text)


def year_span(value: str) -> set[str]:
    """The years covered by a value such as '2019-2020' or '2023'."""
    found = [int(y) for y in years(value)]
    if len(found) == 2 and 0 <= found[1] - found[0] <= 5:
        return {str(y) for y in range(found[0], found[1] + 1)}
    return {str(y) for y in found}
