"""Cross-signing for the bot's own devices (nio has none).

At the first login the bot makes its master, self-signing and user-signing ed25519 keys, uploads them
(``/keys/device_signing/upload``, with its password for the user-interactive auth when the server asks),
and signs its device with the self-signing key (``/keys/signatures/upload``). The private keys stay in
``<store>/cross_signing.json`` (mode 0600); every new device the bot gets is signed at start.
Matrix's own `signedjson` / `canonicaljson` do the signing.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from signedjson.key import (
    decode_signing_key_base64,
    encode_signing_key_base64,
    encode_verify_key_base64,
    generate_signing_key,
    get_verify_key,
)
from signedjson.sign import sign_json

from bot.adapters.matrix.client import MatrixSession
from bot.adapters.matrix.storage.repository import MatrixRepository
from handlers.core import Clock

log = logging.getLogger("focbot.matrix.crosssign")

KEYS_PATH = "/_matrix/client/v3/keys"
USAGES = ("master", "self_signing", "user_signing")


class CrossSigningError(RuntimeError):
    pass


def _named(seed: str) -> Any:
    """A signing key whose version is its public key, as Matrix cross-signing key ids require."""
    key = decode_signing_key_base64("ed25519", "_", seed)
    key.version = encode_verify_key_base64(get_verify_key(key))
    return key


@dataclass
class CrossSigningKeys:
    master: Any
    self_signing: Any
    user_signing: Any

    @classmethod
    def generate(cls) -> CrossSigningKeys:
        seeds = [encode_signing_key_base64(generate_signing_key("_")) for _ in USAGES]
        return cls(*(_named(s) for s in seeds))

    def public(self, usage: str) -> str:
        return str(getattr(self, usage).version)

    def key_object(self, user_id: str, usage: str) -> dict[str, Any]:
        public = self.public(usage)
        obj: dict[str, Any] = {"user_id": user_id, "usage": [usage], "keys": {f"ed25519:{public}": public}}
        if usage != "master":
            obj = sign_json(obj, user_id, self.master)
        return obj


class KeyFile:
    """The private seeds, readable by the bot's user only."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(store_path) / "cross_signing.json"

    def load(self) -> CrossSigningKeys | None:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return CrossSigningKeys(*(_named(raw[u]) for u in USAGES))
        except (OSError, ValueError, KeyError):
            return None

    def save(self, keys: CrossSigningKeys) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = {u: encode_signing_key_base64(getattr(keys, u)) for u in USAGES}
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(body, out)
        os.replace(tmp, self.path)


class CrossSigner:
    def __init__(self, session: MatrixSession, repo: MatrixRepository, clock: Clock) -> None:
        self.session = session
        self.repo = repo
        self.clock = clock
        self.file = KeyFile(session.settings.store_path)

    async def _call(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        client = self.session.client
        headers = {"Authorization": f"Bearer {client.access_token}", "Content-Type": "application/json"}
        response = await client.send("POST", f"{KEYS_PATH}/{path}", json.dumps(body), headers)
        try:
            payload = await response.json(content_type=None)
        finally:
            response.release()
        return response.status, payload if isinstance(payload, dict) else {}

    async def query_own(self) -> dict[str, Any]:
        status, body = await self._call("query", {"device_keys": {self.session.user_id: []}})
        if status != 200:
            raise CrossSigningError(f"keys/query failed with HTTP {status}")
        return body

    async def ensure(self) -> None:
        """Make and upload the keys if the server has none of ours; sign this device if it is not yet."""
        user_id, device_id = self.session.user_id, str(self.session.client.device_id)
        keys = self.file.load()
        server = await self.query_own()
        server_master = (server.get("master_keys") or {}).get(user_id, {}).get("keys", {})
        if keys is None or f"ed25519:{keys.public('master')}" not in server_master:
            keys = keys or CrossSigningKeys.generate()
            self.file.save(keys)
            await self._upload_keys(keys)
            server = await self.query_own()
        ssk = keys.public("self_signing")
        device = (server.get("device_keys") or {}).get(user_id, {}).get(device_id)
        if device is None:
            raise CrossSigningError(f"device {device_id} has no keys on the server yet")
        if f"ed25519:{ssk}" in (device.get("signatures") or {}).get(user_id, {}):
            await self.repo.save_signed_device(device_id, ssk, self.clock())
            return
        device.pop("unsigned", None)
        signed = sign_json(device, user_id, keys.self_signing)
        status, body = await self._call("signatures/upload", {user_id: {device_id: signed}})
        if status != 200 or body.get("failures"):
            raise CrossSigningError(f"signature upload failed: HTTP {status} {body.get('failures')}")
        await self.repo.save_signed_device(device_id, ssk, self.clock())
        log.info("matrix: signed device %s with the self-signing key", device_id)

    async def _upload_keys(self, keys: CrossSigningKeys) -> None:
        user_id = self.session.user_id
        body: dict[str, Any] = {
            "master_key": keys.key_object(user_id, "master"),
            "self_signing_key": keys.key_object(user_id, "self_signing"),
            "user_signing_key": keys.key_object(user_id, "user_signing"),
        }
        status, answer = await self._call("device_signing/upload", body)
        if status == 401 and "flows" in answer:
            password = self.session.password
            if password is None:
                raise CrossSigningError("the server wants a password to upload cross-signing keys")
            body["auth"] = {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": user_id},
                "password": password,
                "session": answer.get("session"),
            }
            status, answer = await self._call("device_signing/upload", body)
        if status != 200:
            raise CrossSigningError(f"cross-signing key upload failed: HTTP {status} {answer.get('errcode')}")
        await self.repo.save_cross_signing(
            keys.public("master"), keys.public("self_signing"), keys.public("user_signing"), self.clock()
        )
        log.info("matrix: uploaded cross-signing keys")
