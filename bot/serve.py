"""Serving `focbot run` without the console: the HTTP server (health, metrics, platform routes) and the
platform runners until SIGTERM or SIGINT (a container stops with SIGTERM)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Coroutine
from typing import Any

from bot.app import App, lifespan
from bot.http import build_http_app, serving

log = logging.getLogger("focbot")

HEADLESS = """No chat platform is configured and FOCBOT_CONSOLE is off: focbot runs headless, serving only
/healthz and /metrics on {host}:{port} (and running the timers when this replica leads)."""


async def serve(app: App) -> None:
    """Start the app (migrations, leader election), serve HTTP on FOCBOT_HTTP_HOST:PORT (with the added
    platforms' routes) and run the platforms until a signal or until one of them fails (its error is
    raised)."""
    host, port = app.settings.http_host, app.settings.http_port
    async with lifespan(app), serving(build_http_app(app, app.routes), host, port):
        log.info("http: serving /healthz and /metrics on %s:%s", host, port)
        await run_until_stopped([app.run_platforms()], app.duty.failed if app.duty else None)
        if app.duty is not None and app.duty.failure is not None:
            raise app.duty.failure


async def run_until_stopped(
    runners: list[Coroutine[Any, Any, None]], failed: asyncio.Event | None = None
) -> None:
    """Run ``runners`` until SIGTERM/SIGINT, until one ends (its error is raised) or ``failed`` is set."""
    stop = failed or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.ensure_future(runner) for runner in runners]
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait([*tasks, stopper], return_when=asyncio.FIRST_COMPLETED)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(sig)
        for task in [*tasks, stopper]:
            task.cancel()
        for task in [*tasks, stopper]:
            with contextlib.suppress(asyncio.CancelledError):
                await task
    if stopper in done:
        log.info("stopping: signal received")
    for task in done:
        if task is not stopper:
            task.result()
