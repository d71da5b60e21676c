"""Before the signature, nothing (issue 18, item 4): /slack/events checks the size, the timestamp and the
signature of a request before it parses its body. Unsigned or forged bodies get a bare 401; a signed body
nested too deep to parse gets a 400, never a 500; a signed `/foc help` is acked in time while unsigned
megabyte bodies arrive (the timing figures: `bench/slack.py --flood`)."""

from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlencode

import pytest

from tests.slack.conftest import SlackHarness, sign

MEGABYTE = 1_000_000
DEEP = "[" * 100_000


def garbage(size: int = MEGABYTE) -> str:
    """A form body whose ``payload`` is a megabyte of JSON: costly to parse, worthless to sign."""
    items = ",".join(["[1,{}]"] * (size // 7))
    return urlencode({"payload": f"[{items}]"})[:size]


def _no_error_logged(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


UNSIGNED = ("forged", "no signature", "stale", "garbage timestamp", "deep unsigned", "megabyte unsigned")


async def test_what_is_not_signed_gets_a_bare_401(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    for case in UNSIGNED:  # one app for the table: each request is checked to do nothing
        body = DEEP if case == "deep unsigned" else garbage() if case == "megabyte unsigned" else "{}"
        now = int(time.time())
        headers = {
            "forged": {"X-Slack-Signature": sign(body, now, "not-the-secret")},
            "no signature": {"X-Slack-Signature": ""},
            "stale": {"X-Slack-Request-Timestamp": str(now - 301)},
            "garbage timestamp": {"X-Slack-Request-Timestamp": "9" * 40},
            "deep unsigned": {"X-Slack-Signature": "v0=" + "0" * 64},
            "megabyte unsigned": {"X-Slack-Signature": "v0=" + "0" * 64},
        }[case]
        sent = await slack.post(body, "application/json", timestamp=now, headers=headers)
        await slack.adapter.drain()

        assert (sent.status, sent.text) == (401, ""), case  # nothing said about why
        assert slack.fake.calls == [], case
        _no_error_logged(caplog)


@pytest.mark.parametrize("content_type", ["application/json", "application/x-www-form-urlencoded"])
async def test_a_signed_body_nested_100000_deep_gets_a_400(
    slack: SlackHarness, content_type: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = DEEP if content_type == "application/json" else urlencode({"payload": DEEP})
    sent = await slack.post(body, content_type)
    await slack.adapter.drain()

    assert sent.status == 400 and "cannot be parsed" in sent.text
    assert slack.fake.calls == []
    _no_error_logged(caplog)


async def test_a_body_over_the_server_limit_is_refused_unread(slack: SlackHarness) -> None:
    sent = await slack.post("x" * (2 * 1024 * 1024), "application/json")
    assert sent.status == 413


async def test_a_signed_help_is_acked_in_time_while_32_unsigned_megabytes_arrive(slack: SlackHarness) -> None:
    await slack.command("help")  # warm up: the user is known, the first response posted
    flood_body = garbage()
    flood = [
        asyncio.create_task(
            slack.post(flood_body, "application/x-www-form-urlencoded", signature="v0=" + "0" * 64)
        )
        for _ in range(32)
    ]
    await asyncio.sleep(0)  # the flood is on its way first
    started = time.perf_counter()
    acked = await slack.command("help", settle=False)
    ack_seconds = time.perf_counter() - started
    refused = await asyncio.gather(*flood)
    await slack.adapter.drain()

    assert acked.status == 200
    assert ack_seconds < 3.0, ack_seconds  # Slack's limit; bench/slack.py --flood prints the figures
    assert {s.status for s in refused} == {401}
    assert len(slack.responses()) == 2 and "help" in slack.responses()[-1]["text"].lower()
