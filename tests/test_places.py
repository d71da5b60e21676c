"""Places named in words resolve to IANA zones; words that are not places resolve to nothing."""

from __future__ import annotations

import pytest

from schedules.places import find_place, zone_for_place


@pytest.mark.parametrize(
    ("name", "zone"),
    [
        ("Zurich", "Europe/Zurich"),
        ("zurich time", "Europe/Zurich"),
        ("Geneva", "Europe/Zurich"),
        ("New York", "America/New_York"),
        ("Wellington", "Pacific/Auckland"),
        ("Ottawa", "America/Toronto"),
        ("San José", "America/Costa_Rica"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("The Hague", "Europe/Amsterdam"),
        ("Kyiv", "Europe/Kyiv"),
    ],
)
def test_places_resolve_to_their_zone(name: str, zone: str) -> None:
    assert zone_for_place(name) == zone


@pytest.mark.parametrize("name", ["", "time", "blue moon", "north", "christmas", "Europe", "UTC+2"])
def test_words_that_are_not_places(name: str) -> None:
    assert zone_for_place(name) is None


def test_the_longest_name_in_a_sentence_wins() -> None:
    assert find_place("what is the time in new york now") == ("new york", "America/New_York")
    assert find_place("nothing here") is None
