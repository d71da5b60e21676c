"""Builds the Slack adapter (a slack-bolt AsyncApp and its listeners) from `SlackSettings` and the App."""

from __future__ import annotations

import logging

from slack_bolt.async_app import AsyncApp

from bot.adapters.base import PlatformAdapter, RouteContributor
from bot.adapters.slack.actions import register_actions
from bot.adapters.slack.checkins import register_checkins, waiting_checkins_section
from bot.adapters.slack.client import DEFAULT_API_URL, retry_handlers
from bot.adapters.slack.commands import Opener, register_commands
from bot.adapters.slack.core_forms import register_core_forms
from bot.adapters.slack.delivery import Delivery
from bot.adapters.slack.events import register_events
from bot.adapters.slack.guard import ReplayGuard
from bot.adapters.slack.home import HomeSection, register_home
from bot.adapters.slack.http import slack_routes
from bot.adapters.slack.keys import SlackKeys
from bot.adapters.slack.meetings import next_calls_section, register_meetings
from bot.adapters.slack.notifier import SlackNotifier
from bot.adapters.slack.outbox import Outbox, OutboxKind
from bot.adapters.slack.roster import slack_roster
from bot.adapters.slack.runner import http_mode, socket_mode
from bot.adapters.slack.runtime import SlackRuntime
from bot.adapters.slack.settings import SlackSettings
from bot.adapters.slack.storage.outbox import SlackOutbox
from bot.adapters.slack.surveys import register_surveys, waiting_surveys_section
from bot.adapters.slack.tasks import Background
from bot.adapters.slack.users import SlackUsers
from bot.app import App
from handlers.due import DueKind
from handlers.ports import Notifier, PlaceRoster

log = logging.getLogger("focbot.slack")


class SlackAdapter(SlackKeys, PlatformAdapter):
    """The Slack platform (`bot.adapters.base`): Socket Mode when SLACK_APP_TOKEN is set, else HTTP mode
    on the bot's server (/slack/events). Built by `build_slack`; `app.add_platform` plugs it in."""

    def __init__(
        self,
        settings: SlackSettings,
        bolt: AsyncApp,
        runtime: SlackRuntime,
        notifier: SlackNotifier,
        outbox: OutboxKind,
    ) -> None:
        self.settings = settings
        self.bolt = bolt
        self.runtime = runtime
        self.slack_notifier = notifier
        self.outbox = outbox
        self.openers: list[Opener] = []
        self.home_sections: list[HomeSection] = []
        self._roster = slack_roster(runtime)

    @property
    def notifier(self) -> Notifier:
        return self.slack_notifier

    @property
    def roster(self) -> PlaceRoster:
        return self._roster

    @property
    def app_token(self) -> str | None:
        return _secret(self.settings.app_token)

    def routes(self) -> list[RouteContributor]:
        """/slack/events in HTTP mode; nothing in Socket Mode (the bot connects out)."""
        if self.app_token:
            return []
        secret = _secret(self.settings.signing_secret) or ""
        return [slack_routes(self.bolt, secret, self.runtime.background)]

    def due_kinds(self) -> list[DueKind]:
        return [self.outbox]  # replies kept until delivered: the engine retries them

    async def run(self) -> None:
        status = self.runtime.app.platforms
        token = self.app_token
        await (socket_mode(self.bolt, token, status) if token else http_mode(status))

    async def start(self) -> None:
        self.runtime.delivery.open()

    async def stop(self) -> None:
        await self.drain()
        await self.runtime.delivery.close()

    async def drain(self) -> None:
        """Wait for the work started after acks (shutdown, tests)."""
        await self.runtime.background.drain()


def _secret(value: object) -> str | None:
    getter = getattr(value, "get_secret_value", None)
    return getter() if getter is not None else None


BOLT_LOGGER = "focbot.slack.bolt"


def build_bolt(settings: SlackSettings, guard: ReplayGuard) -> AsyncApp:
    """The Bolt app: signing secret checked on every HTTP request, replays refused before authorize."""
    bolt = AsyncApp(
        token=_secret(settings.bot_token),
        signing_secret=_secret(settings.signing_secret) or "",
        before_authorize=guard.middleware,
        process_before_response=False,
        logger=logging.getLogger(BOLT_LOGGER),
        # Bolt names its per-request logger after the app and copies the base logger's level onto it: the same
        # name keeps that from setting the level of the whole "focbot" logger tree
        name=BOLT_LOGGER,
    )
    # the client Bolt made, pointed at SLACK_API_URL (tests) and with 429/5xx/connection retries
    bolt.client.base_url = (settings.api_url or DEFAULT_API_URL).rstrip("/") + "/"
    bolt.client.retry_handlers = retry_handlers()
    return bolt


def build_slack(settings: SlackSettings, app: App) -> SlackAdapter:
    """Make the adapter (its listeners on a Bolt app); ``app.add_platform(adapter)`` plugs it in."""
    assert app.due is not None, "the due-work engine is wired in build_app"
    guard = ReplayGuard(app.services.inbox, app.clock)
    bolt = build_bolt(settings, guard)
    delivery = Delivery(bolt.client)
    outbox = SlackOutbox(app.db)
    runtime = SlackRuntime(
        app=app,
        client=bolt.client,
        delivery=delivery,
        users=SlackUsers(bolt.client, app.services.users, app.clock),
        background=Background(),
        guard=guard,
        outbox=Outbox(outbox, delivery, app.due, app.clock),
    )
    kind = OutboxKind(outbox, delivery.without_rate_limit_waits(), app.clock)
    adapter = SlackAdapter(settings, bolt, runtime, SlackNotifier(delivery), kind)
    adapter.openers.append(register_meetings(bolt, runtime))
    adapter.home_sections += [next_calls_section, waiting_surveys_section, waiting_checkins_section]
    register_surveys(bolt, runtime)
    register_checkins(bolt, runtime)
    register_commands(bolt, runtime, adapter.openers)
    register_actions(bolt, runtime)
    register_core_forms(bolt, runtime)
    register_events(bolt, runtime)
    register_home(bolt, runtime, adapter.home_sections)
    return adapter
