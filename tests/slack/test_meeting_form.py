"""`/foc meeting new` opens a form; the meetings core checks the submission, errors beside the field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from storage.models import MeetingSeries
from tests.slack.conftest import ADMIN, SlackHarness
from tests.support.counting import count_parsing
from tests.support.meetings import deliver

GOOD = {
    "title": "Troika call",
    "kind": "troika",
    "rrule": "FREQ=WEEKLY;INTERVAL=4",
    "custom_rrule": None,
    "start": "2027-01-12",
    "at": "15:00",
    "tz": "Europe/Zurich",
    "participants": ["Estonia", "Switzerland"],
    "people": ["U1"],
    "place": ["C1"],
    "reminders": "24h,1h",
}
ELEMENTS = {
    "title": ("plain_text_input", "value"),
    "kind": ("radio_buttons", "selected_option"),
    "rrule": ("radio_buttons", "selected_option"),
    "custom_rrule": ("plain_text_input", "value"),
    "start": ("datepicker", "selected_date"),
    "at": ("timepicker", "selected_time"),
    "tz": ("plain_text_input", "value"),
    "participants": ("multi_static_select", "selected_options"),
    "people": ("multi_users_select", "selected_users"),
    "place": ("multi_conversations_select", "selected_conversations"),
    "reminders": ("plain_text_input", "value"),
}


def submission(view: dict[str, Any], user: str = ADMIN, **changes: Any) -> dict[str, Any]:
    values = GOOD | changes
    state = {}
    for block_id, (kind, key) in ELEMENTS.items():
        value = values[block_id]
        if key == "selected_option":
            value = {"value": value} if value else None
        elif key == "selected_options":
            value = [{"value": v} for v in value or []]
        state[block_id] = {"value": {"type": kind, key: value}}
    return {
        "type": "view_submission",
        "team": {"id": "T1"},
        "user": {"id": user, "username": user.lower(), "team_id": "T1"},
        "api_app_id": "A1",
        "trigger_id": "t-submit",
        "view": {**view, "id": "VM", "state": {"values": state}},
    }


async def series_count(slack: SlackHarness) -> int:
    async with slack.app.db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(MeetingSeries)) or 0)


async def open_form(slack: SlackHarness) -> dict[str, Any]:
    sent = await slack.command("meeting new", user=ADMIN, channel="C1")
    assert sent.status == 200
    [opened] = slack.fake.of("views.open")
    view: dict[str, Any] = opened.args["view"]
    return view


async def test_meeting_new_opens_a_form_in_the_admins_zone(slack: SlackHarness) -> None:
    view = await open_form(slack)

    assert view["callback_id"] == "foc_meeting_new"
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["tz"]["element"]["initial_value"] == "America/New_York"  # from users.info
    assert blocks["place"]["element"]["initial_conversations"] == ["C1"]
    assert len(blocks["participants"]["element"]["options"]) > 30
    assert slack.responses() == []  # the form is the answer


async def test_others_get_the_cores_refusal_not_a_form(slack: SlackHarness) -> None:
    await slack.command("meeting new", user="U1")

    assert not slack.fake.of("views.open")
    [answer] = slack.responses()
    assert answer["response_type"] == "ephemeral" and "Only admins" in answer["text"]


async def test_a_good_form_creates_the_meeting_and_says_so_in_the_channel(slack: SlackHarness) -> None:
    view = await open_form(slack)

    sent = await slack.interact(submission(view))

    answer = json.loads(sent.text)
    assert answer["response_action"] == "update"
    assert "Meeting 1 created" in answer["view"]["blocks"][0]["text"]["text"]
    [post] = slack.fake.of("chat.postMessage")
    assert post.args["channel"] == "C1" and "Troika call" in post.args["text"]
    series = await slack.app.services.meetings.get(1)
    assert series is not None and (series.kind, series.timezone, series.start_time) == (
        "troika",
        "Europe/Zurich",
        "15:00",
    )
    assert [p.ref for p in series.participants] == ["Estonia", "Switzerland", "slack:U1"]
    assert [p.place for p in series.places] == ["slack:C1"]


async def test_a_title_with_quotes_arrives_unchanged(slack: SlackHarness) -> None:
    """The form's values go to the core typed (`Command.values`), never re-joined into a line and parsed
    again: double and single quotes, a backslash and a `key=` in the title stay as typed."""
    view = await open_form(slack)
    title = 'The "Troika" call\'s rrule=FREQ=DAILY \\ agenda'

    sent = await slack.interact(submission(view, title=title))

    answer = json.loads(sent.text)
    assert answer["response_action"] == "update", answer
    series = await slack.app.services.meetings.get(1)
    assert series is not None
    assert series.title == title
    assert series.rrule == "FREQ=WEEKLY;INTERVAL=4"  # the `rrule=` in the title is text
    [post] = slack.fake.of("chat.postMessage")
    assert '"Troika" call' in post.args["text"]


async def test_errors_of_the_core_appear_beside_their_field_and_nothing_is_stored(
    slack: SlackHarness,
) -> None:
    view = await open_form(slack)
    cases = [
        ({"tz": "Mars/Base"}, "tz", "unknown time zone"),
        ({"participants": [], "people": []}, "participants", "participants"),
        ({"start": "2026-01-06"}, "start", "in the past"),
        ({"custom_rrule": "FREQ=SOMETIMES"}, "custom_rrule", "RFC 5545"),
        ({"reminders": "soon"}, "reminders", "not a reminder offset"),
        ({"title": "  "}, "title", "title"),
    ]
    for changes, field, words in cases:
        sent = await slack.interact(submission(view, **changes))

        answer = json.loads(sent.text)
        assert answer["response_action"] == "errors", changes
        assert list(answer["errors"]) == [field], (changes, answer)
        assert words.lower() in answer["errors"][field].lower()
        assert "Usage" not in answer["errors"][field]
    assert await series_count(slack) == 0
    assert not slack.fake.of("chat.postMessage")


async def test_app_home_lists_the_users_next_calls_in_their_zone(slack: SlackHarness) -> None:
    view = await open_form(slack)
    await slack.interact(submission(view))

    await slack.event(
        {"type": "app_home_opened", "user": "U1", "tab": "home", "channel": "D1"}, event_id="EvN"
    )

    [home] = slack.fake.of("views.publish")
    text = "\n".join(b.get("text", {}).get("text", "") for b in home.args["view"]["blocks"])
    assert "Your next calls" in text
    assert "*Troika call* (#1) Tue 12 Jan 15:00 Europe/Zurich" in text  # U1's zone (users.info)


async def test_the_reminder_reaches_the_slack_channel_mentioning_the_participants(
    slack: SlackHarness,
) -> None:
    view = await open_form(slack)
    await slack.interact(submission(view))
    await slack.command("tz for slack:U2 member=Estonia", user=ADMIN)  # an Estonian colleague
    slack.clock.set(datetime(2027, 1, 11, 14, 0, tzinfo=UTC))  # 24 h before 15:00 in Zurich
    await deliver(slack.app)  # what the due-work timer runs
    await deliver(slack.app)  # a second wake-up sends nothing twice

    reminders = [c for c in slack.fake.of("chat.postMessage") if c.args["text"].startswith("Reminder")]
    assert len(reminders) == 1
    assert reminders[0].args["channel"] == "C1"
    first = reminders[0].args["blocks"][0]["text"]["text"]
    mentions, _, text = first.partition(" Reminder: ")
    assert set(mentions.split()) == {"<@U1>", "<@U2>"}
    assert text.startswith("*Troika call* (meeting 1) starts in 24h")


async def test_a_calendar_invite_is_uploaded_as_a_file_to_the_channel(slack: SlackHarness) -> None:
    view = await open_form(slack)
    await slack.interact(submission(view))

    await slack.command("meeting ics 1", user="U1", channel="C1")

    [answer] = slack.responses()
    assert answer["response_type"] == "in_channel"
    [get_url] = slack.fake.of("files.getUploadURLExternal")
    assert get_url.args["filename"].endswith(".ics")
    [complete] = slack.fake.of("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C1"
    [content] = slack.fake.uploads.values()
    assert content.startswith(b"BEGIN:VCALENDAR") and b"Troika call" in content


async def test_a_submission_parses_the_rule_once(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form's values reach the core typed, and the core reads the rule once (`parse_rule`) and needs
    no lookup of the admin's zone (the form gives tz= and an ISO date) to create the series."""
    view = await open_form(slack)
    counts = count_parsing(monkeypatch)

    sent = await slack.interact(submission(view))

    assert json.loads(sent.text)["response_action"] == "update"
    assert await series_count(slack) == 1
    assert counts.seen == (1, 0)
