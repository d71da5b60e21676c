"""Commands in rooms and direct chats, answered as m.notice with HTML, against a real Synapse."""

from __future__ import annotations

from pathlib import Path

from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse


async def test_room_command_is_answered_as_a_notice_with_html_and_chatter_is_ignored(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot"),
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id, "@someone:localhost"])
        await a.wait_joined(room, bot.user_id)
        asked = await a.say(room, "!foc activity 3B.3")
        chatter = await a.say(room, "activity 3B.3 without the prefix")
        listed = await a.say(room, "!FOC members")
        answer = await a.wait_for(reply_to(room, asked, bot.user_id))
        content = answer.source["content"]
        assert content["msgtype"] == "m.notice"
        assert "Conduct a survey of the Support Unit" in content["body"]
        assert content["format"] == "org.matrix.custom.html"
        assert "Conduct a survey of the Support Unit" in content["formatted_body"]
        members = (await a.wait_for(reply_to(room, listed, bot.user_id))).source["content"]
        assert "<table>" in members["formatted_body"] and "<th>" in members["formatted_body"]
        assert reply_to(room, chatter, bot.user_id)(a.events) is None


async def test_direct_chat_takes_plain_text(synapse: Synapse, database_url: str, tmp_path: Path) -> None:
    bot, alice = synapse.register(), synapse.register()
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot") as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id], direct=True)
        await a.wait_joined(room, bot.user_id)
        asked = await a.say(room, "activity 3B.3")
        prefixed = await a.say(room, "!foc troika")
        answer = (await a.wait_for(reply_to(room, asked, bot.user_id))).source["content"]
        assert "Conduct a survey of the Support Unit" in answer["body"]
        troika = (await a.wait_for(reply_to(room, prefixed, bot.user_id))).source["content"]
        assert "Troika" in troika["body"]
        assert await adapter.repo.direct_room(alice.user_id) == room
