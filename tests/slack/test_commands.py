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


async def test_mentions_typed_in_a_command_become_user_keys(slack: SlackHarness) -> None:
    await slack.command("tz for <@U1|alice> member=Estonia", user=ADMIN)

    [answer] = slack.responses()
    assert "slack:U1" in answer["text"], answer["text"]
    user = await slack.app.services.users.get("slack:U1")
    assert user is not None and user.member == "Estonia"


async def test_the_admin_country_mapping_is_refused_to_others(slack: SlackHarness) -> None:
    await slack.command("tz for <@U1|alice> member=Estonia", user="U1")

    [answer] = slack.responses()
    assert answer["response_type"] == "ephemeral" and "Only admins" in answer["text"]
    user = await slack.app.services.users.get("slack:U1")
    assert user is None or user.member is None


def test_slack_references_are_made_plain() -> None:
    from bot.adapters.slack.mentions import plain_command

    text = (
        "meeting new x participants=<@U1|al>,<@W2> place=<#C9|troika> agenda=<https://a.b/c|notes> &amp; &lt;"
    )
    assert plain_command(text) == (
        "meeting new x participants=slack:U1,slack:W2 place=slack:C9 agenda=https://a.b/c & <"
    )
