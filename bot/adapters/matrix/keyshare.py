"""Room keys of the bot's DMs for the recipient's new devices, and for no one else.

A user who signs in on a new device after the bot wrote to them cannot read those messages: the new device
never got the Megolm session key. When such a device asks the bot for it (``m.room_key_request``), the bot
answers with the session as the bot first shared it (``m.room_key`` at its first message index, sent over
Olm to that device alone), when

- the room is the requesting user's DM with the bot now (`DirectRooms.user_of`: only that user and the bot);
- the device is one the homeserver lists, with keys signed by itself, under that same user (nio's device
  store, refreshed from the device list changes of each sync);
- the session is one the bot itself started in that room (its key kept from the start, below).

The same key also goes, unasked, to each new device the homeserver lists for a DM's user (`new_devices`,
from each device list query): current clients (matrix-rust-sdk, Element) ask only their own devices for
keys, never the sender, so without it their new device would still read nothing.

Any other request (another user's device, a shared room, a session the bot did not start) is refused and
counted (``refused``). nio itself shares keys only with the bot's own devices and drops the rest, and a
forwarded key (``m.forwarded_room_key``) is accepted by clients only from their own devices, hence the
``m.room_key`` from the session's creator, which every client accepts.

The key of each Megolm session the bot starts in a DM is kept at its first index in
``<MATRIX_STORE_PATH>/room_keys.json`` (mode 0600, like the crypto store: keep the store private), at most
`SESSIONS_PER_ROOM` per room."""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import RoomKeyRequest
from nio.crypto import Olm, OlmDevice, Session
from nio.event_builders import ToDeviceMessage

log = logging.getLogger("focbot.matrix")

MEGOLM = "m.megolm.v1.aes-sha2"
SESSIONS_PER_ROOM = 50
PENDING_S = 600.0  # a request from a device not known yet waits this long for the device list
MAX_PENDING = 100  # and no more than this many wait (a flood of requests from made-up devices)


class RoomKeyFile:
    """``room_keys.json``: room id -> session id -> the session key at its first index."""

    def __init__(self, store_path: Path) -> None:
        self.path = Path(store_path) / "room_keys.json"
        self.keys: dict[str, dict[str, str]] = self._load()

    def _load(self) -> dict[str, dict[str, str]]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(r): {str(s): str(k) for s, k in v.items()} for r, v in raw.items() if isinstance(v, dict)}

    def get(self, room_id: str, session_id: str) -> str | None:
        return self.keys.get(room_id, {}).get(session_id)

    def add(self, room_id: str, session_id: str, session_key: str) -> None:
        sessions = self.keys.setdefault(room_id, {})
        sessions[session_id] = session_key
        while len(sessions) > SESSIONS_PER_ROOM:
            sessions.pop(next(iter(sessions)))
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(self.keys, out)
        os.replace(tmp, self.path)


