"""Filling a timeline gap: when a room had more events while the bot was away than a sync returns
(``limited``), the older ones are fetched page by page back to the last handled batch, so none is missed."""

from __future__ import annotations

from typing import Any

from nio import AsyncClient, MessageDirection, RoomMessagesResponse

PAGE = 100
MAX_PAGES = 20
MARGIN_MS = 5 * 60 * 1000  # clock skew between the homeserver and us; the inbox removes the overlap


class GapError(RuntimeError):
    pass


async def missed_events(client: AsyncClient, room_id: str, prev_batch: str, since_ms: int) -> list[Any]:
    """The events before ``prev_batch`` sent after ``since_ms`` (minus a margin), oldest first."""
    cutoff = since_ms - MARGIN_MS
    found: list[Any] = []
    token = prev_batch
    for _ in range(MAX_PAGES):
        response = await client.room_messages(
            room_id, start=token, direction=MessageDirection.back, limit=PAGE
        )
        if not isinstance(response, RoomMessagesResponse):
            raise GapError(f"could not page back in {room_id}: {getattr(response, 'message', response)}")
        for event in response.chunk:  # newest first
            if int(getattr(event, "server_timestamp", 0) or 0) < cutoff:
                return list(reversed(found))
            found.append(event)
        if not response.chunk or not response.end or response.end == token:
            break
        token = response.end
    return list(reversed(found))
