"""Without `kind=`, a new series' kind (and so its activity) comes from its title or participant groups."""

from __future__ import annotations

import pytest

from handlers.meetings.input import inferred_kind
from tests.support.dialogue import Dialogue


@pytest.mark.parametrize(
    ("title", "participants", "kind"),
    [
        ("Troika call", "Estonia,Switzerland", "troika"),
        ("Monthly sync", "troika", "troika"),
        ("Geneva network call", "Estonia", "network"),
        ("Catch-up", "network=geneva", "network"),
        ("Quarterly update with missions", "members", "quarterly"),
        ("S&C meeting", "all", "strategy"),
        ("Budget call", "Estonia", "custom"),
        ("Networking lunch", "Estonia", "custom"),
    ],
)
def test_kind_from_title_or_groups(title: str, participants: str, kind: str) -> None:
    assert inferred_kind(title, participants) == kind


async def test_an_explicit_kind_wins_and_the_inferred_one_links_its_activity(bot: Dialogue) -> None:
    made = await bot.say(
        'meeting new "Troika call" rrule=FREQ=MONTHLY;BYDAY=2TU start=2027-01-01 at=15:00 tz=Europe/Zurich '
        "participants=Estonia,Switzerland"
    )
    assert made.ok and "(troika)" in made.text, made.text
    assert (await bot.say("meeting show 1")).data["activity"] == "3A.2"
    custom = await bot.say(
        'meeting new "Troika prep" kind=custom rrule=FREQ=WEEKLY start=2027-01-04 at=09:00 tz=UTC '
        "participants=Estonia"
    )
    assert custom.ok and "(custom)" in custom.text
