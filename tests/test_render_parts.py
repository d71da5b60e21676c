"""Every renderer (console text, Matrix HTML, Slack blocks) handles every Part type, SurveyPrompt included."""

from __future__ import annotations

from typing import get_args

from bot.adapters.matrix.render import render
from bot.adapters.plaintext import render_text
from bot.adapters.slack.render import ANSWER_ACTION, render_reply
from handlers.core import (
    Choice,
    Choices,
    FileAttachment,
    FormField,
    FormPart,
    ItemList,
    Part,
    Reply,
    SurveyPrompt,
    Table,
)

EVERY_PART = (
    Table(("Id", "Title"), (("7", "Call habits"),)),
    ItemList(("one",), title="List"),
    Choices("1. Alternate?", (Choice("Yes", "1"), Choice("No", "2")), "survey answer 7 1={value}"),
    FileAttachment("chart.png", b"\x89PNG", "image/png"),
    SurveyPrompt(7, "Call habits", "reminder"),
    FormPart(
        "Update activity 3B.3",
        "activity 3B.3 set",
        (
            FormField("status", "Status", "choice", value="planned", choices=("planned", "done")),
            FormField("lead", "Lead", value='The "Support" Unit'),
        ),
    ),
)
REPLY = Reply("Survey 7 closes soon.", parts=EVERY_PART)


def test_the_sample_holds_one_part_of_each_type() -> None:
    assert {type(p) for p in EVERY_PART} == set(get_args(Part))


def test_the_console_says_how_to_answer_one_question_at_a_time() -> None:
    text = render_text(REPLY)
    assert "(`survey answer 7` asks the questions one at a time.)" in text
    assert "[file chart.png, 4 bytes]" in text and "1. Yes" in text


def test_matrix_renders_the_prompt_and_uploads_the_file_apart() -> None:
    content = render(REPLY)
    assert "<code>survey answer 7</code> asks the questions one at a time" in content["formatted_body"]
    assert "chart.png" not in content["formatted_body"]


def test_slack_puts_an_answer_button_under_the_reply() -> None:
    rendered = render_reply(REPLY)
    last = rendered.messages[-1].blocks[-1]
    assert last["type"] == "actions" and last["block_id"] == "survey:7"
    assert last["elements"][0]["action_id"] == ANSWER_ACTION and last["elements"][0]["value"] == "7"
    assert [f.filename for f in rendered.files] == ["chart.png"]


def test_a_form_without_forms_lists_its_fields_and_the_line_to_type() -> None:
    """Console and Matrix show a `FormPart` as its fields with their current values and the command line
    with its options; Slack shows the same text (its modals are opened by the adapter)."""
    text = render_text(REPLY)
    assert "  status: Status (planned | done) [now: planned]" in text
    assert '  lead: Lead [now: The "Support" Unit]' in text
    assert "(type `activity 3B.3 set [status=<Status>] [lead=<Lead>]`)" in text
    assert "activity 3B.3 set [status=&lt;Status&gt;]" in render(REPLY)["formatted_body"]
    slack_text = str(render_reply(REPLY).messages[0].blocks)
    assert "activity 3B.3 set" in slack_text
