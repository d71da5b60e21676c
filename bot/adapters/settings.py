"""Where every settings model reads from: the environment and the `.env` file (`bot.config.Settings` and
each adapter's own model, such as `bot.adapters.slack.settings.SlackSettings`)."""

from __future__ import annotations

from pydantic import AliasChoices
from pydantic_settings import SettingsConfigDict

ENV_FILE = ".env"


def settings_config(env_prefix: str, *, frozen: bool = False) -> SettingsConfigDict:
    """The same sources for every model: variables named ``env_prefix`` + field (unless a field names its
    own), then ``.env``; unknown variables ignored; fields may be given by name in code and tests."""
    return SettingsConfigDict(
        env_prefix=env_prefix,
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        frozen=frozen,
    )


def env(*names: str) -> AliasChoices:
    """A field read from exactly these variables (no prefix), as SLACK_BOT_TOKEN."""
    return AliasChoices(*names)
