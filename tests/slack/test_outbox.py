"""A reply Slack refuses every way is kept in the outbox table and retried until delivered: never lost."""

from __future__ import annotations

from bot.adapters.slack.outbox import job_id
from tests.slack.conftest import SlackHarness


async def test_an_undeliverable_answer_is_kept_and_delivered_by_the_retry(slack: SlackHarness) -> None:
    slack.fake.fail("response_url", status=404, error="expired_url", times=3)
    slack.fake.fail("chat.postMessage", error="fatal_error")
    outbox = slack.adapter.runtime.outbox

    await slack.command("activity 3B.3")

    [kept] = await outbox.repo.pending()
    assert (kept.user_id, kept.channel, kept.attempts, kept.last_error) == (
        "U1",
        None,
        1,
        "SlackApiError: fatal_error",
    )
    assert job_id(kept.id) in slack.app.timers.job_ids()

    slack.fake.fail("chat.postMessage", error="fatal_error")  # Slack still refuses the first retry
    assert await outbox.retry(kept.id) is False
    [again] = await outbox.repo.pending()
    assert again.attempts == 2 and again.next_attempt_at > kept.next_attempt_at
    assert job_id(kept.id) in slack.app.timers.job_ids()

    assert await outbox.retry(kept.id) is True
    assert await outbox.repo.pending() == []
    delivered = slack.fake.of("chat.postMessage")[-1]
    assert delivered.args["channel"] == "DU1" and "3B.3" in delivered.args["text"]
    assert await outbox.retry(kept.id) is True  # a late timer finds nothing to send: nothing twice
    assert len(slack.fake.of("chat.postMessage")) == 3


async def test_a_refused_thread_reply_is_kept_for_its_channel_and_rearmed_at_start(
    slack: SlackHarness,
) -> None:
    slack.fake.fail("chat.postMessage", error="not_in_channel")
    mention = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": "<@UBOT> activity 3B.3",
        "ts": "9.1",
    }

    await slack.event(mention, event_id="EvOut")

    [kept] = await slack.adapter.runtime.outbox.repo.pending()
    assert (kept.channel, kept.thread_ts) == ("C1", "9.1")
    slack.app.timers.disarm(job_id(kept.id))
    await slack.adapter.runtime.outbox.rearm()  # what the start-up hook does after a restart
    assert job_id(kept.id) in slack.app.timers.job_ids()


async def test_a_channel_that_keeps_refusing_gets_the_reply_in_the_dm(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", error="channel_not_found", times=3)
    mention = {
        "type": "app_mention",
        "channel": "C9",
        "user": "U1",
        "text": "<@UBOT> activity 3B.3",
        "ts": "9.2",
    }
    await slack.event(mention, event_id="EvGone")
    outbox = slack.adapter.runtime.outbox
    [kept] = await outbox.repo.pending()

    assert await outbox.retry(kept.id) is False  # attempts 2 and 3: still the channel
    assert await outbox.retry(kept.id) is False
    assert await outbox.retry(kept.id) is True  # then the DM

    channels = [c.args["channel"] for c in slack.fake.of("chat.postMessage")]
    assert channels == ["C9", "C9", "C9", "DU1"]
