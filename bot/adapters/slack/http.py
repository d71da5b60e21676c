"""POST /slack/events on the bot's shared aiohttp server (bot/http.py), handed to Bolt as it came."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.adapters.base import RouteContributor
from bot.adapters.slack.shape import malformed
from bot.adapters.slack.tasks import Background

EVENTS_PATH = "/slack/events"


def slack_routes(bolt: AsyncApp, background: Background | None = None) -> RouteContributor:
    """A route contributor for `bot.http.build_http_app`. Bolt checks the signature of every request.
    With ``background``, work started after acks lets the requests in flight be acked first."""

    async def events(request: web.Request) -> web.Response:
        stamp = request.headers.get("X-Slack-Request-Timestamp")
        if stamp is not None and not (stamp.isascii() and stamp.isdigit()):
            return web.Response(status=401, text="invalid X-Slack-Request-Timestamp")
        problem = malformed(await request.text(), request.headers.get("Content-Type", ""))
        if problem is not None:
            return web.Response(status=400, text=f"malformed Slack payload: {problem}")
        bolt_request = await to_bolt_request(request)
        if background is None:
            response = await bolt.async_dispatch(bolt_request)
        else:
            with background.request():
                response = await bolt.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)

    def contribute(http: web.Application) -> None:
        http.router.add_post(EVENTS_PATH, events)

    return contribute
