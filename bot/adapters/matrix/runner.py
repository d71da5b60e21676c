"""Wiring for `focbot run`: the Matrix notifier registered on the app, and the sync loop to run."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.client import MatrixSession, MatrixStopped
from bot.adapters.matrix.crosssign import CrossSigner
from bot.adapters.matrix.handler import BatchHandler
from bot.adapters.matrix.invites import InvitePolicy
from bot.adapters.matrix.notifier import MatrixNotifier
from bot.adapters.matrix.pollroom import PollRoom
from bot.adapters.matrix.routing import CommandRouter
from bot.adapters.matrix.status import MatrixHealth
from bot.adapters.matrix.sync import SyncLoop
from bot.app import App
from storage.repositories.matrix import MatrixRepository

log = logging.getLogger("focbot.matrix")
STARTUP_WAIT_S = 20.0
STANDBY = "standby: another replica holds the Matrix sync"


class MatrixAdapter:
    """Everything the bot needs on Matrix, built from ``app.settings``; `run` until cancelled."""

    def __init__(self, app: App) -> None:
        settings = app.settings
        self.app = app
        self.session = MatrixSession(settings)
        self.health = MatrixHealth(app.platforms, settings)
        self.health.connecting()
        self.session.on_failure = self.health.failed
        self.repo = MatrixRepository(app.db, str(settings.matrix_user_id))
        self.notifier = MatrixNotifier(self.session, self.repo, app.clock)
        policy = InvitePolicy.parse(settings.matrix_allow, str(settings.matrix_user_id))
        polls = PollRoom(app, self.session, self.notifier.send_event)
        dialogue = app.services.dialogues
        self.notifier.polls, self.notifier.dialogue = polls, dialogue
        router = CommandRouter(app, polls, dialogue)
        self.handler = BatchHandler(app, self.session, self.notifier, self.repo, policy, router)
        self.signer = CrossSigner(self.session, self.repo, app.clock)
        self.loop = SyncLoop(
            self.session, self.handler, self.repo, app.clock, self.signer, health=self.health
        )
        app.notifier.register(PLATFORM, self.notifier)
        app.services.place_rosters[PLATFORM] = self.notifier.roster
        # Connect before the other start-up hooks, so that what they send (reminders that fell due while
        # the bot was down) finds the rooms known; bounded, so a homeserver that is down delays no one long.
        app.on_startup.insert(0, self._connect_at_startup)
        self._connecting: asyncio.Task[None] | None = None

    def _start_connecting(self) -> asyncio.Task[None]:
        if self._connecting is None:
            self._connecting = asyncio.create_task(self.loop.connect(), name="matrix-connect")
        return self._connecting

    async def _connect_at_startup(self) -> None:
        task = self._start_connecting()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=STARTUP_WAIT_S)
        except TimeoutError:
            log.warning(
                "matrix: not connected after %.0f s; starting anyway, it keeps trying", STARTUP_WAIT_S
            )
        except Exception:
            log.debug("matrix: connecting failed; the runner reports it")

    async def run(self) -> None:
        try:
            await self._start_connecting()
            await self.loop.run()
        except MatrixStopped as exc:
            log.error("%s", exc)
            self.health.stopped(str(exc))
            raise
        finally:
            self.app.notifier.unregister(PLATFORM)
            with contextlib.suppress(ValueError):  # a later adapter (next election) adds its own
                self.app.on_startup.remove(self._connect_at_startup)
            await self.session.close()


async def run_matrix(app: App) -> None:
    """`focbot run`'s Matrix runner: a clear exit (not a loop) when the adapter cannot go on."""
    try:
        await MatrixAdapter(app).run()
    except MatrixStopped as exc:
        raise SystemExit(f"focbot: {exc}") from None


def matrix_leader_runner(app: App) -> Callable[[], Coroutine[Any, Any, None]]:
    """The Matrix sync as a leader-only runner (`App.leader_runners`): one replica holds it, the others
    stand by with no Matrix client (a delivery to Matrix there fails with `UnroutableError`, naming the
    standby; /healthz shows it). When the leader dies, the new leader's runner resumes from the sync token
    saved in the database, and the inbox's claim on each event keeps anything from being handled twice.
    On SQLite the only process is always the leader, so this is `run_matrix` as before."""

    def stand_by() -> None:
        app.notifier.unregister(PLATFORM, reason=STANDBY)
        app.services.place_rosters.pop(PLATFORM, None)
        app.platforms.set(PLATFORM, connected=False, detail=STANDBY, standby=True)

    async def matrix_sync() -> None:
        log.info("matrix: this replica leads: starting the Matrix sync")
        try:
            await run_matrix(app)
        finally:
            stand_by()
            log.info("matrix: %s (this replica stopped syncing)", STANDBY)

    stand_by()
    return matrix_sync
