"""POST /slack/events on the bot's shared aiohttp server (bot/http.py), handed to Bolt as it came."""

from __future__ import annotations

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp

from bot.adapters.slack.tasks import Background
from bot.http import RouteContributor

EVENTS_PATH = "/slack/events"


def slack_routes(bolt: AsyncApp, background: Background | None = None) -> RouteContributor:
    """A route contributor for `bot.http.build_http_app`. Bolt checks the signature of every request.
    With ``background``, work started after acks lets the requests in flight be acked first."""

    async def events(request: web.Request) -> web.Response:
        if background is None:
            response = await bolt.async_dispatch(await to_bolt_request(request))
        else:
            with background.request():
                response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    def contribute(http: web.Application) -> None:
        http.router.add_post(EVENTS_PATH, events)

    return contribute
