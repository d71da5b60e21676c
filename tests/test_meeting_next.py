"""`meeting next` readable (issue 13 #6): the asker's own calls by default, `all` for every series, each
participant's local time with weekday and date, grouped by identical local time, one list per call."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.adapters.slack import limits
from bot.adapters.slack.render import render_reply
from handlers.core import ItemList
from tests.support.dialogue import Dialogue

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
NORDIC = (
    'meeting new "Nordic-Pacific" rrule="FREQ=WEEKLY;BYDAY=TU" start=2027-01-12 at=14:00 tz=UTC '
    "participants=Estonia,Finland,Australia"
)
WEDNESDAY = (
    'meeting new "Wednesday sync" rrule="FREQ=WEEKLY;BYDAY=WE" start=2027-01-13 at=14:00 tz=UTC '
    "participants=console:alice,Australia"
)


@pytest.fixture(autouse=True)
def _early_january(bot: Dialogue) -> None:
    bot.clock.set(JAN_5)


async def test_local_times_carry_weekday_and_date_and_are_grouped(bot: Dialogue) -> None:
    assert (await bot.say(NORDIC)).ok and (await bot.say(WEDNESDAY)).ok
    reply = await bot.say("meeting next all 2", as_="bob")
    assert reply.ok and reply.text == "The next 2 call(s) of every series."
    tuesday, wednesday = reply.parts
    assert isinstance(tuesday, ItemList) and isinstance(wednesday, ItemList)
    assert (
        tuesday.title == "Meeting 1 Nordic-Pacific: Tue 12 Jan 2027 14:00 UTC, your time Tue 12 Jan 14:00 UTC"
    )
    assert tuesday.items == ("Estonia, Finland: Tue 12 Jan 16:00", "Australia: Wed 13 Jan 01:00")
    assert "Australia: Thu 14 Jan 01:00" in wednesday.items  # Wednesday 14:00 UTC is Thursday in Canberra
    first = reply.data["occurrences"][0]
    assert first["start"] == "2027-01-12T14:00:00+00:00"
    assert first["local"] == {
        "Estonia": "2027-01-12T16:00:00+02:00",
        "Finland": "2027-01-12T16:00:00+02:00",
        "Australia": "2027-01-13T01:00:00+11:00",
    }
    assert first["local_groups"] == [
        {
            "time": "Tue 12 Jan 16:00",
            "participants": ["Estonia", "Finland"],
            "zones": ["Europe/Tallinn", "Europe/Helsinki"],
        },
        {"time": "Wed 13 Jan 01:00", "participants": ["Australia"], "zones": ["Australia/Sydney"]},
    ]


async def test_by_default_the_askers_own_calls(bot: Dialogue) -> None:
    assert (await bot.say(NORDIC)).ok and (await bot.say(WEDNESDAY)).ok
    await bot.say("tz for console:kadri member=Estonia")
    kadri = await bot.say("meeting next", as_="kadri")  # through her member country
    assert kadri.ok and kadri.text.startswith("Your next 5 call(s); `meeting next all` for every series.")
    assert {o["series"] for o in kadri.data["occurrences"]} == {1} and kadri.data["scope"] == "mine"
    alice = await bot.say("meeting next", as_="alice")  # named herself
    assert {o["series"] for o in alice.data["occurrences"]} == {2}
    assert (await bot.say("focal Finland add console:liisa")).ok
    liisa = await bot.say("meeting next", as_="liisa")  # a focal point speaks for Finland
    assert {o["series"] for o in liisa.data["occurrences"]} == {1}
    bob = await bot.say("meeting next", as_="bob")
    assert bob.ok and bob.data["occurrences"] == []
    assert bob.text == (
        "You take part in no meeting series (yourself or through your member country). "
        "`meeting next all` lists the next calls of every series."
    )
    assert {o["series"] for o in (await bot.say("meeting next all 10", as_="bob")).data["occurrences"]} == {
        1,
        2,
    }


async def test_bad_next_input_is_refused(bot: Dialogue) -> None:
    assert (await bot.say(NORDIC)).ok
    for text in ("meeting next all soon", "meeting next all 3 4", "meeting next 1 3 4"):
        reply = await bot.say(text)
        assert (
            reply.status.value == "usage" and "meeting next [all | <meeting> [all]] [<count>]" in reply.text
        ), text
    unknown = await bot.say("meeting next soon")  # a word is a title: no series is called that
    assert unknown.status.value == "error" and "soon" in unknown.text


async def test_a_long_listing_is_split_within_slack_limits_and_data_stays_complete(bot: Dialogue) -> None:
    assert (
        await bot.say(
            'meeting new "Everyone" rrule="FREQ=DAILY" start=2027-01-06 at=12:00 tz=UTC participants=all'
        )
    ).ok
    reply = await bot.say("meeting next 1 all 50")
    assert reply.ok and len(reply.data["occurrences"]) == 50
    assert all(len(o["local"]) >= 40 for o in reply.data["occurrences"])
    rendered = render_reply(reply)
    assert len(rendered.messages) > 1 or rendered.files  # too long for one message: split (or a file)
    for message in rendered.messages:
        assert len(message.blocks) <= limits.MESSAGE_BLOCKS
        assert all(len(b.get("text", {}).get("text", "")) <= limits.SECTION_TEXT for b in message.blocks)


async def test_a_call_of_many_countries_is_short_by_default_and_all_lists_each(bot: Dialogue) -> None:
    everyone = (
        'meeting new "Everyone" rrule="FREQ=MONTHLY;BYDAY=2TU" start=2027-01-06 at=15:00 '
        "tz=Europe/Zurich participants=all"
    )
    assert (await bot.say(everyone)).ok
    await bot.say("tz Asia/Tokyo", as_="aiko")
    short = await bot.say("meeting next all 3", as_="aiko")
    assert short.ok and len(short.parts) == 3
    first = short.parts[0]
    assert isinstance(first, ItemList)
    assert first.title == (
        "Meeting 1 Everyone: Tue 12 Jan 2027 15:00 Europe/Zurich, your time Tue 12 Jan 23:00 Asia/Tokyo"
    )
    (line,) = first.items
    people = len(short.data["occurrences"][0]["local"])
    assert people >= 40 and line.startswith(f"{people} participants at ")
    assert "`meeting next 1 all` lists each one's" in line
    assert len(render_reply(short).messages) == 1  # short: one message, a few lines
    full = await bot.say("meeting next 1 all 1", as_="aiko")
    assert full.ok and full.data["every_participant"] and len(full.parts) == 1
    (listing,) = full.parts
    assert isinstance(listing, ItemList) and len(listing.items) > 3
    shown = ", ".join(listing.items)
    assert all(country in shown for country in full.data["occurrences"][0]["local"])
    titled = await bot.say("meeting next everyone all 1", as_="aiko")
    assert titled.ok and titled.parts == full.parts
