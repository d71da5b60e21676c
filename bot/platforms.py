"""`focbot run`: starts every configured platform on one app, or the console when none is."""

from __future__ import annotations

import logging
import sys
from collections.abc import Coroutine
from typing import Any

from bot.app import App, lifespan
from bot.http import RouteContributor
from bot.serve import HEADLESS, serve

HOW_TO_CONFIGURE = """No chat platform is configured, so focbot opens the terminal console.
To connect it:
  Slack:  set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode on FOCBOT_HTTP_HOST:FOCBOT_HTTP_PORT)
          or SLACK_APP_TOKEN (Socket Mode). See README.md, "Slack".
  Matrix: set MATRIX_HOMESERVER, MATRIX_USER_ID and MATRIX_PASSWORD (or MATRIX_ACCESS_TOKEN and
          MATRIX_DEVICE_ID). See README.md, "Matrix".
Settings are read from the environment or a .env file (see .env.example)."""


async def run_platforms(app: App) -> None:
    from bot.adapters.console import PLATFORM, ConsoleAdapter, stdin_lines

    runners: list[Coroutine[Any, Any, None]] = []  # the configured platform adapters
    routes: list[RouteContributor] = []  # their HTTP endpoints on the shared server (with /healthz)
    if app.settings.slack_configured:
        from bot.adapters.slack.runner import attach_slack

        runners.append(attach_slack(app, routes))
    if app.settings.matrix_configured:
        from bot.adapters.matrix.runner import matrix_leader_runner

        # One replica holds the Matrix sync (the leader); the others stand by (see README, "Matrix").
        app.leader_runners.append(matrix_leader_runner(app))
    if not runners and not app.settings.matrix_configured and app.settings.console:
        print(HOW_TO_CONFIGURE, file=sys.stderr)
        # a person is chatting in this terminal: keep routine log lines out of the conversation
        root = logging.getLogger()
        root.setLevel(max(root.level, logging.WARNING))
        console = ConsoleAdapter(app)
        app.notifier.register(PLATFORM, console)
        async with lifespan(app):
            await console.run(stdin_lines(prompt="> "))
        return
    if not runners and not app.settings.matrix_configured:
        print(HEADLESS.format(host=app.settings.http_host, port=app.settings.http_port), file=sys.stderr)
    await serve(app, runners, routes)
