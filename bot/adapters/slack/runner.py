"""`focbot run` on Slack: Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode on the shared server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.adapters.slack.app import SlackAdapter, build_slack
from bot.adapters.slack.http import slack_routes
from bot.app import App
from bot.http import RouteContributor

log = logging.getLogger("focbot.slack")


def attach_slack(app: App, routes: list[RouteContributor]) -> Coroutine[Any, Any, None]:
    """Build the adapter, add /slack/events to ``routes`` in HTTP mode, and return the coroutine that
    keeps it running (Socket Mode connection, or nothing more than the HTTP server)."""
    settings = app.settings
    adapter = build_slack(settings, app)
    if settings.slack_app_token is not None:
        return _socket_mode(adapter, settings.slack_app_token.get_secret_value())
    routes.append(slack_routes(adapter.bolt, adapter.runtime.background))
    return _http_mode()


async def _http_mode() -> None:
    log.info("slack: HTTP mode, events at /slack/events")
    await asyncio.Event().wait()


async def _socket_mode(adapter: SlackAdapter, app_token: str) -> None:
    handler = AsyncSocketModeHandler(adapter.bolt, app_token, web_client=adapter.bolt.client)
    await handler.connect_async()
    log.info("slack: Socket Mode connected")
    try:
        await asyncio.Event().wait()
    finally:
        await handler.close_async()
