"""Surveys on Matrix: the invitation starts a direct-chat dialogue, one question at a time (numbered
options, skip, back, cancel), resumed after a restart; single-choice questions as native polls."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.adapters.matrix.handler import POINTER
from tests.matrix.clients import Human, from_the_bot_directly, humans, reply_to, running_bot
from tests.matrix.synapse import Synapse
from tests.matrix.test_polls import events_of, vote

SURVEY = (
    "!foc survey import {title: Call habits, questions: ["
    "{text: 'Alternate call times?', type: single, options: [Yes, No]}, "
    "{text: 'Which channels?', type: multiple, max: 2, options: [Email, Matrix, Phone]}, "
    "{text: 'How satisfied are you?', type: scale}, "
    "{text: 'Anything else?', type: text, required: false}]}"
)


def last_from(bot_id: str, room: str):  # type: ignore[no-untyped-def]
    def bodies(events: list[tuple[str, Any]]) -> list[str]:
        return [
            e.source["content"]["body"]
            for r, e in events
            if r == room and getattr(e, "sender", None) == bot_id and e.source.get("type") == "m.room.message"
        ]

    return bodies


def reply_to_all(room: str, event_id: str, bot_id: str):  # type: ignore[no-untyped-def]
    def find(events: list[tuple[str, Any]]) -> list[str]:
        return [
            e.source["content"]["body"]
            for r, e in events
            if r == room
            and getattr(e, "sender", None) == bot_id
            and ((e.source["content"].get("m.relates_to") or {}).get("m.in_reply_to") or {}).get("event_id")
            == event_id
        ]

    return find


async def say_and_hear(human: Human, room: str, text: str, bot_id: str) -> str:
    asked = await human.say(room, text)
    return str((await human.wait_for(reply_to(room, asked, bot_id))).source["content"]["body"])


async def test_dm_dialogue_one_question_at_a_time_survives_a_restart(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    store, admins = tmp_path / "bot", f"matrix:{alice.user_id}"
    async with humans(synapse, tmp_path, alice, bob) as (a, b):
        async with running_bot(synapse, bot, database_url, store, admins=admins) as adapter:
            room = await a.create_room([bot.user_id, bob.user_id])  # bob shares a room with the bot
            await b.accept(room)
            await a.wait_joined(room, bot.user_id)
            await a.wait_joined(room, bob.user_id)
            assert "Draft survey 1" in await say_and_hear(a, room, SURVEY, bot.user_id)
            opened = await say_and_hear(a, room, f"!foc survey open 1 to={bob.user_id}", bot.user_id)
            assert "1" in opened
            dm = await adapter.repo.direct_room(bob.user_id)
            assert dm is not None
            await b.accept(dm)
            said = last_from(bot.user_id, dm)
            await b.wait_for(lambda e: len(said(e)) >= 2)
            invitation, first = said(b.events)[:2]
            assert "Survey 1: Call habits" in invitation
            assert "question 1 of 4" in first and "1. Yes" in first and "2. No" in first
            assert "question 2 of 4" in await say_and_hear(b, dm, "2", bot.user_id)
            back = await say_and_hear(b, dm, "back", bot.user_id)
            assert "question 1 of 4" in back and "Your answer now: No" in back
            assert "question 2 of 4" in await say_and_hear(b, dm, "1", bot.user_id)
            assert "question 3 of 4" in await say_and_hear(b, dm, "1, 3", bot.user_id)
            wrong = await say_and_hear(b, dm, "9", bot.user_id)
            assert "1 to 5" in wrong
        # the bot restarts in the middle of the survey: the dialogue resumes at question 3
        async with running_bot(synapse, bot, database_url, store, admins=admins) as adapter:
            fourth = await say_and_hear(b, dm, "4", bot.user_id)
            assert "question 4 of 4 (optional)" in fourth
            required = await say_and_hear(b, dm, "back", bot.user_id)
            assert "question 3 of 4" in required and "Your answer now: 4" in required
            assert "required" in await say_and_hear(b, dm, "skip", bot.user_id)
            assert "question 4 of 4" in await say_and_hear(b, dm, "5", bot.user_id)
            done = await say_and_hear(b, dm, "skip", bot.user_id)
            assert "complete" in done
            progress = await adapter.app.services.surveys.progress(
                1, f"matrix:{bob.user_id}", adapter.app.clock()
            )
            assert progress is not None and progress.complete
            assert progress.answers == {1: 1, 2: [1, 3], 3: 5}
            assert await adapter.app.services.dialogues.active(f"matrix:{bob.user_id}") is None
            # after the dialogue, plain text in the DM is a command again
            assert "Troika" in await say_and_hear(b, dm, "troika", bot.user_id)
            # `survey answer 1` shows the answers and resumes at the question left out
            again = await say_and_hear(b, dm, "survey answer 1", bot.user_id)
            assert "All required questions answered" in again and "1. Yes" in again
            assert "question 4 of 4 (optional)" in again
            assert "Stopped" in await say_and_hear(b, dm, "cancel", bot.user_id)
            assert await adapter.app.services.dialogues.active(f"matrix:{bob.user_id}") is None


async def test_a_known_command_in_a_survey_dm_runs_as_a_command(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob = synapse.register(), synapse.register(), synapse.register()
    admins = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admins) as adapter,
        humans(synapse, tmp_path, alice, bob) as (a, b),
    ):
        room = await a.create_room([bot.user_id, bob.user_id])  # bob shares a room with the bot
        await b.accept(room)
        await a.wait_joined(room, bot.user_id)
        await a.wait_joined(room, bob.user_id)
        await say_and_hear(a, room, SURVEY, bot.user_id)
        await say_and_hear(a, room, f"!foc survey open 1 to={bob.user_id}", bot.user_id)
        dm = await adapter.repo.direct_room(bob.user_id)
        assert dm is not None
        await b.accept(dm)
        said = last_from(bot.user_id, dm)
        await b.wait_for(lambda e: len(said(e)) >= 2)
        assert "question 1 of 4" in said(b.events)[1]
        listed = await say_and_hear(b, dm, "survey list", bot.user_id)
        assert "1 open surveys for you" in listed and "Call habits" in listed
        assert "question 2 of 4" in await say_and_hear(b, dm, "2", bot.user_id)  # still answering


async def test_survey_question_as_a_native_poll_and_results_as_images(
    synapse: Synapse, database_url: str, tmp_path: Path
) -> None:
    bot, alice, bob, carol = (synapse.register() for _ in range(4))
    admins = f"matrix:{alice.user_id}"
    async with (
        running_bot(synapse, bot, database_url, tmp_path / "bot", admins=admins) as adapter,
        humans(synapse, tmp_path, alice, bob, carol) as (a, b, c),
    ):
        room = await a.create_room([bot.user_id, bob.user_id, carol.user_id])
        await b.accept(room)
        await a.wait_joined(room, bot.user_id)
        await a.wait_joined(room, bob.user_id)
        await say_and_hear(a, room, SURVEY, bot.user_id)
        opened = await say_and_hear(a, room, "!foc survey open 1 here", bot.user_id)  # alice and bob
        assert "2" in opened
        await c.accept(room)  # carol joins after: not in the audience
        # refusals are private: each in the asker's direct room, only a pointer in the room
        assert await say_and_hear(a, room, "!foc poll 1 2", bot.user_id) == POINTER
        dm_a, dm_b = [await adapter.repo.direct_room(u.user_id) for u in (alice, bob)]
        assert "not single-choice" in await from_the_bot_directly(a, dm_a, bot.user_id, "single-choice")
        assert await say_and_hear(b, room, "!foc poll 1 1", bot.user_id) == POINTER
        assert "Only admins" in await from_the_bot_directly(b, dm_b, bot.user_id, "Only admins")
        # `poll` is a registered core command: `help` names it, its access rule is the core's
        assert "poll <survey> <question>" in await say_and_hear(a, room, "!foc help poll", bot.user_id)
        assert "Poll posted" in await say_and_hear(a, room, "!foc poll 1 1", bot.user_id)
        (start,) = await a.wait_for(events_of("org.matrix.msc3381.poll.start", room))
        await vote(b, room, start.event_id, "1")
        await vote(b, room, start.event_id, "2", stable=True)  # changed: the last vote is the answer
        await vote(a, room, start.event_id, "1")
        outsider = await vote(c, room, start.event_id, "1")  # not in the audience: refused, said so
        pointer = await c.wait_for(reply_to(room, outsider, bot.user_id))
        assert pointer.source["content"]["body"] == POINTER
        dm_c = await adapter.repo.direct_room(carol.user_id)
        assert "not in the audience" in await from_the_bot_directly(c, dm_c, bot.user_id, "audience")
        surveys, now = adapter.app.services.surveys, adapter.app.clock()
        assert (await surveys.progress(1, f"matrix:{bob.user_id}", now)).answers == {1: 2}  # type: ignore[union-attr]
        assert (await surveys.progress(1, f"matrix:{alice.user_id}", now)).answers == {1: 1}  # type: ignore[union-attr]
        ended = await say_and_hear(a, room, "!foc poll end", bot.user_id)
        assert ended.splitlines()[1:] == ["Yes: 2 (67%)", "No: 1 (33%)", "3 votes."]
        await say_and_hear(a, room, "!foc survey close 1", bot.user_id)
        await a.say(room, "!foc survey results 1")

        def charts(events: list[tuple[str, Any]]) -> list[Any]:
            return [
                e
                for r, e in events
                if r == room and (e.source.get("content") or {}).get("msgtype") == "m.image"
            ]

        images = await a.wait_for(charts)
        content = images[0].source["content"]
        assert content["filename"] == "survey-1-charts.png" and content["info"]["mimetype"] == "image/png"
        assert synapse.download(content["url"], alice.access_token).startswith(b"\x89PNG")
        await say_and_hear(a, room, "!foc survey chart 1 1", bot.user_id)
        await a.wait_for(lambda events: len(charts(events)) == 2)
        assert [e.source["content"]["filename"] for e in charts(a.events)] == [
            "survey-1-charts.png",  # survey results: one image for every chart (one notification)
            "survey-1-q1.png",
        ]
