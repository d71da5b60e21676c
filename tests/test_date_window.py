"""Every date a person types goes through the one window of dates, 1970-2200 (`schedules.rules.check_date`,
issue 18 item 6): a date outside it is a short usage refusal about its field, nothing stored, never
"failed on my side", also where the bot's zone is east of UTC (year 1 there overflowed). Run on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest

from handlers.core import Status
from tests.support.dialogue import open_dialogue

OUTSIDE = "outside the supported dates (1970-2200)"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("participation since 0001-01-01", "since"),
        ("participation since 1969-12-31", "since"),
        ("activity 1A.1 due 9999-12-31", "due"),
        ("activity 1A.1 due 0001-01-01", "due"),
        ("remind me on 9999-12-31 at 9 to x", None),
        ("checkin new quarterly-update to=Japan start=9999-12-31", None),
    ],
)
async def test_a_date_outside_the_window_is_refused_east_of_utc(
    database_url: str, text: str, field: str | None
) -> None:
    async with open_dialogue(database_url, migrate=False, timezone="Asia/Tokyo") as bot:
        await bot.say("tz Pacific/Kiritimati")  # the asker east of UTC too (UTC+14)
        before = (await bot.say("activity 1A.1")).text
        reply = await bot.say(text)
        assert reply.status is Status.USAGE and OUTSIDE in reply.text, reply.text
        if field is not None:
            assert reply.data.get("field") == field, reply.data
        assert (await bot.say("activity 1A.1")).text == before  # no due date stored
        assert await bot.count("personal_reminders") == 0
        assert await bot.count("checkins") == 0
        assert (await bot.say("participation")).ok  # the default still works
