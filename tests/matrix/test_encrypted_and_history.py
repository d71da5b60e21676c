"""Encrypted rooms, the bot's own messages, and messages from before the bot joined."""

from __future__ import annotations

from pathlib import Path

from tests.matrix.clients import humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse


async def test_encrypted_room_round_trip(synapse: Synapse, database_url: str, tmp_path: Path) -> None:
    bot, alice = synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot"),
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id], encrypted=True)
        await a.wait_joined(room, bot.user_id)
        asked = await a.say(room, "!foc activity 3B.3")
        answer = await a.wait_for(reply_to(room, asked, bot.user_id))
        assert answer.decrypted, "the reply must arrive encrypted"
        assert answer.source["content"]["msgtype"] == "m.notice"
        assert "Conduct a survey of the Support Unit" in answer.source["content"]["body"]


async def test_ignores_its_own_messages_and_those_before_it_joined(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    async with humans(synapse, tmp_path, alice) as (a,):
        room = await a.create_room([bot.user_id])
        before = await a.say(room, "!foc troika")
        async with running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter:
            await a.wait_joined(room, bot.user_id)
            await until(lambda: room in adapter.session.client.rooms, what="the bot synced the room")
            own = await adapter.notifier.send_event(
                room, "m.room.message", {"msgtype": "m.text", "body": "!foc troika"}
            )
            after = await a.say(room, "!foc activity 3B.3")
            await a.wait_for(reply_to(room, after, bot.user_id))
            assert reply_to(room, before, bot.user_id)(a.events) is None
            assert reply_to(room, own, bot.user_id)(a.events) is None
            # the reply is seen before the bot counts the command handled: wait for the count
            await until(lambda: adapter.handler.handled >= 1, what="the command counted")
            assert adapter.handler.handled == 1
