"""The sync loop. The sync token is saved in our database only after the batch's events are handled, so
a restart resumes where handling stopped (the inbox skips what was already answered). Lost connections
are retried by nio with a capped wait (about a second); 429s are slept off by nio for their
``retry_after_ms``; other errors back off exponentially; M_UNKNOWN_TOKEN logs in again or stops."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from nio import SyncError, SyncResponse

from bot.adapters.matrix.client import SYNC_TIMEOUT_MS, MatrixSession, MatrixStopped
from bot.adapters.matrix.crosssign import CrossSigner
from bot.adapters.matrix.handler import BatchHandler
from handlers.core import Clock
from storage.repositories.matrix import MatrixRepository

log = logging.getLogger("focbot.matrix")

TIMELINE_LIMIT = 100
MAX_BACKOFF_S = 30.0
MAX_RELOGINS_IN_A_ROW = 2


class SyncLoop:
    def __init__(
        self,
        session: MatrixSession,
        handler: BatchHandler,
        repo: MatrixRepository,
        clock: Clock,
        signer: CrossSigner | None = None,
        timeline_limit: int = TIMELINE_LIMIT,
    ) -> None:
        self.session = session
        self.handler = handler
        self.repo = repo
        self.clock = clock
        self.signer = signer
        self.sync_filter: dict[str, Any] = {
            "room": {"timeline": {"limit": timeline_limit}},
            "presence": {"not_types": ["*"]},
        }
        self.syncs = 0
        self.ready = asyncio.Event()
        self._relogins_in_a_row = 0

    async def run(self) -> None:
        """Log in, then sync until cancelled. Raises `MatrixStopped` when it cannot go on."""
        await self.session.start()
        await self._after_login()
        await self.handler.load()
        token, saved_at = await self.repo.sync_state()
        history = token is None
        full_state = True  # nio keeps no room state across restarts: learn every room once
        failures = 0
        while True:
            client = self.session.client
            response = await client.sync(
                timeout=0 if full_state else SYNC_TIMEOUT_MS,
                sync_filter=self.sync_filter,
                since=token,
                full_state=(full_state and token is not None) or None,
            )
            self.syncs += 1
            if isinstance(response, SyncError):
                if response.status_code == "M_UNKNOWN_TOKEN":
                    await self._relogin()
                    full_state = True
                    continue
                failures += 1
                wait = min(MAX_BACKOFF_S, 0.5 * 2 ** min(failures, 8))
                log.warning("matrix: sync failed (%s); retrying in %.1f s", response.status_code, wait)
                await asyncio.sleep(wait)
                continue
            assert isinstance(response, SyncResponse)
            self._relogins_in_a_row = 0
            try:
                await self._crypto_chores()
                since_ms = int(saved_at.timestamp() * 1000) if saved_at else None
                await self.handler.handle(response, history=history, since_ms=since_ms)
            except MatrixStopped:
                raise
            except Exception:
                failures += 1
                wait = min(MAX_BACKOFF_S, 0.5 * 2 ** min(failures, 8))
                log.exception("matrix: handling a batch failed; it is replayed in %.1f s", wait)
                await asyncio.sleep(wait)
                continue
            failures = 0
            saved_at = self.clock()
            await self.repo.save_sync_token(response.next_batch, saved_at)
            token, history, full_state = response.next_batch, False, False
            self.ready.set()

    async def _relogin(self) -> None:
        self._relogins_in_a_row += 1
        if self._relogins_in_a_row > MAX_RELOGINS_IN_A_ROW:
            raise MatrixStopped("matrix: the homeserver keeps rejecting fresh logins; stopping")
        log.warning("matrix: access token rejected (M_UNKNOWN_TOKEN); logging in again")
        await self.session.relogin()
        await self._after_login()

    async def _after_login(self) -> None:
        await self._crypto_chores()
        if self.signer is not None:
            try:
                await self.signer.ensure()
            except Exception:
                log.exception("matrix: cross-signing failed; clients may show the bot's device as unverified")

    async def _crypto_chores(self) -> None:
        client = self.session.client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()
