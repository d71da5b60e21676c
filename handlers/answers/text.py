"""Text folding for matching: lower case, no accents, straight apostrophes."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``'San José’s'`` -> ``"san jose's"``."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("’", "'").replace("‘", "'").lower()
