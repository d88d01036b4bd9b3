"""The one settings class. Only it reads the environment (and `.env`)."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

_PLACEHOLDERS = ("changeme", "change-me", "your-", "xxx", "placeholder", "replace-me", "todo")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# What a good value looks like, for the one-line error a bad setting gets.
EXAMPLES = {
    "DATABASE_URL": "postgresql+asyncpg://mentorbot:secret@db:5432/mentorbot "
    "or sqlite+aiosqlite:///./mentorbot.db",
    "LOG_LEVEL": "INFO",
    "LOG_FORMAT": "json",
    "DEFAULT_TIMEZONE": "Europe/Berlin",
    "ADMIN_IDS": "slack:T012AB3C4:U0G9QF9C6,discord:81384788765712384:80351110224678912",
    "SLACK_BOT_TOKEN": "xoxb-1234-5678-AbCdEf",
    "SLACK_APP_TOKEN": "xapp-1-A0123-4567-abcdef",
    "ENVIRONMENT": "production",
    "PORT": "3000",
    "METRICS_PORT": "9100",
    "SHUTDOWN_GRACE_SECONDS": "8",
    "SCHEDULER_TICK_SECONDS": "60",
    "SCHEDULER_DISPATCH_SECONDS": "5",
    "NUDGE_LEASE_SECONDS": "120",
    "SCHEDULER_WORKER_SLOT": "2/3 (the second of three scheduler workers)",
    "LLM_BASE_URL": "http://localhost:11434/v1 (Ollama) or https://api.openai.com/v1",
    "LLM_MODEL": "llama3.1:8b",
    "LLM_TIMEOUT_SECONDS": "20",
    "LLM_ASKS_PER_DAY": "20",
}
_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
_ASYNC_DRIVERS = {"sqlite+aiosqlite", "postgresql+asyncpg", "postgresql+psycopg"}
_ADMIN_ID = re.compile(r"^(slack|discord|console):[^:\s]+:[^:\s]+$")


class Settings(BaseSettings):
    """Everything mentorbot can be told at start-up; see .env.example."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    environment: Literal["development", "production"] = "development"
    log_level: str | None = None  # INFO for servers, WARNING for one-shot commands
    log_format: Literal["text", "json"] = "text"
    database_url: str = "sqlite+aiosqlite:///./mentorbot.db"
    content_dirs: Annotated[list[Path], NoDecode] = []
    admin_ids: Annotated[list[str], NoDecode] = []
    default_timezone: str = "UTC"
    output_dir: Path = Path("out")
    scheduler_tick_seconds: float = Field(default=60, gt=0, le=3600)
    scheduler_dispatch_seconds: float = Field(default=5, gt=0, le=3600)
    nudge_lease_seconds: float = Field(default=120, ge=10, le=3600)
    # "i/n": this is scheduler worker i of n sharing each platform's rate (scale-out on
    # PostgreSQL); each takes every n-th send slot, so together they stay under the limit.
    scheduler_worker_slot: str = "1/1"
    allow_team_leave: bool = True

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

    # The mentor's model (issue 24): any OpenAI-compatible /chat/completions; unset = none.
    llm_base_url: str | None = None
    llm_model: str = "llama3.1:8b"
    llm_api_key: SecretStr | None = None
    llm_timeout_seconds: float = Field(default=20, gt=0, le=600)
    llm_asks_per_day: int = Field(default=20, ge=0, le=10000)

    # The web dashboard (issue 23): sessions are signed with WEB_SECRET (a random one per
    # process when unset: signing in again after each restart); PUBLIC_URL is where people
    # reach it, and https there marks the cookie Secure.
    web_secret: SecretStr | None = None
    web_session_hours: float = Field(default=12, gt=0, le=24 * 30)
    public_url: str | None = None
    slack_openid_url: str = "https://slack.com/openid/connect/authorize"
    discord_client_id: str | None = None
    discord_client_secret: SecretStr | None = None
    discord_api_url: str = "https://discord.com/api"
    discord_authorize_url: str = "https://discord.com/oauth2/authorize"

    port: int | None = None
    metrics_port: int | None = None
    shutdown_grace_seconds: float = 8.0

    @field_validator("log_level", mode="before")
    @classmethod
    def _known_level(cls, value: object) -> object:
        if isinstance(value, str):
            if value.strip().upper() not in LOG_LEVELS:
                raise ValueError(f"is not one of {', '.join(LOG_LEVELS)}")
            return value.strip().upper()
        return value

    @field_validator("database_url", mode="before")
    @classmethod
    def _async_url(cls, value: object) -> object:
        if isinstance(value, str):
            return async_database_url(value)
        return value

    @field_validator("scheduler_worker_slot")
    @classmethod
    def _slot(cls, value: str) -> str:
        found = re.fullmatch(r"\s*(\d{1,3})\s*/\s*(\d{1,3})\s*", value)
        if found is None or not 1 <= int(found[1]) <= int(found[2]):
            raise ValueError("is not i/n with 1 <= i <= n")
        return f"{int(found[1])}/{int(found[2])}"

    @property
    def send_slot(self) -> tuple[int, int]:
        """This worker's send slot (from 0) and how many workers share the rate."""
        i, n = self.scheduler_worker_slot.split("/")
        return int(i) - 1, int(n)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not an IANA timezone name") from None
        return value

    @field_validator("slack_bot_token", "slack_app_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object, info: object) -> object:
        name = getattr(info, "field_name", "")
        prefix = "xoxb-" if name == "slack_bot_token" else "xapp-"
        if isinstance(value, str) and value.strip() and not value.strip().startswith(prefix):
            raise ValueError(f"does not start with {prefix}")
        return value.strip() if isinstance(value, str) else value

    @field_validator("content_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: object) -> object:
        if isinstance(value, str):
            parts = value.replace(os.pathsep, ",").split(",")
            return [Path(p.strip()) for p in parts if p.strip()]
        return value

    @field_validator("llm_base_url", mode="before")
    @classmethod
    def _llm_url(cls, value: object) -> object:
        if isinstance(value, str):
            url = value.strip().rstrip("/")
            scheme, sep, rest = url.partition("://")
            if scheme not in ("http", "https") or not sep or not rest.split("/")[0]:
                raise ValueError("is not an http(s) URL")
            return url
        return value

    @field_validator("discord_shards", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            ids = [p.strip() for p in value.split(",") if p.strip()]
            bad = [i for i in ids if not _ADMIN_ID.match(i)]
            if bad:
                raise ValueError(f"has {bad[0]!r}, which is not platform:workspace:user")
            return ids
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
            "discord_client_secret",
            "web_secret",
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
        return self._single_workspace or self.slack_oauth_enabled

    @property
    def slack_oauth_enabled(self) -> bool:
        """Whether Slack installs through OAuth to many workspaces: SLACK_CLIENT_ID and
        SLACK_CLIENT_SECRET set, and no SLACK_BOT_TOKEN. With a bot token the bot serves its
        one workspace, and the client pair only signs people in to the dashboard."""
        return self.slack_signin_enabled and not self._single_workspace

    @property
    def slack_signin_enabled(self) -> bool:
        """Whether SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are set (Sign in with Slack)."""
        secret = self.slack_client_secret
        return bool(self.slack_client_id) and secret is not None and bool(secret.get_secret_value())

    @property
    def _single_workspace(self) -> bool:
        return self.slack_bot_token is not None and bool(self.slack_bot_token.get_secret_value())

    @property
    def discord_enabled(self) -> bool:
        """Whether a Discord bot token is configured."""
        return self.discord_token is not None and bool(self.discord_token.get_secret_value())


def _looks_placeholder(value: str) -> bool:
    lowered = value.strip().lower()
    return len(lowered) < 8 or any(p in lowered for p in _PLACEHOLDERS)


def async_database_url(url: str) -> str:
    """`url` with an async driver (postgres:// and sqlite:// get ours); ValueError if unusable."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep or not scheme or not rest:
        raise ValueError("is not a database URL")
    if scheme in ("postgres", "postgresql"):
        scheme = _DRIVERS["postgresql"]
    elif scheme == "sqlite":
        scheme = _DRIVERS["sqlite"]
    if scheme not in _ASYNC_DRIVERS:
        raise ValueError("is not supported: use PostgreSQL (asyncpg) or SQLite (aiosqlite)")
    return f"{scheme}://{rest}"


def masked(name: str, value: object) -> str:
    """A setting's value as it may be shown: secrets and URL passwords hidden."""
    text = str(value)
    if name.endswith(("_TOKEN", "_SECRET", "_KEY")):
        return f"{text[:5]}…" if len(text) > 5 else "…"
    if name == "DATABASE_URL":
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", text)
    return text
