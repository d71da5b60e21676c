"""Check-ins on Slack: the round's DM has an Answer button; the modal holds the round's questions (with the
answers given so far); the core checks a submission (errors beside their questions, nothing stored) and
saves it, as `checkin results` shows."""

from __future__ import annotations

import json
from typing import Any

from handlers.core import Actor, Command, Place
from tests.slack.conftest import ADMIN, SlackHarness
from tests.slack.test_survey_form import submit


async def open_round(slack: SlackHarness) -> None:
    await slack.command("focal Japan add <@U1>", user=ADMIN)
    await slack.command("checkin new quarterly-update to=Japan", user=ADMIN)
    assert "Check-in 1" in slack.responses()[-1]["text"], slack.responses()[-1]["text"]
    await slack.command("checkin open 1", user=ADMIN)


def click(slack: SlackHarness, action: dict[str, Any], user: str = "U1") -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(),
        "channel": {"id": f"D{user}"},
        "container": {"type": "message", "channel_id": f"D{user}", "message_ts": "5.5"},
        "actions": [{**action, "type": "button", "action_ts": "5.6"}],
    }


async def results(slack: SlackHarness) -> dict[str, Any]:
    """`checkin results 1` through the core, as the admin: ``data.countries``."""
    command = Command(Actor("slack", ADMIN), Place("slack", "C1"), "checkin results 1")
    reply = await slack.app.handle(command)
    assert reply is not None and reply.ok, reply
    countries: dict[str, Any] = reply.data["countries"]
    return countries


async def test_the_round_dm_opens_a_form_whose_answers_the_core_saves(slack: SlackHarness) -> None:
    await open_round(slack)
    [dm] = [c for c in slack.fake.of("chat.postMessage") if c.args["channel"] == "DU1"]
    assert "Quarterly update" in dm.args["text"]
    [button] = [e for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"action_id": "foc_checkin_answer", "value": "1"}.items() <= button.items()

    await slack.interact(click(slack, {"action_id": button["action_id"], "value": button["value"]}))
    view: dict[str, Any] = slack.fake.of("views.open")[-1].args["view"]
    assert view["callback_id"] == "foc_checkin"
    inputs = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(inputs) == 6 and inputs[0]["element"]["type"] == "radio_buttons"

    wrong = json.loads((await slack.interact(submit(view, {4: [1, 2, 3, 9]}))).text)
    assert wrong["response_action"] == "errors" and list(wrong["errors"]) == ["q4"]
    assert (await results(slack))["Japan"]["answered"] is False

    saved = json.loads((await slack.interact(submit(view, {1: 1, 2: "Cyber norms", 3: "A statement"}))).text)
    assert saved["response_action"] == "update" and "Saved" in json.dumps(saved)
    japan = (await results(slack))["Japan"]
    assert japan["answered"] is True and "Cyber norms" in json.dumps(japan)

    await slack.interact(click(slack, {"action_id": button["action_id"], "value": button["value"]}))
    again = slack.fake.of("views.open")[-1].args["view"]  # opened again: the answers so far are filled in
    texts = [b["element"].get("initial_value") for b in again["blocks"] if b["type"] == "input"]
    assert "Cyber norms" in texts
