"""The Matrix platform (`MatrixPlatform`, the adapter contract) and one connection to the homeserver
(`MatrixAdapter`: session, notifier, sync loop), made afresh each time this replica becomes the leader."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from pydantic import SecretStr

from bot.adapters.base import PlatformAdapter
from bot.adapters.matrix.client import MatrixSession, MatrixStopped
from bot.adapters.matrix.crosssign import CrossSigner
from bot.adapters.matrix.handler import BatchHandler
from bot.adapters.matrix.invites import InvitePolicy
from bot.adapters.matrix.keys import MatrixKeys
from bot.adapters.matrix.keyshare import KeySharer
from bot.adapters.matrix.notifier import MatrixNotifier
from bot.adapters.matrix.pollroom import PollRoom, RoomPolls
from bot.adapters.matrix.reactions import ReactionActions
from bot.adapters.matrix.routing import CommandRouter
from bot.adapters.matrix.settings import MatrixSettings
from bot.adapters.matrix.status import MatrixHealth
from bot.adapters.matrix.storage.repository import MatrixRepository
from bot.adapters.matrix.sync import SyncLoop
from bot.app import App
from handlers.core import Place
from handlers.ports import NativePolls, Notifier, PlaceNamer, PlaceRoster

log = logging.getLogger("focbot.matrix")
STARTUP_WAIT_S = 20.0
STANDBY = "standby: another replica holds the Matrix sync"


class MatrixAdapter:
    """One connection: everything the bot needs on Matrix, built from its `MatrixSettings` (and
    FOCBOT_SECRET_KEY, which pickles the crypto store); `run` until cancelled. `MatrixPlatform` makes one at
    each election and registers its notifier and roster."""

    def __init__(self, app: App, settings: MatrixSettings, secret_key: SecretStr | None = None) -> None:
        self.app = app
        self.session = MatrixSession(settings, secret_key)
        self.health = MatrixHealth(app.platforms, settings)
        self.health.connecting()
        self.session.on_failure = self.health.failed
        self.repo = MatrixRepository(app.db, str(settings.user_id))
        self.notifier = MatrixNotifier(self.session, self.repo, app.clock)
        self.keys = KeySharer(settings.store_path, self.notifier.dms.user_of)
        self.session.key_sharer = self.session.client.key_sharer = self.keys
        policy = InvitePolicy.parse(settings.allow, str(settings.user_id))
        self.polls = polls = PollRoom(app, self.session, self.notifier.send_event)
        dialogue = app.services.dialogues
        self.notifier.polls, self.notifier.dialogue = polls, dialogue
        self.notifier.actions = ReactionActions(app, self.session)
        router = CommandRouter(app, polls, dialogue)
        self.handler = BatchHandler(app, self.session, self.notifier, self.repo, policy, router)
        self.signer = CrossSigner(self.session, self.repo, app.clock)
        self.loop = SyncLoop(
            self.session, self.handler, self.repo, app.clock, self.signer, health=self.health
        )
        self._connecting: asyncio.Task[None] | None = None

    def _start_connecting(self) -> asyncio.Task[None]:
        if self._connecting is None:
            self._connecting = asyncio.create_task(self.loop.connect(), name="matrix-connect")
        return self._connecting

    async def connect_at_startup(self) -> None:
        """Connect before the start and rebuild hooks, so that what they send (reminders that fell due
        while the bot was down) finds the rooms known; bounded, and no longer than the first failed
        request: a homeserver that is down delays no one (`run` goes on connecting, /healthz says so)."""
        task = self._start_connecting()
        trouble = asyncio.ensure_future(self.health.trouble.wait())
        try:
            done, _ = await asyncio.wait(
                {task, trouble}, timeout=STARTUP_WAIT_S, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            trouble.cancel()
        if task in done:
            if task.exception() is not None:
                log.debug("matrix: connecting failed; the runner reports it")
        elif done:
            log.warning("matrix: the homeserver does not answer yet; starting anyway, it keeps trying")
        else:
            log.warning(
                "matrix: not connected after %.0f s; starting anyway, it keeps trying", STARTUP_WAIT_S
            )

    async def run(self) -> None:
        try:
            await self._start_connecting()
            await self.loop.run()
        except MatrixStopped as exc:
            log.error("%s", exc)
            self.health.stopped(str(exc))
            raise
        finally:
            await self.session.close()


class MatrixPlatform(MatrixKeys, PlatformAdapter):
    """The Matrix platform: leader-only (one replica holds the sync, the others stand by with no Matrix
    client: a delivery to Matrix there fails with `UnroutableError`, naming the standby, and /healthz shows
    it). Each election makes a fresh `MatrixAdapter` (``connect``, for tests that adjust it); when the
    leader dies, the new leader resumes from the sync token saved in the database, and the inbox's claim
    on each event keeps anything from being handled twice. On SQLite the only process always leads."""

    leader_only = True
    standby_detail = STANDBY

    def __init__(
        self,
        app: App,
        settings: MatrixSettings,
        secret_key: SecretStr | None = None,
        connect: Callable[[], MatrixAdapter] | None = None,
    ) -> None:
        super().__init__(settings.prefix)
        self.app = app
        self._connect = connect or (lambda: MatrixAdapter(app, settings, secret_key))
        self.connection: MatrixAdapter | None = None

    def _current(self) -> MatrixAdapter:
        if self.connection is None:
            raise RuntimeError("matrix: not started on this replica")
        return self.connection

    @property
    def notifier(self) -> Notifier:
        return self._current().notifier

    @property
    def roster(self) -> PlaceRoster:
        return self._roster

    @property
    def native_polls(self) -> NativePolls:
        return RoomPolls(lambda: self._current().polls)

    async def _roster(self, place: Place) -> list[str]:
        return await self._current().notifier.roster(place)

    @property
    def place_namer(self) -> PlaceNamer:
        return self._place_name

    async def _place_name(self, place: Place) -> str | None:
        """The room's name as clients show it (its name, else its alias, else its members), from the
        synced state; None for a room the bot does not know."""
        connection = self.connection
        room = connection.session.client.rooms.get(place.channel_id) if connection is not None else None
        name = room.display_name if room is not None else None
        return name if name and name != "Empty Room" else None

    async def start(self) -> None:
        self.connection = self._connect()
        await self.connection.connect_at_startup()

    async def run(self) -> None:
        """The sync until cancelled; a clear exit (not a loop) when the adapter cannot go on."""
        connection = self.connection or self._connect()
        try:
            await connection.run()
        except MatrixStopped as exc:
            raise SystemExit(f"focbot: {exc}") from None
        finally:
            self.connection = None
