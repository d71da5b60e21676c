"""`GET /calendar/<token>.ics`: a person's calendar feed, with ETag / If-None-Match and Cache-Control."""

from __future__ import annotations

from aiohttp import web

from bot.app import App
from bot.web.security import check_rate
from bot.web.state import LIMITER_KEY, WEB_APP
from handlers.web.commands import FEED
from handlers.web.feed import personal_feed

CACHE = "private, max-age=300"


async def feed(request: web.Request) -> web.StreamResponse:
    check_rate(request, request.app[LIMITER_KEY], "feed")
    app: App = request.app[WEB_APP]
    token = request.match_info["token"]
    found = await app.services.web_tokens.find(FEED, token, now=app.clock())
    if found is None:
        raise web.HTTPNotFound(text="No such calendar.\n")
    built = await personal_feed(app.services, app.clock, found.user_key)
    headers = {"ETag": built.etag, "Cache-Control": CACHE}
    if built.etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        return web.Response(status=304, headers=headers)
    return web.Response(
        body=built.body,
        headers=headers | {"Content-Disposition": 'inline; filename="focbot.ics"'},
        content_type="text/calendar",
        charset="utf-8",
    )


def add_routes(http: web.Application) -> None:
    http.router.add_get("/calendar/{token}.ics", feed)
