"""All settings, read once from the environment (and `.env`) and passed in from there: the core's and the
HTTP server's here, each adapter's in its own model (``slack``, ``matrix``), read here with the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings

from bot.adapters.matrix.settings import MatrixSettings
from bot.adapters.settings import settings_config
from bot.adapters.slack.settings import SlackSettings
from handlers.context import CoreSettings
from schedules.zones import zone

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///focbot.db"
ADAPTERS: dict[str, type[BaseSettings]] = {"slack": SlackSettings, "matrix": MatrixSettings}


class Settings(BaseSettings):
    """focbot's configuration. Secrets are `SecretStr`: they never print in logs or reprs."""

    model_config = settings_config("FOCBOT_")

    database_url: str = Field(default=DEFAULT_DATABASE_URL, repr=False)  # may hold a password
    admins: str = "console:admin"
    timezone: str = "UTC"
    log_level: str = "INFO"
    log_bodies: bool = Field(
        default=False,
        description="Let third-party loggers (slack_sdk, Bolt, nio, aiohttp) write message bodies and user "
        "ids; for debugging an integration only (bot/logging_setup.py).",
    )
    secret_key: SecretStr | None = Field(default=None, description="Keys the anonymous-survey hashes.")
    min_group_size: int = 3
    reminders_per_user: int = Field(default=100, ge=1, description="Active reminders one user may have set.")
    reminders_per_minute: int = Field(default=20, ge=1, description="Reminders one user may set in a minute.")
    console_files_dir: Path = Path("focbot-files")

    http_host: str = "127.0.0.1"
    http_port: int = 3000
    public_url: str | None = Field(
        default=None,
        description="The base of web links (calendar feeds, dashboard); default http://HTTP_HOST:HTTP_PORT.",
    )
    console: bool = Field(
        default=True, description="`focbot run` with no platform opens the console; false: headless HTTP."
    )
    leader_retry_seconds: float = Field(default=1.0, gt=0, description="Standbys retry the leader lock.")
    timer_resync_seconds: float = Field(
        default=30.0, ge=0, description="The leader re-reads due timers from the database (replicas only)."
    )
    due_lease_seconds: float = Field(
        default=120.0, gt=0, description="A due-work claim whose process died is taken again after this."
    )

    slack: SlackSettings
    matrix: MatrixSettings

    def __init__(self, **values: Any) -> None:
        """Each adapter's model (`ADAPTERS`) is read from the same sources (the environment, and the same
        ``_env_file`` when one is given); a model given ready, or a dict of its fields, is kept."""
        sources = {key: values[key] for key in ("_env_file",) if key in values}
        for name, model in ADAPTERS.items():
            given = values.get(name)
            if not isinstance(given, model):
                values[name] = model(**sources, **(given or {}))
        super().__init__(**values)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        """An IANA zone (`schedules.zones.zone`: folders such as ``Europe`` and junk are refused)."""
        return zone(value).key

    @property
    def admin_keys(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.admins.split(",") if part.strip())

    @property
    def public_base(self) -> str:
        """FOCBOT_PUBLIC_URL without a trailing slash, else the HTTP server's own address."""
        return (self.public_url or f"http://{self.http_host}:{self.http_port}").rstrip("/")

    def core(self) -> CoreSettings:
        return CoreSettings(
            admins=self.admin_keys,
            timezone=self.timezone,
            anonymity_key=self.secret_key.get_secret_value().encode() if self.secret_key else b"",
            min_group_size=self.min_group_size,
            public_url=self.public_base,
            reminders_per_user=self.reminders_per_user,
            reminders_per_minute=self.reminders_per_minute,
        )
