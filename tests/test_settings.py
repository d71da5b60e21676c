"""Each adapter owns its settings model (`SlackSettings`, `MatrixSettings`), read with the rest by
`bot.config.Settings` from the same variables as before they moved, in the environment or `.env`: no
deployment changes. The variables .env.example and README name are the ones the models read."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pydantic import AliasChoices, SecretStr
from pydantic_settings import BaseSettings

from bot.adapters.matrix.settings import MatrixSettings
from bot.adapters.slack.settings import SlackSettings
from bot.app import build_app
from bot.config import ADAPTERS, Settings
from storage.db import Database
from tests.support.databases import sqlite_url
from tests.support.dialogue import test_settings as app_settings

REPO = Path(__file__).resolve().parent.parent
# every adapter variable as deployments set it, its model and field, and a value
VARIABLES = [
    ("SLACK_BOT_TOKEN", "slack", "bot_token", "xoxb-1-2-abc"),
    ("SLACK_SIGNING_SECRET", "slack", "signing_secret", "8f14e45fceea167a"),
    ("SLACK_APP_TOKEN", "slack", "app_token", "xapp-1-A1-2-def"),
    ("SLACK_API_URL", "slack", "api_url", "http://127.0.0.1:9/api/"),
    ("MATRIX_HOMESERVER", "matrix", "homeserver", "https://matrix.example.org"),
    ("MATRIX_USER_ID", "matrix", "user_id", "@focbot:example.org"),
    ("MATRIX_PASSWORD", "matrix", "password", "correct horse"),
    ("MATRIX_ACCESS_TOKEN", "matrix", "access_token", "syt_abc_def"),
    ("MATRIX_DEVICE_ID", "matrix", "device_id", "ABCDEFGH"),
    ("MATRIX_STORE_PATH", "matrix", "store_path", "/data/matrix-store"),
    ("FOCBOT_MATRIX_ALLOW", "matrix", "allow", "example.org"),
    ("FOCBOT_MATRIX_PREFIX", "matrix", "prefix", "!bot"),
]


def _plain(value: object) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else str(value)


def _read(settings: Settings) -> dict[str, str]:
    return {name: _plain(getattr(getattr(settings, part), field)) for name, part, field, _ in VARIABLES}


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No focbot variable in the environment, and a working directory of our own (for `.env`)."""
    for name in [n for n in os.environ if n.startswith(("FOCBOT_", "SLACK_", "MATRIX_"))]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_adapters_read_the_same_environment_variables(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, _, _, value in VARIABLES:
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert _read(settings) == {name: value for name, _, _, value in VARIABLES}
    assert settings.slack.configured and settings.matrix.configured
    assert isinstance(settings.slack.bot_token, SecretStr) and isinstance(settings.matrix.password, SecretStr)


def test_the_adapters_read_the_same_dotenv_file_unless_told_not_to(clean: Path) -> None:
    (clean / ".env").write_text("".join(f"{name}={value}\n" for name, _, _, value in VARIABLES))
    assert _read(Settings()) == {name: value for name, _, _, value in VARIABLES}
    unread = Settings(_env_file=None)  # type: ignore[call-arg]
    assert unread.slack == SlackSettings(_env_file=None) and not unread.slack.configured  # type: ignore[call-arg]
    assert unread.matrix.prefix == "!foc" and not unread.matrix.configured


def test_a_model_or_its_fields_given_in_code_win_over_the_environment(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATRIX_USER_ID", "@from-env:example.org")
    monkeypatch.setenv("FOCBOT_MATRIX_PREFIX", "!env")
    given = Settings(matrix={"prefix": "!code"})
    assert (given.matrix.user_id, given.matrix.prefix) == ("@from-env:example.org", "!code")
    ready = MatrixSettings(prefix="!ready")
    assert Settings(matrix=ready).matrix is ready


def _variables(model: type[BaseSettings]) -> set[str]:
    """The variables ``model`` reads (its adapters' too)."""
    prefix = str(model.model_config.get("env_prefix", ""))
    found: set[str] = set()
    for name, field in model.model_fields.items():
        if model is Settings and name in ADAPTERS:
            found |= _variables(ADAPTERS[name])
        elif isinstance(field.validation_alias, AliasChoices):
            found |= {str(choice).upper() for choice in field.validation_alias.choices}
        else:
            found.add(f"{prefix}{name}".upper())
    return found


def test_env_example_and_the_readme_name_the_variables_the_settings_read() -> None:
    read = _variables(Settings)
    assert {name for name, *_ in VARIABLES} <= read
    example = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text(), re.MULTILINE))
    assert example - read == {"POSTGRES_PASSWORD"}  # docker-compose's, not the bot's
    readme = (REPO / "README.md").read_text()
    assert [name for name, *_ in VARIABLES if name not in readme] == []


def test_repr_and_settings_secrets_show_no_adapter_secret(
    clean: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.redact import settings_secrets

    for name, _, _, value in VARIABLES:
        monkeypatch.setenv(name, value)
    settings = Settings()
    secrets = {"xoxb-1-2-abc", "8f14e45fceea167a", "xapp-1-A1-2-def", "correct horse", "syt_abc_def"}
    assert set(settings_secrets(settings)) == secrets
    assert all(secret not in repr(settings) for secret in secrets)


async def test_an_app_takes_a_database_handle_only_on_its_own_url(tmp_path: Path) -> None:
    """`build_app(db=...)` (tests share engines, `DatabaseShelf`): a handle on another database is refused."""
    settings = app_settings(sqlite_url(tmp_path / "a.db"))
    other, same = Database.connect(sqlite_url(tmp_path / "b.db")), Database.connect(settings.database_url)
    try:
        with pytest.raises(ValueError, match=r"not on settings\.database_url"):
            build_app(settings, db=other)
        assert build_app(settings, db=same).db is same
    finally:
        await other.dispose()
        await same.dispose()
