"""The one settings class. Only it reads the environment (and `.env`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_PLACEHOLDERS = ("changeme", "change-me", "your-", "xxx", "placeholder", "replace-me", "todo")


class Settings(BaseSettings):
    """Everything mentorbot can be told at start-up; see .env.example."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "production"] = "development"
    log_level: str = "WARNING"
    database_url: str = "sqlite+aiosqlite:///./mentorbot.db"
    content_dirs: Annotated[list[Path], NoDecode] = []
    admin_ids: Annotated[list[str], NoDecode] = []
    default_timezone: str = "UTC"
    output_dir: Path = Path("out")
    scheduler_tick_seconds: float = Field(default=60, gt=0, le=3600)
    scheduler_dispatch_seconds: float = Field(default=5, gt=0, le=3600)
    nudge_lease_seconds: float = Field(default=120, ge=10, le=3600)

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    discord_token: SecretStr | None = None
    # Slack OAuth (many workspaces): set both and /slack/install serves "Add to Slack".
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    slack_redirect_url: str | None = None  # the public /slack/oauth_redirect, if not the default
    # Discord: how many shards to run; unset asks Discord for its recommendation.
    discord_shards: int | None = Field(default=None, ge=1)

    @field_validator("content_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: object) -> object:
        if isinstance(value, str):
            parts = value.replace(os.pathsep, ",").split(",")
            return [Path(p.strip()) for p in parts if p.strip()]
        return value

    @field_validator("discord_shards", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [p.strip() for p in value.split(",") if p.strip()]
        return value

    @model_validator(mode="after")
    def _no_placeholder_secrets(self) -> Settings:
        if self.environment != "production":
            return self
        for name in (
            "slack_bot_token",
            "slack_signing_secret",
            "slack_app_token",
            "slack_client_secret",
            "discord_token",
        ):
            secret: SecretStr | None = getattr(self, name)
            if secret is not None and _looks_placeholder(secret.get_secret_value()):
                raise ValueError(
                    f"{name.upper()} looks like a placeholder; set the real value in the "
                    "environment or .env before running in production"
                )
        return self

    @property
    def slack_enabled(self) -> bool:
        """Whether Slack is configured: one bot token, or OAuth to many workspaces."""
        single = self.slack_bot_token is not None and bool(self.slack_bot_token.get_secret_value())
        return single or self.slack_oauth_enabled

    @property
    def slack_oauth_enabled(self) -> bool:
        """Whether SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set (OAuth install mode)."""
        secret = self.slack_client_secret
        return bool(self.slack_client_id) and secret is not None and bool(secret.get_secret_value())

    @property
    def discord_enabled(self) -> bool:
        """Whether a Discord bot token is configured."""
        return self.discord_token is not None and bool(self.discord_token.get_secret_value())


def _looks_placeholder(value: str) -> bool:
    lowered = value.strip().lower()
    return len(lowered) < 8 or any(p in lowered for p in _PLACEHOLDERS)
