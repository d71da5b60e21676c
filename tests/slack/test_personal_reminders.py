"""A personal reminder set on Slack for someone else carries real mention markup (issue 13 items 8, 9)."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers.reminder_delivery import ReminderDelivery
from tests.slack.conftest import SlackHarness


def texts(blocks: list[dict[str, object]]) -> str:
    return "\n".join(str(b.get("text", {}).get("text", "")) for b in blocks)  # type: ignore[union-attr]


async def test_a_reminder_for_a_colleague_mentions_them_for_real(slack: SlackHarness) -> None:
    slack.clock.set(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    await slack.command("remind <@U2|bob> in 2 minutes to call Accra")
    [answer] = slack.responses()
    assert "Reminder 1" in answer["text"] and "slack:U2" in answer["text"]
    slack.clock.set(datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
    await ReminderDelivery(slack.app.services, slack.clock).wake()

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "DU2"
    assert texts(post.args["blocks"]).startswith("<@U2> ⏰ Reminder: call Accra (from Alice)")


async def test_a_channel_reminder_names_its_creator_with_a_mention(slack: SlackHarness) -> None:
    slack.clock.set(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    await slack.command("remind <#C9|general> in 1 hour to join the call")
    slack.clock.set(datetime(2027, 1, 11, 11, 0, tzinfo=UTC))
    await ReminderDelivery(slack.app.services, slack.clock).wake()

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "C9"
    assert texts(post.args["blocks"]).startswith("<@U1> ⏰ Reminder: join the call (set by Alice)")
