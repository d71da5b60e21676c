"""The nio AsyncClient, built from `MatrixSettings`, and the login that keeps one device across restarts.

The access token and device id of a password login are kept in ``<store>/session.json`` (mode 0600) so a
restart reuses the same device and its crypto store; an invalid token leads to a fresh password login on
a new device, or to a clear stop when there is no password.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse
from pydantic import SecretStr

from bot.adapters.matrix.keyshare import KeySharer
from bot.adapters.matrix.settings import MatrixSettings

log = logging.getLogger("focbot.matrix")

DEVICE_NAME = "focbot"
SYNC_TIMEOUT_MS = 30_000
RETRY_WAIT_CAP_S = 1.0


def txn_id(*parts: str) -> str:
    """A transaction id derived from what is sent, so a retried send is stored once by the homeserver."""
    return "focbot-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


class MatrixStopped(RuntimeError):
    """The adapter cannot go on (rejected credentials and no password to log in again)."""


def client_config(secret_key: SecretStr | None) -> AsyncClientConfig:
    """nio's settings; the crypto store is pickled with FOCBOT_SECRET_KEY when it is set."""
    pickle_key = secret_key.get_secret_value() if secret_key else "focbot-matrix-store"
    return AsyncClientConfig(
        encryption_enabled=True,
        store_sync_tokens=False,  # the sync token lives in our database, saved after handling
        max_timeout_retry_wait_time=RETRY_WAIT_CAP_S,  # back within about a second of the server's return
        backoff_factor=0.25,
        request_timeout=SYNC_TIMEOUT_MS / 1000 + 15,
        pickle_key=pickle_key,
    )


