"""Small formatting and matching helpers shared by handlers."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from handlers.core import Choice, Choices, ItemList, Part, Reply, Table

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


ECHO_LIMIT = 300
"""Characters of the user's own text echoed back in a reply or a log line; the rest is cut."""
# Terminal escape sequences (CSI ``ESC [ ... final``, OSC/DCS/PM/APC ``ESC ] ... BEL or ESC \``, two-character
# escapes), then any other control character: C0 (but tab and newline), DEL and C1.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -/]*[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str, limit: int | None = None, *, keep_newlines: bool = True) -> str:
    """``text`` without terminal escape sequences and control characters (tab and newline kept, or newlines
    made spaces with ``keep_newlines=False``), cut to ``limit`` characters with an ellipsis."""
    cleaned = _CONTROLS.sub("", _ESCAPES.sub("", text))
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ")
    if limit is not None and len(cleaned) > limit:
        return cleaned[: limit - 1] + "…"
    return cleaned


def safe_reply(reply: Reply, echoed: Iterable[str] = ()) -> Reply:
    """``reply`` as it may be shown anywhere: the ``echoed`` pieces of the user's own text (the command,
    its words and values) cut to `ECHO_LIMIT` characters where the reply repeats them, and every text
    stripped of terminal escape sequences and control characters (newlines and tabs kept)."""
    text = reply.text
    for piece in sorted({p for p in echoed if len(p) > ECHO_LIMIT}, key=len, reverse=True):
        for form in (piece, piece.lower()):
            if form in text:
                text = text.replace(form, safe_text(form, ECHO_LIMIT))
    parts = tuple(_safe_part(part) for part in reply.parts)
    return replace(reply, text=safe_text(text), parts=parts)


def _safe_part(part: Part) -> Part:
    if isinstance(part, Table):
        rows = tuple(tuple(safe_text(cell) for cell in row) for row in part.rows)
        return replace(part, columns=tuple(safe_text(c) for c in part.columns), rows=rows)
    if isinstance(part, ItemList):
        return replace(part, items=tuple(safe_text(item) for item in part.items))
    if isinstance(part, Choices):
        options = tuple(Choice(safe_text(o.label), o.value) for o in part.options)
        return replace(part, prompt=safe_text(part.prompt), options=options)
    return part
