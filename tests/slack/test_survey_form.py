"""Surveys on Slack: the invitation DM has an Answer button; the modal is built from the questions; the
survey core checks the submission (per-question errors in the form) and saves it; App Home lists them."""

from __future__ import annotations

import json
from typing import Any

from tests.slack.conftest import ADMIN, SlackHarness
from tests.slack.fake_slack import BOT_USER


async def open_survey(slack: SlackHarness, audience: str = "U1", channel: str = "C1") -> int:
    await slack.command("survey new support-unit", user=ADMIN)
    created = slack.responses()[-1]
    assert "survey 1" in created["text"], created["text"]
    await slack.command(f"survey open 1 to={audience} deadline=2027-01-20", user=ADMIN, channel=channel)
    assert "is open" in slack.responses()[-1]["text"], slack.responses()[-1]["text"]
    return 1


def click_answer(slack: SlackHarness, user: str = "U1", survey_id: int = 1) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(),
        "channel": {"id": f"D{user}"},
        "container": {"type": "message", "channel_id": f"D{user}", "message_ts": "5.5"},
        "actions": [
            {
                "type": "button",
                "action_id": "foc_survey_answer",
                "block_id": f"survey:{survey_id}",
                "value": str(survey_id),
                "action_ts": "5.6",
            }
        ],
    }


def state_for(view: dict[str, Any], answers: dict[int, Any]) -> dict[str, Any]:
    """The view state Slack sends for these answers (unanswered inputs empty)."""
    state: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        number = int(block["block_id"][1:])
        kind = block["element"]["type"]
        given = answers.get(number)
        element: dict[str, Any] = {"type": kind}
        if kind in {"checkboxes", "multi_static_select"}:
            element["selected_options"] = [{"value": str(v)} for v in given or []]
        elif kind in {"radio_buttons", "static_select"}:
            element["selected_option"] = {"value": str(given)} if given is not None else None
        else:
            element["value"] = given
        state[block["block_id"]] = {"value": element}
    return state


def submit(view: dict[str, Any], answers: dict[int, Any], user: str = "U1") -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": "t-s",
        "view": {**view, "id": "VS", "state": {"values": state_for(view, answers)}},
    }


async def answer_form(slack: SlackHarness, user: str = "U1") -> dict[str, Any]:
    await slack.interact(click_answer(slack, user))
    view: dict[str, Any] = slack.fake.of("views.open")[-1].args["view"]
    return view


async def stored_answers(slack: SlackHarness, user: str = "U1") -> dict[int, Any]:
    progress = await slack.app.services.surveys.progress(1, f"slack:{user}", slack.clock())
    assert progress is not None
    return progress.answers


