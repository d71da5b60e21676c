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


async def _count(bot: Dialogue, table: str) -> int:
    async with bot.app.db.transaction() as s:
        return int((await s.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one())


U, E, REM = Status.USAGE, Status.ERROR, "personal_reminders"


@pytest.mark.parametrize(
    ("line", "status", "field", "start", "table"),
    [
        ("remind me in 3 parsecs to call", U, "when", "`parsecs` is not a unit", REM),
        ("remind me tomorrow 9:00 Mars/Base to call", U, "tz", "Unknown time zone `Mars/Base`", REM),
        ("remind me in 10 minutes", U, "what", "Remind about what?", REM),
        ("reminder cancel 42", E, "id", "There is no active reminder 42 of yours", REM),
        ("reminder frobnicate 1", U, "action", "`reminder frobnicate` is not a `reminder` command.", REM),
        ("admin remove console:nobody", E, "user", "console:nobody is not an admin.", "users"),
        ("activity 1A.99", E, "activity", "There is no activity 1A.99.", "activity_notes"),
        ("activity 3B 3 status done", U, "activity", "Write the id as `3B.3`", "activity_notes"),
        ("network Atlantis poc Bob", E, "network", "No network `Atlantis`.", "networks"),
        ("troika set current=Atlantis", E, "current", "`Atlantis` is not a member I know", "troika"),
        ("survey new", U, "template", "Which template?", "surveys"),
        ("survey frobnicate", U, "action", "`survey frobnicate` is not a `survey` command.", "surveys"),
        (
            "focal Atlantis add console:bob",
            E,
            "country",
            "`Atlantis` is not a current member",
            "focal_points",
        ),
        ("tz for console:bob member=Atlantis", E, "member", "`Atlantis` is not a member I know", "users"),
    ],
)
async def test_converted_refusals_name_their_field_and_store_nothing(
    bot: Dialogue, line: str, status: Status, field: str, start: str, table: str
) -> None:
    """Refusals that used to be returned as `Reply.usage`/`Reply.error` (no field) are now raised."""
    before = await _count(bot, table)

    reply = await bot.say(line)

    assert reply.status is status and reply.private, reply.text
    assert reply.text.startswith(start), reply.text
    assert reply.data["field"] == field
    assert await _count(bot, table) == before
