"""Wiring: builds the bot from settings in a function and runs it inside a lifespan; nothing at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial

from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.duties import Runner, TimerDuty
from bot.health import PlatformStatus
from bot.leader import AdvisoryLockLeadership, Leadership, leadership_for
from bot.metrics import BotMetrics, build_metrics
from bot.notify import RoutingNotifier
from bot.timers import SchedulerTimers
from handlers.catalog import registry
from handlers.context import Services
from handlers.core import Clock, Command, Reply
from storage.db import Database
from storage.migrate import upgrade_and_seed

log = logging.getLogger("focbot")
Hook = Callable[[], Awaitable[None]]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class App:
    """The running bot's parts. Adapters get this and nothing global."""

    settings: Settings
    db: Database
    clock: Clock
    notifier: RoutingNotifier
    timers: SchedulerTimers
    services: Services
    dispatcher: Dispatcher
    on_startup: list[Hook] = field(default_factory=list)
    on_shutdown: list[Hook] = field(default_factory=list)
    metrics: BotMetrics = field(default_factory=build_metrics)
    leader: Leadership = field(default_factory=Leadership)
    platforms: PlatformStatus = field(default_factory=PlatformStatus)
    duty: TimerDuty | None = None
    """The leader's work (rebuild the timers from the database, run them): see `bot.duties`."""
    leader_runners: list[Runner] = field(default_factory=list)
    """Platform loops only the leader runs (the Matrix sync), started and stopped with its role."""

    async def handle(self, command: Command) -> Reply | None:
        return await self.dispatcher.handle(command)


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    elect: bool = True,
    timers: SchedulerTimers | None = None,
) -> App:
    """Make every part from ``settings``. Nothing connects until `lifespan` runs. ``elect=False``: this
    app always leads, even on PostgreSQL (tests that open several apps on one database, in turn).
    ``timers``: an injected scheduler, e.g. ``SchedulerTimers(fire=False)`` beside an injected clock."""
    clock = clock or system_clock
    db = Database.connect(settings.database_url)
    metrics = build_metrics()
    notifier = RoutingNotifier(metrics)
    timers = timers or SchedulerTimers()
    services = Services(db=db, settings=settings.core(), notifier=notifier, timers=timers, metrics=metrics)
    dispatcher = Dispatcher(registry(), services, clock, observe=metrics.observe_command)
    app = App(
        settings=settings,
        db=db,
        clock=clock,
        notifier=notifier,
        timers=timers,
        services=services,
        dispatcher=dispatcher,
        metrics=metrics,
        leader=leadership_for(settings.database_url, retry_seconds=settings.leader_retry_seconds)
        if elect
        else Leadership(),
    )
    resync = settings.timer_resync_seconds if isinstance(app.leader, AdvisoryLockLeadership) else 0.0
    app.duty = TimerDuty(timers, app.on_startup, resync_seconds=resync, runners=app.leader_runners)
    app.leader.on_change.append(lambda role: metrics.set_leader(role == "leader"))
    _wire_meetings(app)
    app.on_startup.append(partial(services.surveys.start, clock))  # deadlines and reminders from the DB
    return app


def _wire_meetings(app: App) -> None:
    """Meeting reminders and minutes: rebuilt from the database at start, re-armed on every change."""
    from handlers.meeting_delivery import MeetingDelivery
    from handlers.meetings import activity_annotator

    delivery = MeetingDelivery(app.services, app.clock)
    delivery.install()
    app.services.activity_annotators.append(activity_annotator(app.services, app.clock))

    async def rebuild_meeting_timers() -> None:
        # `focbot ask`, `db upgrade` and `plan` register no platform: they must not deliver anything.
        # Adapters register their notifier before `lifespan` (as the console does) so that start-up can.
        if app.notifier.platforms:
            await delivery.startup()

    app.on_startup.append(rebuild_meeting_timers)

    from handlers.reminder_delivery import ReminderDelivery

    reminders = ReminderDelivery(app.services, app.clock)
    reminders.install()

    async def rebuild_reminder_timer() -> None:
        if app.notifier.platforms:  # one-shot commands register no platform: they deliver nothing
            await reminders.wake()

    app.on_startup.append(rebuild_reminder_timer)


@asynccontextmanager
async def lifespan(app: App, *, migrate: bool = True, start_timers: bool = True) -> AsyncIterator[App]:
    """Migrate and seed the database, run start-up hooks (which rebuild timers from the database), start
    the timers; on exit stop them, run shutdown hooks and close the database. With ``start_timers`` the
    hooks and timers run on the leader replica only (`bot.leader`), whenever it becomes the leader.
    ``start_timers=False`` is for one-shot commands (`focbot ask`, `db upgrade`, `plan`): no start-up
    hooks and no timers, so nothing is delivered or marked failed from a process with no platform."""
    try:
        if migrate:
            await upgrade_and_seed(app.db)
        await app.services.search.refresh()
        if start_timers:  # the leader (at once on SQLite) runs the start-up hooks, then its timers
            duty = app.duty or TimerDuty(app.timers, app.on_startup)
            app.timers.start(paused=True)
            await app.leader.start(duty.elected, duty.demoted)
        yield app
    finally:
        await app.leader.stop()
        app.timers.shutdown()
        for hook in reversed(app.on_shutdown):
            try:
                await hook()
            except Exception:
                log.exception("shutdown hook failed")
        await app.db.dispose()
