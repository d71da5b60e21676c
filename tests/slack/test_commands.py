"""/foc through the real Bolt stack: acked at once, answered through the response_url."""

from __future__ import annotations

from tests.slack.conftest import ADMIN, SlackHarness


async def test_activity_command_is_acked_then_answered_in_channel(slack: SlackHarness) -> None:
    sent = await slack.command("activity 3B.3")

    assert sent.status == 200
    [answer] = slack.responses()
    assert answer["response_type"] == "in_channel"
    assert "3B.3" in answer["text"]
    assert any("3B.3" in b.get("text", {}).get("text", "") for b in answer["blocks"])
    user = await slack.app.services.users.get("slack:U1")
    assert user is not None and user.timezone == "Europe/Zurich" and user.display_name == "Alice"


async def test_bad_input_gets_an_ephemeral_usage_reply(slack: SlackHarness) -> None:
    await slack.command("activities colour blue")

    [answer] = slack.responses()
    assert answer["response_type"] == "ephemeral"
    assert "Usage" in answer["text"]
    assert not slack.fake.of("chat.postMessage")


async def test_admin_command_is_refused_to_others_and_changes_nothing(slack: SlackHarness) -> None:
    await slack.command("activity 3B.3 status done")

    [answer] = slack.responses()
    assert answer["response_type"] == "ephemeral"
    assert "Only admins" in answer["text"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status is None


async def test_admin_command_runs_for_an_admin(slack: SlackHarness) -> None:
    await slack.command("activity 3B.3 status done", user=ADMIN)

    [answer] = slack.responses()
    assert "status set to done" in answer["text"]
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status == "done" and activity.updated_by
