"""A meeting set up in a Matrix room: its reminder arrives there and pings the participants; its calendar
invite is uploaded as an m.file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.matrix.clients import humans, reply_to, running_bot
from tests.matrix.synapse import Synapse
from tests.support.clock import FakeClock
from tests.support.meetings import deliver, deliveries

MEETING = (
    '!foc meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
    "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h"
)


async def test_reminder_in_the_room_mentions_the_participants(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    clock = FakeClock(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    admins = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock, admins=admins) as adapter,
        humans(synapse, tmp_path, alice) as (a,),
    ):
        room = await a.create_room([bot.user_id])
        await a.wait_joined(room, bot.user_id)
        for command in (f"!foc tz for matrix:{alice.user_id} member=Estonia", MEETING):
            asked = await a.say(room, command)
            answer = await a.wait_for(reply_to(room, asked, bot.user_id))
            assert answer.source["content"]["msgtype"] == "m.notice", answer.source
        clock.set(datetime(2027, 1, 11, 14, 0, tzinfo=UTC))  # 24 h before the call
        await deliver(adapter.app)  # what the due-work timer runs

        def reminder(events: list[tuple[str, Any]]) -> Any:
            for r, e in events:
                body = (e.source.get("content") or {}).get("body", "")
                if r == room and getattr(e, "sender", None) == bot.user_id and "starts in 24h" in body:
                    return e
            return None

        content = (await a.wait_for(reminder)).source["content"]
        assert content["m.mentions"] == {"user_ids": [alice.user_id]}
        assert f"https://matrix.to/#/{alice.user_id}" in content["formatted_body"]
        assert "<table>" in content["formatted_body"]
        rows = await deliveries(adapter.app)
        assert [(r.kind, r.status) for r in rows] == [("reminder", "sent")]

        await a.say(room, "!foc meeting ics 1")

        def invite(events: list[tuple[str, Any]]) -> Any:
            for r, e in events:
                content = e.source.get("content") or {}
                if (
                    r == room
                    and content.get("msgtype") == "m.file"
                    and content.get("filename") == "meeting-1.ics"
                ):
                    return e
            return None

        ics = (await a.wait_for(invite)).source["content"]
        assert ics["info"]["mimetype"] == "text/calendar"
        assert synapse.download(ics["url"], alice.access_token).startswith(b"BEGIN:VCALENDAR")


async def test_reminder_due_while_the_bot_was_down_is_sent_at_start(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice = synapse.register(), synapse.register()
    clock = FakeClock(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    store, admins = tmp_path / "bot", f"matrix:{alice.user_id}"
    async with humans(synapse, tmp_path, alice) as (a,):
        room = await a.create_room([bot.user_id])
        async with running_bot(synapse, bot, database_url, store, clock=clock, admins=admins):
            await a.wait_joined(room, bot.user_id)
            asked = await a.say(room, MEETING)
            await a.wait_for(reply_to(room, asked, bot.user_id))
        clock.set(datetime(2027, 1, 11, 20, 0, tzinfo=UTC))  # the 24 h reminder fell due while down
        async with running_bot(synapse, bot, database_url, store, clock=clock, admins=admins) as adapter:
            rows = await deliveries(adapter.app)
            assert [(r.kind, r.status, r.attempts) for r in rows] == [("reminder", "sent", 1)]

            def reminder(events: list[tuple[str, Any]]) -> Any:
                return any(
                    r == room and "starts in" in (e.source.get("content") or {}).get("body", "")
                    for r, e in events
                )

            await a.wait_for(reminder)
