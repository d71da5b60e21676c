"""Personal reminders on Slack: real mention markup (issue 13 items 8, 9), aimed only at people and
channels the sender shares (conversations.members on the fake Slack), the sender named by Slack id, and a
Stop button the recipient clicks (issue 18 item 3)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from handlers.due import DueEngine
from handlers.reminders.delivery import PersonalReminderKind
from tests.slack.conftest import SlackHarness


def texts(blocks: list[dict[str, object]]) -> str:
    return "\n".join(str(b.get("text", {}).get("text", "")) for b in blocks)  # type: ignore[union-attr]


async def _deliver(slack: SlackHarness, at: datetime) -> None:
    slack.clock.set(at)
    await DueEngine(slack.app.services, slack.clock, [PersonalReminderKind(slack.app.services)]).wake()


async def test_a_reminder_for_a_colleague_mentions_them_for_real(slack: SlackHarness) -> None:
    slack.fake.channels["C1"] = ["U1", "U2"]
    slack.clock.set(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    await slack.command("remind <@U2|bob> in 2 minutes to call Accra")
    [answer] = slack.responses()
    assert "Reminder 1" in answer["text"] and "slack:U2" in answer["text"]
    await _deliver(slack, datetime(2027, 1, 11, 10, 2, tzinfo=UTC))

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "DU2"
    # the sender by Slack id, not only by the display name they chose
    assert texts(post.args["blocks"]).startswith("<@U2> ⏰ Reminder: call Accra (from Alice, <@U1>)")


async def test_a_channel_reminder_names_its_creator_with_a_mention(slack: SlackHarness) -> None:
    slack.fake.channels["C9"] = ["U1", "U3"]
    slack.clock.set(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    await slack.command("remind <#C9|general> in 1 hour to join the call")
    await _deliver(slack, datetime(2027, 1, 11, 11, 0, tzinfo=UTC))

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "C9"
    assert texts(post.args["blocks"]).startswith("⏰ Reminder: join the call (set by Alice, <@U1>)")


async def test_places_and_people_the_sender_does_not_share_are_refused(slack: SlackHarness) -> None:
    slack.fake.channels["C1"] = ["U1", "U2"]
    slack.fake.channels["C0PRIVATE"] = ["U2", "U3"]  # Alice is not in it
    slack.clock.set(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    for text, says in [
        ("remind slack:D0OTHERDM in 2 minutes to x", "only when you are in it"),  # nobody lists it
        ("remind <#C0PRIVATE> in 2 minutes to x", "only when you are in it"),
        ("remind <@U3|carol> in 2 minutes to x", "from a channel or room you are both in"),  # not in C1
        ("remind matrix:@bob:example.org in 2 minutes to x", "only on the platform you type on"),
        ("remind !room:example.org in 2 minutes to x", "only when you are in it"),
        ("remind slack:" + "C" * 300 + " in 2 minutes to x", "too long"),
    ]:
        await slack.command(text)
        answer = slack.responses()[-1]
        assert says in answer["text"], (text, answer["text"])
    assert await _count(slack) == 0
    assert slack.fake.of("chat.postMessage") == []


async def _count(slack: SlackHarness) -> int:
    async with slack.app.db.transaction() as s:
        from sqlalchemy import text

        return int((await s.execute(text("SELECT count(*) FROM personal_reminders"))).scalar_one())


def _click(
    slack: SlackHarness, button: dict[str, Any], block_id: str, user: str, channel: str
) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": slack.fake.new_trigger(),
        "channel": {"id": channel, "name": "directmessage"},
        "container": {"type": "message", "channel_id": channel, "message_ts": "1.1"},
        "response_url": slack.fake.response_url("click"),
        "actions": [{**button, "block_id": block_id, "action_ts": "1.2"}],
    }


async def test_the_recipient_stops_a_weekly_reminder_with_its_button(slack: SlackHarness) -> None:
    slack.fake.channels["C1"] = ["U1", "U2"]
    slack.clock.set(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    await slack.command("remind <@U2|bob> every Monday at 12:00 to send the report")
    await _deliver(slack, datetime(2027, 1, 11, 11, 0, tzinfo=UTC))  # 12:00 Zurich
    [post] = slack.fake.of("chat.postMessage")
    [actions] = [b for b in post.args["blocks"] if b["type"] == "actions"]
    [button] = actions["elements"]
    assert button["value"] == "reminder stop 1"

    # someone else clicking it (the message was forwarded, say) changes nothing and learns nothing
    await slack.interact(_click(slack, button, actions["block_id"], "U3", "DU3"))
    assert "There is no active reminder 1 of yours" in slack.responses()[-1]["text"]
    assert "U1" not in slack.responses()[-1]["text"]

    await slack.interact(_click(slack, button, actions["block_id"], "U2", "DU2"))
    assert "Reminder 1 stopped." in slack.responses()[-1]["text"]
    await _deliver(slack, datetime(2027, 1, 18, 11, 0, tzinfo=UTC))  # next Monday: nothing
    assert len(slack.fake.of("chat.postMessage")) == 1
