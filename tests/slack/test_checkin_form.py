"""Check-ins on Slack: the round's DM has an Answer button; the modal holds the round's questions (with the
answers given so far); the core checks a submission (errors beside their questions, nothing stored) and
saves it, as `checkin results` shows."""

from __future__ import annotations

import json
from typing import Any

from handlers.core import Actor, Command, Place
from handlers.web.home import owed_checkins
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


def picked(slack: SlackHarness, view: dict[str, Any], country: str, user: str = "U1") -> dict[str, Any]:
    """The block_actions Slack sends when ``country`` is picked in the form's country picker."""
    [block] = [b for b in view["blocks"] if b.get("block_id") == "country"]
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(),
        "container": {"type": "view", "view_id": "V9"},
        "view": {**view, "id": "V9", "hash": "h1", "state": {"values": {}}},
        "actions": [
            {
                "type": block["element"]["type"],
                "action_id": block["element"]["action_id"],
                "block_id": "country",
                "selected_option": {"value": country},
                "action_ts": f"6.{len(slack.fake.calls)}",  # each pick its own
            }
        ],
    }


def submitted(view: dict[str, Any], country: str | None, answers: dict[int, Any]) -> dict[str, Any]:
    """A submission of the form: ``country`` picked, ``answers`` given (the other inputs empty)."""
    questions = {**view, "blocks": [b for b in view["blocks"] if b.get("block_id") != "country"]}
    payload = submit(questions, answers)
    payload["view"]["blocks"] = view["blocks"]
    if country is not None:
        state = payload["view"]["state"]["values"]
        state["country"] = {
            "foc_checkin_country": {"type": "radio_buttons", "selected_option": {"value": country}}
        }
    return payload


def initial_texts(view: dict[str, Any]) -> list[Any]:
    return [b["element"].get("initial_value") for b in view["blocks"] if b["type"] == "input"]


async def test_a_focal_point_of_two_countries_picks_the_country_in_the_form(slack: SlackHarness) -> None:
    """Issue 18: the form of a focal point of Canada and Japan starts with the country it answers for; picking
    the other redraws it with that country's answers; each country's answers are saved apart."""
    for country in ("Japan", "Canada"):
        await slack.command(f"focal {country} add <@U1>", user=ADMIN)
    await slack.command("checkin new quarterly-update to=Japan,Canada", user=ADMIN)
    await slack.command("checkin open 1", user=ADMIN)
    dms = [c for c in slack.fake.of("chat.postMessage") if c.args["channel"] == "DU1"]
    assert dms, "the round's DM"
    [button, *_] = [e for b in dms[0].args["blocks"] if b["type"] == "actions" for e in b["elements"]]

    await slack.interact(click(slack, {"action_id": button["action_id"], "value": button["value"]}))
    view: dict[str, Any] = slack.fake.of("views.open")[-1].args["view"]
    [picker] = [b for b in view["blocks"] if b.get("block_id") == "country"]
    assert picker["dispatch_action"] is True and picker["type"] == "input"
    assert [o["value"] for o in picker["element"]["options"]] == ["Canada", "Japan"]
    assert picker["element"]["initial_option"]["value"] == "Canada"
    assert json.loads(view["private_metadata"]) == {"checkin": 1, "country": "Canada"}
    assert "for Canada" in json.dumps(view["blocks"][0])

    # picking Japan redraws the form for Japan (views.update of the open view)
    sent = await slack.interact(picked(slack, view, "Japan"))
    assert sent.status == 200, sent.text
    [update] = slack.fake.of("views.update")
    assert update.args["view_id"] == "V9" and update.args["hash"] == "h1"
    japan_view = update.args["view"]
    assert json.loads(japan_view["private_metadata"]) == {"checkin": 1, "country": "Japan"}

    saved = json.loads((await slack.interact(submitted(japan_view, "Japan", {2: "Cyber norms"}))).text)
    assert saved["response_action"] == "update" and "Saved for Japan" in json.dumps(saved)
    countries = await results(slack)
    assert "Cyber norms" in json.dumps(countries["Japan"]) and "Cyber norms" not in json.dumps(
        countries["Canada"]
    )

    # Canada's answers are its own; the form redrawn for Japan shows Japan's
    saved = json.loads((await slack.interact(submitted(view, "Canada", {2: "Export controls"}))).text)
    assert "Saved for Canada" in json.dumps(saved)
    countries = await results(slack)
    assert "Export controls" in json.dumps(countries["Canada"]) and "Cyber norms" in json.dumps(
        countries["Japan"]
    )
    await slack.interact(picked(slack, view, "Japan"))
    assert "Cyber norms" in initial_texts(slack.fake.of("views.update")[-1].args["view"])
    await slack.interact(picked(slack, view, "Canada"))
    again = slack.fake.of("views.update")[-1].args["view"]
    assert "Export controls" in initial_texts(again) and "Cyber norms" not in initial_texts(again)

    # a country the person does not answer for: refused beside the picker, nothing stored
    before = await results(slack)
    refused = json.loads((await slack.interact(submitted(view, "Ghana", {2: "Elsewhere"}))).text)
    assert refused["response_action"] == "errors" and list(refused["errors"]) == ["country"]
    assert "Ghana" in refused["errors"]["country"]
    assert await results(slack) == before


async def test_app_home_lists_the_rounds_owed_as_the_dashboard_does(slack: SlackHarness) -> None:
    """App Home asks the core's use case (`handlers.web.home.owed_checkins`): the owed round with its
    Answer button, gone once answered through the form."""
    await open_round(slack)
    await slack.event(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "DU1"}, event_id="E1"
    )
    [home] = slack.fake.of("views.publish")
    blocks = home.args["view"]["blocks"]
    owed = await owed_checkins(slack.app.services, "slack:U1")
    assert len(owed) == 1
    [row] = [b for b in blocks if b.get("accessory", {}).get("action_id") == "foc_checkin_answer"]
    assert owed[0].label in row["text"]["text"] and row["accessory"]["value"] == "1"

    await slack.interact(click(slack, {"action_id": "foc_checkin_answer", "value": "1"}))
    view: dict[str, Any] = slack.fake.of("views.open")[-1].args["view"]
    saved = json.loads((await slack.interact(submit(view, {1: 1, 2: "Norms", 3: "A statement"}))).text)
    assert saved["response_action"] == "update"
    assert await owed_checkins(slack.app.services, "slack:U1") == []
    await slack.event(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "DU1"}, event_id="E2"
    )
    after = slack.fake.of("views.publish")[-1].args["view"]["blocks"]
    assert not [b for b in after if b.get("accessory", {}).get("action_id") == "foc_checkin_answer"]
