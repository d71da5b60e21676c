"""Places people name for a time zone: the cities of the IANA database ("Zurich", "New York", "Buenos
Aires") and capitals or meeting cities whose zone is named after another city ("Wellington", "Geneva").

Pure: a name in, an IANA zone name (or None) out. Names are matched without case or accents.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from zoneinfo import available_timezones

# Cities whose zone carries another city's name: the capitals of FOC members and observers, the cities
# of the diplomatic networks, and a few other places staff name. The zone is where the city keeps time.
ALIASES: dict[str, str] = {
    "abuja": "Africa/Lagos",
    "beijing": "Asia/Shanghai",
    "bern": "Europe/Zurich",
    "berne": "Europe/Zurich",
    "canberra": "Australia/Sydney",
    "geneva": "Europe/Zurich",
    "hague": "Europe/Amsterdam",
    "the hague": "Europe/Amsterdam",
    "kiev": "Europe/Kyiv",
    "male": "Indian/Maldives",
    "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new york city": "America/New_York",
    "nyc": "America/New_York",
    "ottawa": "America/Toronto",
    "praia": "Atlantic/Cape_Verde",
    "pretoria": "Africa/Johannesburg",
    "san jose": "America/Costa_Rica",
    "strasbourg": "Europe/Paris",
    "ulan bator": "Asia/Ulaanbaatar",
    "washington": "America/New_York",
    "washington dc": "America/New_York",
    "washington d.c.": "America/New_York",
    "wellington": "Pacific/Auckland",
}
_REGIONS = ("Africa/", "America/", "Asia/", "Atlantic/", "Australia/", "Europe/", "Indian/", "Pacific/")
# Zone names that are English words or regions rather than a city someone would name for a clock.
_NOT_PLACES = frozenset(
    {
        "act",
        "center",
        "christmas",
        "easter",
        "lhi",
        "north",
        "nsw",
        "queensland",
        "south",
        "tasmania",
        "victoria",
        "wake",
        "west",
        "yancowinna",
    }
)
_SPACES = re.compile(r"[\s_]+")
_TRAILING = re.compile(r"\s+(?:time|local time|city)$")


def _key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", plain.replace("’", "'")).strip(" ?.!,'\"").lower()


@cache
def _cities() -> dict[str, str]:
    """The last part of every canonical IANA zone ("America/Argentina/Buenos_Aires" -> "buenos aires")."""
    found: dict[str, str] = {}
    for zone in sorted(available_timezones()):
        if not zone.startswith(_REGIONS):
            continue
        city = _key(zone.rsplit("/", 1)[1])
        if city not in _NOT_PLACES:
            found.setdefault(city, zone)
    return found


def zone_for_place(name: str) -> str | None:
    """The IANA zone of a place named in words ("Zurich", "Zurich time", "san josé"), or None."""
    key = _TRAILING.sub("", _key(name))
    if not key:
        return None
    return ALIASES.get(key) or _cities().get(key)


def find_place(text: str, max_words: int = 3) -> tuple[str, str] | None:
    """The first place named in ``text`` (the longest name at each position) and its zone, or None."""
    words = [w for w in _key(text).replace("?", " ").split(" ") if w]
    for start in range(len(words)):
        for size in range(min(max_words, len(words) - start), 0, -1):
            phrase = " ".join(words[start : start + size])
            if zone := zone_for_place(phrase):
                return phrase, zone
    return None
