"""What /healthz says about Matrix on the replica that holds the sync: connecting until the first sync,
connected after each good one, reconnecting with the last error (secrets masked) while requests fail,
stopped when the adapter cannot go on. A standby's state is set by the runner (`runner.STANDBY`)."""

from __future__ import annotations

import asyncio

from bot.adapters.matrix import PLATFORM
from bot.adapters.matrix.settings import MatrixSettings
from bot.health import PlatformStatus
from bot.redact import RedactSecrets, model_secrets


class MatrixHealth:
    def __init__(self, platforms: PlatformStatus, settings: MatrixSettings) -> None:
        self.platforms = platforms
        self._redact = RedactSecrets(model_secrets(settings)).redact  # and token shapes, URL passwords
        self.homeserver = str(settings.homeserver or "")
        self.trouble = asyncio.Event()  # set at the first failed request: the start-up wait ends then

    def connecting(self) -> None:
        self.platforms.set(
            PLATFORM, connected=False, state="connecting", detail="logging in and making the first sync"
        )

    def synced(self) -> None:
        self.platforms.set(PLATFORM, connected=True)

    def failed(self, error: str) -> None:
        """A request to the homeserver failed (nio tries it again): not connected until a sync works."""
        self.trouble.set()
        self.platforms.set(
            PLATFORM,
            connected=False,
            state="reconnecting",
            detail=f"retrying the homeserver {self._redact(self.homeserver)}",
            error=self._redact(error),
        )

    def stopped(self, error: str) -> None:
        self.platforms.set(
            PLATFORM,
            connected=False,
            state="stopped",
            detail="the Matrix adapter stopped",
            error=self._redact(error),
        )
