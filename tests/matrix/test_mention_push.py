"""A reminder that mentions someone notifies them on Synapse (issue 13 item 8).

Sent as ``m.notice`` it would be silenced by the default push rule ``.m.rule.suppress_notices`` before
the mention rules are read (Synapse counts 0 notifications); sent as ``m.text`` with ``m.mentions``
and a matrix.to pill, the mention rule fires and highlights. Replies to commands stay ``m.notice``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from handlers.visibility import POINTER
from tests.matrix.clients import humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse, User
from tests.support.clock import FakeClock
from tests.support.meetings import deliver

MEETING = (
    '!foc meeting new "Troika call" kind=troika rrule="FREQ=WEEKLY;INTERVAL=4;BYDAY=TU" start=2027-01-12 '
    "at=15:00 tz=Europe/Zurich participants=Estonia,Switzerland reminders=24h"
)


def notifications(synapse: Synapse, user: User) -> list[dict[str, Any]]:
    status, body = synapse.request("GET", "/_matrix/client/v3/notifications", token=user.access_token)
    assert status == 200, body
    return list(body["notifications"])


def highlighted(note: dict[str, Any]) -> bool:
    return any(isinstance(a, dict) and a.get("set_tweak") == "highlight" for a in note["actions"])


async def test_a_reminder_mentioning_a_user_raises_their_notification_count(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    clock = FakeClock(datetime(2027, 1, 5, 9, 0, tzinfo=UTC))
    admins = f"matrix:{bob.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock, admins=admins) as adapter,
        humans(synapse, tmp_path, bob, alice) as (b, a),
    ):
        room = await b.create_room([bot.user_id, alice.user_id])
        await a.accept(room)
        await b.wait_joined(room, bot.user_id)
        for command in (f"!foc tz for matrix:{alice.user_id} member=Estonia", MEETING):
            asked = await b.say(room, command)
            answer = await b.wait_for(reply_to(room, asked, bot.user_id))
            assert answer.source["content"]["msgtype"] == "m.notice", answer.source  # replies stay notices
        before = [n for n in notifications(synapse, alice) if n["event"]["sender"] == bot.user_id]
        assert before == []  # the bot's command replies (m.notice) notified nobody
        clock.set(datetime(2027, 1, 11, 14, 0, tzinfo=UTC))
        await deliver(adapter.app)  # what the due-work timer runs

        def from_bot() -> list[dict[str, Any]]:
            return [n for n in notifications(synapse, alice) if n["event"]["sender"] == bot.user_id]

        found = await until(from_bot, what="alice's notification for the reminder")
        event = found[0]["event"]
        assert "starts in 24h" in event["content"]["body"]
        assert event["content"]["msgtype"] == "m.text"
        assert event["content"]["m.mentions"] == {"user_ids": [alice.user_id]}
        assert f'<a href="https://matrix.to/#/{alice.user_id}">' in event["content"]["formatted_body"]
        assert highlighted(found[0])  # the mention rule fired, not only the room's message rule


async def test_a_personal_reminder_in_a_room_pings_who_set_it(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    clock = FakeClock(datetime(2027, 1, 11, 10, 0, tzinfo=UTC))
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", clock=clock) as adapter,
        humans(synapse, tmp_path, bob, alice) as (b, a),
    ):
        room = await b.create_room([bot.user_id, alice.user_id])
        await a.accept(room)
        await b.wait_joined(room, bot.user_id)
        asked = await b.say(room, "!foc remind here in 2 minutes to call Accra")
        answer = await b.wait_for(reply_to(room, asked, bot.user_id))
        # the confirmation is private (issue 18): the room gets the pointer, a notice
        assert answer.source["content"]["msgtype"] == "m.notice"
        assert answer.source["content"]["body"] == POINTER
        assert (await adapter.app.services.reminders.get(1)) is not None
        clock.set(datetime(2027, 1, 11, 10, 2, tzinfo=UTC))
        await adapter.app.services.due.changed("personal_reminder")

        def from_bot() -> list[dict[str, Any]]:  # in the room (the DM holds the private confirmation)
            return [
                n
                for n in notifications(synapse, bob)
                if n["event"]["sender"] == bot.user_id and n["room_id"] == room
            ]

        found = await until(from_bot, what="bob's notification for his reminder")
        assert [n["event"]["content"]["msgtype"] for n in found] == ["m.text"]
        assert "call Accra" in found[0]["event"]["content"]["body"] and highlighted(found[0])
        assert found[0]["event"]["content"]["m.mentions"] == {"user_ids": [bob.user_id]}
