"""Text folding for matching: lower case, no accents, straight apostrophes."""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+(?:[.'\-][a-z0-9]+)*")
"""A word of folded text, kept whole across ``.``, ``'`` and ``-`` (``1a.2``, ``co-chair``)."""


def fold(text: str) -> str:
    """``'San José’s'`` -> ``"san jose's"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("’", "'").replace("‘", "'").lower()
