"""Forms through the core: a submission is a `Command` whose ``values`` are typed (field -> value), sent
through the dispatcher, so access, unknown options and refusals apply as to a typed line; `activity <id>
set` is one command and one transaction; a form is declared from a command's options (`FormPart`)."""

from __future__ import annotations

from collections.abc import Mapping

from handlers.core import Actor, Command, FormPart, Reply, Status, Value
from handlers.knowledge.program import ACTIVITY_SET
from tests.support.dialogue import CONSOLE, Dialogue


async def submit(bot: Dialogue, text: str, values: Mapping[str, Value], as_: str = "admin") -> Reply:
    command = Command(Actor("console", as_, display_name=as_), CONSOLE, text, values=dict(values))
    reply = await bot.app.handle(command)
    assert reply is not None
    return reply


async def test_typed_values_keep_quotes_and_are_never_parsed_again(bot: Dialogue) -> None:
    title = 'The "Troika" call\'s agenda=none \\'
    reply = await submit(
        bot,
        "meeting new",
        {
            "title": title,
            "rrule": "FREQ=WEEKLY;INTERVAL=4",
            "start": "2027-01-12",
            "at": "15:00",
            "tz": "Europe/Zurich",
            "participants": ("Estonia", "Switzerland"),
        },
    )

    assert reply.ok, reply.text
    series = await bot.app.services.meetings.get(1)
    assert series is not None and series.title == title
    assert [p.ref for p in series.participants] == ["Estonia", "Switzerland"]
    assert series.agenda in (None, "")


async def test_typed_values_go_through_access_and_the_declared_options(bot: Dialogue) -> None:
    denied = await submit(bot, "activity 3B.3 set", {"status": "done"}, as_="mallory")
    assert denied.status is Status.DENIED
    unknown = await submit(bot, "activity 3B.3 set", {"colour": "blue"})
    assert unknown.status is Status.USAGE and unknown.data["field"] == "colour"
    assert "`colour` is not an option of `activity ... set`" in unknown.text
    activity = await bot.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status is None


async def test_activity_set_saves_everything_at_once(bot: Dialogue) -> None:
    reply = await submit(
        bot,
        "activity 3B.3 set",
        {"status": "in progress", "lead": 'The "Support" Unit', "due": "2027-03-31", "note": "Drafted"},
    )

    assert reply.ok, reply.text
    assert "status set to in progress" in reply.text and "note added" in reply.text
    activity = await bot.app.services.knowledge.activity("3B.3")
    assert activity is not None
    assert (activity.status, activity.lead, str(activity.due)) == (
        "in progress",
        'The "Support" Unit',
        "2027-03-31",
    )
    assert [n.text for n in activity.notes] == ["Drafted"]


async def test_a_refused_value_changes_nothing_else(bot: Dialogue) -> None:
    for line, field in (
        ("activity 1A.2 set status=done lead=Jane Doe due=2027-02-30 note=Nearly", "due"),
        ("activity 1A.2 set status=someday lead=Jane Doe", "status"),
        ("activity 1A.2 set lead=Jane due=31/03/2027", "due"),
    ):
        await bot.refuses(line, status=Status.USAGE, words="", field=field, unchanged=("activity_notes",))
    activity = await bot.app.services.knowledge.activity("1A.2")
    assert activity is not None
    assert (activity.status, activity.lead, activity.due, activity.notes) == (None, None, None, ())


async def test_activity_set_typed_in_one_line(bot: Dialogue) -> None:
    reply = await bot.say("activity 1A.2 set status=done lead=Jane Doe")

    assert reply.ok, reply.text
    activity = await bot.app.services.knowledge.activity("1A.2")
    assert activity is not None and (activity.status, activity.lead) == ("done", "Jane Doe")


async def test_without_values_the_form_is_declared_from_the_options(bot: Dialogue) -> None:
    await bot.say("activity 1A.2 lead Jane Doe")

    reply = await bot.say("activity 1A.2 set")

    assert reply.ok and reply.private
    [form] = reply.parts
    assert isinstance(form, FormPart)
    assert form.command == "activity 1A.2 set"
    assert [f.name for f in form.fields] == [o.name for o in ACTIVITY_SET.options]
    values = {f.name: f.value for f in form.fields}
    assert values == {"status": None, "lead": "Jane Doe", "due": None, "note": None}
    status = next(f for f in form.fields if f.name == "status")
    assert status.kind == "choice" and "in progress" in status.choices
    # a platform without forms shows the fields and the line to type
    assert "activity 1A.2 set [status=<Status>]" in form.typed
