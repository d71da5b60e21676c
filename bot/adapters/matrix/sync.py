"""The sync loop. The sync token is saved in our database only after the batch's events are handled, so
a restart resumes where handling stopped (the inbox skips what was already answered). Lost connections
are retried by nio with a capped wait (about a second); 429s are slept off by nio for their
``retry_after_ms``; other errors back off exponentially; M_UNKNOWN_TOKEN logs in again or stops."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from nio import KeysQueryResponse, SyncError, SyncResponse

from bot.adapters.matrix.client import SYNC_TIMEOUT_MS, MatrixSession, MatrixStopped
from bot.adapters.matrix.crosssign import CrossSigner
from bot.adapters.matrix.handler import BatchHandler
from bot.adapters.matrix.status import MatrixHealth
from bot.adapters.matrix.storage.repository import MatrixRepository
from handlers.core import Clock

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
        health: MatrixHealth | None = None,
    ) -> None:
        self.session = session
        self.handler = handler
        self.repo = repo
        self.clock = clock
        self.signer = signer
        self.health = health
        self.sync_filter: dict[str, Any] = {
            "room": {"timeline": {"limit": timeline_limit}},
            "presence": {"not_types": ["*"]},
        }
        self.syncs = 0
        self.ready = asyncio.Event()
        self._relogins_in_a_row = 0
        self._failures = 0
        self._token: str | None = None
        self._saved_at: datetime | None = None
        self._history = False
        self._full_state = True

    async def connect(self) -> None:
        """Log in and handle the first batch (every room's state is learnt: nio keeps none across restarts).
        Returns once the bot can send anywhere; retries until then."""
        await self.session.start()
        await self._after_login()
        await self.handler.load()
        self._token, self._saved_at = await self.repo.sync_state()
        self._history = self._token is None  # the first start ever: what is already there came before us
        self._full_state = True
        while not await self.step():
            pass

    async def run(self) -> None:
        """Connect (unless done), then sync until cancelled. Raises `MatrixStopped` when it cannot go on."""
        if not self.ready.is_set():
            await self.connect()
        while True:
            await self.step()

    async def step(self) -> bool:
        """One sync, its events handled, then its token saved. False (after a pause) when it failed."""
        client = self.session.client
        token, full_state = self._token, self._full_state
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
                self._full_state = True
                return False
            if self.health is not None:
                self.health.failed(f"sync failed: {response.status_code or ''} {response.message}".strip())
            await self._pause(f"sync failed ({response.status_code})")
            return False
        assert isinstance(response, SyncResponse)
        self._relogins_in_a_row = 0
        if self.health is not None:
            self.health.synced()
        try:
            await self._crypto_chores()
            since_ms = int(self._saved_at.timestamp() * 1000) if self._saved_at else None
            await self.handler.handle(response, history=self._history, since_ms=since_ms)
        except MatrixStopped:
            raise
        except Exception:
            log.exception("matrix: handling a batch failed; it will be replayed")
            await self._pause("handling failed")
            return False
        self._failures = 0
        self._saved_at = datetime.now(UTC)  # wall time: compared with the homeserver's timestamps
        await self.repo.save_sync_token(response.next_batch, self._saved_at)
        self._token, self._history, self._full_state = response.next_batch, False, False
        self.ready.set()
        return True

    async def _pause(self, why: str) -> None:
        self._failures += 1
        wait = min(MAX_BACKOFF_S, 0.5 * 2 ** min(self._failures, 8))
        log.warning("matrix: %s; retrying in %.1f s", why, wait)
        await asyncio.sleep(wait)

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
            listed = await client.keys_query()
            if isinstance(listed, KeysQueryResponse):
                client.new_devices(listed.changed)  # a DM's user on a new device gets the DM's keys
        client.answer_key_requests()  # those waiting for a device the query just listed
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
            client.answer_key_requests()  # those waiting for the Olm session just made
        await client.send_to_device_messages()
