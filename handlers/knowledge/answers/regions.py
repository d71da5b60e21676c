"""Country data from country_converter (coco): UN regions and the name patterns it keeps for every country.

coco ships its table (`country_data.tsv`: short and official names, a regular expression that matches the
ways a country is written, including demonyms such as "swiss", ISO codes, the UN continent and sub-region)
with the package; it is read once with the csv module (no pandas import, no network).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

CONTINENTS = {"America": "Americas"}


@dataclass(frozen=True)
class CountryRow:
    short: str
    official: str
    pattern: re.Pattern[str]
    iso2: str
    iso3: str
    continent: str  # Africa, Americas, Asia, Europe, Oceania
    subregion: str  # UN M49 sub-region


@cache
def rows() -> tuple[CountryRow, ...]:
    path = resources.files("country_converter").joinpath("country_data.tsv")
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return tuple(
            CountryRow(
                r["name_short"],
                r["name_official"],
                re.compile(r["regex"], re.IGNORECASE),
                r["ISO2"],
                r["ISO3"],
                CONTINENTS.get(r["continent"], r["continent"]),
                r["UNregion"],
            )
            for r in reader
            if r.get("regex")
        )


@lru_cache(maxsize=4096)
def match(phrase: str) -> CountryRow | None:
    """The country whose coco pattern matches ``phrase`` ("swiss", "south korea", "britain"), if one does."""
    if len(phrase) < 4:
        return None
    found = [r for r in rows() if r.pattern.search(phrase)]
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=256)
def region_of(name: str) -> tuple[str, str]:
    """(UN continent, UN sub-region) of a country named as the seed names it; ("", "") when unknown."""
    row = match(name.lower())
    return (row.continent, row.subregion) if row is not None else ("", "")


REGION_WORDS: dict[str, tuple[str, str]] = {
    # phrase -> (field, value): field "continent", "subregion" or "latin"
    "africa": ("continent", "Africa"),
    "african": ("continent", "Africa"),
    "asia": ("continent", "Asia"),
    "asian": ("continent", "Asia"),
    "europe": ("continent", "Europe"),
    "european": ("continent", "Europe"),
    "oceania": ("continent", "Oceania"),
    "pacific": ("continent", "Oceania"),
    "americas": ("continent", "Americas"),
    "american continent": ("continent", "Americas"),
    "latin america": ("latin", "yes"),
    "latin american": ("latin", "yes"),
    "latam": ("latin", "yes"),
    "south america": ("subregion", "South America"),
    "south american": ("subregion", "South America"),
    "central america": ("subregion", "Central America"),
    "north america": ("subregion", "Northern America"),
    "north american": ("subregion", "Northern America"),
    "caribbean": ("subregion", "Caribbean"),
    "middle east": ("subregion", "Western Asia"),
    "east asia": ("subregion", "Eastern Asia"),
    "east asian": ("subregion", "Eastern Asia"),
    "western europe": ("subregion", "Western Europe"),
    "eastern europe": ("subregion", "Eastern Europe"),
    "northern europe": ("subregion", "Northern Europe"),
    "nordic": ("subregion", "Northern Europe"),
    "southern europe": ("subregion", "Southern Europe"),
    "west africa": ("subregion", "Western Africa"),
    "east africa": ("subregion", "Eastern Africa"),
    "north africa": ("subregion", "Northern Africa"),
    "baltic": ("group", "Baltic"),
    "baltics": ("group", "Baltic"),
    "baltic states": ("group", "Baltic"),
    "baltic countries": ("group", "Baltic"),
}
GROUPS: dict[str, frozenset[str]] = {"Baltic": frozenset(["Estonia", "Latvia", "Lithuania"])}
"""Groups of countries named by their own name, not a UN region ("the Baltic states")."""