async def test_the_invitation_dm_has_an_answer_button(slack: SlackHarness) -> None:
    await open_survey(slack)

    [invitation] = [c for c in slack.fake.of("chat.postMessage") if c.args["channel"] == "DU1"]
    buttons = [e for b in invitation.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert {"action_id": "foc_survey_answer", "value": "1"}.items() <= buttons[-1].items()
    assert "Survey 1" in invitation.args["text"]


async def test_the_modal_is_built_from_the_questions(slack: SlackHarness) -> None:
    await open_survey(slack)

    view = await answer_form(slack)

    assert view["callback_id"] == "foc_survey"
    inputs = {b["block_id"]: b for b in view["blocks"] if b["type"] == "input"}
    definition = await slack.app.services.surveys.questions(1)
    assert definition is not None and len(inputs) == len(definition.questions)
    kinds = {b["element"]["type"] for b in inputs.values()}
    assert {"multi_static_select", "plain_text_input", "radio_buttons"} <= kinds
    assert inputs["q1"]["element"]["max_selected_items"] == 3
    assert inputs["q6"]["element"]["type"] == "radio_buttons"


async def test_errors_of_the_core_appear_beside_their_questions_and_nothing_is_saved(
    slack: SlackHarness,
) -> None:
    await open_survey(slack)
    view = await answer_form(slack)

    sent = await slack.interact(submit(view, {1: [1, 2, 3, 4], 6: 1}))

    answer = json.loads(sent.text)
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["q1"] and "3" in answer["errors"]["q1"]
    assert await stored_answers(slack) == {}


async def test_an_empty_form_is_refused_in_the_form(slack: SlackHarness) -> None:
    await open_survey(slack)
    view = await answer_form(slack)

    answer = json.loads((await slack.interact(submit(view, {}))).text)

    assert answer == {"response_action": "errors", "errors": {"q1": "Answer at least one question."}}


async def test_answers_are_saved_and_shown_again_when_the_form_reopens(slack: SlackHarness) -> None:
    await open_survey(slack)
    view = await answer_form(slack)

    sent = await slack.interact(submit(view, {1: [2, 5], 2: "Fast answers", 6: 2}))

    answer = json.loads(sent.text)
    assert answer["response_action"] == "update"
    assert "Saved" in answer["view"]["blocks"][0]["text"]["text"]
    assert "Still needed" in answer["view"]["blocks"][0]["text"]["text"]
    assert await stored_answers(slack) == {1: [2, 5], 2: "Fast answers", 6: 2}
    [home] = slack.fake.of("views.publish")  # the home tab shows the progress at once
    assert home.args["user_id"] == "U1"
    again = await answer_form(slack)
    inputs = {b["block_id"]: b["element"] for b in again["blocks"] if b["type"] == "input"}
    assert [o["value"] for o in inputs["q1"]["initial_options"]] == ["2", "5"]
    assert inputs["q2"]["initial_value"] == "Fast answers"


async def test_someone_outside_the_audience_is_told_and_nothing_is_saved(slack: SlackHarness) -> None:
    await open_survey(slack)
    view = await answer_form(slack)

    sent = await slack.interact(submit(view, {6: 1}, user=ADMIN))

    answer = json.loads(sent.text)
    assert answer["response_action"] == "update"
    assert "not in the audience" in answer["view"]["blocks"][0]["text"]["text"]


async def test_app_home_lists_the_surveys_waiting(slack: SlackHarness) -> None:
    await open_survey(slack)

    await slack.event(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"}, event_id="EvS"
    )

    [home] = slack.fake.of("views.publish")
    rows = [
        b
        for b in home.args["view"]["blocks"]
        if b.get("accessory", {}).get("action_id") == "foc_survey_answer"
    ]
    assert len(rows) == 1 and "Survey of the Support Unit" in rows[0]["text"]["text"]


async def test_to_here_asks_the_people_of_the_channel_not_its_bots(slack: SlackHarness) -> None:
    slack.fake.add_user("U2", "Bea", "Europe/Tallinn")
    slack.fake.add_user("B9", "Some bot", None, is_bot=True)
    slack.fake.channels["C7"] = ["U1", BOT_USER, "U2", "B9", "U1"]

    await open_survey(slack, audience="here", channel="C7")

    dms = sorted(
        {c.args["channel"] for c in slack.fake.of("chat.postMessage") if c.args["channel"].startswith("D")}
    )
    assert dms == ["DU1", "DU2"]
    assert len(slack.fake.of("conversations.members")) == 3  # every page followed


async def test_a_closed_survey_says_so_instead_of_opening_the_form(slack: SlackHarness) -> None:
    await open_survey(slack)
    await slack.command("survey close 1", user=ADMIN)

    await slack.interact(click_answer(slack))

    assert not slack.fake.of("views.open")
    told = slack.fake.of("chat.postMessage")[-1]
    assert told.args["channel"] == "DU1" and "Survey 1 is closed" in told.args["text"]


async def test_each_invitation_shows_the_deadline_in_its_readers_zone(slack: SlackHarness) -> None:
    users = slack.app.services.users
    await users.update("slack:U1", at=slack.clock.now, timezone="Asia/Tokyo")
    await users.update("slack:U2", at=slack.clock.now, timezone="America/New_York")
    await open_survey(slack, audience="U1,U2")  # deadline=2027-01-20, the admin's zone

    posted = {c.args["channel"]: c.args for c in slack.fake.of("chat.postMessage")}
    tokyo = posted["DU1"]["text"] + json.dumps(posted["DU1"]["blocks"])
    new_york = posted["DU2"]["text"] + json.dumps(posted["DU2"]["blocks"])
    assert "Deadline: Thu 2027-01-21 14:00 JST." in tokyo and "EST" not in tokyo
    assert "Deadline: Wed 2027-01-20, end of day (EST)." in new_york and "JST" not in new_york
    assert "00:00 UTC" not in tokyo + new_york


async def test_the_form_shows_slot_options_in_the_respondents_zone(slack: SlackHarness) -> None:
    await slack.app.services.users.update("slack:U1", at=slack.clock.now, timezone="Asia/Tokyo")
    await open_survey(slack)

    view = await answer_form(slack)

    [slots] = [b for b in view["blocks"] if b["type"] == "input" and "meeting slots" in b["label"]["text"]]
    options = slots["element"]["options"]
    assert options[0]["text"]["text"] == "Tue 15:00-16:00 Asia/Tokyo (Tue 06:00-07:00 UTC)"
    assert options[4]["text"]["text"] == "Thu 06:00-07:00 Asia/Tokyo (Wed 21:00-22:00 UTC)"  # the next day
    assert [o["value"] for o in options[:2]] == ["1", "2"]  # what is stored: the option's number
