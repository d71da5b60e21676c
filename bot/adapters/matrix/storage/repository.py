"""The Matrix adapter's state: sync token, direct rooms, cross-signing key references."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select

from bot.adapters.matrix.storage.models import (
    MatrixCrossSigning,
    MatrixDirectRoom,
    MatrixSignedDevice,
    MatrixSyncState,
)
from storage.db import Database
from storage.models.inbox import ProcessedEvent


class MatrixRepository:
    """All of one bot account's Matrix rows (``account`` is the bot's user id)."""

    def __init__(self, db: Database, account: str) -> None:
        self.db = db
        self.account = account

    # -- sync token ------------------------------------------------------------------
    async def sync_token(self) -> str | None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixSyncState, self.account)
            return row.next_batch if row else None

    async def sync_state(self) -> tuple[str | None, datetime | None]:
        """The saved token and when it was saved (None, None before the first batch)."""
        async with self.db.transaction() as s:
            row = await s.get(MatrixSyncState, self.account)
            return (row.next_batch, row.saved_at) if row else (None, None)

    async def save_sync_token(self, next_batch: str, at: datetime) -> None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixSyncState, self.account)
            if row is None:
                s.add(MatrixSyncState(account=self.account, next_batch=next_batch, saved_at=at))
            else:
                row.next_batch, row.saved_at = next_batch, at

    # -- direct rooms ----------------------------------------------------------------
    async def direct_room(self, user_id: str) -> str | None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixDirectRoom, (self.account, user_id))
            return row.room_id if row else None

    async def direct_rooms(self) -> dict[str, str]:
        """room id -> user id of every known direct room."""
        async with self.db.transaction() as s:
            rows = await s.scalars(select(MatrixDirectRoom).where(MatrixDirectRoom.account == self.account))
            return {row.room_id: row.user_id for row in rows}

    async def remember_direct_room(self, user_id: str, room_id: str, at: datetime, origin: str) -> None:
        """``origin``: how the room began as a DM, ``created`` (by the bot) or ``invited`` (by the user)."""
        async with self.db.transaction() as s:
            row = await s.get(MatrixDirectRoom, (self.account, user_id))
            if row is None:
                s.add(
                    MatrixDirectRoom(
                        account=self.account, user_id=user_id, room_id=room_id, created_at=at, origin=origin
                    )
                )
            else:
                row.room_id, row.origin = room_id, origin

    async def unchecked_direct_rooms(self) -> dict[str, str]:
        """room id -> user id of the rows remembered before their origin was kept (migration 0015)."""
        async with self.db.transaction() as s:
            rows = await s.scalars(
                select(MatrixDirectRoom).where(
                    MatrixDirectRoom.account == self.account, MatrixDirectRoom.origin.is_(None)
                )
            )
            return {row.room_id: row.user_id for row in rows}

    async def set_direct_room_origin(self, room_id: str, origin: str) -> None:
        async with self.db.transaction() as s:
            row = await s.scalar(
                select(MatrixDirectRoom).where(
                    MatrixDirectRoom.account == self.account, MatrixDirectRoom.room_id == room_id
                )
            )
            if row is not None:
                row.origin = origin

    async def forget_direct_room(self, room_id: str) -> None:
        async with self.db.transaction() as s:
            await s.execute(
                delete(MatrixDirectRoom).where(
                    MatrixDirectRoom.account == self.account, MatrixDirectRoom.room_id == room_id
                )
            )

    # -- cross-signing ---------------------------------------------------------------
    async def cross_signing(self) -> MatrixCrossSigning | None:
        async with self.db.transaction() as s:
            return await s.get(MatrixCrossSigning, self.account)

    async def save_cross_signing(
        self, master: str, self_signing: str, user_signing: str, at: datetime
    ) -> None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixCrossSigning, self.account)
            if row is None:
                row = MatrixCrossSigning(account=self.account)
                s.add(row)
            row.master_key, row.self_signing_key, row.user_signing_key = master, self_signing, user_signing
            row.uploaded_at = at

    async def device_signed(self, device_id: str, self_signing: str) -> bool:
        async with self.db.transaction() as s:
            row = await s.get(MatrixSignedDevice, (self.account, device_id))
            return row is not None and row.self_signing_key == self_signing

    async def save_signed_device(self, device_id: str, self_signing: str, at: datetime) -> None:
        async with self.db.transaction() as s:
            row = await s.get(MatrixSignedDevice, (self.account, device_id))
            if row is None:
                s.add(
                    MatrixSignedDevice(
                        account=self.account, device_id=device_id, self_signing_key=self_signing, signed_at=at
                    )
                )
            else:
                row.self_signing_key, row.signed_at = self_signing, at

    # -- the inbox, for an event whose handling failed -------------------------------
    async def release_event(self, event_id: str) -> None:
        """Undo an inbox claim whose reply could not be sent, so the replayed batch handles it again."""
        async with self.db.transaction() as s:
            await s.execute(
                delete(ProcessedEvent).where(
                    ProcessedEvent.platform == "matrix", ProcessedEvent.event_id == event_id
                )
            )
