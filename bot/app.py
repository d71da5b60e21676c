"""Wiring: builds the bot from settings in a function and runs it inside a lifespan; nothing at import."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy.engine import make_url

from bot.adapters.base import PlatformAdapter, RouteContributor
from bot.adapters.known import known_platforms
from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.duties import Runner, TimerDuty
from bot.health import PlatformStatus
from bot.leader import AdvisoryLockLeadership, Leadership, leadership_for
from bot.metrics import BotMetrics, build_metrics
from bot.notify import RoutingNotifier
from bot.timers import SchedulerTimers
from bot.wiring import build_services
from handlers.catalog import registry
from handlers.checkins.delivery import checkin_kinds
from handlers.context import Services
from handlers.core import Clock, Command, Reply
from handlers.due import DueEngine, DueKind, Policy
from handlers.meetings.commands import activity_annotator
from handlers.meetings.delivery import MeetingKind
from handlers.platforms import Platforms
from handlers.reminders.delivery import PersonalReminderKind
from handlers.surveys.due import SurveyDeadlineKind, SurveyReminderKind
from storage.db import Database
from storage.migrate import upgrade_and_seed
from storage.repositories.users import UserView

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
    start_hooks: list[Hook] = field(default_factory=list)
    """One-time start work, on the leader at each election (before the rebuild): finish what a crash
    interrupted, connect the leader-only platforms."""
    rebuild_hooks: list[Hook] = field(default_factory=list)
    """Re-read the timers from the database: on the leader at each election and every resync."""
    on_shutdown: list[Hook] = field(default_factory=list)
    metrics: BotMetrics = field(default_factory=build_metrics)
    leader: Leadership = field(default_factory=Leadership)
    platforms: PlatformStatus = field(default_factory=PlatformStatus)
    duty: TimerDuty | None = None
    """The leader's work (rebuild the timers from the database, run them): see `bot.duties`."""
    leader_runners: list[Runner] = field(default_factory=list)
    """Platform loops only the leader runs (the Matrix sync), started and stopped with its role."""
    adapters: list[PlatformAdapter] = field(default_factory=list)
    """The platforms added with `add_platform`, in order."""
    routes: list[RouteContributor] = field(default_factory=list)
    """Their HTTP routes, served beside /healthz and /metrics."""
    due: DueEngine | None = None
    """The one due-work engine (`handlers.due`): every kind of message the bot sends on its own."""

    async def handle(self, command: Command, *, user: UserView | None = None) -> Reply | None:
        """The reply to ``command``. ``user``: the actor's stored row when the adapter has just read it
        (not read again for this command)."""
        return await self.dispatcher.handle(command, user=user)

    def add_platform(self, adapter: PlatformAdapter) -> None:
        """Plug a platform in through its contract (`bot.adapters.base`): its keys and prefix for the core,
        its notifier and roster (on a leader-only platform: while this replica leads; a standby shows in
        /healthz), its routes, rebuild hooks, due-work kinds, start, run and stop. Call before `lifespan`."""
        self.services.platforms.add(adapter)
        self.adapters.append(adapter)
        self.routes.extend(adapter.routes())
        self.rebuild_hooks.extend(adapter.rebuild_hooks())
        for kind in adapter.due_kinds():
            assert self.due is not None, "the due-work engine is wired in build_app"
            self.due.add_kind(kind)
        self.on_shutdown.append(adapter.stop)
        if not adapter.leader_only:
            self._register(adapter)
            return
        self._stand_by(adapter)

        async def lead() -> None:
            await adapter.start()
            self._register(adapter)

        async def run_while_leading() -> None:
            log.info("%s: this replica leads: starting it", adapter.name)
            try:
                await adapter.run()
            finally:
                self._stand_by(adapter)
                log.info("%s: %s (this replica stopped running it)", adapter.name, adapter.standby_detail)

        run_while_leading.__name__ = f"{adapter.name}-leader"
        self.start_hooks.insert(0, lead)  # connected before the rest of the start work sends anything
        self.leader_runners.append(run_while_leading)

    async def run_platforms(self) -> None:
        """Run every platform that runs on each replica (`run`) until one ends (its error is raised)."""
        tasks = [asyncio.ensure_future(a.run()) for a in self.adapters if not a.leader_only]
        if not tasks:
            await asyncio.Event().wait()
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        for task in done:
            task.result()

    def _register(self, adapter: PlatformAdapter) -> None:
        self.notifier.register(adapter.name, adapter.notifier)
        roster = adapter.roster
        if roster is not None:
            self.services.place_rosters[adapter.name] = roster
        namer = adapter.place_namer
        if namer is not None:
            self.services.place_namers[adapter.name] = namer
        polls = adapter.native_polls
        if polls is not None:
            self.services.native_polls[adapter.name] = polls

    def _stand_by(self, adapter: PlatformAdapter) -> None:
        detail = adapter.standby_detail or "standby: another replica runs it"
        self.notifier.unregister(adapter.name, reason=detail)
        self.services.place_rosters.pop(adapter.name, None)
        self.services.place_namers.pop(adapter.name, None)
        self.services.native_polls.pop(adapter.name, None)
        self.platforms.set(adapter.name, connected=False, detail=detail, standby=True)


