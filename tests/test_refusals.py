"""One error model: the core raises `handlers.errors.Refusal`; the dispatcher's `refusals` middleware makes
the private reply, its first letter capitalised once, with `data["field"]` naming the input it is about."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from handlers.core import Status
from tests.support.dialogue import Dialogue

NEW = 'meeting new "Troika call" rrule=FREQ=WEEKLY start=2027-01-12 at=15:00 participants=Estonia'


async def surveys(bot: Dialogue) -> list[tuple[str, int]]:
    async with bot.app.db.transaction() as s:
        return [tuple(r) for r in (await s.execute(text("SELECT status, audience_size FROM surveys"))).all()]


@pytest.mark.parametrize(
    ("line", "status", "field", "start"),
    [
        (f"{NEW} tz=Mars/Base", Status.USAGE, "tz", "Unknown time zone `Mars/Base`"),
        (f"{NEW} reminders=soon", Status.USAGE, "reminders", "`soon` is not a reminder offset"),
        ('meeting new "" rrule=FREQ=WEEKLY', Status.USAGE, "title", "The meeting needs a title"),
        (NEW.replace("start=2027-01-12", "start=2027-02-30"), Status.USAGE, "start", "`2027-02-30` is not"),
        ("meeting show 99", Status.ERROR, "meeting", "There is no meeting 99; `meeting list` shows them."),
        ("meeting rsvp 1 perhapsnot", Status.USAGE, "answer", "`perhapsnot` is not an answer"),
        ("tz Mars/Olympus", Status.USAGE, "tz", "Unknown time zone `Mars/Olympus`"),
        ("participation since 2026-13-01", Status.USAGE, "since", "`2026-13-01` is not a date"),
        ("survey show 7", Status.ERROR, "survey", "There is no survey 7."),
    ],
)
async def test_a_refusal_names_its_field_and_is_private(
    bot: Dialogue, line: str, status: Status, field: str, start: str
) -> None:
    reply = await bot.say(line)

    assert reply.status is status and reply.private, reply.text
    assert reply.text.startswith(start), reply.text
    assert reply.data["field"] == field
    assert "Usage:" not in reply.data["problem"] and reply.text.startswith(reply.data["problem"])


async def test_every_refusal_begins_with_a_capital_letter(bot: Dialogue) -> None:
    """The core's parsers write phrases; the middleware capitalises once. `survey open` without an
    audience used to answer "say who is asked, ..." in lower case."""
    await bot.say("survey new support-unit")

    reply = await bot.say("survey open 1")

    assert reply.status is Status.USAGE
    assert reply.text.startswith("Say who is asked, once:"), reply.text
    assert reply.data["field"] == "to"
    assert await surveys(bot) == [("draft", 0)]


async def test_survey_open_refuses_a_zone_folder_instead_of_failing(bot: Dialogue) -> None:
    """`tz=Europe` is a folder of the zone database: `ZoneInfo` raised IsADirectoryError, which the
    command did not catch ("Sorry, that failed on my side"). Zones are checked by schedules/zones.py."""
    await bot.say("survey new support-unit")

    reply = await bot.say("survey open 1 to=alice deadline=2027-01-20 tz=Europe")

    assert reply.status is Status.USAGE, reply.text
    assert reply.text == "`tz=Europe` is not a time zone: write e.g. `tz=Europe/Zurich`."
    assert reply.data["field"] == "tz"
    assert await surveys(bot) == [("draft", 0)]
