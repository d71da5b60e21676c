"""Socket Mode (SLACK_APP_TOKEN set): the bot connects out over a websocket; no /slack/events route."""

from __future__ import annotations

import asyncio
import contextlib

from bot.adapters.slack.app import build_slack
from bot.adapters.slack.settings import SlackSettings
from bot.app import build_app, lifespan
from bot.timers import SchedulerTimers
from tests.slack.fake_slack import APP_TOKEN, TOKEN, running_fake_slack
from tests.support.clock import FakeClock
from tests.support.dialogue import test_settings as settings_for


async def test_socket_mode_acks_a_slash_command_and_answers_it(database_url: str, clock: FakeClock) -> None:
    async with running_fake_slack() as fake:
        fake.add_user("U1", "Alice", "Europe/Vienna")
        slack = SlackSettings(bot_token=TOKEN, app_token=APP_TOKEN, api_url=fake.api_url)
        settings = settings_for(database_url, slack=slack)
        app = build_app(settings, clock=clock, timers=SchedulerTimers(fire=False))
        app.add_platform(build_slack(settings.slack, app))
        assert app.routes == []  # Socket Mode: nothing served over HTTP for Slack
        async with lifespan(app):
            task = asyncio.create_task(app.run_platforms())
            try:
                await fake.wait_for("socket:connected")
                assert len(fake.of("apps.connections.open")) == 1
                envelope = await fake.envelope(
                    "slash_commands",
                    {
                        "command": "/foc",
                        "text": "activity 3B.3",
                        "user_id": "U1",
                        "user_name": "alice",
                        "channel_id": "C1",
                        "team_id": "T1",
                        "response_url": fake.response_url("sock"),
                        "trigger_id": fake.new_trigger(),
                    },
                )
                [ack] = await fake.wait_for("socket:ack")
                assert ack.args["envelope_id"] == envelope
                [answer] = await fake.wait_for("response:sock")
                assert "3B.3" in answer.args["text"] and answer.args["response_type"] == "in_channel"
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
