"""Exactly-once reminders across a real crash: the bot runs as a process and is killed with SIGKILL.

The meeting is set up so that one reminder (2 minutes before) is already overdue when it is created
(sent at once, since the call has not begun) and the other (1 minute before) falls due 5 to 65 seconds
later. The second process starts with its clock that much further on (as if the bot had been down longer;
`tests.support.shifted_console`), so the reminder falls due about when it is up, and it sends it
from a timer rebuilt out of the database, without the test waiting for a real minute boundary.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.databases import SqliteTemplate
from tests.support.shifted_console import AHEAD_ENV

pytestmark = pytest.mark.slow  # runs and kills the bot as a real process

REPO = Path(__file__).resolve().parent.parent
STARTUP_S = 3.0  # how long before the 1-minute reminder falls due the second process is started (about
# its start-up: due before it is up, the timer armed from the database fires at once, the same path)


def seeded_bot_db(template: SqliteTemplate, tmp_path: Path) -> None:
    """The bots' database (``bot.db``), migrated and seeded: a copy of the template, not migrated again."""
    shutil.copyfile(template.path, tmp_path / "bot.db")


class Bot:
    """``python -m bot console --json`` with stdin kept open; stdout read line by line in a thread."""

    def __init__(self, tmp_path: Path, ahead: timedelta | None = None) -> None:
        """`python -m bot console --json`; with ``ahead``, the same console on a clock that much ahead."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
        env |= {"FOCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": str(REPO)}
        command = ["bot", "console", "--json"]
        if ahead is not None:
            env[AHEAD_ENV] = str(ahead.total_seconds())
            command = ["tests.support.shifted_console"]
        self.ahead = ahead or timedelta()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *command],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=tmp_path,
            env=env,
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def say(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def wait_for(self, wanted: Any, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"timed out; seen: {self.seen}"
            try:
                obj = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(obj)
            if wanted(obj):
                return obj

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def reminders(self) -> list[int]:
        return [o["data"]["offset_minutes"] for o in self.seen if _is_reminder(o)]


def _is_reminder(obj: dict[str, Any]) -> bool:
    data = obj.get("data")
    return bool(obj.get("notification")) and isinstance(data, dict) and data.get("kind") == "meeting_reminder"


def _reply_to(title: str) -> Any:
    return lambda o: not o.get("notification") and title in o.get("text", "")


def test_killed_process_never_sends_a_reminder_twice(tmp_path: Path, sqlite_template: SqliteTemplate) -> None:
    seeded_bot_db(sqlite_template, tmp_path)
    first = Bot(tmp_path)
    try:
        first.say("troika")
        first.wait_for(_reply_to("Troika"), timeout=60)  # up
        now = datetime.now(UTC)
        # the call at a minute boundary 65-125 s ahead: its 1-minute reminder is due in 5-65 s
        start = (now + timedelta(seconds=65)).replace(second=0, microsecond=0) + timedelta(minutes=1)
        first.say(
            f'meeting new "Crash test" rrule="FREQ=DAILY;COUNT=1" start={start:%Y-%m-%d} at={start:%H:%M} '
            "tz=UTC participants=Estonia reminders=2m,1m"
        )
        first.wait_for(_is_reminder, timeout=30)  # the overdue 2-minute reminder, sent at once
    finally:
        first.kill()  # SIGKILL right after it was printed: no shutdown hooks, no clean exit
    assert first.reminders() == [2]

    # the bot stays down until the 1-minute reminder is STARTUP_S away (the clock jumps over the wait)
    due = start - timedelta(minutes=1)
    ahead = max(timedelta(), due - timedelta(seconds=STARTUP_S) - datetime.now(UTC))
    second = Bot(tmp_path, ahead)
    try:
        second.wait_for(_is_reminder, timeout=(due - datetime.now(UTC) - ahead).total_seconds() + 30)
    finally:
        second.kill()
    assert second.reminders() == [1]  # the 1-minute one, from the rebuilt timer; the 2-minute one not again

    third = Bot(tmp_path, ahead)  # time does not go back
    try:
        third.say("meeting list")
        third.wait_for(_reply_to("meeting series"), timeout=60)  # start-up hooks ran before this reply
        assert third.proc.stdin is not None
        third.proc.stdin.close()
        third.proc.wait(timeout=30)
        for obj in iter(lambda: third.lines.get(timeout=1) if not third.lines.empty() else None, None):
            third.seen.append(obj)
    finally:
        if third.proc.poll() is None:
            third.kill()
    assert third.reminders() == []

    with sqlite3.connect(tmp_path / "bot.db") as db:
        found = db.execute(
            "SELECT payload, state FROM due_work "
            "WHERE kind LIKE 'meeting_%' AND state NOT IN ('pending', 'dropped')"
        ).fetchall()
    rows = sorted(
        (p["kind"], p["offset"], p["place"], state) for p, state in ((json.loads(p), s) for p, s in found)
    )
    assert [(kind, offset, place) for kind, offset, place, _ in rows] == [
        ("reminder", 1, "console:console"),
        ("reminder", 2, "console:console"),
    ]
    # killed right after printing, a row may still say "sending" (then "unknown" at the next start): it is
    # never sent again either way
    assert {status for *_, status in rows} <= {"sent", "sending", "unknown"}
