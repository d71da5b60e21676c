"""Block actions: a click on a rendered Choices button or menu runs its command as the clicking user."""

from __future__ import annotations

from typing import Any

from bot.adapters.slack.render import render_reply
from handlers.core import Choice, Choices, Reply
from tests.slack.conftest import SlackHarness


def click(slack: SlackHarness, action: dict[str, Any], user: str = "U1") -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(),
        "channel": {"id": "C1", "name": "general"},
        "container": {"type": "message", "channel_id": "C1", "message_ts": "1.1"},
        "response_url": slack.fake.response_url("click"),
        "actions": [action],
    }


def rendered_actions(choices: Choices) -> list[dict[str, Any]]:
    [message] = render_reply(Reply("Pick one", parts=(choices,))).messages
    return [b for b in message.blocks if b["type"] == "actions"]


async def test_a_button_runs_its_command(slack: SlackHarness) -> None:
    choices = Choices(
        "Which activity?", (Choice("3B.3", "3B.3"), Choice("1A.1", "1A.1")), command="activity {value}"
    )
    [actions] = rendered_actions(choices)
    button = actions["elements"][0]

    sent = await slack.interact(click(slack, {**button, "block_id": actions["block_id"], "action_ts": "1.2"}))

    assert sent.status == 200
    [answer] = slack.responses()
    assert "Activity 3B.3" in answer["text"]


async def test_a_menu_of_many_options_fills_in_the_template(slack: SlackHarness) -> None:
    options = tuple(Choice(f"Activity 3B.{n}", f"3B.{n}") for n in range(1, 8))
    [actions] = rendered_actions(Choices("Which?", options, command="activity {value}"))
    menu = actions["elements"][0]
    assert menu["type"] == "static_select"
    action = {
        "type": "static_select",
        "action_id": menu["action_id"],
        "block_id": actions["block_id"],
        "selected_option": menu["options"][2],
        "action_ts": "1.3",
    }

    await slack.interact(click(slack, action))

    [answer] = slack.responses()
    assert "Activity 3B.3" in answer["text"]


async def test_a_click_is_authorised_as_the_clicking_user(slack: SlackHarness) -> None:
    action = {
        "type": "button",
        "action_id": "foc_choice:0:0",
        "block_id": "choices:0",
        "value": "activity 3B.3 status done",
        "action_ts": "1.4",
    }

    await slack.interact(click(slack, action, user="U1"))

    [answer] = slack.responses()
    assert answer["response_type"] == "ephemeral" and "Only admins" in answer["text"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status is None
