"""The `focbot` command line on a real SQLite file: a real process for each command family (and where the
process is the subject: its exit, what it prints after a failure), `bot.cli.main` in this process for what a
command prints for given input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.databases import SqliteTemplate
from tests.support.processes import focbot_in_process

pytestmark = pytest.mark.slow  # some tests run focbot as a real process

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def seeded(sqlite_template: SqliteTemplate, tmp_path: Path) -> str:
    """A migrated and seeded SQLite file (a copy of the template), for commands not about migrating."""
    return sqlite_template.copy(tmp_path)


def focbot(tmp_path: Path, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))}
    environment |= {
        "FOCBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}",
        "PYTHONPATH": str(REPO),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
        check=False,
    )


def test_piped_console_prints_the_activity(tmp_path: Path, seeded: str) -> None:
    # in this process: `focbot console` runs as a real process in tests/test_meeting_restart.py and
    # tests/test_checkin_restart.py (killed and restarted)
    result = focbot_in_process(tmp_path, "console", stdin="activity 3B.3\n", database_url=seeded)
    assert result.returncode == 0, result.stderr
    assert "Conduct a survey of the Support Unit's operations" in result.stdout


def test_console_json_and_switching_user(tmp_path: Path, seeded: str) -> None:
    lines = (
        "activity 1A.2 status done\n:as mallory\nactivity 1A.2 status dropped\nactivity 1A.2\nactivty 1A.2\n"
    )
    result = focbot_in_process(tmp_path, "console", "--json", stdin=lines, database_url=seeded)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [set(o) >= {"text", "data"} for o in objects] == [True] * 5
    assert objects[0]["data"]["status"] == "done"
    assert objects[1]["data"] == {"as": "mallory"}
    assert objects[2]["status"] == "denied"
    assert objects[3]["data"]["status"] == "done"
    assert objects[4]["status"] == "usage"


def test_ask_json_lists_rapid_response_first(tmp_path: Path, seeded: str) -> None:
    result = focbot(tmp_path, "ask", "--json", "rapid response mechanism", FOCBOT_DATABASE_URL=seeded)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["kind"] == "activity" and hits[0]["id"] == "1B.3"
    assert {"kind", "id", "title", "score", "text"} <= set(hits[0])
    limited = json.loads(
        focbot_in_process(tmp_path, "ask", "--json", "--limit", "1", "troika", database_url=seeded).stdout
    )
    assert len(limited) == 1


def test_db_upgrade_is_idempotent(tmp_path: Path) -> None:
    for run in (focbot, focbot_in_process):  # a new file, then the same one again
        result = run(tmp_path, "db", "upgrade")
        assert result.returncode == 0, result.stderr
        assert "migrated and seeded" in result.stdout


def test_run_without_platforms_explains_and_opens_the_console(tmp_path: Path, seeded: str) -> None:
    result = focbot_in_process(tmp_path, "run", stdin="troika\n", database_url=seeded)
    assert result.returncode == 0, result.stderr
    assert "No chat platform is configured" in result.stderr
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert "Troika for" in result.stdout


@pytest.mark.parametrize(
    ("env", "message"),
    [({"FOCBOT_TIMEZONE": "Mars/Olympus"}, "unknown time zone")],
)
def test_bad_settings_are_reported_clearly(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = focbot_in_process(tmp_path, "console", stdin="help\n", **env)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_plain_questions_in_the_console(tmp_path: Path, seeded: str) -> None:
    # Issue 11's done-when, as a user types it.
    lines = "who chaired the FOC in 2022?\nwhich countries joined in 2024\nwhen is the next troika call\n"
    result = focbot_in_process(tmp_path, "console", stdin=lines, database_url=seeded)
    assert result.returncode == 0, result.stderr
    chair, joined, troika = result.stdout.split("\n\n")[:3]
    assert "Canada" in chair
    assert all(c in joined for c in ("Armenia", "Cabo Verde", "Colombia", "Slovenia"))
    assert "No troika call is scheduled" in troika


def test_json_console_shows_the_answer_kind_entities_and_records(tmp_path: Path, seeded: str) -> None:
    result = focbot_in_process(
        tmp_path, "console", "--json", stdin="which countries joined in 2024\n", database_url=seeded
    )
    [answer] = [json.loads(line) for line in result.stdout.splitlines()]
    assert answer["data"]["kind"] == "members"
    assert answer["data"]["entities"] == {"years": "2024"}
    assert sorted(r["id"] for r in answer["data"]["records"]) == [
        "Armenia",
        "Cabo Verde",
        "Colombia",
        "Slovenia",
    ]


@pytest.mark.parametrize("command", [["db", "upgrade"], ["run"]])
@pytest.mark.parametrize(
    "url",
    ["nonsense", "nosuchdriver://user:hunter2@db.example/focbot", "sqlite+aiosqlite:////no/such/folder/x.db"],
)
def test_a_bad_database_url_is_one_clear_line(tmp_path: Path, command: list[str], url: str) -> None:
    # one real process, where the database driver's thread starts and fails: what it could print after the
    # error, and the process's exit, are the point; the others run in this process (its threads waited for)
    run = focbot if url.startswith("sqlite") and command == ["db", "upgrade"] else focbot_in_process
    result = run(tmp_path, *command, FOCBOT_DATABASE_URL=url, FOCBOT_CONSOLE="0", FOCBOT_HTTP_PORT="0")

    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("focbot:")]
    assert len(errors) == 1 and "FOCBOT_DATABASE_URL" in errors[0], result.stderr
    if command == ["db", "upgrade"]:
        assert result.stderr.strip() == errors[0]  # nothing else; `run` says first that it runs headless
    assert "hunter2" not in result.stderr
