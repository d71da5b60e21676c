"""The Slack adapter end to end: the real app and Bolt stack behind the real HTTP server, a fake Slack
Web API on loopback, and requests signed as Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.adapters.slack.app import SlackAdapter, build_slack
from bot.adapters.slack.settings import SlackSettings
from bot.app import App, build_app
from bot.http import build_http_app, serving
from bot.timers import SchedulerTimers
from tests.slack.fake_slack import TOKEN, FakeSlack, running_fake_slack
from tests.support.clock import FakeClock
from tests.support.databases import SHELF
from tests.support.dialogue import SharedSearch, started, test_settings

SIGNING_SECRET = "test-signing-secret"
ADMIN = "UADMIN"


def sign(body: str, timestamp: int, secret: str = SIGNING_SECRET) -> str:
    """Slack's v0 request signature."""
    base = f"v0:{timestamp}:{body}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


async def post_slash_command(
    session: aiohttp.ClientSession,
    base_url: str,
    *,
    text: str,
    user_id: str,
    user_name: str,
    response_url: str,
    trigger_id: str,
    channel_id: str = "C1",
) -> int:
    """Post a signed `/foc` slash command to a running bot's /slack/events as Slack does; the HTTP status."""
    body = urlencode(
        {
            "command": "/foc",
            "text": text,
            "user_id": user_id,
            "user_name": user_name,
            "channel_id": channel_id,
            "response_url": response_url,
            "team_id": "T1",
            "trigger_id": trigger_id,
        }
    )
    ts = int(time.time())
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": str(ts),
        "X-Slack-Signature": sign(body, ts),
    }
    async with session.post(f"{base_url}/slack/events", data=body, headers=headers) as response:
        return response.status


@dataclass
class Sent:
    status: int
    text: str


@dataclass
class SlackHarness:
    app: App
    adapter: SlackAdapter
    fake: FakeSlack
    url: str
    session: aiohttp.ClientSession
    clock: FakeClock

    async def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Sent:
        """POST to /slack/events, signed like Slack unless a test passes its own signature."""
        ts = int(time.time()) if timestamp is None else timestamp
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(ts),
            "X-Slack-Signature": signature or sign(body, ts),
            **(headers or {}),
        }
        async with self.session.post(
            f"{self.url}/slack/events", data=body.encode(), headers=all_headers
        ) as r:
            return Sent(r.status, await r.text())

    def command_body(self, text: str, user: str = "U1", channel: str = "C1", **extra: str) -> str:
        fields = {
            "command": "/foc",
            "text": text,
            "user_id": user,
            "user_name": user.lower(),
            "channel_id": channel,
            "channel_name": "directmessage" if channel.startswith("D") else "general",
            "team_id": "T1",
            "response_url": self.fake.response_url(f"{user}-{len(self.fake.calls)}"),
            "trigger_id": self.fake.new_trigger(),
            **extra,
        }
        return urlencode(fields)

    async def command(self, text: str, user: str = "U1", channel: str = "C1", *, settle: bool = True) -> Sent:
        sent = await self.post(self.command_body(text, user, channel), "application/x-www-form-urlencoded")
        if settle:
            await self.adapter.drain()
        return sent

    async def interact(self, payload: dict[str, Any], *, settle: bool = True) -> Sent:
        body = urlencode({"payload": json.dumps(payload)})
        sent = await self.post(body, "application/x-www-form-urlencoded")
        if settle:
            await self.adapter.drain()
        return sent

    async def event(self, event: dict[str, Any], *, event_id: str = "Ev1", retry: int | None = None) -> Sent:
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": "T1",
                "api_app_id": "A1",
                "event_id": event_id,
                "event_time": int(time.time()),
                "event": event,
            }
        )
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        # a retry is a new delivery: Slack signs it again, at a later time
        timestamp = int(time.time()) + (retry or 0)
        sent = await self.post(body, "application/json", headers=headers, timestamp=timestamp)
        await self.adapter.drain()
        return sent

    def responses(self) -> list[dict[str, Any]]:
        """Everything posted to response_urls, in order."""
        return [c.args for c in self.fake.calls if c.method.startswith("response:")]


@asynccontextmanager
async def open_slack(
    database_url: str, clock: FakeClock, shared_search: SharedSearch, *, elect: bool = True
) -> AsyncIterator[SlackHarness]:
    """The app with the Slack adapter in HTTP mode, served on loopback, against a fresh fake Slack.
    ``elect=False``: it always leads, with no resync loop running its timers' hooks (`build_app`)."""
    async with AsyncExitStack() as stack, running_fake_slack() as fake:
        fake.add_user("U1", "Alice", "Europe/Zurich")
        fake.add_user(ADMIN, "Ada", "America/New_York")
        settings = test_settings(
            database_url,
            admins=f"console:admin,slack:{ADMIN}",
            slack=SlackSettings(bot_token=TOKEN, signing_secret=SIGNING_SECRET, api_url=fake.api_url),
        )
        db = await stack.enter_async_context(SHELF.lend(database_url))
        app = build_app(settings, clock=clock, elect=elect, timers=SchedulerTimers(fire=False), db=db)
        adapter = build_slack(settings.slack, app)
        app.add_platform(adapter)  # HTTP mode: its routes are /slack/events
        http = build_http_app(app, app.routes)
        async with (
            started(app, search=shared_search),
            serving(http, "127.0.0.1", 0) as runner,
            aiohttp.ClientSession() as session,
        ):
            host, port = runner.addresses[0][:2]
            yield SlackHarness(app, adapter, fake, f"http://{host}:{port}", session, clock)


@pytest.fixture
async def slack(
    database_url: str, clock: FakeClock, shared_search: SharedSearch
) -> AsyncIterator[SlackHarness]:
    async with open_slack(database_url, clock, shared_search) as harness:
        yield harness
