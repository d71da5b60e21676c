"""Single-choice questions as native polls (MSC3381): votes run the question's command as the voter,
a changed vote replaces the earlier one, the bot ends the poll with a tally from the relations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.adapters.matrix.handler import POINTER
from bot.adapters.matrix.polls import (
    END,
    RESPONSE,
    START,
    PollAnswer,
    Vote,
    last_votes,
    start_content,
    tally,
    vote_of,
)
from handlers.core import Choice, Choices, Place, Reply
from tests.matrix.clients import Human, from_the_bot_directly, humans, reply_to, running_bot, until
from tests.matrix.synapse import Synapse

STATUS = Choices(
    "Status of activity 3B.3?",
    (Choice("Planned", "planned"), Choice("In progress", "in progress"), Choice("Done", "done")),
    command="activity 3B.3 status {value}",
)


def events_of(kind: str, room: str):  # type: ignore[no-untyped-def]
    def find(events: list[tuple[str, Any]]) -> list[Any]:
        return [e for r, e in events if r == room and e.source.get("type") == kind]

    return find


async def vote(human: Human, room: str, poll: str, answer: str, *, stable: bool = False) -> str:
    relates = {"rel_type": "m.reference", "event_id": poll}
    if stable:
        kind, content = "m.poll.response", {"m.relates_to": relates, "m.selections": [answer]}
    else:
        kind, content = RESPONSE, {"m.relates_to": relates, RESPONSE: {"answers": [answer]}}
    response = await human.client.room_send(room, kind, content, ignore_unverified_devices=True)
    return str(response.event_id)  # type: ignore[union-attr]


async def test_poll_votes_run_the_command_and_the_bot_ends_it(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    admins = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admins) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id], encrypted=True)
        await b.client.join(room)
        await a.wait_joined(room, bot.user_id)
        await a.wait_joined(room, bob.user_id)
        await until(lambda: room in adapter.session.client.rooms, what="the bot synced the room")
        # a question sent to a room is text with numbered options: never a poll by itself
        await adapter.app.notifier.send(Place("matrix", room), Reply("Quick question:", parts=(STATUS,)))
        await a.wait_for(lambda e: [x for r, x in e if r == room and "Quick question" in str(x.source)])
        await a.sync(300)
        assert not events_of(START, room)(a.events)
        # a poll is posted only where it was asked for explicitly (the `poll` command's path)
        await adapter.handler.polls.post(room, STATUS, f"matrix:{alice.user_id}")
        (start,) = await a.wait_for(events_of(START, room))
        poll = start.event_id
        assert [x["org.matrix.msc1767.text"] for x in start.source["content"][START]["answers"]] == [
            "Planned",
            "In progress",
            "Done",
        ]
        await vote(a, room, poll, "3")
        changed = await vote(a, room, poll, "2", stable=True)  # changed mind: the last vote counts
        await b.sync(0)
        refused = await vote(b, room, poll, "3")  # not an admin: refused, said in his DM
        pointer = await b.wait_for(reply_to(room, refused, bot.user_id))
        assert pointer.source["content"]["body"] == POINTER
        dm = await adapter.repo.direct_room(bob.user_id)
        assert "Only admins" in await from_the_bot_directly(b, dm, bot.user_id, "Only admins")
        assert reply_to(room, changed, bot.user_id)(a.events) is None  # accepted votes get no message
        activity = await adapter.app.services.knowledge.activity("3B.3")
        assert activity is not None and activity.status == "in progress"
        ask_end = await a.say(room, "!foc poll end")
        ended = await a.wait_for(reply_to(room, ask_end, bot.user_id))
        assert ended.source["content"]["body"].splitlines()[1:] == [
            "Planned: 0 (0%)",
            "In progress: 1 (50%)",
            "Done: 1 (50%)",
            "2 votes.",
        ]
        (end,) = await a.wait_for(events_of(END, room))
        assert end.source["content"]["m.relates_to"] == {"rel_type": "m.reference", "event_id": poll}
        late = await vote(a, room, poll, "1")
        again = await a.say(room, "!foc poll end")
        assert (await a.wait_for(reply_to(room, again, bot.user_id))).source["content"]["body"] == POINTER
        dm_a = await adapter.repo.direct_room(alice.user_id)
        assert "no open poll" in await from_the_bot_directly(a, dm_a, bot.user_id, "no open poll")
        assert reply_to(room, late, bot.user_id)(a.events) is None
        activity = await adapter.app.services.knowledge.activity("3B.3")
        assert activity is not None and activity.status == "in progress"


def test_only_each_users_last_valid_vote_before_the_end_counts() -> None:
    answers = [PollAnswer("1", "Yes"), PollAnswer("2", "No")]
    ids = {"1", "2"}
    votes = [
        Vote("$1", "$p", "@a:x", ("1",), 10),
        Vote("$2", "$p", "@a:x", ("2",), 20),  # a changed to No
        Vote("$3", "$p", "@b:x", ("1",), 15),
        Vote("$4", "$p", "@b:x", ("9",), 25),  # b's last vote is invalid: spoiled
        Vote("$5", "$p", "@c:x", ("1",), 40),  # after the end
        Vote("$6", "$p", "@d:x", ("1", "2"), 12),  # too many for a single choice
    ]
    counted = last_votes(votes, ids, 1, ended_ts=30)
    assert set(counted) == {"@a:x"}
    assert dict(tally(counted, answers)) == {"1": 0, "2": 1}


def test_vote_forms_and_start_content() -> None:
    relates = {"rel_type": "m.reference", "event_id": "$p"}
    unstable = {
        "type": RESPONSE,
        "event_id": "$v",
        "sender": "@a:x",
        "origin_server_ts": 5,
        "content": {"m.relates_to": relates, RESPONSE: {"answers": ["2"]}},
    }
    stable = {
        "type": "m.poll.response",
        "event_id": "$w",
        "sender": "@a:x",
        "origin_server_ts": 6,
        "content": {"m.relates_to": relates, "m.selections": ["1"]},
    }
    assert vote_of(unstable) == Vote("$v", "$p", "@a:x", ("2",), 5)
    assert vote_of(stable) == Vote("$w", "$p", "@a:x", ("1",), 6)
    assert vote_of({"type": "m.room.message", "content": {}}) is None
    content = start_content("Q?", [PollAnswer("1", "Yes"), PollAnswer("2", "No")])
    assert content[START]["max_selections"] == 1 and content[START]["question"] == {
        "org.matrix.msc1767.text": "Q?"
    }
    assert "1. Yes" in content["body"]
