"""A core form on Slack, through signed requests: `/foc activity 3B.3 set` answers with the form declared
from the command's options (`FormPart`) and an "Open the form" button; the modal holds the current values;
its submission is the command with typed values, through the dispatcher: a refusal beside its field and
nothing stored, then everything saved at once."""

from __future__ import annotations

import json
from typing import Any

from bot.adapters.slack.render import FORM_ACTION
from tests.slack.conftest import ADMIN, SlackHarness


def click(slack: SlackHarness, value: str, user: str = ADMIN) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(),
        "channel": {"id": "C1"},
        "container": {"type": "message", "channel_id": "C1", "message_ts": "5.5"},
        "actions": [
            {
                "type": "button",
                "action_id": FORM_ACTION,
                "block_id": "core_form",
                "value": value,
                "action_ts": "1",
            }
        ],
    }


def submission(view: dict[str, Any], user: str = ADMIN, **values: str | None) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        kind = block["element"]["type"]
        value = values.get(block["block_id"])
        element: dict[str, Any] = {"type": kind}
        if kind in {"radio_buttons", "static_select"}:
            element["selected_option"] = {"value": value} if value else None
        elif kind == "datepicker":
            element["selected_date"] = value
        else:
            element["value"] = value
        state[block["block_id"]] = {"value": element}
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": "t-submit",
        "view": {**view, "id": "VF", "state": {"values": state}},
    }


async def test_a_core_form_opens_as_a_modal_and_saves_all_or_nothing(slack: SlackHarness) -> None:
    await slack.command('activity 3B.3 lead "The Support Unit"', user=ADMIN)
    await slack.command("activity 3B.3 set", user=ADMIN, channel="C1")
    answer = slack.responses()[-1]
    assert answer["response_type"] == "ephemeral"
    [button] = [e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert (button["action_id"], button["value"]) == (FORM_ACTION, "activity 3B.3 set")

    await slack.interact(click(slack, button["value"]))
    [opened] = slack.fake.of("views.open")
    view: dict[str, Any] = opened.args["view"]
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    assert list(inputs) == ["status", "lead", "due", "note"]
    assert inputs["lead"]["element"]["initial_value"] == "The Support Unit"  # the current value
    assert inputs["status"]["element"]["type"] == "radio_buttons"
    assert inputs["due"]["element"]["type"] == "datepicker"

    refused = json.loads((await slack.interact(submission(view, status="done", due="2027-02-30"))).text)
    assert refused["response_action"] == "errors" and list(refused["errors"]) == ["due"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status is None  # nothing saved

    lead = 'The "Support" Unit\'s team'
    saved = json.loads(
        (await slack.interact(submission(view, status="done", lead=lead, note="Drafted"))).text
    )
    assert saved["response_action"] == "update", saved
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None
    assert (activity.status, activity.lead, [n.text for n in activity.notes]) == ("done", lead, ["Drafted"])


async def test_the_form_of_a_command_refused_to_the_clicker_is_not_opened(slack: SlackHarness) -> None:
    await slack.interact(click(slack, "activity 3B.3 set", user="U1"))

    assert not slack.fake.of("views.open")
    [told] = slack.fake.of("chat.postMessage")
    assert told.args["channel"] == "DU1" and "Only admins" in told.args["text"]
