"""Every request to /slack/events is verified: forged, stale and replayed ones get 401 and run nothing."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from storage.models import User
from storage.models.inbox import ProcessedEvent
from tests.slack.conftest import SlackHarness, sign


async def _stored(slack: SlackHarness) -> tuple[int, int]:
    async with slack.app.db.transaction() as s:
        users = await s.scalar(select(func.count()).select_from(User))
        events = await s.scalar(select(func.count()).select_from(ProcessedEvent))
    return int(users or 0), int(events or 0)


async def test_forged_signature_is_refused(slack: SlackHarness) -> None:
    body = slack.command_body("activity 3B.3 status done", user="UADMIN")
    ts = int(time.time())

    sent = await slack.post(
        body, "application/x-www-form-urlencoded", signature=sign(body, ts, "wrong-secret")
    )
    await slack.adapter.drain()

    assert sent.status == 401
    assert slack.fake.calls == []
    assert await _stored(slack) == (0, 0)


async def test_tampered_body_is_refused(slack: SlackHarness) -> None:
    ts = int(time.time())
    signed = slack.command_body("activity 3B.3", user="UADMIN")
    tampered = signed.replace("activity+3B.3", "activity+3B.3+status+done")

    sent = await slack.post(
        tampered, "application/x-www-form-urlencoded", timestamp=ts, signature=sign(signed, ts)
    )
    await slack.adapter.drain()

    assert sent.status == 401
    assert slack.fake.calls == []
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and activity.status is None


async def test_stale_timestamp_is_refused_even_when_correctly_signed(slack: SlackHarness) -> None:
    body = slack.command_body("activity 3B.3")

    sent = await slack.post(body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 301)
    await slack.adapter.drain()

    assert sent.status == 401
    assert slack.fake.calls == []
    assert await _stored(slack) == (0, 0)


async def test_missing_signature_headers_are_refused(slack: SlackHarness) -> None:
    body = slack.command_body("activity 3B.3")
    async with slack.session.post(
        f"{slack.url}/slack/events", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    ) as response:
        assert response.status == 401
    await slack.adapter.drain()
    assert slack.fake.calls == []


async def test_replayed_request_is_refused_and_runs_nothing(slack: SlackHarness) -> None:
    body = slack.command_body("activity 3B.3 note replayed?", user="UADMIN")
    ts = int(time.time())
    first = await slack.post(body, "application/x-www-form-urlencoded", timestamp=ts)
    await slack.adapter.drain()
    calls = len(slack.fake.calls)
    stored = await _stored(slack)

    again = await slack.post(body, "application/x-www-form-urlencoded", timestamp=ts)
    await slack.adapter.drain()

    assert (first.status, again.status) == (200, 401)
    assert len(slack.fake.calls) == calls
    assert await _stored(slack) == stored
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and [n.text for n in activity.notes] == ["replayed?"]


async def test_health_check_is_served_beside_the_events(slack: SlackHarness) -> None:
    async with slack.session.get(f"{slack.url}/healthz") as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"


async def test_a_replay_to_another_replica_is_dropped_before_any_work(slack: SlackHarness) -> None:
    body = slack.command_body("activity 3B.3 note once", user="UADMIN")
    ts = int(time.time())
    await slack.post(body, "application/x-www-form-urlencoded", timestamp=ts)
    await slack.adapter.drain()
    calls = len(slack.fake.calls)
    slack.adapter.runtime.guard._seen.clear()  # another replica, or this one restarted: no memory of it

    again = await slack.post(body, "application/x-www-form-urlencoded", timestamp=ts)
    await slack.adapter.drain()

    assert again.status == 200  # acked, but the shared inbox already holds its signature
    assert len(slack.fake.calls) == calls
    activity = await slack.app.services.knowledge.activity("3B.3")
    assert activity is not None and [n.text for n in activity.notes] == ["once"]
