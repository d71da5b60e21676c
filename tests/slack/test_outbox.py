"""A reply Slack refuses every way is kept in the outbox and retried by the due-work engine until delivered:
never lost, never sent twice, a refusing channel's reply in the DM, a private one only in the DM, a 429's
Retry-After respected; rows left in the old outbox table at upgrade are carried over."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.adapters.slack.outbox import FIRST_RETRY, KIND
from handlers.due import TIMER, DueEngine
from storage.db import Database
from storage.repositories.due_work import DueItem, DueWorkRepository
from tests.slack.conftest import SlackHarness


def _engine(slack: SlackHarness) -> DueEngine:
    assert slack.app.due is not None
    return slack.app.due


async def _owed(slack: SlackHarness) -> list[DueItem]:
    return await slack.app.services.due_work.items(KIND)


async def _retry(slack: SlackHarness) -> DueItem:
    """Let the clock reach the kept reply's next attempt, and the engine run it."""
    [item] = await _owed(slack)
    slack.clock.set(max(slack.clock(), item.due_at))
    await _engine(slack).process(slack.clock())
    [item] = await _owed(slack)
    return item


async def test_an_undeliverable_answer_is_kept_and_delivered_by_the_retry(slack: SlackHarness) -> None:
    slack.fake.fail("response_url", status=404, error="expired_url", times=3)
    slack.fake.fail("chat.postMessage", error="fatal_error")
    kept_at = slack.clock()

    await slack.command("activity 3B.3")

    [kept] = await _owed(slack)
    assert (kept.state, kept.recipient, kept.attempts) == ("pending", "slack:U1", 0)
    assert kept.due_at == kept_at + FIRST_RETRY
    message = await slack.adapter.outbox.repo.get(kept.payload["message"])
    assert message is not None
    assert (message.user_id, message.channel, message.reason) == ("U1", None, "SlackApiError: fatal_error")
    assert TIMER in slack.app.timers.job_ids()

    slack.fake.fail("chat.postMessage", error="fatal_error")  # Slack still refuses the first retry
    again = await _retry(slack)
    assert (again.state, again.attempts) == ("retry", 1) and again.due_at > kept.due_at
    assert "fatal_error" in (again.last_error or "")
    assert TIMER in slack.app.timers.job_ids()

    done = await _retry(slack)
    assert (done.state, done.attempts) == ("sent", 2)
    assert await slack.adapter.outbox.repo.get(kept.payload["message"]) is None  # no longer kept
    delivered = slack.fake.of("chat.postMessage")[-1]
    assert delivered.args["channel"] == "DU1" and "3B.3" in delivered.args["text"]
    slack.clock.set(slack.clock() + timedelta(hours=2))
    assert await _engine(slack).process(slack.clock()) == 0  # a late wake-up finds nothing: nothing twice
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

    [kept] = await _owed(slack)
    message = await slack.adapter.outbox.repo.get(kept.payload["message"])
    assert message is not None and (message.channel, message.thread_ts) == ("C1", "9.1")
    slack.app.timers.disarm(TIMER)
    for hook in slack.app.rebuild_hooks:  # what a restart (or an election) does: the table is the truth
        await hook()
    assert TIMER in slack.app.timers.job_ids()
    done = await _retry(slack)
    assert done.state == "sent"
    post = slack.fake.of("chat.postMessage")[-1]
    assert (post.args["channel"], post.args["thread_ts"]) == ("C1", "9.1")


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

    assert (await _retry(slack)).state == "retry"  # attempts 2 and 3: still the channel
    assert (await _retry(slack)).state == "retry"
    assert (await _retry(slack)).state == "sent"  # then the DM

    channels = [c.args["channel"] for c in slack.fake.of("chat.postMessage")]
    assert channels == ["C9", "C9", "C9", "DU1"]
    assert slack.fake.of("chat.postMessage")[-1].args.get("thread_ts") in (None, "")


async def test_a_private_reply_slack_refused_is_kept_for_the_dm_only(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postEphemeral", error="fatal_error")
    mention = {
        "type": "app_mention",
        "channel": "C1",
        "user": "U1",
        "text": "<@UBOT> activity 9Z.9",  # a refusal: private
        "ts": "9.3",
    }
    await slack.event(mention, event_id="EvPrivate")
    [kept] = await _owed(slack)
    message = await slack.adapter.outbox.repo.get(kept.payload["message"])
    assert message is not None and (message.channel, message.thread_ts) == (None, None)

    assert (await _retry(slack)).state == "sent"
    assert [c.args["channel"] for c in slack.fake.of("chat.postMessage")] == ["DU1"]
    assert "9Z.9" in slack.fake.of("chat.postMessage")[0].args["text"]


async def test_a_429_waits_at_least_its_retry_after(slack: SlackHarness) -> None:
    slack.fake.fail("response_url", status=404, error="expired_url", times=3)
    slack.fake.fail("chat.postMessage", error="fatal_error")
    await slack.command("activity 3B.3")
    slack.fake.rate_limit("chat.postMessage", retry_after=600)  # 10 minutes: more than the backoff

    started = slack.clock()
    [kept] = await _owed(slack)
    waited = await _retry(slack)
    assert (waited.state, waited.attempts) == ("retry", 1) and "429" in (waited.last_error or "")
    assert waited.due_at >= kept.due_at + timedelta(seconds=600) > started + timedelta(seconds=600)
    assert len(slack.fake.of("chat.postMessage")) == 2  # the outbox does not sleep a 429 off: one call

    slack.clock.set(waited.due_at - timedelta(seconds=1))
    assert await _engine(slack).process(slack.clock()) == 0  # not before Retry-After
    assert (await _retry(slack)).state == "sent"
    assert slack.fake.of("chat.postMessage")[-1].args["channel"] == "DU1"


async def test_replies_waiting_in_the_old_outbox_table_are_carried_over_at_upgrade(
    database_url: str,
) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    def migrate(connection, revision: str, down: bool = False) -> None:  # type: ignore[no-untyped-def]
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)

    due = datetime(2027, 1, 11, 10, 0, tzinfo=UTC)
    insert = text(
        "INSERT INTO slack_outbox (channel, user_id, thread_ts, payload, attempts, last_error, created_at, "
        "next_attempt_at) VALUES (:channel, :user, :ts, :payload, :attempts, 'SlackApiError: x', :at, :due)"
    )
    db = Database.connect(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(migrate, "0019_due_work", True)
            await conn.execute(text("DELETE FROM slack_outbox"))
            for channel, user, attempts in (("C1", "U1", 2), (None, "U2", 1)):
                params = {"channel": channel, "user": user, "ts": None, "payload": "{}", "attempts": attempts}
                await conn.execute(insert, params | {"at": due - timedelta(hours=1), "due": due})
            await conn.run_sync(migrate, "heads")
        items = await DueWorkRepository(db).items(KIND)
        assert [(i.recipient, i.state, i.attempts, i.due_at) for i in items] == [
            ("slack:U1", "retry", 1, due),  # its next claim is attempt 2 of the channel's 3, as before
            ("slack:U2", "retry", 0, due),
        ]
        async with db.engine.connect() as conn:
            found = await conn.execute(text("SELECT id, user_id, reason FROM slack_outbox ORDER BY id"))
            rows = [tuple(r) for r in found]
        assert [(r[1], r[2]) for r in rows] == [("U1", "SlackApiError: x"), ("U2", "SlackApiError: x")]
        assert [i.payload["message"] for i in items] == [r[0] for r in rows]
    finally:
        await db.dispose()
