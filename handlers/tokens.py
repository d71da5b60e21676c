"""A linear-time splitter of typed text into words, reading quotes the way people type them.

Whitespace separates words. A quote groups words only where it clearly opens a value (at the start of a
word, or right after ``key=``) and a matching quote clearly closes it (at the end of a word). Any other
quote is plain text: ``what's``, ``Ghana's``, ``the Chairs' mission``, an unbalanced ``"Jane``. Straight
and typographic quotes both work: ``key="a b"``, ``key=“a b”``, ``'a b'``, ``‘a b’``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

DOUBLE = frozenset('"“”„')
SINGLE = frozenset("'‘’‚")
QUOTES = DOUBLE | SINGLE


class Token(NamedTuple):
    text: str
    start: int
    end: int  # index just after the token in the original text


_RUN = re.compile(r"\S+")
_CLOSE_DOUBLE = re.compile(r"[\"“”„](?=\s|$)")
_CLOSE_SINGLE = re.compile(r"['‘’‚](?=\s|$)")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*=")


def split_tokens(text: str) -> list[Token]:
    """The words of ``text`` with their spans; never raises, linear in the length of ``text``."""
    closers = {
        DOUBLE: [m.start() for m in _CLOSE_DOUBLE.finditer(text)],
        SINGLE: [m.start() for m in _CLOSE_SINGLE.finditer(text)],
    }
    tokens: list[Token] = []
    pos = 0
    for run in _RUN.finditer(text):
        start = run.start()
        if start < pos:
            continue  # inside a quoted group already read
        first = text[start]
        opener = -1
        if first in QUOTES:
            opener = start
        elif "=" in run.group(0) and (key := _KEY.match(text, start, run.end())) and key.end() < run.end():
            opener = key.end() if text[key.end()] in QUOTES else -1
        if opener >= 0:
            found = closers[DOUBLE if text[opener] in DOUBLE else SINGLE]
            index = bisect_right(found, opener)
            if index < len(found):
                close = found[index]
                tokens.append(Token(text[start:opener] + text[opener + 1 : close], start, close + 1))
                pos = close + 1
                continue
        tokens.append(Token(run.group(0), start, run.end()))
        pos = run.end()
    return tokens


def words(text: str) -> list[str]:
    """Just the words of ``text`` (quotes that group removed)."""
    return [token.text for token in split_tokens(text)]
