"""One bot replica for fault tests and bench/replicas.py: the real app (leader election, timers, delivery)
with the console as its platform (and Slack in HTTP mode when SLACK_* is set: a loopback fake Slack), JSON
lines on stdout, and the HTTP server for /healthz.

Run: ``python -m tests.support.replica`` with FOCBOT_* settings in the environment. Commands come on standard
input (``:as NAME`` switches user); replies and notifications are JSON lines on standard output, flushed
one by one, so a reader sees exactly what was acknowledged and what was delivered before a kill -9.
"""

from __future__ import annotations

import asyncio
import os

from bot.adapters.console import ConsoleAdapter, stdin_lines
from bot.app import build_app
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.redact import settings_secrets
from bot.serve import serve


async def main() -> None:
    settings = Settings()
    configure_logging(settings.log_level, settings_secrets(settings))
    app = build_app(settings)
    user = os.environ.get("REPLICA_USER", "admin")
    app.add_platform(ConsoleAdapter(app, user=user, json_mode=True, lines=stdin_lines()))
    if settings.slack.configured:
        from bot.adapters.slack.app import build_slack  # Slack's libraries: 0.3 s to import, only when used

        app.add_platform(build_slack(settings.slack, app))
    await serve(app)


if __name__ == "__main__":
    asyncio.run(main())
