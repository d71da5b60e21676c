"""The Slack adapter's settings, read from the same variables as always (SLACK_BOT_TOKEN,
SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL; the environment or `.env`). `bot.config.Settings`
reads it as ``slack``."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from bot.adapters.settings import env, settings_config


class SlackSettings(BaseSettings):
    """Secrets are `SecretStr`: they never print in logs or reprs."""

    model_config = settings_config("FOCBOT_SLACK_", frozen=True)

    bot_token: SecretStr | None = Field(default=None, validation_alias=env("SLACK_BOT_TOKEN"))
    signing_secret: SecretStr | None = Field(default=None, validation_alias=env("SLACK_SIGNING_SECRET"))
    app_token: SecretStr | None = Field(
        default=None,
        validation_alias=env("SLACK_APP_TOKEN"),
        description="Set: Socket Mode; unset: HTTP mode.",
    )
    api_url: str | None = Field(
        default=None, validation_alias=env("SLACK_API_URL"), description="The Web API's base (tests)."
    )

    @property
    def configured(self) -> bool:
        """A bot token, and an app token (Socket Mode) or a signing secret (HTTP mode)."""
        return self.bot_token is not None and (self.app_token is not None or self.signing_secret is not None)
