"""Work after the ack: it waits for the requests in flight (their acks come first), except urgent work."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapters.slack.tasks import Background


async def test_work_starts_after_the_acks_in_flight_and_urgent_work_at_once() -> None:
    background = Background()
    order: list[str] = []

    async def note(what: str) -> None:
        order.append(what)

    with background.request():
        background.spawn(note("work"), "work")
        background.spawn(note("modal"), "modal", urgent=True)
        await asyncio.sleep(0.05)
        order.append("ack")
    await background.drain(within=5)

    assert order == ["modal", "ack", "work"]


async def test_failing_work_is_logged_and_the_rest_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    background = Background()
    done: list[int] = []

    async def fail() -> None:
        raise RuntimeError("boom")

    async def ok() -> None:
        done.append(1)

    background.spawn(fail(), "fail")
    background.spawn(ok(), "ok")
    await background.drain(within=5)

    assert done == [1]
    assert len(background) == 0
    assert "slack background work fail failed" in caplog.text
