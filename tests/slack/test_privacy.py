"""Private replies on Slack (issue 18, items 1 and 5), with signed requests against the fake Slack: a
private reply is ephemeral in the place, or in the user's own DM with the bot (found by conversations.open,
never assumed from a ``D`` id or ``directmessage``); its files go to that DM."""

from __future__ import annotations

from typing import Any

from tests.slack.conftest import ADMIN, SlackHarness
from tests.slack.fake_slack import BOT_USER

PAIR = "DPAIR"  # a DM between U1 and U2: a D id and `directmessage`, yet a shared place
SECRET = "my anonymous opinion"


def kinds(slack: SlackHarness) -> list[str]:
    return [r.get("response_type", "") for r in slack.responses()]


def uploads_to(slack: SlackHarness) -> list[Any]:
    return [c.args.get("channel_id") for c in slack.fake.of("files.completeUploadExternal")]


async def _anonymous_survey_for_u1(slack: SlackHarness) -> None:
    survey = "{title: Candid, questions: [{text: Your view of the chair, type: text}]}"
    await slack.command(f"survey import {survey}", user=ADMIN)
    await slack.command("survey open 1 to=slack:U1 anonymous", user=ADMIN)
    assert await slack.app.services.surveys.get(1) is not None
    slack.fake.calls.clear()


async def test_a_dm_between_two_people_is_not_the_users_dm_with_the_bot(slack: SlackHarness) -> None:
    slack.fake.add_user("U2", "Bob", "Europe/Paris")
    await _anonymous_survey_for_u1(slack)

    await slack.command("remind me in 2 minutes to call Accra", channel=PAIR)
    await slack.command("reminders", channel=PAIR)
    await slack.command("survey answer 1", channel=PAIR)
    await slack.command(SECRET, channel=PAIR)  # in the bot's DM this would answer the question

    assert kinds(slack)[:3] == ["ephemeral"] * 3  # Bob sees none of it
    assert "call Accra" in slack.responses()[1]["text"]
    typed = slack.responses()[3]  # read as a question (`ask`), never as the survey's answer
    assert "Thank you" not in typed["text"] and "Saved" not in typed["text"]
    assert not [c for c in slack.fake.of("chat.postMessage") if c.args["channel"] == PAIR]
    assert await slack.app.services.dialogues.active("slack:U1") is None  # no dialogue in a shared place
    progress = await slack.app.services.surveys.progress(1, "slack:U1", slack.clock())
    assert progress is not None and not progress.answers  # the typed words were no answer


async def test_the_dialogue_runs_in_the_users_own_dm_with_the_bot(slack: SlackHarness) -> None:
    await _anonymous_survey_for_u1(slack)

    await slack.command("survey answer 1", channel="DU1")  # conversations.open names DU1 as U1's DM
    assert await slack.app.services.dialogues.active("slack:U1") is not None
    await slack.command(SECRET, channel="DU1")

    assert kinds(slack) == ["ephemeral", "ephemeral"]  # dialogue replies are private too
    assert "complete" in slack.responses()[-1]["text"]
    progress = await slack.app.services.surveys.progress(1, "slack:U1", slack.clock())
    assert progress is not None and progress.complete


async def test_participation_in_a_channel_is_for_the_admin_alone(slack: SlackHarness) -> None:
    await slack.command("participation", user=ADMIN, channel="C1")

    [report] = slack.responses()
    assert report["response_type"] == "ephemeral" and "member" in report["text"].lower()
    assert uploads_to(slack) == [f"D{ADMIN}"]  # the chart: an ephemeral message cannot carry it


async def test_which_members_have_gone_quiet_in_a_channel_is_ephemeral(slack: SlackHarness) -> None:
    text = f"<@{BOT_USER}> which members have gone quiet?"
    await slack.event({"type": "app_mention", "channel": "C1", "user": ADMIN, "text": text, "ts": "300.1"})

    [quiet] = slack.fake.of("chat.postEphemeral")
    assert quiet.args["channel"] == "C1" and quiet.args["user"] == ADMIN
    assert "took no part" in quiet.args["text"] or "Every one" in quiet.args["text"]
    assert not slack.fake.of("chat.postMessage")  # nothing in the channel for everyone
