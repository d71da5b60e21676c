"""Every id a command takes is read by one parser (`handlers.args.parse_id`): ASCII digits, 1 to 2**31-1.
A superscript digit, a number past SQLite's or PostgreSQL's integer, a 65,536-digit id: a short usage
refusal about the id, never "failed on my side" (issue 18 item 6). Run on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from handlers.core import Status
from tests.support.dialogue import Dialogue

BAD_IDS = ("²", "٣", "99999999999999999999", "2147483648", "9" * 65_536, "0", "-1", "1e3", "#")

COMMANDS = (
    ("reminder cancel {id}", "id", "reminder"),
    ("reminder stop {id}", "id", "reminder"),
    ("reminder snooze {id} 10m", "id", "reminder"),
    ("survey show {id}", "survey", "survey"),
    ("survey answer {id} 1=yes", "survey", "survey"),
    ("checkin show {id}", "checkin", "check-in"),
    ("checkin open {id}", "checkin", "check-in"),
    ("meeting show {id}", "meeting", "meeting"),
    ("meeting confirm {id} yes", "proposal", "proposal"),
)


@pytest.mark.parametrize(("template", "field", "what"), COMMANDS)
async def test_bad_ids_are_refused_not_crashed(bot: Dialogue, template: str, field: str, what: str) -> None:
    for ident in BAD_IDS:
        text = template.format(id=ident)
        reply = await bot.say(text)
        assert reply.status in (Status.USAGE, Status.ERROR), (text[:60], reply.text[:200])
        assert "failed on my side" not in reply.text
        assert len(reply.text) < 600, "the id is not echoed in full"
        if ident in ("²", "٣") and what != "meeting":  # not a number: how to give one
            assert reply.status is Status.USAGE and f"is not a {what} number" in reply.text, reply.text
            assert reply.data.get("field") == field
        if ident.startswith("9"):  # a number past any id: there is no such record
            assert reply.status is Status.ERROR and f"no {what}" in reply.text, (text[:60], reply.text[:200])


async def test_the_largest_id_is_looked_up(bot: Dialogue) -> None:
    reply = await bot.say("reminder cancel 2147483647")
    assert reply.status is Status.ERROR and "There is no active reminder 2147483647 of yours" in reply.text


@pytest.mark.parametrize(
    "text",
    [
        "meeting next ²",
        "meeting next count=²",
        "meeting next " + "9" * 5000,
        "goal ²",
        "goal " + "9" * 65_536,
        "troika current year=²",
        "troika current year=99999999999",
    ],
)
async def test_other_numbers_are_refused_not_crashed(bot: Dialogue, text: str) -> None:
    reply = await bot.say(text)
    assert "failed on my side" not in reply.text, (text[:40], reply.text[:200])
    assert len(reply.text) < 2000


@pytest.mark.parametrize(
    "text",
    [
        "focal " + "x" * (1 << 20) + " add console:kadri",
        "focal Estonia add console:" + "k" * 300,
        "remind me in 2 minutes to " + "x" * (1 << 20),
        "remind console:" + "k" * 300 + " in 2 minutes to x",
        "reminder cancel " + "x" * (1 << 20),
    ],
)
async def test_long_input_is_refused_before_storage_and_not_echoed(bot: Dialogue, text: str) -> None:
    """Text fields are capped before storage (a 300-character key crashed PostgreSQL's varchar(255)), and
    refusals echo at most a short piece of what was typed."""
    before = await bot.count("focal_points")
    reply = await bot.say(text)
    assert reply.status in (Status.USAGE, Status.ERROR), reply.text[:200]
    assert len(reply.text) < 1000, len(reply.text)
    assert await bot.count("focal_points") == before
    assert await bot.count("personal_reminders") == 0
