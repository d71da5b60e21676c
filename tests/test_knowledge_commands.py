"""Dialogues with the bot about the Program of Action and the directory: good input and bad."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers.core import Status, Table
from tests.support.dialogue import Dialogue

READS = pytest.mark.asyncio(loop_scope="module")
"""On the module's one app (`reading_bot`): the test only reads. Tests that write take `bot`."""


@READS
async def test_activity_shows_full_text_objective_and_source(reading_bot: Dialogue) -> None:
    reply = await reading_bot.say("activity 3B.3", as_="alice")
    assert reply.ok
    assert "Conduct a survey of the Support Unit's operations" in reply.text
    assert "Objective 3B" in reply.text
    assert "Status: not set" in reply.text
    assert reply.data["id"] == "3B.3"
    assert reply.data["source"] == "Program of Action 2023, objective 3B, activity 3"


@READS
@pytest.mark.parametrize("spelling", ["3b3", "3B-3", "3b.3", "activity3B.3"])
async def test_activity_ids_are_read_leniently(reading_bot: Dialogue, spelling: str) -> None:
    reply = await reading_bot.say(f"activity {spelling}")
    assert reply.ok and reply.data["id"] == "3B.3"


@READS
@pytest.mark.parametrize(
    ("text", "status", "fragment"),
    [
        ("activity 9Z.1", Status.USAGE, "not an activity id"),
        ("activity 1A.11", Status.ERROR, "no activity 1A.11"),
        ("activity", Status.USAGE, "Which activity"),
        ("activity 1A.1 colour red", Status.USAGE, "unknown field"),
    ],
)
async def test_activity_bad_input(reading_bot: Dialogue, text: str, status: Status, fragment: str) -> None:
    reply = await reading_bot.say(text)
    assert reply.status is status
    assert fragment in reply.text


async def test_admin_tracks_an_activity(bot: Dialogue) -> None:
    bot.clock.set(datetime(2027, 1, 15, 10, 30, tzinfo=UTC))
    assert (await bot.say("activity 1A.2 status in-progress")).ok
    assert (await bot.say('activity 1A.2 lead "Geneva network team"')).ok
    assert (await bot.say("activity 1A.2 due 2027-03-31")).ok
    assert (await bot.say("activity 1A.2 note Geneva and Paris POCs named")).ok
    reply = await bot.say("activity 1A.2", as_="bob")
    assert "Status: in progress" in reply.text
    assert "Lead: Geneva network team" in reply.text
    assert "Due: 2027-03-31" in reply.text
    assert reply.data["notes"] == [
        {"author": "admin", "text": "Geneva and Paris POCs named", "at": "2027-01-15T10:30:00+00:00"}
    ]
    listing = await bot.say("activities status in progress")
    assert [a["id"] for a in listing.data["activities"]] == ["1A.2"]


@pytest.mark.parametrize(
    "text",
    ["activity 1A.2 status finished", "activity 1A.2 due 31/03/2027", "activity 1A.2 due 2027-02-31"],
)
async def test_bad_activity_updates_change_nothing(bot: Dialogue, text: str) -> None:
    reply = await bot.say(text)
    assert reply.status is Status.USAGE
    after = await bot.say("activity 1A.2")
    assert after.data["status"] is None and after.data["due"] is None


async def test_non_admin_cannot_edit_and_nothing_changes(bot: Dialogue) -> None:
    for text in (
        "activity 1A.2 status done",
        "network geneva poc Mallory",
        "troika set next=Chile",
        "admin add console:mallory",
    ):
        reply = await bot.say(text, as_="mallory")
        assert reply.status is Status.DENIED, text
        assert "Only admins" in reply.text
    assert (await bot.say("activity 1A.2")).data["status"] is None
    assert (await bot.say("network geneva")).data["poc"] is None
    assert (await bot.say("troika")).data["set_by"] is None
    assert "console:mallory" not in (await bot.say("admin list")).data["admins"]


