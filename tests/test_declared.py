"""Commands declared once (handlers/declare.py): every form of every command in the catalog refuses an
option it does not have, naming it; usage, `help`, access and form fields come from the declaration."""

from __future__ import annotations

import pytest

from handlers.catalog import all_commands, registry
from handlers.core import Status
from handlers.declare import Form, fields
from handlers.meetings import forms as meeting_forms
from handlers.registry import CommandSpec
from tests.support.dialogue import Dialogue

FREE_TEXT = {("ask", None), ("remind", None), ("activity", "note"), ("survey", "import")}
"""The forms whose text is free (a question, a reminder's message, a note, YAML): ``key=value`` is text."""


def _line(spec: CommandSpec, form: Form) -> str:
    """A line that is ``form`` of ``spec`` (the handler is never reached: the option is refused first)."""
    words: list[str] = []
    if form.word is not None:
        words = [form.word] if form.at == 0 else ["1A.2"] * max(form.at, 1) + [form.word]
    elif spec.name == "activity":
        words = ["3B.3"]
    return " ".join([spec.name, *words, "bogus=1"])


CASES = [
    pytest.param(spec, form, id=_line(spec, form))
    for spec in all_commands()
    for form in spec.forms
    if (spec.name, form.word) not in FREE_TEXT
]


def test_the_free_text_forms_are_the_known_few() -> None:
    free = {(s.name, f.word) for s in all_commands() for f in s.forms if f.free_text}
    assert free == FREE_TEXT


READS = pytest.mark.asyncio(loop_scope="module")
"""On the module's one app (`reading_bot`): a refusal that must store nothing (checked on every table)."""


@pytest.mark.parametrize(("spec", "form"), CASES)
@READS
async def test_every_command_refuses_an_option_it_does_not_have(
    reading_bot: Dialogue, spec: CommandSpec, form: Form
) -> None:
    before = await reading_bot.stored()
    reply = await reading_bot.say(_line(spec, form))
    assert reply.status is Status.USAGE, reply.text
    assert reply.data["field"] == "bogus"
    assert reply.text.startswith(f"`bogus` is not an option of `{form.title(spec.name)}`")
    assert ("options: `" in reply.text) == bool(form.options or form.answers), reply.text
    assert await reading_bot.stored() == before


@pytest.mark.parametrize(
    "line",
    [
        "meeting list bogus=1",
        "activity 3B.3 bogus=1",
        "survey list bogus=1",
        "focal Ghana bogus=1",
        "reminders bogus=1",
        "chairs bogus=1",
        "checkin new quarterly-update bogus=1",
    ],
)
@READS
async def test_the_silent_ones_of_issue_21_refuse(reading_bot: Dialogue, line: str) -> None:
    before = await reading_bot.stored()
    await reading_bot.refuses(line, status=Status.USAGE, words="`bogus` is not an option of", field="bogus")
    assert await reading_bot.stored() == before


async def test_a_known_option_is_still_read(bot: Dialogue) -> None:
    reply = await bot.say("meeting next count=2")
    assert reply.ok, reply.text


def test_usage_comes_from_the_declaration() -> None:
    meeting = registry().get("meeting")
    assert meeting is not None
    new = next(line for line in meeting.admin_usage if line.startswith("meeting new"))
    assert new.startswith('meeting new "<title>" rrule="<RFC 5545 rule>" start=<YYYY-MM-DD> at=<HH:MM>')
    assert "[place=<platform:channel,...>]" in new
    assert "meeting list" in meeting.usage and "meeting list" not in meeting.admin_usage


def test_spaced_options_are_the_declared_ones() -> None:
    assert registry().spaced("meeting") == {"participants", "title", "location"}
    assert registry().spaced("tz") == {"member"}
    assert registry().spaced("survey") == frozenset()


def test_form_fields_are_typed() -> None:
    by_name = {f.name: f for f in fields(meeting_forms.NEW)}
    assert by_name["title"].required and by_name["start"].kind == "date" and by_name["at"].kind == "time"
    assert by_name["kind"].choices == meeting_forms.KINDS
    assert by_name["place"].aliases == ("places",)


@READS
async def test_help_shows_a_forms_options(reading_bot: Dialogue) -> None:
    reply = await reading_bot.say("help meeting move")
    assert reply.ok
    assert "meeting move <meeting> <YYYY-MM-DD> [to=<YYYY-MM-DD>] [at=<HH:MM>]" in reply.text
    assert "`to=`: The new date" in reply.parts[0].items[0]  # type: ignore[union-attr]
    assert reply.data["options"] == ["to", "at"]