class FocbotClient(AsyncClient):
    """nio's AsyncClient counting the HTTP requests it makes (attempts, retries included) and telling
    ``on_failure`` of each attempt that fails (no answer, or a 5xx), which nio then tries again."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests = 0
        self.on_failure: Callable[[str], None] | None = None
        self.key_sharer: KeySharer | None = None  # other users' room key requests (`keyshare`)

    def load_store(self) -> None:
        super().load_store()
        if self.olm is not None and self.key_sharer is not None:
            self.key_sharer.attach(self.olm)

    async def _collect_key_requests(self) -> None:
        """nio drops the room key requests of other users here; the key sharer answers them first."""
        self.answer_key_requests()
        await super()._collect_key_requests()

    def new_devices(self, changed: dict[str, dict[str, Any]]) -> None:
        if self.olm is not None and self.key_sharer is not None:
            self.key_sharer.new_devices(changed)

    def answer_key_requests(self) -> None:
        if self.olm is not None and self.key_sharer is not None:
            self.key_sharer.collect()

    async def send(self, *args: Any, **kwargs: Any) -> Any:
        self.requests += 1
        try:
            response = await super().send(*args, **kwargs)
        except Exception as exc:
            self._failed(describe(exc))
            raise
        status = int(getattr(response, "status", 0) or 0)
        if status >= 500:
            self._failed(f"HTTP {status} from the homeserver")
        return response

    def _failed(self, error: str) -> None:
        if self.on_failure is not None:
            self.on_failure(error)


def describe(error: BaseException) -> str:
    """An exception as one short line: its type and, when it has one, its message."""
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def build_client(settings: MatrixSettings, secret_key: SecretStr | None) -> FocbotClient:
    if not settings.homeserver or not settings.user_id:
        raise MatrixStopped("MATRIX_HOMESERVER and MATRIX_USER_ID must be set")
    store = Path(settings.store_path)
    store.mkdir(parents=True, exist_ok=True, mode=0o700)
    return FocbotClient(
        settings.homeserver,
        settings.user_id,
        store_path=str(store),
        config=client_config(secret_key),
    )


@dataclass(frozen=True)
class SavedSession:
    homeserver: str
    user_id: str
    device_id: str
    access_token: str


class SessionFile:
    """``session.json`` in the store path, readable by the bot's user only."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(store_path) / "session.json"

    def load(self) -> SavedSession | None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return SavedSession(
                **{k: str(raw[k]) for k in ("homeserver", "user_id", "device_id", "access_token")}
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, session: SavedSession) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(session.__dict__, out)
        os.replace(tmp, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


class MatrixSession:
    """Holds the current client; `relogin` replaces it. Other parts read ``session.client`` each time."""

    def __init__(self, settings: MatrixSettings, secret_key: SecretStr | None = None) -> None:
        self.settings = settings
        self.secret_key = secret_key  # FOCBOT_SECRET_KEY: pickles the crypto store (`client_config`)
        self.file = SessionFile(settings.store_path)
        self.on_failure: Callable[[str], None] | None = None  # a request failed: /healthz (`status`)
        self.key_sharer: KeySharer | None = None  # set by the adapter, for this client and the next ones
        self.client = self._new_client()
        self.logins = 0
        self._earlier_requests = 0

    def _new_client(self) -> FocbotClient:
        client = build_client(self.settings, self.secret_key)
        client.on_failure = self._failed
        client.key_sharer = getattr(self, "key_sharer", None)
        return client

    def _failed(self, error: str) -> None:
        if self.on_failure is not None:
            self.on_failure(error)

    @property
    def requests(self) -> int:
        """HTTP requests made so far, by this client and the ones it replaced."""
        return self._earlier_requests + self.client.requests

    @property
    def user_id(self) -> str:
        return str(self.client.user_id)

    @property
    def password(self) -> str | None:
        return self.settings.password.get_secret_value() if self.settings.password else None

    async def start(self) -> None:
        """Log in: the configured token, else the saved session, else the password."""
        settings = self.settings
        if settings.access_token is not None:
            token = settings.access_token.get_secret_value()
            if await self._restore(settings.device_id, token):
                return
            if self.password is None:
                raise MatrixStopped("MATRIX_ACCESS_TOKEN was rejected and no MATRIX_PASSWORD is set")
        saved = self.file.load()
        if (
            saved is not None
            and saved.homeserver == settings.homeserver
            and saved.user_id == settings.user_id
            and await self._restore(saved.device_id, saved.access_token)
        ):
            return
        await self.password_login()

    async def _restore(self, device_id: str | None, token: str) -> bool:
        """Use ``token`` if the server still accepts it (asks whoami for the device when not given)."""
        self.client.access_token = token
        who = await self.client.whoami()
        if not isinstance(who, WhoamiResponse):
            log.warning("matrix: stored access token rejected (%s)", getattr(who, "status_code", who))
            self.client.access_token = ""
            return False
        device = device_id or who.device_id
        if not device:
            raise MatrixStopped("MATRIX_DEVICE_ID is needed with this access token")
        self.client.restore_login(who.user_id, device, token)
        self.logins += 1
        log.info("matrix: resumed session of %s on device %s", who.user_id, device)
        return True

    async def password_login(self) -> None:
        if self.password is None:
            raise MatrixStopped("no MATRIX_PASSWORD to log in with")
        response = await self.client.login(password=self.password, device_name=DEVICE_NAME)
        if not isinstance(response, LoginResponse):
            raise MatrixStopped(f"matrix login failed: {getattr(response, 'message', response)}")
        self.logins += 1
        self.file.save(
            SavedSession(
                homeserver=str(self.settings.homeserver),
                user_id=response.user_id,
                device_id=response.device_id,
                access_token=response.access_token,
            )
        )
        log.info("matrix: logged in as %s on new device %s", response.user_id, response.device_id)

    async def relogin(self) -> None:
        """After M_UNKNOWN_TOKEN: a fresh client and a password login on a new device, else a clear stop."""
        if self.password is None:
            raise MatrixStopped(
                "matrix: the homeserver rejected the access token (M_UNKNOWN_TOKEN) and no MATRIX_PASSWORD "
                "is set to log in again; stopping the Matrix adapter"
            )
        await self.client.close()
        self.file.clear()
        self._earlier_requests += self.client.requests
        self.client = self._new_client()
        await self.password_login()

    async def close(self) -> None:
        await self.client.close()
