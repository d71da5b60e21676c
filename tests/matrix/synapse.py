"""A real Synapse homeserver for tests: started on 127.0.0.1 on a free port in a temp directory,
SQLite, fast password hashing, relaxed rate limits (unless asked for the real defaults), users
registered through the shared-secret admin API. Reusable by any test: see `tests/matrix/conftest.py`."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SERVER_NAME = "localhost"
START_TIMEOUT_S = 60.0
RELAXED = {"per_second": 10000, "burst_count": 100000}
RATE_LIMIT_KEYS: dict[str, Any] = {
    "rc_message": RELAXED,
    "rc_registration": RELAXED,
    "rc_login": {"address": RELAXED, "account": RELAXED, "failed_attempts": RELAXED},
    "rc_joins": {"local": RELAXED, "remote": RELAXED},
    "rc_joins_per_room": RELAXED,
    "rc_invites": {"per_room": RELAXED, "per_user": RELAXED, "per_issuer": RELAXED},
    "rc_room_creation": RELAXED,
    "rc_admin_redaction": RELAXED,
    "rc_3pid_validation": RELAXED,
    "rc_media_create": RELAXED,
    "rc_presence": {"per_user": RELAXED},
    "rc_delayed_event_mgmt": RELAXED,
    "rc_reports": RELAXED,
    "rc_user_directory": RELAXED,
    "rc_profile": RELAXED,
    "rc_key_requests": RELAXED,
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PortTaken(RuntimeError):
    """Synapse could not listen on its port: another process took it since `free_port` found it free."""


@dataclass
class User:
    user_id: str
    password: str
    access_token: str
    device_id: str

    @property
    def localpart(self) -> str:
        return self.user_id[1:].split(":", 1)[0]


class Synapse:
    """One homeserver process. `start`, `stop` (SIGTERM), `kill` (SIGKILL), `register`."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.secret = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        self.config_path = self.dir / "homeserver.yaml"
        self._write_config()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _write_config(self) -> None:
        log_config = self.dir / "log.yaml"
        log_config.write_text(
            yaml.safe_dump(
                {
                    "version": 1,
                    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
                    "handlers": {
                        "file": {
                            "class": "logging.FileHandler",
                            "filename": str(self.dir / "homeserver.log"),
                            "formatter": "plain",
                        }
                    },
                    "root": {"level": "WARNING", "handlers": ["file"]},
                    "disable_existing_loggers": False,
                }
            )
        )
        config: dict[str, Any] = {
            "server_name": SERVER_NAME,
            "pid_file": str(self.dir / "homeserver.pid"),
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": ["127.0.0.1"],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client", "media"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(self.dir / "homeserver.db")}},
            "log_config": str(log_config),
            "media_store_path": str(self.dir / "media"),
            "signing_key_path": str(self.dir / "signing.key"),
            "registration_shared_secret": self.secret,
            "macaroon_secret_key": secrets.token_hex(16),
            "form_secret": secrets.token_hex(16),
            "report_stats": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "presence": {"enabled": False},
            "bcrypt_rounds": 4,
            "enable_registration": False,
            "url_preview_enabled": False,
            # work no test looks at: room statistics, the user directory, sending to other servers (there
            # are none) and thumbnails of uploaded images (tests download the originals)
            "stats": {"enabled": False},
            "update_user_directory_from_worker": "nobody",
            "federation_sender_instances": [],
            "dynamic_thumbnails": False,
            "thumbnail_sizes": [],
        }
        config.update(RATE_LIMIT_KEYS)
        self.config_path.write_text(yaml.safe_dump(config))

    def start(self, timeout: float = START_TIMEOUT_S, attempts: int = 3) -> None:
        """Start and wait until it answers. Tests run in parallel workers, each with its homeservers: if
        the free port was taken meanwhile (Synapse exits), try again on another one."""
        if self.process is not None and self.process.poll() is None:
            return
        for attempt in range(1, attempts + 1):
            try:
                self._start_once(timeout)
                return
            except PortTaken:
                if attempt == attempts:
                    raise
                self.port = free_port()
                self._write_config()

    def _start_once(self, timeout: float) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "MATRIX_"))}
        log_start = self._stderr_size()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
            cwd=self.dir,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.dir / "stderr.log", "ab"),  # noqa: SIM115 - the child owns it
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code, self.process = self.process.returncode, None
                new_errors = self.stderr_tail(since=log_start)
                if "Address already in use" in new_errors or "Failed to listen" in new_errors:
                    raise PortTaken(new_errors)
                raise RuntimeError(f"synapse exited with {code}: {new_errors}")
            if self.responding():
                return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"synapse did not answer within {timeout} s: {self.stderr_tail()}")

    def _stderr_size(self) -> int:
        try:
            return (self.dir / "stderr.log").stat().st_size
        except OSError:
            return 0

    def stderr_tail(self, since: int = 0) -> str:
        try:
            with (self.dir / "stderr.log").open("rb") as log:
                log.seek(since)
                return log.read().decode(errors="replace")[-2000:]
        except OSError:
            return ""

    def responding(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=1) as response:
                return bool(response.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def stop(self, timeout: float = 15.0) -> None:
        self._end(signal.SIGTERM, timeout)

    def kill(self) -> None:
        self._end(signal.SIGKILL, 10.0)

    def _end(self, sig: signal.Signals, timeout: float) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    # -- admin API -----------------------------------------------------------------------
    def request(
        self, method: str, path: str, body: Any = None, token: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def download(self, mxc: str, token: str) -> bytes:
        """The bytes of an ``mxc://server/id`` upload (authenticated media API)."""
        server, media_id = mxc.removeprefix("mxc://").split("/", 1)
        request = urllib.request.Request(f"{self.url}/_matrix/client/v1/media/download/{server}/{media_id}")
        request.add_header("Authorization", f"Bearer {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return bytes(response.read())

    def limit_messages(self, user: User, per_second: int, burst: int) -> None:
        """Synapse's own message rate limiter for ``user`` alone (its per-user override, which the relaxed
        server-wide limits do not touch): past ``burst`` messages it answers 429 with a retry delay."""
        admin = self.register(admin=True)
        status, body = self.request(
            "POST",
            f"/_synapse/admin/v1/users/{user.user_id}/override_ratelimit",
            {"messages_per_second": per_second, "burst_count": burst},
            token=admin.access_token,
        )
        if status != 200:
            raise RuntimeError(f"override_ratelimit for {user.user_id} failed: {status} {body}")

    def register(
        self, localpart: str | None = None, *, admin: bool = False, password: str | None = None
    ) -> User:
        """A new user through the shared-secret admin API (an HMAC over nonce, name, password, admin)."""
        localpart = localpart or f"u{secrets.token_hex(4)}"
        password = password or secrets.token_hex(8)
        _, nonce_body = self.request("GET", "/_synapse/admin/v1/register")
        nonce = nonce_body["nonce"]
        mac = hmac.new(self.secret.encode(), digestmod=hashlib.sha1)
        mac.update(
            b"\x00".join(
                [nonce.encode(), localpart.encode(), password.encode(), b"admin" if admin else b"notadmin"]
            )
        )
        status, body = self.request(
            "POST",
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        if status != 200:
            raise RuntimeError(f"register {localpart} failed: {status} {body}")
        return User(body["user_id"], password, body["access_token"], body["device_id"])
