"""Signed but hostile requests to /slack/events: user text that looks like Slack markup, malformed headers and
payloads, repeated slash commands. Each gets a clear status and runs nothing twice; what is posted to Slack
carries the user's text as text, never as a mention, a link or a broadcast."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest

from tests.slack.conftest import SlackHarness

HOSTILE = ("<!channel>", "<https://evil.example|Re-authenticate here>", "Tom&Jerry")


def _text_fields(payload: Any) -> list[str]:
    """Every string under a "text" key (top-level text, blocks, plain_text objects) in ``payload``."""
    found: list[str] = []
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found += _text_fields(value)
    elif isinstance(payload, list):
        for item in payload:
            found += _text_fields(item)
    return found


def _assert_inert(texts: list[str]) -> None:
    assert texts
    for text in texts:
        assert "<!channel>" not in text and "<https://evil.example" not in text, text
        assert "&" not in text.replace("&amp;", "").replace("&lt;", "").replace("&gt;", ""), text


@pytest.mark.parametrize("hostile", HOSTILE)
async def test_user_text_in_a_reply_never_becomes_markup(slack: SlackHarness, hostile: str) -> None:
    # Slack sends typed "<" ">" "&" escaped; the bot echoes what it could not read back (`activity <id>`)
    typed = hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    await slack.command(f"activity {typed}")

    [answer] = slack.responses()
    assert answer["text"]
    _assert_inert(_text_fields(answer))


async def test_survey_answers_in_channel_results_stay_text(slack: SlackHarness) -> None:
    admin = "UADMIN"
    survey = "{title: Links, questions: [{text: Say something, type: text}]}"
    await slack.command(f"survey import {survey}", user=admin)
    await slack.command("survey open 1 to=slack:U1", user=admin)
    await slack.command(
        'survey answer 1 1="&lt;!channel&gt; &lt;https://evil.example|Re-authenticate here&gt;"'
    )
    await slack.command("survey close 1", user=admin)
    slack.fake.calls.clear()

    await slack.command("survey results 1", user=admin)

    answers = slack.responses() + [c.args for c in slack.fake.of("chat.postMessage")]
    assert any("Re-authenticate" in t for a in answers for t in _text_fields(a)), answers
    for answer in answers:
        _assert_inert(_text_fields(answer))


async def test_a_non_numeric_timestamp_is_refused_not_crashed(slack: SlackHarness) -> None:
    for stamp in ("yesterday", "", "12a", "1e9", " "):  # one app for the table: each is checked to do nothing
        body = slack.command_body("activity 3B.3")
        sent = await slack.post(
            body, "application/x-www-form-urlencoded", headers={"X-Slack-Request-Timestamp": stamp}
        )
        await slack.adapter.drain()

        assert sent.status in (400, 401), (stamp, sent.status)
        assert slack.fake.calls == [], stamp


@pytest.mark.parametrize("missing", ["user_id", "channel_id"])
async def test_a_slash_command_without_its_user_or_channel_is_refused(
    slack: SlackHarness, missing: str
) -> None:
    fields = dict(parse_qsl(slack.command_body("activity 3B.3")))
    del fields[missing]
    sent = await slack.post(urlencode(fields), "application/x-www-form-urlencoded")
    await slack.adapter.drain()

    assert sent.status == 400
    assert slack.fake.calls == []
    assert await slack.app.services.users.get("slack:U1") is None


@pytest.mark.parametrize("missing", ["user", "channel"])
async def test_a_message_event_without_its_user_or_channel_is_refused(
    slack: SlackHarness, missing: str
) -> None:
    event = {
        "type": "message",
        "channel_type": "im",
        "user": "U1",
        "channel": "D1",
        "text": "help",
        "ts": "1.1",
    }
    del event[missing]
    sent = await slack.event(event)

    assert sent.status == 400
    assert slack.fake.api_calls() == []


async def test_an_interaction_without_a_user_is_refused(slack: SlackHarness) -> None:
    payload = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "view": {"id": "V1", "type": "modal", "callback_id": "foc_activity_update", "state": {"values": {}}},
    }
    sent = await slack.interact(payload)
    assert sent.status == 400
    assert slack.fake.api_calls() == []


async def test_a_view_without_a_type_is_refused(slack: SlackHarness) -> None:
    payload = {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": "U1", "username": "u1", "team_id": "T1"},
        "api_app_id": "A1",
        "view": {"id": "V1", "callback_id": "foc_activity_update", "state": {"values": {}}},
    }
    sent = await slack.interact(payload)
    assert sent.status == 400
    assert slack.fake.api_calls() == []


async def test_a_slash_command_sent_twice_with_one_trigger_runs_once(slack: SlackHarness) -> None:
    fields = dict(parse_qsl(slack.command_body("activity 3B.3 note once only", user="UADMIN")))
    first = await slack.post(
        urlencode(fields), "application/x-www-form-urlencoded", timestamp=int(time.time())
    )
    fields["response_url"] = slack.fake.response_url("again")  # a new delivery: new signature, same trigger
    again = await slack.post(
        urlencode(fields), "application/x-www-form-urlencoded", timestamp=int(time.time()) + 1
    )
    await slack.adapter.drain()

    assert (first.status, again.status) == (200, 200)
    assert len(slack.responses()) == 1
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and [n.text for n in activity.notes] == ["once only"]


def test_the_helpers_see_nested_text() -> None:
    assert _text_fields({"blocks": [{"text": {"text": "a"}}], "text": "b"}) == ["a", "b"]
    assert json.dumps(HOSTILE)


async def test_many_first_commands_at_once_from_a_new_user_lose_no_reply(slack: SlackHarness) -> None:
    assert await slack.app.services.users.get("slack:U1") is None

    sent = await asyncio.gather(*(slack.command(f"activity 3B.{n}", settle=False) for n in range(1, 9)))
    await slack.adapter.drain()

    assert [s.status for s in sent] == [200] * 8
    answered = sorted(r["text"].split("\n")[0] for r in slack.responses())
    assert len(answered) == 8 and all("3B." in text for text in answered), answered
    user = await slack.app.services.users.get("slack:U1")
    assert user is not None and user.display_name == "Alice" and user.timezone == "Europe/Zurich"