async def test_admin_add_grants_rights(bot: Dialogue) -> None:
    assert (await bot.say("admin add console:carol")).ok
    assert (await bot.say("activity 3A.2 status done", as_="carol")).ok
    assert (await bot.say("admin add slack:U0123ABC")).ok
    assert (await bot.say("admin add @alice:example.org")).data["admin"] == "matrix:@alice:example.org"
    assert (await bot.say("admin add alice")).status is Status.USAGE
    assert (await bot.say("admin remove console:carol")).ok
    assert (await bot.say("activity 3A.2 status planned", as_="carol")).status is Status.DENIED
    assert (await bot.say("admin remove console:admin")).status is Status.ERROR


@READS
async def test_activities_filters(reading_bot: Dialogue) -> None:
    assert len((await reading_bot.say("activities")).data["activities"]) == 33
    assert len((await reading_bot.say("activities goal 2")).data["activities"]) == 4
    assert len((await reading_bot.say("activities objective 1a")).data["activities"]) == 10
    assert len((await reading_bot.say("activities status unset")).data["activities"]) == 33
    table = (await reading_bot.say("activities goal 3")).parts[0]
    assert isinstance(table, Table) and table.rows[0][0] == "3A.1"
    for bad in ("activities goal", "activities status later"):
        assert (await reading_bot.say(bad)).status is Status.USAGE
    # not a filter: a question that starts with the command word (issue 19)
    question = await reading_bot.say("activities about spyware")
    assert question.ok and [r["id"] for r in question.data["records"]] == ["1A.4"]


@READS
async def test_goals_and_objectives(reading_bot: Dialogue) -> None:
    goal = await reading_bot.say("goal 3")
    assert goal.data["objectives"] == ["3A", "3B", "3C", "3D"]
    assert "operating mechanics" in goal.text
    assert (await reading_bot.say("goal 4")).status is Status.ERROR
    assert (await reading_bot.say("goal two")).status is Status.USAGE
    assert len((await reading_bot.say("goals")).data["goals"]) == 3
    objective = await reading_bot.say("objective 3b")
    assert objective.data["activities"] == ["3B.1", "3B.2", "3B.3", "3B.4", "3B.5"]
    assert (await reading_bot.say("objective 4Z")).status is Status.USAGE
    assert (await reading_bot.say("objective 3E")).status is Status.USAGE
    assert len((await reading_bot.say("objective")).data["objectives"]) == 7


@READS
async def test_task_forces_by_key_and_by_words(reading_bot: Dialogue) -> None:
    assert len((await reading_bot.say("taskforce")).data["taskforces"]) == 5
    assert (await reading_bot.say("taskforce TFAIR")).data["id"] == "TFAIR"
    assert (await reading_bot.say("taskforce shutdowns")).data["id"] == "TFIS"
    assert (await reading_bot.say("taskforce digital equality")).data["id"] == "TFDE"
    reply = await reading_bot.say("taskforce tfis")
    assert "United Kingdom, with Access Now and GNI" in reply.text
    assert (await reading_bot.say("taskforce zzzqqq")).status is Status.ERROR


@READS
async def test_statements_by_year_and_words(reading_bot: Dialogue) -> None:
    titles = [s["title"] for s in (await reading_bot.say("statement 2020")).data["statements"]]
    assert len(titles) == 5 and "Joint Statement on Digital Inclusion" in titles
    surveillance = (await reading_bot.say("statement surveillance")).data["statements"]
    assert surveillance[0]["year"] in {"2014", "2023"}
    assert (await reading_bot.say("statement 1999")).status is Status.ERROR
    assert len((await reading_bot.say("statements")).data["statements"]) == 19


async def test_networks_and_points_of_contact(bot: Dialogue) -> None:
    cities = [n["city"] for n in (await bot.say("network")).data["networks"]]
    assert sorted(cities) == ["Geneva", "New York", "Paris", "Vienna"]
    assert (await bot.say("network geneva")).data["poc"] is None
    assert (await bot.say('network "new york" poc "Sam Lee (Canada)"')).ok
    assert (await bot.say("network new-york")).data["poc"] == "Sam Lee (Canada)"
    assert (await bot.say("network london")).status is Status.ERROR
    assert (await bot.say("network vienna poc")).status is Status.USAGE


