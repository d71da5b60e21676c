"""How the Slack adapter runs: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on the shared
server (the route is the adapter's, `SlackAdapter.routes`)."""

from __future__ import annotations

import asyncio
import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack import PLATFORM
from bot.health import PlatformStatus

log = logging.getLogger("focbot.slack")


async def http_mode(status: PlatformStatus) -> None:
    """Nothing to run beside the HTTP server: say so in /healthz and wait until cancelled."""
    status.set(PLATFORM, connected=True, detail="HTTP mode: events at /slack/events")
    log.info("slack: HTTP mode, events at /slack/events")
    await asyncio.Event().wait()


async def socket_mode(bolt: AsyncApp, app_token: str, status: PlatformStatus) -> None:
    handler = AsyncSocketModeHandler(bolt, app_token, web_client=bolt.client)
    status.set(PLATFORM, connected=False, detail="Socket Mode: connecting")
    await handler.connect_async()
    log.info("slack: Socket Mode connected")
    status.set(PLATFORM, connected=True, detail="Socket Mode")
    try:
        await asyncio.Event().wait()
    finally:
        status.set(PLATFORM, connected=False, detail="Socket Mode: closed")
        await handler.close_async()
