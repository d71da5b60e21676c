"""The bot's HTTP server (aiohttp): health check here; platforms add their routes (Slack events); the web
surfaces (calendar feeds, dashboard: `bot.web`) are served beside them."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from aiohttp import web

from bot.adapters.base import RouteContributor
from bot.app import App
from bot.health import due_snapshot
from bot.metrics import CONTENT_TYPE
from bot.web import add_web_routes

APP_KEY = web.AppKey("focbot", App)
log = logging.getLogger("focbot.http")


def build_http_app(app: App, contributors: list[RouteContributor] | None = None) -> web.Application:
    http = web.Application()
    http[APP_KEY] = app
    http.router.add_get("/healthz", healthz)
    http.router.add_get("/metrics", metrics)
    add_web_routes(http, app)
    for contribute in contributors or []:
        contribute(http)
    return http


async def healthz(request: web.Request) -> web.Response:
    """200 while the database answers (``degraded`` when a platform is disconnected), else 503; with
    this replica's role (``leader`` runs the timers, ``standby`` waits) and each platform's connection."""
    app = request.app[APP_KEY]
    database = await app.db.ping()
    status = "unavailable" if not database else "ok" if app.platforms.all_connected else "degraded"
    body = {
        "status": status,
        "database": database,
        "role": app.leader.role.value,
        "platforms": app.platforms.snapshot(),
    }
    if database:
        body["due"] = await due_summary(app)
    return web.json_response(body, status=200 if database else 503)


async def due_summary(app: App) -> dict[str, dict[str, object]]:
    """The due-work backlog per kind (read from the database, so every replica shows it), also set on
    the /metrics gauges: ``pending``, ``oldest_seconds`` (the oldest due row not yet sent), ``failed``."""
    if app.due is None:
        return {}
    now = app.clock()
    try:
        backlog = await app.services.due_work.backlog(now)
    except Exception:  # the database is down: /healthz says so; the metrics keep their last values
        log.exception("due-work backlog unavailable")
        return {}
    app.metrics.set_due_backlog(backlog, app.due.kinds, now)
    return due_snapshot(backlog, app.due.kinds, now)


async def metrics(request: web.Request) -> web.Response:
    """Prometheus text exposition of this replica's metrics."""
    app = request.app[APP_KEY]
    await due_summary(app)
    response = web.Response(body=app.metrics.render())
    response.headers["Content-Type"] = CONTENT_TYPE
    return response


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
