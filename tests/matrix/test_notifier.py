"""What the bot says on its own: room messages that ping people, direct messages, uploaded files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nio.crypto.attachments import decrypt_attachment

from bot.adapters.matrix.notifier import MatrixSendError
from handlers.core import FileAttachment, Place, Reply, Table
from tests.matrix.clients import humans, running_bot, until
from tests.matrix.synapse import Synapse

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def from_bot(bot_id: str, room_id: str, msgtype: str):  # type: ignore[no-untyped-def]
    def find(events: list[tuple[str, Any]]) -> Any:
        return [
            e
            for r, e in events
            if r == room_id
            and getattr(e, "sender", None) == bot_id
            and (e.source.get("content") or {}).get("msgtype") == msgtype
        ]

    return find


async def test_reminder_in_a_room_mentions_participants_and_uploads_files(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])
        await a.wait_joined(room, bot.user_id)
        await until(lambda: room in adapter.session.client.rooms, what="the bot synced the room")
        reply = Reply(
            "Reminder: *Troika call* starts in 15 minutes.",
            parts=(
                Table(("When", "Who"), (("10:00 UTC", "Chair"),)),
                FileAttachment("chart.png", PNG, "image/png", title="Responses"),
                FileAttachment("call.ics", ICS, "text/calendar"),
            ),
            mentions=(f"matrix:{alice.user_id}", bob.user_id),
        )
        await adapter.app.notifier.send(Place("matrix", room), reply)
        (notice,) = await a.wait_for(from_bot(bot.user_id, room, "m.text"))
        content = notice.source["content"]
        assert content["m.mentions"] == {"user_ids": [alice.user_id, bob.user_id]}
        assert f"https://matrix.to/#/{alice.user_id}" in content["formatted_body"]
        assert (
            "<strong>Troika call</strong>" in content["formatted_body"]
            and "<table>" in content["formatted_body"]
        )
        assert "Troika call" in content["body"] and alice.user_id in content["body"]
        (image,) = await a.wait_for(from_bot(bot.user_id, room, "m.image"))
        (ics,) = await a.wait_for(from_bot(bot.user_id, room, "m.file"))
        assert image.source["content"]["info"] == {"mimetype": "image/png", "size": len(PNG)}
        assert synapse.download(image.source["content"]["url"], alice.access_token) == PNG
        assert ics.source["content"]["filename"] == "call.ics"
        assert synapse.download(ics.source["content"]["url"], alice.access_token) == ICS


async def test_direct_message_opens_an_encrypted_room_once(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, bob, stranger = synapse.register(), synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, bob) as (b,),
    ):
        # DMs are opened only for people who share a room with the bot: a stranger gets none
        rooms_before = set(adapter.session.client.rooms)
        with pytest.raises(MatrixSendError, match="shares no room"):
            await adapter.app.notifier.send_direct(f"matrix:{stranger.user_id}", Reply("Hello"))
        assert set(adapter.session.client.rooms) == rooms_before
        assert await adapter.repo.direct_room(stranger.user_id) is None
        shared = await b.create_room([bot.user_id])
        await until(lambda: shared in adapter.session.client.rooms, what="the bot joined bob's room")
        first = Reply(
            "Survey *Annual review* is open.", parts=(FileAttachment("call.ics", ICS, "text/calendar"),)
        )
        await adapter.app.notifier.send_direct(f"matrix:{bob.user_id}", first)
        room = await adapter.repo.direct_room(bob.user_id)
        assert room is not None
        await b.wait_for(lambda _e: room in b.client.invited_rooms)
        await b.client.join(room)
        (notice,) = await b.wait_for(from_bot(bot.user_id, room, "m.notice"))
        assert notice.decrypted and "Annual review" in notice.source["content"]["body"]
        (ics,) = await b.wait_for(from_bot(bot.user_id, room, "m.file"))
        encrypted = ics.source["content"]["file"]
        ciphertext = synapse.download(encrypted["url"], bob.access_token)
        plain = decrypt_attachment(
            ciphertext, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"]
        )
        assert plain == ICS
        await adapter.app.notifier.send_direct(f"matrix:{bob.user_id}", Reply("Second"))
        notices = await b.wait_for(lambda e: len(from_bot(bot.user_id, room, "m.notice")(e)) == 2 and e)
        assert notices
        assert await adapter.repo.direct_room(bob.user_id) == room