class KeySharer:
    """Answers other users' room key requests by the rule above. ``dm_user`` tells whose DM a room is now
    (None for any other room); `attach` hooks it into a client's Olm machine after each login."""

    def __init__(
        self,
        store_path: Path,
        dm_user: Callable[[str], str | None],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.file = RoomKeyFile(store_path)
        self.dm_user = dm_user
        self.monotonic = monotonic
        self.olm: Olm | None = None
        self.pending: dict[str, tuple[float, RoomKeyRequest]] = {}  # device not known yet
        self.waiting: dict[tuple[str, str], set[str]] = {}  # new device -> DMs to give, once it has a session
        self.shared = 0
        self.refused = 0

    def attach(self, olm: Olm) -> None:
        """Keep the key of each outbound session ``olm`` starts in a DM (nio starts one per room, and a
        new one when it rotates or the members change)."""
        self.olm = olm
        start = olm.create_outbound_group_session

        def create_outbound_group_session(room_id: str) -> None:
            start(room_id)
            if self.dm_user(room_id) is not None:
                session = olm.outbound_group_sessions[room_id]
                self.file.add(room_id, session.id, session.session_key)

        olm.create_outbound_group_session = create_outbound_group_session

    def collect(self) -> None:
        """Take the requests of other users out of nio's queue (nio would drop them) and answer them; a
        request from a device not known yet waits for the next device list (`PENDING_S` at most)."""
        olm = self.olm
        if olm is None:
            return
        own = olm.user_id
        for request_id, event in list(olm.received_key_requests.items()):
            if isinstance(event, RoomKeyRequest) and event.sender != own:
                del olm.received_key_requests[request_id]
                if len(self.pending) < MAX_PENDING:
                    self.pending[request_id] = (self.monotonic(), event)
        self._give_waiting(olm)
        now = self.monotonic()
        for request_id, (since, event) in list(self.pending.items()):
            if self._answer(olm, event) or now - since > PENDING_S:
                self.pending.pop(request_id, None)

    def new_devices(self, changed: dict[str, dict[str, OlmDevice]]) -> None:
        """Give each DM's stored session keys to the new devices of its user (``changed``: what a device
        list query brought); a device with no Olm session yet gets them after nio has claimed one."""
        olm = self.olm
        if olm is None:
            return
        for room_id in list(self.file.keys):
            user_id = self.dm_user(room_id)
            for device in (changed.get(user_id or "") or {}).values():
                if not device.deleted and not device.blacklisted:
                    self.waiting.setdefault((device.user_id, device.device_id), set()).add(room_id)
        self._give_waiting(olm)

    def _give_waiting(self, olm: Olm) -> None:
        for (user_id, device_id), rooms in list(self.waiting.items()):
            device = olm.device_store[user_id].get(device_id)
            if device is None or device.deleted:
                self.waiting.pop((user_id, device_id), None)
                continue
            session = olm.session_store.get(device.curve25519)
            if session is None:
                if device not in olm.key_request_devices_no_session:
                    olm.key_request_devices_no_session.append(device)
                continue
            self.waiting.pop((user_id, device_id), None)
            for room_id in rooms:
                if self.dm_user(room_id) != user_id:
                    continue
                for session_id, session_key in self.file.keys.get(room_id, {}).items():
                    self._send(olm, session, device, room_id, session_id, session_key)

    def _send(
        self, olm: Olm, session: Session, device: OlmDevice, room_id: str, session_id: str, session_key: str
    ) -> None:
        content: dict[str, Any] = {
            "algorithm": MEGOLM,
            "room_id": room_id,
            "session_id": session_id,
            "session_key": session_key,
        }
        encrypted = olm._olm_encrypt(session, device, "m.room_key", content)
        olm.outgoing_to_device_messages.append(
            ToDeviceMessage("m.room.encrypted", device.user_id, device.device_id, encrypted)
        )
        self.shared += 1

    def _answer(self, olm: Olm, event: RoomKeyRequest) -> bool:
        """True when done with ``event`` (shared, refused, or waiting for an Olm session); False while
        the requesting device is not known yet."""
        session_key = self.file.get(event.room_id, event.session_id)
        if (
            self.dm_user(event.room_id) != event.sender
            or event.algorithm != MEGOLM
            or event.sender_key != olm.account.identity_keys["curve25519"]
            or session_key is None
        ):
            self.refused += 1
            log.info("matrix: refused a room key request (not the requester's DM, or not the bot's session)")
            return True
        device = olm.device_store[event.sender].get(event.requesting_device_id)
        if device is None or device.deleted or device.blacklisted:
            if device is not None:
                self.refused += 1
                return True
            olm.users_for_key_query.add(event.sender)
            return False
        session = olm.session_store.get(device.curve25519)
        if session is None:  # an Olm session first: nio claims a key, then puts the request back
            if device not in olm.key_request_devices_no_session:
                olm.key_request_devices_no_session.append(device)
            olm.key_requests_waiting_for_session[(device.user_id, device.device_id)][event.request_id] = event
            return True
        self._send(olm, session, device, event.room_id, event.session_id, session_key)
        log.info("matrix: shared a DM's room key with a new device of its user")
        return True
