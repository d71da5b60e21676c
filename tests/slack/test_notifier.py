"""The Slack notifier and replies: Block Kit within limits, files, 429 + Retry-After, failures retried."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.errors import SlackApiError

from handlers.core import FileAttachment, ItemList, Place, Reply, Table
from tests.slack.conftest import SlackHarness

CHANNEL = Place("slack", "C1")


def texts(blocks: list[dict[str, object]]) -> str:
    return "\n".join(str(b.get("text", {}).get("text", "")) for b in blocks)  # type: ignore[union-attr]


async def test_a_notification_is_posted_to_its_channel(slack: SlackHarness) -> None:
    await slack.app.notifier.send(CHANNEL, Reply("Reminder: troika call in 1 hour", mentions=("slack:U1",)))

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "C1"
    assert post.args["text"] == "Reminder: troika call in 1 hour"
    assert texts(post.args["blocks"]).startswith("<@U1> Reminder")


async def test_a_direct_notification_opens_the_dm(slack: SlackHarness) -> None:
    await slack.app.notifier.send_direct("slack:U1", Reply("Please answer the survey"))
    await slack.app.notifier.send_direct("slack:U1", Reply("Reminder"))

    assert [c.args["users"] for c in slack.fake.of("conversations.open")] == ["U1"]  # cached
    assert [c.args["channel"] for c in slack.fake.of("chat.postMessage")] == ["DU1", "DU1"]


async def test_a_long_reply_is_split_into_messages_within_the_limits(slack: SlackHarness) -> None:
    items = tuple(f"item {n:03d} " + "x" * 150 for n in range(200))  # ~33,000 characters
    await slack.app.notifier.send(CHANNEL, Reply("Many items", parts=(ItemList(items, title="All"),)))

    posts = slack.fake.of("chat.postMessage")
    assert 1 < len(posts) <= 4
    assert all(len(p.args["blocks"]) <= 50 for p in posts)
    assert posts[0].args["text"] == "Many items" and posts[1].args["text"].startswith(
        "(continued 2/"
    )  # the fake also refuses >3,000-char sections
    shown = "\n".join(texts(p.args["blocks"]) for p in posts)
    assert all(f"item {n:03d}" in shown for n in range(200))


async def test_a_huge_reply_becomes_a_summary_and_a_file(slack: SlackHarness) -> None:
    rows = tuple((f"row {n}", "y" * 200, "z" * 200) for n in range(2000))  # ~800,000 characters
    await slack.app.notifier.send(CHANNEL, Reply("The full table", parts=(Table(("A", "B", "C"), rows),)))

    [post] = slack.fake.of("chat.postMessage")
    assert "attached file" in texts(post.args["blocks"])
    [complete] = slack.fake.of("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C1"
    [content] = slack.fake.uploads.values()
    assert b"row 1999" in content


async def test_files_are_uploaded_with_files_upload_v2(slack: SlackHarness) -> None:
    invite = FileAttachment(
        "troika.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar", "Troika call"
    )
    await slack.app.notifier.send(CHANNEL, Reply("Invitation", parts=(invite,)))

    [get_url] = slack.fake.of("files.getUploadURLExternal")
    assert get_url.args["filename"] == "troika.ics"
    [complete] = slack.fake.of("files.completeUploadExternal")
    assert complete.args["files"][0]["title"] == "Troika call"
    assert list(slack.fake.uploads.values()) == [invite.content]


async def test_429_retry_after_is_respected(slack: SlackHarness) -> None:
    slack.fake.rate_limit("chat.postMessage", retry_after=1)

    await slack.app.notifier.send(CHANNEL, Reply("Reminder"))

    first, second = slack.fake.of("chat.postMessage")
    assert second.at - first.at >= 1.0
    assert len(slack.fake.of("chat.postMessage")) == 2


async def test_a_server_error_is_logged_and_retried_not_lost(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail("chat.postMessage", status=500)

    with caplog.at_level(logging.WARNING, logger="focbot.slack"):
        await slack.app.notifier.send(CHANNEL, Reply("Reminder"))

    posts = slack.fake.of("chat.postMessage")
    assert len(posts) == 2 and posts[1].args["text"] == "Reminder"
    assert "slack server error 500 on chat.postMessage" in caplog.text


async def test_a_refused_notification_is_logged_and_raised_for_the_caller_to_retry(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack.fake.fail("chat.postMessage", error="channel_not_found")

    with caplog.at_level(logging.WARNING, logger="focbot.slack"), pytest.raises(SlackApiError):
        await slack.app.notifier.send(CHANNEL, Reply("Reminder"))
    assert "channel_not_found" in caplog.text
    assert "xoxb" not in caplog.text

    await slack.app.notifier.send(CHANNEL, Reply("Reminder"))  # the caller's retry goes through
    assert [c.args["text"] for c in slack.fake.of("chat.postMessage")] == ["Reminder", "Reminder"]


async def test_a_failed_response_url_falls_back_to_the_dm(slack: SlackHarness) -> None:
    slack.fake.fail("response_url", status=404, error="expired_url", times=3)

    await slack.command("activity 3B.3")

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "DU1" and "3B.3" in post.args["text"]
