"""The activity form: opened from App Home, submitted as a view, checked by the core, errors in the form."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.slack.conftest import ADMIN, SlackHarness


def click_open(slack: SlackHarness, user: str = ADMIN, age: float = 0.0) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(age),
        "container": {"type": "view", "view_id": "VHOME"},
        "view": {"id": "VHOME", "type": "home"},
        "actions": [
            {
                "type": "button",
                "action_id": "foc_activity_form",
                "block_id": "activity_form",
                "value": "open",
                "action_ts": "1.1",
            }
        ],
    }


def submission(view: dict[str, Any], user: str = ADMIN, **values: Any) -> dict[str, Any]:
    kinds = {
        "activity": "static_select",
        "status": "radio_buttons",
        "lead": "plain_text_input",
        "due": "datepicker",
        "note": "plain_text_input",
    }
    state: dict[str, Any] = {}
    for block_id, kind in kinds.items():
        value = values.get(block_id)
        element: dict[str, Any] = {"type": kind}
        if kind in {"static_select", "radio_buttons"}:
            element["selected_option"] = {"value": value} if value else None
        elif kind == "datepicker":
            element["selected_date"] = value
        else:
            element["value"] = value
        state[block_id] = {"value": element}
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": "t-submit",
        "view": {**view, "id": "VMODAL", "state": {"values": state}},
    }


async def opened_form(slack: SlackHarness) -> dict[str, Any]:
    await slack.event(
        {"type": "app_home_opened", "user": ADMIN, "tab": "home", "channel": "D1"}, event_id="EvH"
    )
    [home] = slack.fake.of("views.publish")
    assert any(b.get("block_id") == "activity_form" for b in home.args["view"]["blocks"])
    sent = await slack.interact(click_open(slack))
    assert sent.status == 200
    [opened] = slack.fake.of("views.open")
    view: dict[str, Any] = opened.args["view"]
    assert view["callback_id"] == "foc_activity_update"
    return view


async def test_an_admin_updates_an_activity_through_the_form(slack: SlackHarness) -> None:
    view = await opened_form(slack)

    sent = await slack.interact(
        submission(
            view,
            activity="3B.3",
            status="in progress",
            lead='The "Support" Unit',
            due="2027-03-31",
            note="Draft questions ready",
        )
    )

    answer = json.loads(sent.text)
    assert answer["response_action"] == "update"
    assert "status set to in progress" in answer["view"]["blocks"][0]["text"]["text"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None
    assert (activity.status, activity.lead, str(activity.due)) == (
        "in progress",
        'The "Support" Unit',  # typed values: quotes arrive as typed
        "2027-03-31",
    )
    assert [n.text for n in activity.notes] == ["Draft questions ready"]
    assert len(slack.fake.of("views.publish")) == 2  # the home tab shows the change


async def test_an_empty_form_gets_an_error_beside_the_first_field(slack: SlackHarness) -> None:
    view = await opened_form(slack)

    sent = await slack.interact(submission(view, activity="3B.3"))

    assert json.loads(sent.text)["errors"].keys() == {"status"}


async def test_a_non_admin_is_refused_in_the_form_and_nothing_changes(slack: SlackHarness) -> None:
    view = await opened_form(slack)

    sent = await slack.interact(submission(view, user="U1", activity="3B.3", status="done"))

    answer = json.loads(sent.text)
    assert answer["response_action"] == "errors"
    assert "Only admins" in answer["errors"]["status"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status is None


async def test_the_home_tab_has_no_form_button_for_others(slack: SlackHarness) -> None:
    await slack.event(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"}, event_id="EvH1"
    )

    [home] = slack.fake.of("views.publish")
    assert not any(b.get("block_id") == "activity_form" for b in home.args["view"]["blocks"])


async def test_an_expired_trigger_is_logged_and_the_user_told(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    sent = await slack.interact(click_open(slack, age=3.5))

    assert sent.status == 200
    assert len(slack.fake.of("views.open")) == 1
    assert "activity form not opened: expired_trigger_id" in caplog.text
    [told] = slack.fake.of("chat.postMessage")
    assert told.args["channel"] == f"D{ADMIN}" and "click again" in told.args["text"]


async def test_a_note_ending_in_a_backslash_is_saved_as_typed(slack: SlackHarness) -> None:
    view = await opened_form(slack)

    sent = await slack.interact(submission(view, activity="3B.3", note="Paths like C:\\Data\\"))

    assert json.loads(sent.text)["response_action"] == "update", sent.text
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None
    assert [n.text for n in activity.notes] == ["Paths like C:\\Data\\"]


async def test_a_refused_due_date_changes_nothing_else(slack: SlackHarness) -> None:
    """One command, one transaction: the status, lead and note given beside a bad date are not saved, and
    the refusal is shown beside the date."""
    view = await opened_form(slack)

    sent = await slack.interact(
        submission(
            view, activity="3B.3", status="done", lead="Estonia", due="2027-02-30", note="Nearly there"
        )
    )

    answer = json.loads(sent.text)
    assert answer["response_action"] == "errors"
    assert answer["errors"].keys() == {"due"}
    assert "`2027-02-30` is not a date" in answer["errors"]["due"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None
    assert (activity.status, activity.lead, activity.due, activity.notes) == (None, None, None, ())
    assert len(slack.fake.of("views.publish")) == 1  # nothing changed: the home tab is not redrawn
