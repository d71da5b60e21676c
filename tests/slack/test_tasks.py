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


async def turns(n: int = 5) -> None:
    """Let the event loop run ``n`` times without waiting for any real time."""
    for _ in range(n):
        await asyncio.sleep(0)


async def test_work_after_a_lone_ack_starts_at_once() -> None:
    background = Background()
    order: list[str] = []

    async def note(what: str) -> None:
        order.append(what)

    with background.request():
        background.spawn(note("work"), "work")
        await turns()
        order.append("ack")
    await turns()  # no quiet moment to wait for: nothing else was in flight

    assert order == ["ack", "work"]


async def test_in_a_burst_every_ack_comes_before_the_work() -> None:
    background = Background()
    order: list[str] = []

    async def note(what: str) -> None:
        order.append(what)

    with background.request():
        background.spawn(note("work 1"), "work 1")
        with background.request():  # a second request while the first is in flight: a burst
            background.spawn(note("work 2"), "work 2")
            order.append("ack 2")
        order.append("ack 1")
    await turns()
    with background.request():  # the burst's next request, come apart from the others
        await turns()
        order.append("ack 3")
    await background.drain(within=5)

    assert order == ["ack 2", "ack 1", "ack 3", "work 1", "work 2"]


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
