"""Which room is a DM, on a real Synapse, read by the other members as an attacker would: a room that grew
from two members (2 -> 4) and a room of three that dropped to two are shared rooms, so nobody's private
reply, survey invitation or dialogue goes there and chatter is not answered; an anonymous survey's answers
typed there are warned about (and redacted where the bot may). A DM that died (rejected, left, kicked) is
replaced at the next private send; DMs are opened only for people who share a room with the bot, a bounded
number an hour, and a DM that cannot be made is not counted sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from nio import RoomCreateResponse, RoomKickResponse, RoomPutStateResponse
from sqlalchemy import update

from bot.adapters.matrix.exposure import NOT_REDACTED, REDACTED
from bot.adapters.matrix.handler import POINTER
from bot.adapters.matrix.notifier import MatrixSendError
from bot.adapters.matrix.storage.models import MatrixDirectRoom
from handlers.core import Actor, Command, Place, Reply
from handlers.surveys.messages import ANONYMITY_NOTE
from tests.matrix.clients import Human, from_the_bot_directly, humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse

ANONYMOUS = (
    "!foc survey import {title: Staffing, questions: ["
    "{text: 'Enough staff?', type: single, options: [Yes, No]}, "
    "{text: 'Why?', type: text, required: false}]}"
)
REMINDER = "collect the passport from the embassy"


def bodies_from(events: list[tuple[str, Any]], room: str, sender: str) -> list[str]:
    return [
        str((e.source.get("content") or {}).get("body", ""))
        for r, e in events
        if r == room and getattr(e, "sender", None) == sender
    ]


def replies_to(room: str, event_id: str, bot_id: str):  # type: ignore[no-untyped-def]
    """Predicate: the bodies of every bot message in ``room`` answering ``event_id``."""

    def find(events: list[tuple[str, Any]]) -> list[str]:
        return [
            str(e.source["content"].get("body", ""))
            for r, e in events
            if r == room
            and getattr(e, "sender", None) == bot_id
            and ((e.source["content"].get("m.relates_to") or {}).get("m.in_reply_to") or {}).get("event_id")
            == event_id
        ]

    return find


def redacted(room: str, event_id: str):  # type: ignore[no-untyped-def]
    def find(events: list[tuple[str, Any]]) -> bool:
        return any(
            r == room
            and e.source.get("type") == "m.room.redaction"
            and event_id in (e.source.get("redacts"), (e.source.get("content") or {}).get("redacts"))
            for r, e in events
        )

    return find


async def ask(human: Human, room: str, text: str, bot_id: str) -> str:
    said = await human.say(room, text)
    return str((await human.wait_for(reply_to(room, said, bot_id))).source["content"]["body"])


async def chatter_is_ignored(human: Human, room: str, bot_id: str, text: str) -> None:
    """Unprefixed ``text`` gets no answer: a prefixed command said after it is answered, it is not."""
    chatter = await human.say(room, text)
    await ask(human, room, "!foc troika", bot_id)
    assert reply_to(room, chatter, bot_id)(human.events) is None, text


def no_leak(bodies: list[str], *secrets: str) -> None:
    text = "\n".join(bodies)
    for secret in secrets:
        assert secret not in text, secret


async def test_a_room_that_grew_from_two_members_never_gets_a_private_reply(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob, carol = (synapse.register() for _ in range(4))
    async with (
        running_bot(
            synapse, bot, database_url, tmp_path / "bot", admins=f"matrix:{alice.user_id}"
        ) as adapter,
        humans(synapse, tmp_path, alice, bob, carol) as (a, b, c),
    ):
        # alice makes an ordinary room with the bot (it may redact): two members, but no DM
        power = {"users": {bot.user_id: 100}}
        room = await a.create_room([bot.user_id], power=power)
        await a.wait_joined(room, bot.user_id)
        await chatter_is_ignored(a, room, bot.user_id, "activity 3B.3")
        assert not adapter.notifier.is_direct(room)
        for person in (bob, carol):
            await a.client.room_invite(room, person.user_id)
        await b.accept(room)
        await c.accept(room)
        await a.wait_joined(room, bob.user_id)
        await a.wait_joined(room, carol.user_id)
        await adapter.app.handle(
            Command(
                Actor("matrix", bob.user_id), Place("matrix", room), f"remind me tomorrow at 9 to {REMINDER}"
            )
        )
        await ask(a, room, ANONYMOUS, bot.user_id)
        assert "3 of 3 invited" in await ask(a, room, "!foc survey open 1 here anonymous", bot.user_id)

        for human, text in ((b, "!foc reminders"), (c, "!foc survey list"), (a, "!foc survey answer 1")):
            assert await ask(human, room, text, bot.user_id) == POINTER, text
        exposed = await a.say(room, "!foc survey answer 1 1=2")
        answered = await a.wait_for(lambda e: len(replies_to(room, exposed, bot.user_id)(e)) >= 2 and e)
        assert sorted(replies_to(room, exposed, bot.user_id)(answered)) == sorted([POINTER, REDACTED])
        await a.wait_for(redacted(room, exposed))
        await chatter_is_ignored(b, room, bot.user_id, "2")  # a dialogue answer, were this bob's DM

        # the room (read by carol) holds nothing private of anyone
        await c.sync(300)
        no_leak(
            bodies_from(c.events, room, bot.user_id),
            REMINDER,
            "Your reminders",
            "open surveys for you",
            "question 1 of 2",
            ANONYMITY_NOTE[:40],
            "Saved your answer",
        )
        # each private thing is in its owner's DM: three DMs, none of them the room
        dms = [await adapter.repo.direct_room(p.user_id) for p in (alice, bob, carol)]
        assert len(set(dms)) == 3 and room not in dms
        assert REMINDER in await from_the_bot_directly(b, dms[1], bot.user_id, REMINDER)
        assert "open surveys for you" in await from_the_bot_directly(c, dms[2], bot.user_id, "open surveys")
        assert "question 1 of 2" in await from_the_bot_directly(a, dms[0], bot.user_id, "question 1 of 2")
        assert "Saved your answer" in await from_the_bot_directly(a, dms[0], bot.user_id, "Saved your answer")


async def test_a_room_of_three_that_dropped_to_two_is_still_shared(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = (synapse.register() for _ in range(3))
    async with (
        running_bot(
            synapse, bot, database_url, tmp_path / "bot", admins=f"matrix:{alice.user_id}"
        ) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])  # the bot has no power to redact here
        await b.accept(room)
        await a.wait_joined(room, bot.user_id)
        await b.client.room_leave(room)
        await until(
            lambda: bob.user_id not in adapter.session.client.rooms[room].users, what="the bot saw bob leave"
        )
        assert adapter.session.client.rooms[room].member_count == 2
        await chatter_is_ignored(a, room, bot.user_id, "survey list")
        assert not adapter.notifier.is_direct(room)
        await ask(a, room, ANONYMOUS, bot.user_id)
        assert "1 of 1 invited" in await ask(a, room, "!foc survey open 1 here anonymous", bot.user_id)
        assert await ask(a, room, "!foc survey answer 1", bot.user_id) == POINTER
        exposed = await a.say(room, "!foc survey answer 1 1=1")
        answered = await a.wait_for(lambda e: len(replies_to(room, exposed, bot.user_id)(e)) >= 2 and e)
        assert sorted(replies_to(room, exposed, bot.user_id)(answered)) == sorted([POINTER, NOT_REDACTED])
        assert not redacted(room, exposed)(a.events)
        no_leak(bodies_from(a.events, room, bot.user_id), "question 1 of 2", "open surveys for you")
        dm = await adapter.repo.direct_room(alice.user_id)
        assert dm is not None and dm != room
        assert "question 1 of 2" in await from_the_bot_directly(a, dm, bot.user_id, "question 1 of 2")


async def test_a_dead_dm_is_replaced_and_nothing_undelivered_counts_as_sent(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = (synapse.register() for _ in range(3))
    bob_key = f"matrix:{bob.user_id}"
    async with (
        running_bot(
            synapse, bot, database_url, tmp_path / "bot", admins=f"matrix:{alice.user_id}"
        ) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        client, notifier = adapter.session.client, adapter.app.notifier
        room = await a.create_room([bot.user_id, bob.user_id])
        await b.accept(room)
        await a.wait_joined(room, bot.user_id)
        await a.wait_joined(room, bob.user_id)
        await until(lambda: adapter.notifier.dms.shares_a_room(bob.user_id), what="the bot saw bob join")

        async def direct(text: str) -> str:
            await notifier.send_direct(bob_key, Reply(text))
            dm = await adapter.repo.direct_room(bob.user_id)
            assert dm is not None
            return dm

        rejected = await direct("first")
        await b.wait_for(lambda _e: rejected in b.client.invited_rooms)
        await b.client.room_leave(rejected)  # bob rejects the invite
        left = await direct("second")
        assert left != rejected
        assert "second" in await from_the_bot_directly(b, left, bot.user_id, "second")
        await until(lambda: rejected not in client.rooms, what="the bot left the rejected DM")
        await b.client.room_leave(left)  # bob leaves the DM
        # bob opens a DM himself (is_direct; room version 10, where a creator can be kicked) and gives the
        # bot power there; a moderator (here the bot's own account, the only other member) kicks him out
        made = await b.client.room_create(
            invite=[bot.user_id],
            is_direct=True,
            room_version="10",
            power_level_override={"users": {bob.user_id: 100, bot.user_id: 100}},
        )
        assert isinstance(made, RoomCreateResponse), made
        kicked = str(made.room_id)
        levels = await b.client.room_get_state_event(kicked, "m.room.power_levels")
        content = {**levels.content, "users": {bob.user_id: 50, bot.user_id: 100}}  # type: ignore[union-attr]
        assert isinstance(
            await b.client.room_put_state(kicked, "m.room.power_levels", content), RoomPutStateResponse
        )
        await until(lambda: adapter.notifier.dms.user_of(kicked) == bob.user_id, what="the bot took the DM")
        assert await direct("third") == kicked
        assert "third" in await from_the_bot_directly(b, kicked, bot.user_id, "third")
        kick = await client.room_kick(kicked, bob.user_id)
        assert isinstance(kick, RoomKickResponse), kick
        said = await b.say(room, "!foc survey list")  # a private reply finds a fresh DM
        assert (await b.wait_for(reply_to(room, said, bot.user_id))).source["content"]["body"] == POINTER
        fresh = await adapter.repo.direct_room(bob.user_id)
        assert fresh not in (None, rejected, left, kicked)
        assert "surveys" in await from_the_bot_directly(b, fresh, bot.user_id, "surveys")

        # a bounded number of new DMs: bob leaving them one after another gets no endless rooms
        dms, opened, current = adapter.notifier.dms, {rejected, left, fresh}, fresh
        while len(opened) < dms.per_user_per_hour:
            await b.client.room_leave(current)
            current = await direct("again")
            opened.add(current)
        await b.client.room_leave(current)
        rooms = set(client.rooms)
        with pytest.raises(MatrixSendError, match="too many new direct rooms"):
            await direct("one too many")
        assert await adapter.repo.direct_room(bob.user_id) is None
        assert set(client.rooms) <= rooms  # the refused send opened no room

        # bob leaves the room he shared with the bot: no DM is made, the invitation is not counted sent
        await b.client.room_leave(room)
        await until(lambda: not dms.shares_a_room(bob.user_id), what="the bot saw bob leave")
        await ask(a, room, ANONYMOUS, bot.user_id)
        opened = await ask(a, room, f"!foc survey open 1 to={bob.user_id}", bot.user_id)
        assert "0 of 1 invited" in opened and "1 could not be reached" in opened
        assert await adapter.repo.direct_room(bob.user_id) is None
        assert {r for r in client.rooms if r not in rooms} == set()  # no room was opened for it


async def test_rooms_remembered_as_dms_before_their_origin_was_kept_are_checked_at_start(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    """Rows from before migration 0015 (some from a member count of two alone) count as DMs only if the room
    began as one: alice's ordinary room of two is a shared room after the restart, bob's own DM stays his."""
    bot, alice, bob = (synapse.register() for _ in range(3))
    store = tmp_path / "bot"
    async with humans(synapse, tmp_path, alice, bob) as (a, b):
        async with running_bot(synapse, bot, database_url, store) as adapter:
            plain = await a.create_room([bot.user_id])  # two members, never a DM
            direct = await b.create_room([bot.user_id], direct=True)
            await a.wait_joined(plain, bot.user_id)
            await b.wait_joined(direct, bot.user_id)
            now = adapter.app.clock()
            await adapter.repo.remember_direct_room(alice.user_id, plain, now, "legacy")
            async with adapter.app.db.transaction() as session:  # as rows from before 0015 are
                await session.execute(update(MatrixDirectRoom).values(origin=None))
        async with running_bot(synapse, bot, database_url, store) as adapter:
            assert await adapter.repo.direct_room(alice.user_id) is None
            assert await adapter.repo.direct_room(bob.user_id) == direct
            assert await adapter.repo.unchecked_direct_rooms() == {}
            await chatter_is_ignored(a, plain, bot.user_id, "activity 3B.3")
            assert await ask(a, plain, "!foc survey list", bot.user_id) == POINTER
            assert "Troika" in await ask(b, direct, "troika", bot.user_id)  # plain text: still bob's DM
