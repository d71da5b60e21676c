"""Is a message that is not a command a question, or a mistyped command? And safe echoes of user text."""

from __future__ import annotations

import difflib
import re
import unicodedata

QUESTION_WORDS = frozenset(
    [
        "who",
        "whom",
        "whose",
        "what",
        "what's",
        "whats",
        "which",
        "when",
        "when's",
        "where",
        "where's",
        "why",
        "how",
        "how's",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "has",
        "have",
        "had",
        "may",
        "might",
        "tell",
        "list",
        "show",
        "give",
        "name",
        "please",
        "explain",
        "i",
        "i'm",
        "my",
        "we",
        "our",
        "any",
        "anything",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
    ]
)
NEAR_MISS = 0.8
ECHO_LIMIT = 40
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def looks_like_question(text: str) -> bool:
    """Question-shaped: starts with a question word ("who", "what's", "is") or ends with ``?``."""
    stripped = text.strip()
    if stripped.endswith(("?", "？")):
        return True
    first = stripped.split(maxsplit=1)[0].lower().replace("’", "'") if stripped else ""
    return first in QUESTION_WORDS or first.rstrip(",.:!") in QUESTION_WORDS


def near_miss(name: str, names: list[str]) -> str | None:
    """The command ``name`` is a typo of, when very close (``activty`` -> ``activity``); else None."""
    lowered = name.lower()
    if len(lowered) < 3:
        return None
    matches = difflib.get_close_matches(lowered, names, n=1, cutoff=NEAR_MISS)
    return matches[0] if matches else None


def echo(text: str, limit: int = ECHO_LIMIT) -> str:
    """User text safe to show back: control and direction characters removed, at most ``limit`` characters."""
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", text[: limit * 4]))
    cleaned = cleaned.replace("`", "'")
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1] + "…"
