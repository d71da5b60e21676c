"""Country names as people write them, mapped to the names the seed data uses: the one country recogniser,
used by questions and by the commands that take a country (`member`, `troika set`).

pycountry supplies the ISO 3166 names, official names and common names; country_converter's patterns
(`regions.match`) add demonyms and other spellings ("swiss", "south korea"); `ALIASES` adds what both lack
(everyday names and abbreviations). Two- and three-letter codes count only when typed in capitals
("US", "UK"), so the words "is", "no" or "at" are never read as Iceland, Norway or Austria.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import pycountry
from rapidfuzz import fuzz, process

from handlers.knowledge.answers import regions

ALIASES = {
    "u.s": "United States",
    "the us": "United States",
    "the uk": "United Kingdom",
    "british": "United Kingdom",
    "korean": "Republic of Korea",
    "kenyan": "Kenya",
    "tunisian": "Tunisia",
    "mongolian": "Mongolia",
    "costa rican": "Costa Rica",
    "japanese": "Japan",
    "icelandic": "Iceland",
    "danish": "Denmark",
    "norwegian": "Norway",
    "swedish": "Sweden",
    "french": "France",
    "italian": "Italy",
    "spanish": "Spain",
    "polish": "Poland",
    "irish": "Ireland",
    "latvian": "Latvia",
    "lithuanian": "Lithuania",
    "slovak": "Slovakia",
    "slovenian": "Slovenia",
    "czech": "Czech Republic",
    "austrian": "Austria",
    "mexican": "Mexico",
    "argentinian": "Argentina",
    "argentine": "Argentina",
    "chilean": "Chile",
    "colombian": "Colombia",
    "armenian": "Armenia",
    "georgian": "Georgia",
    "moldovan": "Moldova",
    "australian": "Australia",
    "kiwi": "New Zealand",
    "taiwanese": "Taiwan",
    "usa": "United States",
    "u.s.a": "United States",
    "america": "United States",
    "american": "United States",
    "americans": "United States",
    "united states of america": "United States",
    "the states": "United States",
    "uk": "United Kingdom",
    "u.k": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "england": "United Kingdom",
    "south korea": "Republic of Korea",
    "korea": "Republic of Korea",
    "rok": "Republic of Korea",
    "czechia": "Czech Republic",
    "cape verde": "Cabo Verde",
    "holland": "Netherlands",
    "the netherlands": "Netherlands",
    "dutch": "Netherlands",
    "taiwan": "Taiwan",
    "moldova": "Moldova",
    "swiss": "Switzerland",
    "estonian": "Estonia",
    "canadian": "Canada",
    "german": "Germany",
    "finnish": "Finland",
    "ghanaian": "Ghana",
}
CODES_IN_CAPITALS = {
    "US": "United States",
    "USA": "United States",
    "UK": "United Kingdom",
    "ROK": "Republic of Korea",
}
_WORD = re.compile(r"[A-Za-zÀ-ÿ.]+(?:[-'’][A-Za-zÀ-ÿ]+)*")


@dataclass(frozen=True)
class Country:
    name: str  # the seed's name when the coalition knows the country, else the ISO short name
    known: bool  # a member, former member or observer in the seed


@cache
def _iso_names() -> dict[str, str]:
    """Lower-cased ISO names (name, official, common) -> the short name people use."""
    names: dict[str, str] = {}
    for entry in pycountry.countries:
        short = getattr(entry, "common_name", None) or entry.name
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            if value:
                names[value.lower()] = short
                if "," in value:  # "Korea, Republic of" -> "republic of korea"
                    head, _, tail = value.partition(",")
                    names[f"{tail.strip()} {head.strip()}".lower()] = short
    return names


def _canonical_table(known: tuple[str, ...]) -> dict[str, str]:
    """Every spelling -> the seed's name for the coalition's countries, the ISO short name for others."""
    table = dict(_iso_names())
    for name in known:
        table[name.lower()] = name
    by_iso: dict[str, str] = {}
    for name in known:
        try:
            entry = pycountry.countries.lookup(name)
        except LookupError:
            continue
        for attr in ("name", "official_name", "common_name"):
            value = getattr(entry, attr, None)
            if value:
                by_iso[value.lower()] = name
    for spelling, short in list(table.items()):
        if short.lower() in by_iso:
            table[spelling] = by_iso[short.lower()]
    for spelling, target in ALIASES.items():
        table[spelling] = by_iso.get(target.lower(), target)
    for spelling, iso_short in list(table.items()):
        for name in known:
            if iso_short.lower() == name.lower():
                table[spelling] = name
    return table


@cache
def _table_for(known: tuple[str, ...]) -> dict[str, str]:
    return _canonical_table(known)


NOT_COUNTRIES = frozenset({"chad", "jordan", "turkey", "guinea", "niger", "china town", "india ink"})


@cache
def _iso3_of(known: tuple[str, ...]) -> dict[str, str]:
    table = {}
    for name in known:
        row = regions.match(name.lower())
        if row is not None:
            table[row.iso3] = name
    return table


def _seed_name(iso3: str, known: tuple[str, ...]) -> str | None:
    return _iso3_of(known).get(iso3)


def find_country(text: str, known: Iterable[str]) -> str | None:
    """The one country ``text`` names (a command's argument: "south korea", "swiss", "uk"), else None."""
    found = find_countries(text, known)
    return found[0].name if len(found) == 1 else None


def find_countries(text: str, known: Iterable[str]) -> list[Country]:
    """The countries named in ``text``, in order, each once; typos of the coalition's countries too."""
    known_names = tuple(sorted(known))
    known_set = set(known_names)
    table = _table_for(known_names)
    words = [(m.group(0), m.start()) for m in _WORD.finditer(text)]
    found: list[str] = []
    i = 0
    while i < len(words):
        matched = 0
        for size in (4, 3, 2, 1):
            if i + size > len(words):
                continue
            raw = " ".join(w for w, _ in words[i : i + size])
            key = re.sub(r"(?:'s|’s|')$", "", raw.lower()).strip(".")
            name = table.get(key) or table.get(raw.lower())
            if name is None and size == 1 and raw in CODES_IN_CAPITALS:
                name = CODES_IN_CAPITALS[raw]
            if name is None and size == 1 and raw.rstrip(".") in CODES_IN_CAPITALS:
                name = CODES_IN_CAPITALS[raw.rstrip(".")]
            if name is not None and (len(key) > 3 or size > 1 or raw.isupper() or key in ALIASES):
                if name not in found:
                    found.append(name)
                matched = size
                break
        if not matched:
            for size in (2, 1):
                raw = " ".join(w for w, _ in words[i : i + size]).lower()
                if i + size > len(words) or len(raw) < 4 or raw in NOT_COUNTRIES:
                    continue
                row = regions.match(raw)
                if row is not None:
                    name = _seed_name(row.iso3, known_names) or row.short
                    if name not in found:
                        found.append(name)
                    matched = size
                    break
        if not matched:
            word = re.sub(r"(?:'s|’s)$", "", words[i][0]).strip(".")
            if (len(word) >= 5 and word[0].isupper()) or len(word) >= 6:
                best = process.extractOne(word.lower(), [n.lower() for n in known_names], scorer=fuzz.ratio)
                if best is not None and best[1] >= 85:
                    name = known_names[best[2]]
                    if name not in found:
                        found.append(name)
        i += max(matched, 1)
    return [Country(name, name in known_set) for name in found]
