"""Events API: App Home, direct messages, bot messages ignored, retried events handled once."""

from __future__ import annotations

import logging

import pytest

from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import BOT_USER


def home_opened(user: str = "U1") -> dict[str, object]:
    return {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home", "event_ts": "1.1"}


async def test_app_home_shows_the_status_of_every_activity(slack: SlackHarness) -> None:
    await slack.command("activity 3B.3 status in progress", user="UADMIN")

    sent = await slack.event(home_opened())

    assert sent.status == 200
    [publish] = slack.fake.of("views.publish")
    assert publish.args["user_id"] == "U1"
    view = publish.args["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    text = "\n".join(b.get("text", {}).get("text", "") for b in view["blocks"])
    assert "33 activities" in text
    assert "`3B.3` in progress" in text
    assert "`1A.1` not set" in text


async def test_a_retried_event_is_handled_once(slack: SlackHarness) -> None:
    first = await slack.event(home_opened(), event_id="Ev42")
    retry = await slack.event(home_opened(), event_id="Ev42", retry=1)
    replay = await slack.event(home_opened(), event_id="Ev42", retry=2)

    assert (first.status, retry.status, replay.status) == (200, 200, 200)
    assert len(slack.fake.of("views.publish")) == 1


async def test_a_direct_message_is_a_command_answered_in_the_dm(slack: SlackHarness) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "channel": "DU1",
        "user": "U1",
        "text": "activity 3B.3",
        "ts": "100.1",
        "client_msg_id": "m1",
    }

    await slack.event(event, event_id="EvDM")

    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "DU1"
    assert "3B.3" in post.args["text"]


async def test_bot_messages_and_edits_are_ignored(slack: SlackHarness) -> None:
    bot = {
        "type": "message",
        "channel_type": "im",
        "channel": "DU1",
        "bot_id": "B9",
        "user": "U9",
        "text": "activity 3B.3",
        "ts": "100.2",
    }
    edit = {
        "type": "message",
        "subtype": "message_changed",
        "channel_type": "im",
        "channel": "DU1",
        "ts": "100.3",
        "message": {"text": "activity 3B.3", "user": "U1"},
    }
    own = {
        "type": "message",
        "channel_type": "im",
        "channel": "DU1",
        "user": BOT_USER,
        "text": "help",
        "ts": "100.4",
    }

    for n, event in enumerate((bot, edit, own)):
        assert (await slack.event(event, event_id=f"EvB{n}")).status == 200

    assert not slack.fake.of("chat.postMessage")
    assert not slack.fake.of("users.info")


async def test_a_mention_is_answered_in_a_thread_and_private_replies_stay_ephemeral(
    slack: SlackHarness,
) -> None:
    public = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": f"<@{BOT_USER}> activity 3B.3",
        "ts": "200.1",
    }
    private = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": f"<@{BOT_USER}> activities x y",
        "ts": "200.2",
    }

    await slack.event(public, event_id="EvM1")
    await slack.event(private, event_id="EvM2")

    [post] = slack.fake.of("chat.postMessage")
    assert (post.args["channel"], post.args["thread_ts"]) == ("C1", "200.1")
    [ephemeral] = slack.fake.of("chat.postEphemeral")
    assert ephemeral.args["user"] == "U1" and "Usage" in ephemeral.args["text"]


async def test_the_request_url_check_is_answered_with_its_challenge(slack: SlackHarness) -> None:
    body = '{"token": "x", "challenge": "c-123", "type": "url_verification"}'

    sent = await slack.post(body, "application/json")

    assert sent.status == 200 and "c-123" in sent.text


async def test_a_mention_whose_thread_ts_is_not_a_string_is_answered_in_its_own_thread(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    # found by tests/test_hostile_slack.py: a dict or list thread_ts reached the outbox and SQLite refused it
    for n, thread_ts in enumerate(({"a": 1}, [1, None], 5)):
        event = {
            "type": "app_mention",
            "channel": "C1",
            "user": "U1",
            "text": f"<@{BOT_USER}> activity 3B.3",
            "ts": f"300.{n}",
            "thread_ts": thread_ts,
        }
        sent = await slack.event(event, event_id=f"EvT{n}")
        assert sent.status == 200

    posts = slack.fake.of("chat.postMessage")
    assert [p.args["thread_ts"] for p in posts] == ["300.0", "300.1", "300.2"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
