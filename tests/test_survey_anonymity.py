"""Anonymous surveys: no stored row, reply, status, result, export or log line tells who answered what."""

from __future__ import annotations

import csv
import io
import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.core import Status
from handlers.surveys.messages import ANONYMITY_NOTE
from tests.support.dialogue import Dialogue, open_dialogue
from tests.support.surveys import FULL_ANSWERS, open_survey, responses, rows

START = datetime(2027, 1, 10, 9, 17, 23, tzinfo=UTC)
PEOPLE = ("alice", "bob", "carol", "dmitri")


@pytest.fixture(autouse=True)
def _january(bot: Dialogue) -> None:
    bot.clock.set(START)


async def _all_text(bot: Dialogue, *tables: str) -> str:
    dump = []
    for table in tables:
        dump.append(repr(await rows(bot, f"SELECT * FROM {table}")))
    return "\n".join(dump)


async def test_anonymous_survey_keeps_no_identity_with_answers(
    bot: Dialogue, caplog: pytest.LogCaptureFixture
) -> None:
    # Everything the bot logs, at the most verbose level. (Driver debug logs, which print SQL parameters,
    # stay at WARNING in bot/logging_setup.py whatever FOCBOT_LOG_LEVEL says.)
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="focbot")
    survey_id = await open_survey(bot, "to=" + ",".join(PEOPLE) + " anonymous deadline=2027-01-20")
    invite = bot.notifier.sent[0].reply
    assert "Anonymous" in invite.text and invite.data["anonymous"] is True
    # what is protected and from whom, and the limit: the same words as docs/surveys.md
    assert "other members and the admins see no names with answers" in invite.text
    assert "server operator, holding both the database and the secret key, could link" in invite.text
    assert "admins included" not in invite.text
    docs = " ".join((Path(__file__).parents[1] / "docs" / "surveys.md").read_text().replace("> ", "").split())
    assert " ".join(ANONYMITY_NOTE.split()) in docs
    for person in PEOPLE[:3]:
        reply = await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=person)
        assert reply.ok and reply.data["complete"]
    # alice changes an answer: still one response for her (the keyed hash enforces it)
    assert (await bot.say(f"survey answer {survey_id} 14=1", as_="alice")).data["answers"]["14"] == 1
    assert (await bot.say(f"survey answer {survey_id} 6=3", as_="dmitri")).data["complete"] is False

    stored = await responses(bot, survey_id)
    assert len(stored) == 4
    for row in stored:
        assert len(row["respondent_key"]) == 64 and ":" not in row["respondent_key"]
        stamp = row["updated_at"]
        stamp = datetime.fromisoformat(stamp) if isinstance(stamp, str) else stamp
        assert stamp.replace(tzinfo=UTC) == datetime(2027, 1, 10, tzinfo=UTC)  # the day, not the time
    answers_dump = await _all_text(bot, "survey_responses", "survey_reminders", "bot_secrets")
    for person in PEOPLE:
        assert person not in answers_dump

    status = await bot.say(f"survey status {survey_id}")
    assert status.data["responses"] == 3 and status.data["partial"] == 1 and status.data["audience"] == 4
    assert "missing" not in status.data and status.parts == ()
    early = await bot.say(f"survey results {survey_id}")
    assert early.status is Status.ERROR and "once it closes" in early.text
    assert (await bot.say(f"survey export {survey_id}")).status is Status.ERROR

    assert (await bot.say(f"survey close {survey_id}")).ok
    results = await bot.say(f"survey results {survey_id}")
    assert results.data["responses"] == 3
    q14 = next(q for q in results.data["questions"] if q["number"] == 14)
    assert q14["counts"]["1 (Very dissatisfied)"] == 1 and q14["counts"]["4 (Satisfied)"] == 2
    export = await bot.say(f"survey export {survey_id}")
    table = list(csv.reader(io.StringIO(export.files()[0].content.decode("utf-8-sig"))))
    assert table[0][0] == "complete" and len(table) == 4  # the one partial response is left out
    assert table[1:] == sorted(table[1:])  # sorted by content, not arrival

    assert any(r.name == "focbot.surveys" for r in caplog.records)
    assert any(r.name == "focbot.commands" for r in caplog.records)
    seen = "\n".join(
        [
            status.text,
            results.text,
            repr(results.data),
            export.files()[0].content.decode("utf-8-sig"),
            export.text,
        ]
        + [r.getMessage() for r in caplog.records]
    )
    for person in PEOPLE:
        assert f"console:{person}" not in seen
        assert person not in seen.lower()


async def test_small_groups_are_hidden(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice,bob,carol anonymous")
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="alice")
    await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_="bob")
    await bot.say(f"survey close {survey_id}")
    results = await bot.say(f"survey results {survey_id}")
    assert results.ok and results.data["hidden"] is True and results.data["responses"] == 2
    assert all(q.get("hidden") for q in results.data["questions"])
    assert "counts" not in repr(results.data) and results.files() == ()
    assert "Quick replies" not in results.text
    export = await bot.say(f"survey export {survey_id}")
    assert export.status is Status.ERROR and "fewer than 3" in export.text


async def test_optional_question_below_group_size_is_hidden(bot: Dialogue) -> None:
    survey_id = await open_survey(bot, "to=alice,bob,carol anonymous")
    for person in ("alice", "bob", "carol"):
        await bot.say(f"survey answer {survey_id} {FULL_ANSWERS}", as_=person)
    await bot.say(f'survey answer {survey_id} 15="Only I said this"', as_="carol")
    await bot.say(f"survey close {survey_id}")
    results = await bot.say(f"survey results {survey_id}")
    by_number = {q["number"]: q for q in results.data["questions"]}
    assert by_number[15] == {
        "number": 15,
        "type": "text",
        "text": by_number[15]["text"],
        "answered": 1,
        "hidden": True,
    }
    assert "Only I said this" not in results.text
    assert by_number[2]["texts"] == ["Quick replies"] * 3


async def test_generated_key_is_kept_once_and_reused(database_url: str) -> None:
    async with open_dialogue(database_url) as bot:
        bot.clock.set(START)
        survey_id = await open_survey(bot, "to=alice anonymous")
        await bot.say(f"survey answer {survey_id} 6=1", as_="alice")
        secrets_rows = await rows(bot, "SELECT name FROM bot_secrets")
    assert secrets_rows == [{"name": "survey-anonymity-key"}]
    async with open_dialogue(database_url) as again:  # a restart: the same key finds alice's response
        again.clock.set(START)
        assert (await again.say(f"survey answer {survey_id}", as_="alice")).data["answers"] == {"6": 1}
        await again.say(f"survey answer {survey_id} 6=2", as_="alice")
        assert len(await responses(again, survey_id)) == 1


async def test_configured_secret_key_is_used_and_not_stored(database_url: str) -> None:
    async with open_dialogue(database_url, secret_key="s3cret-for-tests") as bot:
        bot.clock.set(START)
        survey_id = await open_survey(bot, "to=alice anonymous")
        await bot.say(f"survey answer {survey_id} 6=1", as_="alice")
        assert await rows(bot, "SELECT name FROM bot_secrets") == []
        assert "s3cret" not in repr(await rows(bot, "SELECT * FROM survey_responses"))
