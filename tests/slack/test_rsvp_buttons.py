"""A meeting reminder in Slack carries Going / Not going / Maybe buttons; a click saves the clicker's RSVP."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from storage.models import MeetingRsvp
from tests.slack.conftest import ADMIN, SlackHarness
from tests.slack.test_actions import click
from tests.support.meetings import TROIKA, deliver

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
FIRST = datetime(2027, 1, 12, 14, 0, tzinfo=UTC)


async def stored(slack: SlackHarness) -> list[tuple[datetime, str, str, str | None]]:
    async with slack.app.db.transaction() as s:
        rows = (await s.scalars(select(MeetingRsvp))).all()
    return [(r.original_start, r.user_key, r.answer, r.member) for r in rows]


def rsvp_buttons(post_args: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]]]:
    [actions] = [b for b in post_args["blocks"] if b["type"] == "actions"]
    return actions["block_id"], {e["text"]["text"]: e for e in actions["elements"]}


async def test_the_reminder_buttons_post_the_rsvp_and_the_stored_row_changes(slack: SlackHarness) -> None:
    slack.clock.set(JAN_5)
    assert (await slack.command(TROIKA, user=ADMIN)).status == 200
    await slack.command("tz for <@U1|alice> member=Switzerland", user=ADMIN)
    slack.clock.set(datetime(2027, 1, 11, 14, tzinfo=UTC))  # 24 h before the first call
    await deliver(slack.app)

    [reminder] = [p for p in slack.fake.of("chat.postMessage") if "Reminder" in p.args["text"]]
    assert reminder.args["channel"] == "C1"
    block_id, buttons = rsvp_buttons(reminder.args)
    assert list(buttons) == ["Going", "Not going", "Maybe"]
    assert buttons["Going"]["value"] == "meeting rsvp 1 2027-01-12 yes"

    await slack.interact(click(slack, {**buttons["Going"], "block_id": block_id, "action_ts": "2.1"}))
    assert await stored(slack) == [(FIRST, "slack:U1", "yes", "Switzerland")]
    saved = slack.responses()[-1]
    assert saved["response_type"] == "ephemeral" and "Saved: going" in saved["text"]

    await slack.interact(click(slack, {**buttons["Not going"], "block_id": block_id, "action_ts": "2.2"}))
    assert await stored(slack) == [(FIRST, "slack:U1", "no", "Switzerland")]
    assert "(was going)" in slack.responses()[-1]["text"]

    slack.clock.set(FIRST)  # the call has started: a late click is refused and changes nothing
    await slack.interact(click(slack, {**buttons["Maybe"], "block_id": block_id, "action_ts": "2.3"}))
    assert "has started" in slack.responses()[-1]["text"]
    assert await stored(slack) == [(FIRST, "slack:U1", "no", "Switzerland")]
