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


# -- Does a line that starts with a command word parse as that command? (`CommandSpec.parses`) ------------
_LINKING = frozenset(
    [
        "in",
        "on",
        "about",
        "of",
        "for",
        "from",
        "since",
        "between",
        "after",
        "before",
        "during",
        "that",
        "which",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "what",
        "joined",
        "join",
        "chaired",
        "led",
        "leading",
        "with",
        "without",
        "not",
        "have",
        "has",
        "had",
        "are",
        "were",
        "is",
        "was",
        "do",
        "does",
        "did",
        "any",
        "all",
        "mention",
        "mentions",
        "mentioning",
        "involve",
        "involving",
        "by",
        "per",
    ]
)
MAX_LOOKUP_WORDS = 4


def _args_text(args: object) -> str:
    return str(getattr(args, "rest", "")).strip()


def short_lookup(args: object) -> bool:
    """A name to look up (``member south korea``, ``statement 2020``, ``taskforce TFAIR``), not a sentence:
    at most four words, no question mark, and no linking word ("in", "that", "about", "joined", ...)."""
    text = _args_text(args)
    if not text:
        return True
    if "?" in text or "？" in text:
        return False
    words = [w.lower().strip(",.:;!") for w in text.split()]
    if "=" in text:
        return True  # options: the command's own refusals apply
    return len(words) <= MAX_LOOKUP_WORDS and not (set(words) & _LINKING)


def network_args(args: object) -> bool:
    """``network [<city>]`` or ``network <city> poc <name>``."""
    words = [str(w).lower() for w in getattr(args, "words", ())]
    return short_lookup(args) or (len(words) > 2 and words[1] == "poc")
