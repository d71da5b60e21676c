"""A linear-time splitter of typed text into words, reading quotes the way people type them.

Whitespace separates words. A quote groups words only where it clearly opens a value (at the start of a
word, or right after ``key=``) and a matching quote clearly closes it (at the end of a word). Any other
quote is plain text: ``what's``, ``Ghana's``, ``the Chairs' mission``, an unbalanced ``"Jane``. Straight
and typographic quotes both work: ``key="a b"``, ``key=“a b”``, ``'a b'``, ``‘a b’``.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE = frozenset('"“”„')
SINGLE = frozenset("'‘’‚")
QUOTES = DOUBLE | SINGLE


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int  # index just after the token in the original text


def _family(ch: str) -> frozenset[str]:
    return DOUBLE if ch in DOUBLE else SINGLE


def _closers(text: str) -> tuple[list[int], list[int]]:
    """For each index, the nearest index at or after it holding a closing quote of each family.

    A closing quote is a quote followed by whitespace or the end of the text. ``len(text)`` means none.
    """
    size = len(text)
    next_double, next_single = [size] * (size + 1), [size] * (size + 1)
    for i in range(size - 1, -1, -1):
        next_double[i], next_single[i] = next_double[i + 1], next_single[i + 1]
        ch = text[i]
        if ch in QUOTES and (i + 1 == size or text[i + 1].isspace()):
            if ch in DOUBLE:
                next_double[i] = i
            else:
                next_single[i] = i
    return next_double, next_single


def split_tokens(text: str) -> list[Token]:
    """The words of ``text`` with their spans; never raises, linear in the length of ``text``."""
    next_double, next_single = _closers(text)
    size = len(text)
    tokens: list[Token] = []
    i = 0
    while i < size:
        if text[i].isspace():
            i += 1
            continue
        start = i
        parts: list[str] = []
        chunk_start = i
        while i < size and not text[i].isspace():
            ch = text[i]
            opens = ch in QUOTES and (i == start or text[i - 1] == "=")
            if opens:
                table = next_double if ch in DOUBLE else next_single
                close = table[i + 1] if i + 1 < size else size
                if close < size:
                    parts.append(text[chunk_start:i])
                    parts.append(text[i + 1 : close])
                    i = close + 1
                    chunk_start = i
                    break
            i += 1
        parts.append(text[chunk_start:i])
        tokens.append(Token("".join(parts), start, i))
    return tokens


def words(text: str) -> list[str]:
    """Just the words of ``text`` (quotes that group removed)."""
    return [token.text for token in split_tokens(text)]
