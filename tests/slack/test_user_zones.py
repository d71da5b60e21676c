"""The one zone rule on Slack: the user's own zone, else their Slack profile's, else their member country's
capital, else the default (handlers/user_zones.py), for the meeting form's default zone and for `tz`."""

from __future__ import annotations

from typing import Any

from tests.slack.conftest import ADMIN, SlackHarness


async def form_zone(slack: SlackHarness, user: str) -> str:
    slack.fake.calls.clear()
    await slack.command("meeting new", user=user, channel="C1")
    [opened] = slack.fake.of("views.open")
    blocks: dict[str, Any] = {b["block_id"]: b for b in opened.args["view"]["blocks"]}
    return str(blocks["tz"]["element"]["initial_value"])


async def test_the_meeting_form_defaults_to_the_members_capital_without_a_zone_of_ones_own(
    slack: SlackHarness,
) -> None:
    slack.fake.add_user("UJP", "Aiko", None)  # no tz in their Slack profile
    await slack.command("tz for slack:UJP member=Japan", user=ADMIN)
    await slack.command("admin add slack:UJP", user=ADMIN)

    assert await form_zone(slack, "UJP") == "Asia/Tokyo"

    await slack.command("tz", user="UJP")
    [answer] = slack.responses()
    assert "Asia/Tokyo (the capital of Japan)" in answer["text"]


async def test_a_profile_zone_comes_before_the_capital_and_after_ones_own(slack: SlackHarness) -> None:
    await slack.command("tz for slack:UADMIN member=Japan", user=ADMIN)
    assert await form_zone(slack, ADMIN) == "America/New_York"  # users.info's tz

    await slack.command("tz Europe/Tallinn", user=ADMIN)
    assert await form_zone(slack, ADMIN) == "Europe/Tallinn"
    users = slack.app.services.users
    await users.set_platform_zone("slack:UADMIN", at=slack.clock(), zone="America/Chicago")
    stored = await users.get("slack:UADMIN")
    assert stored is not None and (stored.timezone, stored.timezone_source) == ("Europe/Tallinn", "user")


async def test_tz_says_a_zone_came_from_the_profile(slack: SlackHarness) -> None:
    await slack.command("tz", user="U1")

    [answer] = slack.responses()
    assert "Europe/Zurich (from the chat profile;" in answer["text"]
    stored = await slack.app.services.users.get("slack:U1")
    assert stored is not None and stored.timezone_source == "platform"
