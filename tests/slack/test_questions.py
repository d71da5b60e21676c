"""Plain questions on Slack: `/foc <question>`, a DM and an @mention, through the real HTTP endpoint."""

from __future__ import annotations

from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import BOT_USER


def _texts(message: dict) -> str:
    blocks = message.get("blocks") or []
    return message.get("text", "") + "\n" + "\n".join(str(b) for b in blocks)


async def test_a_slash_command_question_is_answered(slack: SlackHarness) -> None:
    await slack.command("who chaired the FOC in 2022?")

    [answer] = slack.responses()
    assert "Canada" in answer["text"]


async def test_a_question_in_a_dm_is_answered_with_a_native_list(slack: SlackHarness) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "DU1",
        "user": "U1",
        "text": "which countries joined in 2024",
        "ts": "300.1",
        "client_msg_id": "q1",
    }

    await slack.event(event, event_id="EvQ1")

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "DU1"
    shown = _texts(post.args)
    for country in ("Armenia", "Cabo Verde", "Colombia", "Slovenia"):
        assert country in shown


async def test_a_mention_with_a_question_is_answered_in_its_thread(slack: SlackHarness) -> None:
    event = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": f"<@{BOT_USER}> what's goal 2",
        "ts": "400.1",
    }

    await slack.event(event, event_id="EvQ2")

    [post] = slack.fake.of("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == ("C1", "400.1")
    assert "country-level" in post.args["text"]
