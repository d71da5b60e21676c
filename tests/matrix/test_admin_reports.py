"""Admin reports naming inactive members are private on Matrix too (issue 18 item 5): `participation` and
"which members have gone quiet?" typed in a shared room give the room only the pointer that names nothing;
the report, and the participation chart, go to the admin's DM with the bot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handlers.visibility import POINTER
from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse


async def test_admin_reports_in_a_room_go_to_the_admins_dm_with_the_chart(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = (synapse.register() for _ in range(3))
    async with (
        running_bot(
            synapse, bot, database_url, tmp_path / "bot", admins=f"matrix:{alice.user_id}"
        ) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])
        await b.accept(room)
        for user in (bot, bob):
            await a.wait_joined(room, user.user_id)
        for text in ("!foc participation", "!foc which members have gone quiet?"):
            said = await a.say(room, text)
            answer = await a.wait_for(reply_to(room, said, bot.user_id))
            assert answer.source["content"]["body"] == POINTER, text

        dm = await adapter.repo.direct_room(alice.user_id)
        assert dm is not None and dm != room
        await a.accept(dm)

        def in_dm(events: list[tuple[str, Any]]) -> list[dict[str, Any]]:
            return [
                e.source.get("content") or {}
                for r, e in events
                if r == dm and getattr(e, "sender", None) == bot.user_id
            ]

        found = await a.wait_for(
            lambda e: (
                len([c for c in in_dm(e) if c.get("msgtype") in ("m.notice", "m.text")]) >= 2
                and any(c.get("msgtype") == "m.image" for c in in_dm(e))
                and in_dm(e)
            )
        )
        bodies = "\n".join(str(c.get("body", "")) for c in found)
        assert "Participation of" in bodies and ("took no part" in bodies or "Every one" in bodies)

        # bob, reading the room, sees neither report nor chart
        await b.sync(300)
        seen = [
            e.source.get("content") or {}
            for r, e in b.events
            if r == room
            and getattr(e, "sender", None) == bot.user_id
            and e.source.get("type") != "m.room.member"
        ]
        assert {str(c.get("body")) for c in seen} == {POINTER}
        assert not [c for c in seen if c.get("msgtype") in ("m.image", "m.file")]