@READS
async def test_members(reading_bot: Dialogue) -> None:
    listing = await reading_bot.say("member")
    assert len(listing.data["members"]) == 41
    assert listing.data["former"] == ["United States"]
    assert listing.data["observers"] == ["Taiwan"]
    estonia = await reading_bot.say("member estonia")
    assert estonia.data["timezone"] == "Europe/Tallinn"
    assert "Chair: 2013-2014, 2025" in estonia.text
    assert "now Sat 11:00" in estonia.text  # 09:00 UTC on 28 Nov 2026 is 11:00 in Tallinn
    assert (await reading_bot.say("member denmark")).data["joined"] is None
    assert (await reading_bot.say("member usa")).data["status"] == "former"
    assert (await reading_bot.say("member Atlantis")).status is Status.ERROR


@READS
async def test_chairs_and_troika(reading_bot: Dialogue) -> None:
    chairs = (await reading_bot.say("chairs")).data["chairs"]
    assert {"year": "2023", "chair": "United States"} in [
        {"year": c["year"], "chair": c["chair"]} for c in chairs
    ]
    troika = await reading_bot.say("troika")
    assert (troika.data["past"], troika.data["current"], troika.data["next"]) == (
        "Estonia",
        "Switzerland",
        None,
    )
    assert troika.data["set_by"] is None
    saved = await reading_bot.say('troika set next="Republic of Korea"')
    assert saved.ok and saved.data["next"] == "Republic of Korea"
    assert (await reading_bot.say("troika", as_="bob")).data["set_by"] == "console:admin"
    assert (await reading_bot.say("troika set next=Atlantis")).status is Status.ERROR
    assert (await reading_bot.say("troika")).data["next"] == "Republic of Korea"
    assert (await reading_bot.say("troika set colour=red")).status is Status.USAGE


@READS
async def test_ask_gives_best_answer_and_alternatives(reading_bot: Dialogue) -> None:
    reply = await reading_bot.say("ask rapid response mechanism")
    assert reply.ok
    assert reply.data["results"][0]["id"] == "1B.3"
    assert "rapid response mechanism" in reply.text
    assert len(reply.data["results"]) <= 3
    assert (await reading_bot.say("ask")).status is Status.USAGE


@READS
async def test_unknown_command_names_the_closest(reading_bot: Dialogue) -> None:
    reply = await reading_bot.say("activty 3B.3")
    assert reply.status is Status.USAGE
    assert "Did you mean `activity`" in reply.text
    plain = await reading_bot.say("xyzzy")  # not a command nor a near-miss of one: a question
    assert plain.ok and plain.data["kind"] == "none"
    unbalanced = await reading_bot.say('activity 1A.2 lead "Jane')  # an unbalanced quote is plain text
    assert unbalanced.ok and "Jane" in unbalanced.text
    assert (await reading_bot.say("")).status is Status.USAGE


@READS
async def test_help_lists_every_command_and_each_usage(reading_bot: Dialogue) -> None:
    overview = await reading_bot.say("help")
    for name in (
        "ask",
        "activity",
        "activities",
        "goal",
        "objective",
        "taskforce",
        "statement",
        "network",
        "member",
        "chairs",
        "troika",
        "admin",
        "help",
    ):
        assert name in overview.data["commands"]
        usage = await reading_bot.say(f"help {name}")
        assert usage.ok and usage.data["command"] == name
    assert (await reading_bot.say("help activty")).data["command"] == "activity"


@READS
async def test_the_bot_ignores_bots(reading_bot: Dialogue) -> None:
    from handlers.core import Actor, Command

    reply = await reading_bot.app.handle(
        Command(Actor("console", "focbot", is_bot=True), bot_place(), "help")
    )
    assert reply is None


def bot_place():  # type: ignore[no-untyped-def]
    from tests.support.dialogue import CONSOLE

    return CONSOLE


@READS
async def test_unparsable_text_from_a_bot_is_ignored_too(reading_bot: Dialogue) -> None:
    from handlers.core import Actor, Command

    reply = await reading_bot.app.handle(
        Command(Actor("console", "focbot", is_bot=True), bot_place(), 'help "open')
    )
    assert reply is None


async def test_network_point_of_contact_is_searchable(bot: Dialogue) -> None:
    assert (await bot.say('network paris poc "Claire Martin"')).ok
    results = (await bot.say("ask who is the point of contact in Paris")).data["results"]
    assert any("Claire Martin" in r["text"] for r in results)
