"""Wiring for `focbot run`: the Matrix notifier registered on the app, and the sync loop to run."""

from __future__ import annotations

import logging

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.client import MatrixSession, MatrixStopped
from bot.adapters.matrix.crosssign import CrossSigner
from bot.adapters.matrix.handler import BatchHandler
from bot.adapters.matrix.invites import InvitePolicy
from bot.adapters.matrix.notifier import MatrixNotifier
from bot.adapters.matrix.sync import SyncLoop
from bot.app import App
from storage.repositories.matrix import MatrixRepository

log = logging.getLogger("focbot.matrix")


class MatrixAdapter:
    """Everything the bot needs on Matrix, built from ``app.settings``; `run` until cancelled."""

    def __init__(self, app: App) -> None:
        settings = app.settings
        self.app = app
        self.session = MatrixSession(settings)
        self.repo = MatrixRepository(app.db, str(settings.matrix_user_id))
        self.notifier = MatrixNotifier(self.session, self.repo, app.clock)
        policy = InvitePolicy.parse(settings.matrix_allow, str(settings.matrix_user_id))
        self.handler = BatchHandler(app, self.session, self.notifier, self.repo, policy)
        self.signer = CrossSigner(self.session, self.repo, app.clock)
        self.loop = SyncLoop(self.session, self.handler, self.repo, app.clock, self.signer)
        app.notifier.register(PLATFORM, self.notifier)

    async def run(self) -> None:
        try:
            await self.loop.run()
        except MatrixStopped as exc:
            log.error("%s", exc)
            raise
        finally:
            self.app.notifier.unregister(PLATFORM)
            await self.session.close()


async def run_matrix(app: App) -> None:
    """`focbot run`'s Matrix runner: a clear exit (not a loop) when the adapter cannot go on."""
    try:
        await MatrixAdapter(app).run()
    except MatrixStopped as exc:
        raise SystemExit(f"focbot: {exc}") from None
