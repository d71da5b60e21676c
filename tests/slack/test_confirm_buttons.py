"""`meeting new` in words on Slack: the proposal carries Confirm / Cancel buttons; a click by its author runs
the confirm (the series is created once, whatever is replayed), anyone else's click saves nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from storage.models import MeetingSeries, PendingConfirmation
from tests.slack.conftest import ADMIN, SlackHarness
from tests.slack.test_actions import click

JAN_5 = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)
WORDED = 'meeting new "Troika call" every other Tuesday at 15:00 Zurich time participants=Estonia,Switzerland'


async def count(slack: SlackHarness, model: type[Any]) -> int:
    async with slack.app.db.transaction() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


def buttons(slack: SlackHarness) -> tuple[str, dict[str, dict[str, Any]]]:
    """The Confirm / Cancel buttons of the last proposal the bot answered with."""
    for answer in reversed(slack.responses()):
        actions = [b for b in answer.get("blocks") or [] if b["type"] == "actions"]
        if actions:
            [block] = actions
            return block["block_id"], {e["text"]["text"]: e for e in block["elements"]}
    raise AssertionError(f"no buttons in {slack.responses()}")


async def test_confirm_button_creates_the_series_once(slack: SlackHarness) -> None:
    slack.clock.set(JAN_5)
    assert (await slack.command(WORDED, user=ADMIN)).status == 200
    proposal = slack.responses()[-1]
    assert "every 2 weeks on Tuesday at 15:00 (Europe/Zurich)" in proposal["text"]
    assert "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" in proposal["text"]
    shown = str(proposal["blocks"])
    assert "Your time (America/New_York)" in shown  # the admin's zone: their Slack profile's
    assert "1  Tue 05 Jan 2027 09:00         Tue 05 Jan 2027 15:00" in shown
    assert "3  Tue 02 Feb 2027 09:00         Tue 02 Feb 2027 15:00" in shown
    block_id, found = buttons(slack)
    assert list(found) == ["Confirm", "Cancel"]
    assert found["Confirm"]["value"] == "meeting confirm 1 yes"
    assert found["Cancel"]["value"] == "meeting confirm 1 no"
    assert await count(slack, MeetingSeries) == 0 and await count(slack, PendingConfirmation) == 1

    # someone else's click saves nothing
    await slack.interact(
        click(slack, {**found["Confirm"], "block_id": block_id, "action_ts": "3.1"}, user="U1")
    )
    assert await count(slack, MeetingSeries) == 0
    assert "Only admins" in slack.responses()[-1]["text"]

    await slack.interact(
        click(slack, {**found["Confirm"], "block_id": block_id, "action_ts": "3.2"}, user=ADMIN)
    )
    assert slack.responses()[-1]["text"].startswith("Meeting 1 created")
    assert await count(slack, MeetingSeries) == 1

    # the same button again (a second click, a replayed payload): nothing new
    await slack.interact(
        click(slack, {**found["Confirm"], "block_id": block_id, "action_ts": "3.3"}, user=ADMIN)
    )
    assert "already confirmed: meeting 1" in slack.responses()[-1]["text"]
    await slack.interact(
        click(slack, {**found["Cancel"], "block_id": block_id, "action_ts": "3.4"}, user=ADMIN)
    )
    assert await count(slack, MeetingSeries) == 1

    await slack.command("meeting list", user=ADMIN)
    assert "Troika call" in str(slack.responses()[-1])


async def test_cancel_button_drops_the_proposal(slack: SlackHarness) -> None:
    slack.clock.set(JAN_5)
    await slack.command(WORDED, user=ADMIN)
    block_id, found = buttons(slack)
    await slack.interact(
        click(slack, {**found["Cancel"], "block_id": block_id, "action_ts": "4.1"}, user=ADMIN)
    )
    assert "Dropped proposal 1" in slack.responses()[-1]["text"]
    await slack.interact(
        click(slack, {**found["Confirm"], "block_id": block_id, "action_ts": "4.2"}, user=ADMIN)
    )
    assert "was dropped; nothing was saved" in slack.responses()[-1]["text"]
    assert await count(slack, MeetingSeries) == 0
