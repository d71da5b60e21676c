"""Small formatting and matching helpers shared by handlers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from datetime import date

UNKNOWN = "unknown"
NOT_SET = "not set"

_ACTIVITY_ID = re.compile(r"^\s*(?:activity\s*)?([1-3])\s*([a-dA-D])\s*[.\-_ ]?\s*(\d{1,2})\s*$")
_OBJECTIVE_ID = re.compile(r"^\s*(?:objective\s*)?([1-3])\s*([a-dA-D])\s*$")


def activity_id(text: str) -> str | None:
    """``'3b3'``, ``'3B.3'``, ``'3B-3'`` -> ``'3B.3'``; None when it is not shaped like an activity id."""
    match = _ACTIVITY_ID.match(text)
    if not match:
        return None
    return f"{match.group(1)}{match.group(2).upper()}.{int(match.group(3))}"


def objective_id(text: str) -> str | None:
    match = _OBJECTIVE_ID.match(text)
    return f"{match.group(1)}{match.group(2).upper()}" if match else None


def shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def or_unknown(value: object | None, unknown: str = UNKNOWN) -> str:
    if value is None or value == "":
        return unknown
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate nearest to ``word`` (case-insensitive), if any is near enough."""
    by_lower = {c.lower(): c for c in candidates}
    match = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[match[0]] if match else None


def find_by_name(query: str, names: Sequence[str]) -> str | None:
    """Exact (case-insensitive), then unique prefix, then unique substring, then nearest spelling."""
    lowered = query.strip().lower()
    if not lowered:
        return None
    for name in names:
        if name.lower() == lowered:
            return name
    for test in (lambda n: n.lower().startswith(lowered), lambda n: lowered in n.lower()):
        found = [n for n in names if test(n)]
        if len(found) == 1:
            return found[0]
    return closest(lowered, names, cutoff=0.75)
