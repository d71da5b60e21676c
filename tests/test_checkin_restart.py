"""Check-ins across a real crash: the bot runs as a process and is killed with SIGKILL mid-round.

A round is opened for three focal points; the process is killed right after the first DM is printed. The
next process (start-up rebuilds the timer from the database) sends whatever was never claimed and nothing
twice; an answer saved just before another SIGKILL is still there after the restart.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.databases import SqliteTemplate
from tests.test_meeting_restart import Bot, seeded_bot_db

pytestmark = pytest.mark.slow  # runs and kills the bot as a real process


def _is_dm(obj: dict[str, Any]) -> bool:
    data = obj.get("data")
    return bool(obj.get("notification")) and isinstance(data, dict) and data.get("kind") == "checkin"


def _reply(words: str) -> Any:
    return lambda o: not o.get("notification") and words in o.get("text", "")


def _dms(bot: Bot) -> list[str]:
    return [str(o["notification"]) for o in bot.seen if _is_dm(o)]


def _drain(bot: Bot) -> None:
    while not bot.lines.empty():
        bot.seen.append(bot.lines.get())


def test_killed_mid_round_no_dm_twice_no_answer_lost(tmp_path: Path, sqlite_template: SqliteTemplate) -> None:
    seeded_bot_db(sqlite_template, tmp_path)
    first = Bot(tmp_path)
    try:
        for country, user in (("Japan", "aiko"), ("Ghana", "kofi"), ("Canada", "claire")):
            first.say(f"focal {country} add {user}")
            first.wait_for(_reply("focal point of"), timeout=60)
        start = (datetime.now(UTC) + timedelta(days=30)).date()  # no scheduled round before the test ends
        first.say(f"checkin new quarterly-update to=Japan,Ghana,Canada start={start}")
        first.wait_for(_reply("Check-in 1"), timeout=30)
        first.say("checkin open 1")
        first.wait_for(_is_dm, timeout=30)
    finally:
        first.kill()  # SIGKILL right after the first DM was printed
    _drain(first)

    second = Bot(tmp_path)
    try:
        second.say("checkin show 1")
        second.wait_for(_reply("Check-in 1: Quarterly update"), timeout=60)  # start-up ran before this
        second.say(":as aiko")
        second.say('checkin answer 1 1=1 2="cyber norms" 3="a joint statement" 4=3')
        second.wait_for(_reply("Saved your answers"), timeout=30)
    finally:
        second.kill()  # SIGKILL right after the answer was confirmed
    _drain(second)

    printed = _dms(first) + _dms(second)
    assert len(printed) == len(set(printed)), printed  # no DM twice
    with sqlite3.connect(tmp_path / "bot.db") as db:
        rows = dict(db.execute("SELECT user_key, sent FROM checkin_participants").fetchall())
        answers = db.execute(
            "SELECT answers FROM checkin_participants WHERE user_key = 'console:aiko'"
        ).fetchone()
    assert set(rows) == {"console:aiko", "console:kofi", "console:claire"}
    # each DM was claimed: sent, or "sending" when the kill came between printing and marking (never resent)
    assert set(rows.values()) <= {"sent", "sending"}
    assert {f"to {key.split(':')[1]}" for key, state in rows.items() if state == "sent"} <= set(printed)
    assert answers is not None and "cyber norms" in answers[0]  # the answer survived the kill

    third = Bot(tmp_path)
    try:
        third.say("checkin results 1")
        result = third.wait_for(_reply("round 1"), timeout=60)
    finally:
        third.kill()
    _drain(third)
    assert result["data"]["countries"]["Japan"]["answered"] is True
    assert _dms(third) == []
