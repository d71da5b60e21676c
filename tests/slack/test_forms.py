"""A form's outcome within Slack's 3 seconds: in the ack when it comes in time, else a DM afterwards."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.adapters.slack.forms import FormOutcome, settle
from tests.slack.conftest import SlackHarness


class Acks:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def __call__(self, **kwargs: Any) -> None:
        self.calls.append(kwargs)


async def test_an_outcome_in_time_is_the_ack(slack: SlackHarness) -> None:
    ack = Acks()

    async def quick() -> FormOutcome:
        return FormOutcome("Survey 1", errors={"q2": "choose one of 1-3"})

    await settle(slack.adapter.runtime, ack, quick(), user_id="U1")

    assert ack.calls == [{"response_action": "errors", "errors": {"q2": "choose one of 1-3"}}]
    assert not slack.fake.of("chat.postMessage")


async def test_a_slow_outcome_is_acked_at_once_and_sent_as_a_message(slack: SlackHarness) -> None:
    ack = Acks()

    async def slow() -> FormOutcome:
        await asyncio.sleep(0.3)
        return FormOutcome("Meeting created", "Meeting 4 created: *Troika call*")

    await settle(slack.adapter.runtime, ack, slow(), user_id="U1", deadline=0.05)
    [acked] = ack.calls
    assert (
        acked["response_action"] == "update" and "Still working" in acked["view"]["blocks"][0]["text"]["text"]
    )
    await slack.adapter.drain()

    [message] = slack.fake.of("chat.postMessage")
    assert message.args["channel"] == "DU1"
    assert message.args["text"] == "Meeting created: Meeting 4 created: Troika call"


async def test_a_crash_is_acked_with_an_apology_not_a_slack_error(slack: SlackHarness) -> None:
    ack = Acks()

    async def broken() -> FormOutcome:
        raise RuntimeError("database gone")

    await settle(slack.adapter.runtime, ack, broken(), user_id="U1")

    [acked] = ack.calls
    assert "failed on my side" in acked["view"]["blocks"][0]["text"]["text"]
