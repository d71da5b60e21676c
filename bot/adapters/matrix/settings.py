"""The Matrix adapter's settings, read from the same variables as always (MATRIX_HOMESERVER, MATRIX_USER_ID,
MATRIX_PASSWORD, MATRIX_ACCESS_TOKEN, MATRIX_DEVICE_ID, MATRIX_STORE_PATH, FOCBOT_MATRIX_ALLOW,
FOCBOT_MATRIX_PREFIX; the environment or `.env`). `bot.config.Settings` reads it as ``matrix``."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from bot.adapters.settings import env, settings_config


class MatrixSettings(BaseSettings):
    """Secrets are `SecretStr`: they never print in logs or reprs."""

    model_config = settings_config("FOCBOT_MATRIX_", frozen=True)

    homeserver: str | None = Field(default=None, validation_alias=env("MATRIX_HOMESERVER"))
    user_id: str | None = Field(default=None, validation_alias=env("MATRIX_USER_ID"))
    password: SecretStr | None = Field(default=None, validation_alias=env("MATRIX_PASSWORD"))
    access_token: SecretStr | None = Field(default=None, validation_alias=env("MATRIX_ACCESS_TOKEN"))
    device_id: str | None = Field(default=None, validation_alias=env("MATRIX_DEVICE_ID"))
    store_path: Path = Field(default=Path("matrix-store"), validation_alias=env("MATRIX_STORE_PATH"))
    allow: str | None = Field(default=None, description="Servers or users whose invites the bot accepts.")
    prefix: str = Field(default="!foc", description="The command prefix in rooms.")

    @property
    def configured(self) -> bool:
        """A homeserver and a user, and a password or an access token."""
        return bool(self.homeserver and self.user_id) and (
            self.password is not None or self.access_token is not None
        )
