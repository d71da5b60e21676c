"""Builds the Slack adapter (a slack-bolt AsyncApp and its listeners) from Settings and the bot's App."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from slack_bolt.async_app import AsyncApp

from bot.adapters.slack import PLATFORM
from bot.adapters.slack.actions import register_actions
from bot.adapters.slack.client import DEFAULT_API_URL, retry_handlers
from bot.adapters.slack.commands import Opener, register_commands
from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.events import register_events
from bot.adapters.slack.guard import ReplayGuard
from bot.adapters.slack.home import HomeSection, register_home
from bot.adapters.slack.meetings import next_calls_section, register_meetings
from bot.adapters.slack.notifier import SlackNotifier
from bot.adapters.slack.outbox import Outbox
from bot.adapters.slack.roster import slack_roster
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.surveys import register_surveys, waiting_surveys_section
from bot.adapters.slack.tasks import Background
from bot.adapters.slack.users import SlackUsers
from bot.app import App
from bot.config import Settings
from storage.repositories.slack_outbox import SlackOutbox

log = logging.getLogger("focbot.slack")


@dataclass
class SlackAdapter:
    bolt: AsyncApp
    runtime: SlackRuntime
    notifier: SlackNotifier
    openers: list[Opener] = field(default_factory=list)
    home_sections: list[HomeSection] = field(default_factory=list)

    async def drain(self) -> None:
        """Wait for the work started after acks (shutdown, tests)."""
        await self.runtime.background.drain()


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return getter() if getter is not None else None


BOLT_LOGGER = "focbot.slack.bolt"


def build_bolt(settings: Settings, guard: ReplayGuard) -> AsyncApp:
    """The Bolt app: signing secret checked on every HTTP request, replays refused before authorize."""
    bolt = AsyncApp(
        token=_secret(settings.slack_bot_token),
        signing_secret=_secret(settings.slack_signing_secret) or "",
        before_authorize=guard.middleware,
        process_before_response=False,
        logger=logging.getLogger(BOLT_LOGGER),
        # Bolt names its per-request logger after the app and copies the base logger's level onto it: the same
        # name keeps that from setting the level of the whole "focbot" logger tree
        name=BOLT_LOGGER,
    )
    # the client Bolt made, pointed at SLACK_API_URL (tests) and with 429/5xx/connection retries
    bolt.client.base_url = (settings.slack_api_url or DEFAULT_API_URL).rstrip("/") + "/"
    bolt.client.retry_handlers = retry_handlers()
    return bolt


def build_slack(settings: Settings, app: App) -> SlackAdapter:
    """Make the adapter and register its notifier on ``app.notifier`` under ``slack``."""
    guard = ReplayGuard(app.services.inbox, app.clock)
    bolt = build_bolt(settings, guard)
    delivery = Delivery(bolt.client)
    runtime = SlackRuntime(
        app=app,
        client=bolt.client,
        delivery=delivery,
        users=SlackUsers(bolt.client, app.services.users, app.clock),
        background=Background(),
        guard=guard,
        outbox=Outbox(SlackOutbox(app.db), delivery, app.timers, app.clock),
    )
    adapter = SlackAdapter(bolt=bolt, runtime=runtime, notifier=SlackNotifier(delivery))
    adapter.openers.append(register_meetings(bolt, runtime))
    adapter.home_sections += [next_calls_section, waiting_surveys_section]
    register_surveys(bolt, runtime)
    register_commands(bolt, runtime, adapter.openers)
    register_actions(bolt, runtime)
    register_events(bolt, runtime)
    register_home(bolt, runtime, adapter.home_sections)
    app.notifier.register(PLATFORM, adapter.notifier)
    app.services.place_rosters[PLATFORM] = slack_roster(runtime)
    app.on_startup.append(runtime.outbox.rearm)
    app.on_shutdown.append(adapter.drain)
    return adapter
