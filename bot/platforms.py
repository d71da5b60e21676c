"""`focbot run`: starts every configured platform on one app, or the console when none is."""

from __future__ import annotations

import logging
import sys

from bot.adapters.console import ConsoleAdapter, stdin_lines
from bot.app import App, lifespan
from bot.serve import HEADLESS, serve

HOW_TO_CONFIGURE = """No chat platform is configured, so focbot opens the terminal console.
To connect it:
  Slack:  set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP mode on FOCBOT_HTTP_HOST:FOCBOT_HTTP_PORT)
          or SLACK_APP_TOKEN (Socket Mode). See README.md, "Slack".
  Matrix: set MATRIX_HOMESERVER, MATRIX_USER_ID and MATRIX_PASSWORD (or MATRIX_ACCESS_TOKEN and
          MATRIX_DEVICE_ID). See README.md, "Matrix".
Settings are read from the environment or a .env file (see .env.example)."""


async def run_platforms(app: App) -> None:
    """Add each configured platform (one line each), then serve them all; with none, the console."""
    settings = app.settings
    # each platform's SDK is imported only when it is configured (slack_bolt, nio: most of start-up)
    if settings.slack.configured:
        from bot.adapters.slack.app import build_slack

        app.add_platform(build_slack(settings.slack, app))
    if settings.matrix.configured:  # leader-only: one replica syncs (README, "Matrix")
        from bot.adapters.matrix.runner import MatrixPlatform

        app.add_platform(MatrixPlatform(app, settings.matrix, settings.secret_key))
    if not app.adapters and settings.console:
        print(HOW_TO_CONFIGURE, file=sys.stderr)
        # a person is chatting in this terminal: keep routine log lines out of the conversation
        root = logging.getLogger()
        root.setLevel(max(root.level, logging.WARNING))
        console = ConsoleAdapter(app, lines=stdin_lines(prompt="> "))
        app.add_platform(console)
        async with lifespan(app):
            await console.run()
        return
    if not app.adapters:
        print(HEADLESS.format(host=settings.http_host, port=settings.http_port), file=sys.stderr)
    await serve(app)
