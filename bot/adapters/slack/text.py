"""mrkdwn helpers: escaping and cutting text to Slack's limits without breaking lines or entities."""

from __future__ import annotations

from collections.abc import Iterator

from bot.adapters.plaintext import strip_markup


def escape(text: str) -> str:
    """Escape the three characters Slack treats as control characters in mrkdwn and plain text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    if len(text) <= limit:
        return text
    return text[: max(0, limit - len(ellipsis))].rstrip() + ellipsis


def plain(text: str, limit: int) -> str:
    """Markup removed, escaped like the blocks and cut to ``limit`` without breaking an entity (for
    plain_text objects and the top-level ``text`` of messages, which Slack shows in notifications and
    parses for ``<!channel>`` and ``<url|label>`` like any mrkdwn)."""
    escaped = escape(strip_markup(text))
    if len(escaped) <= limit:
        return escaped
    return escaped[: _safe_cut(escaped, max(1, limit - 1))].rstrip() + "…"


def chunks(text: str, limit: int) -> Iterator[str]:
    """Pieces of ``text`` of at most ``limit`` characters, cut at line ends where possible."""
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        while len(line) > limit:  # one line longer than a piece: cut it, never inside an &entity;
            cut = _safe_cut(line, limit)
            if current:
                yield "\n".join(current)
                current, size = [], 0
            yield line[:cut]
            line = line[cut:]
        extra = len(line) + (1 if current else 0)
        if current and size + extra > limit:
            yield "\n".join(current)
            current, size = [], 0
            extra = len(line)
        current.append(line)
        size += extra
    if current and any(current):
        yield "\n".join(current)


def _safe_cut(line: str, limit: int) -> int:
    amp = line.rfind("&", max(0, limit - 6), limit)
    if amp != -1 and ";" not in line[amp:limit]:
        return amp or limit
    space = line.rfind(" ", limit // 2, limit)
    return space + 1 if space != -1 else limit
