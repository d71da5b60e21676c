"""Splitting a command line into words, ``key=value`` options and the raw rest."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

PREFIXES = ("/foc", "!foc", "foc")
_OPTION = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]*)=(.*)$", re.DOTALL)


class ParseError(ValueError):
    """The text cannot be split (an unbalanced quote, for instance)."""


@dataclass(frozen=True)
class Args:
    """The words after the command name.

    ``words`` are the positional words (quotes removed), ``options`` the ``key=value`` pairs (keys
    lower-cased), ``rest`` the text after the command name exactly as typed (for free text).
    """

    words: tuple[str, ...] = ()
    options: dict[str, str] = field(default_factory=dict)
    rest: str = ""

    def word(self, index: int, default: str | None = None) -> str | None:
        return self.words[index] if index < len(self.words) else default

    def shift(self, count: int = 1) -> Args:
        """The same arguments without the first ``count`` words (``rest`` follows)."""
        rest = self.rest
        for _ in range(count):
            rest = _drop_first_word(rest)
        return Args(self.words[count:], dict(self.options), rest)


def strip_prefix(text: str) -> str:
    """Remove an optional ``/foc``, ``!foc`` or ``foc`` prefix (the console accepts either or none)."""
    stripped = text.strip()
    lowered = stripped.lower()
    for prefix in PREFIXES:
        if lowered == prefix:
            return ""
        if lowered.startswith(prefix) and lowered[len(prefix)].isspace():
            return stripped[len(prefix) :].strip()
    return stripped


def split_command(text: str) -> tuple[str, Args]:
    """``'activity 1A.2 lead "Jane Doe"'`` -> ``('activity', Args(('1A.2', 'lead', 'Jane Doe'), ...))``."""
    body = strip_prefix(text)
    if not body:
        return "", Args()
    name, rest = _first_word(body)
    words, options = tokenize(rest)
    return name.lower(), Args(tuple(words), options, rest)


def tokenize(text: str) -> tuple[list[str], dict[str, str]]:
    """Split ``text`` shell-style; ``key=value`` tokens become options (a quoted value may hold spaces)."""
    normalised = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    try:
        lexer = shlex.shlex(normalised, posix=True, punctuation_chars=False)
        lexer.whitespace_split = True
        lexer.commenters = ""
        tokens = list(lexer)
    except ValueError as exc:
        raise ParseError(f"cannot read that line: {exc} (check the quotes)") from exc
    words: list[str] = []
    options: dict[str, str] = {}
    for token in tokens:
        match = _OPTION.match(token)
        if match:
            options[match.group(1).lower().replace("-", "_")] = match.group(2)
        else:
            words.append(token)
    return words, options


def _drop_first_word(text: str) -> str:
    text = text.lstrip()
    if not text:
        return ""
    if text[0] in "\"'":
        end = text.find(text[0], 1)
        return text[end + 1 :].lstrip() if end > 0 else ""
    return _first_word(text)[1]


def _first_word(text: str) -> tuple[str, str]:
    """The first word and the rest, split at any whitespace (a tab or a newline after the name too)."""
    parts = text.split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1].strip() if len(parts) > 1 else ""
