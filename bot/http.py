"""The bot's HTTP server (aiohttp): health check here; platforms add their routes (Slack events)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from aiohttp import web

from bot.app import App

RouteContributor = Callable[[web.Application], None]
APP_KEY = web.AppKey("focbot", App)


def build_http_app(app: App, contributors: list[RouteContributor] | None = None) -> web.Application:
    http = web.Application()
    http[APP_KEY] = app
    http.router.add_get("/healthz", healthz)
    for contribute in contributors or []:
        contribute(http)
    return http


async def healthz(request: web.Request) -> web.Response:
    app = request.app[APP_KEY]
    database = await app.db.ping()
    body = {"status": "ok" if database else "unavailable", "database": database}
    return web.json_response(body, status=200 if database else 503)


@asynccontextmanager
async def serving(http: web.Application, host: str, port: int) -> AsyncIterator[web.AppRunner]:
    """Serve ``http`` on host:port until the block ends."""
    runner = web.AppRunner(http, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    try:
        yield runner
    finally:
        await runner.cleanup()
