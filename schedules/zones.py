"""The one check of a time zone name, wherever one comes from (a user, a setting, a stored series).

`zoneinfo.ZoneInfo` alone takes folders of the zone database for zones and fails on them with
``IsADirectoryError`` (``Europe``), with ``OSError`` on names longer than a file name may be, and loads
non-zone files (``zone.tab``) until it finds them malformed. Here a name is a zone only when it is one
of the IANA keys the zone database lists; case is forgiven (``europe/zurich`` is Europe/Zurich).
"""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from schedules.errors import RuleError

MAX_NAME = 64
"""Longer than any IANA name (the longest is about 32 characters) and the width of the zone columns."""

EXAMPLE = "use an IANA name such as Europe/Zurich"


class ZoneError(RuleError):
    """Not a time zone; the message says why, for the user (the name is shortened when long)."""


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    """Lower-cased IANA key -> the key, read once (listing the zone database costs a few ms)."""
    return {key.lower(): key for key in available_timezones()}


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Folders of the zone database (``europe``, ``america/argentina``), lower-cased -> a zone in it."""
    found: dict[str, str] = {}
    for lower, key in sorted(_keys().items()):
        parts = lower.split("/")
        for depth in range(1, len(parts)):
            found.setdefault("/".join(parts[:depth]), key)
    return found


def shown(text: str, limit: int = 40) -> str:
    """``text`` as it may be echoed in a reply: one line, at most ``limit`` characters."""
    flat = "".join(ch if ch.isprintable() else "?" for ch in text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; `ZoneError` (a `ValueError`) naming the problem otherwise."""
    text = name.strip()
    if len(text) > MAX_NAME:
        raise ZoneError(f"that time zone name is too long ({len(text)} characters); {EXAMPLE}")
    key = _keys().get(text.lower())
    if key is None:
        example = _regions().get(text.lower())
        if example is not None:
            raise ZoneError(
                f"`{shown(text)}` is a region, not a time zone; name a city in it, e.g. {example}"
            )
        raise ZoneError(f"unknown time zone `{shown(text)}`; {EXAMPLE}")
    try:
        return ZoneInfo(key)
    except (OSError, ValueError):  # listed but unreadable: a damaged zone database
        raise ZoneError(f"unknown time zone `{shown(text)}`; {EXAMPLE}") from None


def zone_or(name: str | None, fallback: str) -> ZoneInfo:
    """The zone ``name`` if it is one (a stored value may predate this check), else ``fallback``'s."""
    if name:
        try:
            return zone(name)
        except ZoneError:
            pass
    try:
        return zone(fallback)
    except ZoneError:
        return ZoneInfo("UTC")