def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    elect: bool = True,
    timers: SchedulerTimers | None = None,
    db: Database | None = None,
) -> App:
    """Make every part from ``settings``. Nothing connects until `lifespan` runs. ``elect=False``: this
    app always leads, even on PostgreSQL (tests that open several apps on one database, in turn).
    ``timers``: an injected scheduler, e.g. ``SchedulerTimers(fire=False)`` beside an injected clock.
    ``db``: a handle on ``settings.database_url`` made beforehand (its engine outlives the app: `lifespan`
    closes its connections, and the engine's compiled statements stay for the next app)."""
    clock = clock or system_clock
    if db is None:
        db = Database.connect(settings.database_url)
    elif db.engine.url != make_url(settings.database_url):
        raise ValueError("build_app: the database handle is not on settings.database_url")
    metrics = build_metrics()
    notifier = RoutingNotifier(metrics)
    timers = timers or SchedulerTimers()
    services = build_services(
        db, settings.core(), notifier, timers, metrics=metrics, platforms=Platforms(known_platforms(settings))
    )
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
    app.duty = TimerDuty(
        timers, app.rebuild_hooks, resync_seconds=resync, runners=app.leader_runners, start=app.start_hooks
    )
    app.leader.on_change.append(lambda role: metrics.set_leader(role == "leader"))
    _wire_due_work(app)
    _wire_meetings(app)
    _wire_checkins(app)
    app.start_hooks.append(services.surveys.finish_invitations)  # those a crash interrupted
    return app


def _can_deliver(app: App) -> bool:
    """The one "no platform, no delivery" rule: `focbot ask`, `db upgrade` and `plan` register no platform
    and must not deliver anything (`add_platform` registers each notifier before `lifespan`)."""
    return bool(app.notifier.platforms)


def _delivering(app: App, hook: Hook) -> Hook:
    """``hook``, run only by a process that can deliver (`_can_deliver`)."""

    async def run() -> None:
        if _can_deliver(app):
            await hook()

    return run


def _wire_meetings(app: App) -> None:
    """A meeting series' lines in `activity <id>` (its reminders and minutes are due work)."""
    app.services.activity_annotators.append(activity_annotator(app.services, app.clock))


def _wire_due_work(app: App) -> None:
    """The one due-work engine and its kinds. At each election every kind makes its rows from the
    database (a start hook); at each rebuild (election and resync) the engine sends what is due and arms
    its one timer at the next row: a cheap read, not a reload of every series. A command that changes a
    kind's domain tells the engine (`DueEngine.changed`), which arms the timer directly."""
    ready = partial(_can_deliver, app)
    policy = Policy(lease=timedelta(seconds=app.settings.due_lease_seconds))
    kinds: list[DueKind] = [
        PersonalReminderKind(app.services),
        MeetingKind(app.services, "reminder"),
        MeetingKind(app.services, "minutes"),
        SurveyDeadlineKind(app.services),
        SurveyReminderKind(app.services),
    ]
    alone = not isinstance(app.leader, AdvisoryLockLeadership)  # SQLite (or a test app): one process
    engine = DueEngine(app.services, app.clock, kinds, policy=policy, ready=ready, alone=alone)
    app.due = engine
    app.services.due = engine
    app.start_hooks.append(engine.start)
    app.rebuild_hooks.append(engine.wake)


def _wire_checkins(app: App) -> None:
    """Check-ins' kinds of due work (rounds started and closed, DMs, reminders, digests), which the one
    engine sends (`_wire_due_work`); their use cases (`CheckinService`) come with the services."""
    assert app.due is not None
    for kind in checkin_kinds(app.services):
        app.due.add_kind(kind)


@asynccontextmanager
async def lifespan(app: App, *, migrate: bool = True, start_timers: bool = True) -> AsyncIterator[App]:
    """Migrate and seed the database, start the platforms, run the start and rebuild hooks (which rebuild
    timers from the database), start the timers; on exit stop them, run shutdown hooks (each platform's
    `stop`) and close the database. With ``start_timers`` the hooks and timers run on the leader replica
    only (`bot.leader`), whenever it becomes the leader. ``start_timers=False`` is for one-shot commands
    (`focbot ask`, `db upgrade`, `plan`): no hooks and no timers, so nothing is delivered or marked failed
    from a process with no platform."""
    try:
        if migrate:
            await upgrade_and_seed(app.db)
        await app.services.search.refresh()
        if start_timers:  # the leader (at once on SQLite) runs the start-up hooks, then its timers
            for adapter in app.adapters:
                if not adapter.leader_only:
                    await adapter.start()
            duty = app.duty or TimerDuty(app.timers, app.rebuild_hooks, start=app.start_hooks)
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
