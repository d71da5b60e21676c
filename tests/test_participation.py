"""`participation`: per member country over a window, RSVPs and named survey responses, quiet first;
anonymous responses never count; a chart and `data.members` for `--json`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from handlers.core import FileAttachment, Status, Table
from tests.support.dialogue import Dialogue
from tests.support.meetings import TROIKA
from tests.support.surveys import open_survey, png_size

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
AFTER_FIRST_CALL = datetime(2027, 1, 13, 9, 0, tzinfo=UTC)


def member(reply_data: dict[str, Any], country: str) -> dict[str, Any]:
    [found] = [m for m in reply_data["members"] if m["country"] == country]
    return found


@pytest.fixture(autouse=True)
async def _people(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)
    await bot.say("tz for console:kadri member=Estonia")
    await bot.say("focal Switzerland add alice")
    await bot.say("focal Canada add luc")


async def test_the_silent_countries_come_first_and_anonymous_answers_never_count(bot: Dialogue) -> None:
    assert (await bot.say(TROIKA)).ok
    assert (await bot.say("meeting rsvp 1 yes", as_="kadri")).ok  # Estonia: one call
    assert (await bot.say("meeting rsvp 1 no", as_="alice")).ok  # Switzerland: an answer, not a yes
    named = await open_survey(bot, "to=alice,kadri,luc deadline=2027-01-20")
    anonymous = await open_survey(bot, "to=alice,kadri,luc anonymous deadline=2027-01-20")
    assert (await bot.say(f"survey answer {named} 14=1", as_="alice")).ok
    assert (await bot.say(f"survey answer {anonymous} 14=1", as_="luc")).ok  # Canada: anonymous only
    assert (await bot.say(f"survey answer {anonymous} 14=2", as_="kadri")).ok
    bot.clock.set(AFTER_FIRST_CALL)

    reply = await bot.say("participation")
    assert reply.ok, reply.text
    data = reply.data
    assert (data["since"], data["until"]) == ("2026-01-13", "2027-01-13")  # the last 12 months
    members = data["members"]
    flags = [m["inactive"] for m in members]
    assert flags == sorted(flags, reverse=True)  # every inactive member before every active one
    assert members[0]["inactive"] is True
    assert [m["country"] for m in members if not m["inactive"]] == ["Estonia", "Switzerland"]
    assert member(data, "Canada")["inactive"] is True  # its only response was anonymous
    assert member(data, "Canada")["survey_responses"] == 0
    estonia = member(data, "Estonia")
    assert (estonia["calls_rsvped_yes"], estonia["calls_attended_by_rsvp"], estonia["survey_responses"]) == (
        1,
        1,
        0,
    )
    assert estonia["last_activity"] == "2027-01-05"
    swiss = member(data, "Switzerland")
    assert (swiss["calls_rsvped_yes"], swiss["rsvps"], swiss["survey_responses"]) == (0, 1, 1)
    assert "United States" not in [m["country"] for m in members]  # former members are not listed
    assert "Canada" in data["inactive"] and "Estonia" not in data["inactive"]
    assert "no attendance record" in reply.text and "1B.4" in reply.text

    table = next(p for p in reply.parts if isinstance(p, Table))
    assert table.rows[-1][0] == "Switzerland" and table.rows[-1][-1] == "active"
    chart = next(p for p in reply.parts if isinstance(p, FileAttachment))
    assert chart.mimetype == "image/png" and png_size(chart.content)[1] > 400


async def test_the_window_and_one_member(bot: Dialogue) -> None:
    assert (await bot.say(TROIKA)).ok
    assert (await bot.say("meeting rsvp 1 2027-02-09 yes", as_="kadri")).ok
    bot.clock.set(AFTER_FIRST_CALL)
    one = await bot.say("participation Estonia")
    assert [m["country"] for m in one.data["members"]] == ["Estonia"]
    assert one.data["members"][0]["calls_rsvped_yes"] == 1
    assert one.data["members"][0]["calls_attended_by_rsvp"] == 0  # that call is still to come
    later = await bot.say("participation since 2027-01-06 Estonia")
    assert later.data["since"] == "2027-01-06"
    assert later.data["members"][0]["inactive"] is True  # the answer came before the window
    assert (await bot.say("participation since=2027-01-01 estonia")).data["members"][0]["inactive"] is False


async def test_the_answering_country_counts_even_after_the_focal_point_moves(bot: Dialogue) -> None:
    assert (await bot.say(TROIKA)).ok
    assert (await bot.say("meeting rsvp 1 yes", as_="luc")).ok  # for Canada
    assert (await bot.say("focal Canada remove luc")).ok
    data = (await bot.say("participation Canada")).data
    assert data["members"][0]["inactive"] is False


async def test_bad_input_and_access(bot: Dialogue) -> None:
    cases = [
        ("participation since", Status.USAGE, "needs a date", "since"),
        ("participation since 2027-13-01", Status.USAGE, "is not a date", "since"),
        ("participation since 2027-02-01", Status.USAGE, "in the future", "since"),
        ("participation every=1", Status.USAGE, "is not an option of `participation`", "every"),
        ("participation Narnia", Status.ERROR, "not a current member", "member"),
    ]
    for line, status, words, field in cases:
        await bot.refuses(line, status=status, words=words, field=field)
    assert (await bot.say("participation", as_="kadri")).status is Status.DENIED


async def test_nobody_active_everybody_flagged(bot: Dialogue) -> None:
    reply = await bot.say("participation")
    assert reply.ok and all(m["inactive"] for m in reply.data["members"])
    countries = [m["country"] for m in reply.data["members"]]
    assert countries == sorted(countries)
