"""Splitting a command line into words, ``key=value`` options and the raw rest."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from handlers.core import Value
from handlers.errors import Refusal
from handlers.platforms import BOT_PREFIX
from handlers.questions import echo
from handlers.tokens import split_tokens

_OPTION = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_-]*)=(.*)$", re.DOTALL)
Spaced = Callable[[str], Collection[str]]
"""A command's name -> its options whose unquoted value runs on to the next ``key=``
(``participants=New Zealand,Estonia``): names and titles hold spaces, and nothing positional follows them
in the forms that take them (declared with the option: `handlers.declare.Option.spaced`). A word with a
``/`` (an IANA zone such as ``tz for <user> member=Estonia Europe/Tallinn``) ends the value."""


@dataclass(frozen=True)
class Args:
    """The words after the command name.

    ``words`` are the positional words (quotes removed), ``options`` the ``key=value`` pairs (keys
    lower-cased), ``rest`` the text after the command name exactly as typed (for free text). ``values``:
    a form's typed values as submitted (`handlers.core.Command.values`); each is in ``options`` too (several
    picks joined with ``,``), so a handler reads one place, and a handler that takes lists reads them here.
    """

    words: tuple[str, ...] = ()
    options: dict[str, str] = field(default_factory=dict)
    rest: str = ""
    values: dict[str, Value] = field(default_factory=dict)

    def word(self, index: int, default: str | None = None) -> str | None:
        return self.words[index] if index < len(self.words) else default

    def shift(self, count: int = 1) -> Args:
        """The same arguments without the first ``count`` words (``rest`` follows)."""
        rest = self.rest
        for _ in range(count):
            rest = _drop_first_word(rest)
        return Args(self.words[count:], dict(self.options), rest, dict(self.values))

    def given(self, values: Mapping[str, Value]) -> Args:
        """These arguments with a form's typed ``values`` as their options (taken as given, never parsed
        from text; they replace a typed option of the same name)."""
        if not values:
            return self
        typed = {key.lower(): value for key, value in values.items()}
        joined = {key: ",".join(v) if isinstance(v, tuple) else v for key, v in typed.items()}
        return Args(self.words, dict(self.options) | joined, self.rest, dict(self.values) | typed)


def strip_prefix(text: str, prefixes: Sequence[str] = (BOT_PREFIX,)) -> str:
    """Remove an optional command prefix: one of ``prefixes`` (`Platforms.prefixes`, the registered
    platforms' and the bot's name), whichever platform the text came from."""
    stripped = text.strip()
    lowered = stripped.lower()
    for prefix in prefixes:
        if lowered == prefix:
            return ""
        if lowered.startswith(prefix) and lowered[len(prefix)].isspace():
            return stripped[len(prefix) :].strip()
    return stripped


def split_command(
    text: str, prefixes: Sequence[str] = (BOT_PREFIX,), spaced: Spaced | None = None
) -> tuple[str, Args]:
    """``'activity 1A.2 lead "Jane Doe"'`` -> ``('activity', Args(('1A.2', 'lead', 'Jane Doe'), ...))``.
    ``spaced``: the command's spaced options (`handlers.registry.Registry.split` passes its declarations)."""
    body = strip_prefix(text, prefixes)
    if not body:
        return "", Args()
    name, rest = _first_word(body)
    words, options = tokenize(rest, spaced(name.lower()) if spaced is not None else ())
    return name.lower(), Args(tuple(words), options, rest)


def tokenize(text: str, spaced_keys: Collection[str] = ()) -> tuple[list[str], dict[str, str]]:
    """Split ``text`` into words; ``key=value`` tokens become options (a quoted value may hold spaces).

    Quotes group words only where they clearly open and close a value (see `handlers.tokens`); an
    apostrophe inside a word or an unbalanced quote is plain text. The unquoted values of ``spaced_keys``
    run on to the next ``key=``. Linear in the length of ``text``.
    """
    words: list[str] = []
    options: dict[str, str] = {}
    spaced: str | None = None  # the option whose unquoted value is still running on
    for token in split_tokens(text):
        match = _OPTION.match(token.text)
        if match:
            key = match.group(1).lower().replace("-", "_")
            options[key] = match.group(2)
            quoted = text[token.start : token.end] != token.text
            spaced = key if key in spaced_keys and not quoted and match.group(2) else None
        elif spaced is not None and "/" not in token.text and text[token.start : token.end] == token.text:
            options[spaced] = f"{options[spaced]} {token.text}"
        else:
            spaced = None
            words.append(token.text)
    return words, options


def _drop_first_word(text: str) -> str:
    text = text.lstrip()
    tokens = split_tokens(text)
    return text[tokens[0].end :].lstrip() if tokens else ""


def _first_word(text: str) -> tuple[str, str]:
    """The first word and the rest, split at any whitespace (a tab or a newline after the name too)."""
    parts = text.split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


MAX_ID = 2**31 - 1
"""The largest record id: PostgreSQL's ``integer`` (SQLite's is larger; a bigger number names nothing)."""
_ID = re.compile(r"#?[0-9]{1,10}")


def is_digits(text: str, max_len: int = 9) -> bool:
    """``text`` is 1 to ``max_len`` ASCII digits (``str.isdigit`` also takes ``²`` and other scripts'
    digits, which ``int`` refuses or reads, and any length, which ``int`` refuses past 4,300 digits)."""
    return 0 < len(text) <= max_len and text.isascii() and text.isdigit()


def parse_id(text: str | None, what: str, field: str, *, listing: str = "") -> int:
    """The record id in ``text`` (``12`` or ``#12``): ASCII digits, 1 to `MAX_ID`. Otherwise a
    `Refusal` about ``field``: a usage refusal when it is not a number (``²``, ``1e3``), an error saying
    there is no such ``what`` when it is a number past any id (``listing``: the command that lists them).
    Every command that takes an id reads it here, so no id reaches the database unchecked."""
    see = f" (see `{listing}`)" if listing else ""
    if not text:
        raise Refusal.usage(f"which {what}? Give its number{see}", field)
    digits = text.removeprefix("#")
    if not (digits.isascii() and digits.isdigit()):
        raise Refusal.usage(f"`{echo(text, 20)}` is not a {what} number{see}", field)
    if _ID.fullmatch(text) is None or not 1 <= int(digits) <= MAX_ID:
        raise Refusal.error(f"there is no {what} `{echo(text, 20)}`{see}", field)
    return int(digits)
