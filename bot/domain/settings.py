"""Settings read from the environment and `.env` (every one is listed in `.env.example`)."""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

EITAAYAR = "https://eitaayar.ir/api"
TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{6,}$")


class Messenger(StrEnum):
    TELEGRAM = "telegram"
    BALE = "bale"
    SOROUSH = "soroush"


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it in one line."""


class Settings(BaseSettings):
    """Everything an operator configures, validated once at start-up."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    bot_token: SecretStr | None = Field(default=None, alias="BOT_TOKEN")
    messenger: Messenger = Field(default=Messenger.TELEGRAM, alias="MESSENGER")
    bot_api_base_url: str | None = Field(default=None, alias="BOT_API_BASE_URL")
    bot_api_file_url: str | None = Field(default=None, alias="BOT_API_FILE_URL")
    webhook_url: str | None = Field(default=None, alias="WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="WEBHOOK_SECRET")
    webhook_listen: str = Field(default="127.0.0.1", alias="WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, ge=1, le=65535, alias="WEBHOOK_PORT")
    database_url: str = Field(default="sqlite:///data/farakhan.db", alias="DATABASE_URL")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(default=frozenset(), alias="ADMIN_IDS")
    admin_chat_id: int | None = Field(default=None, alias="ADMIN_CHAT_ID")
    announce_chat_ids: Annotated[tuple[int | str, ...], NoDecode] = Field(
        default=(), alias="ANNOUNCE_CHAT_IDS"
    )
    # Eitaa channels, posted to through Eitaayar (bot/sending/eitaa.py): announcements only.
    eitaa_token: SecretStr | None = Field(default=None, alias="EITAA_TOKEN")
    eitaa_channels: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), alias="EITAA_CHANNELS"
    )
    eitaa_pin: bool = Field(default=False, alias="EITAA_PIN")
    eitaa_api_base_url: str = Field(default=EITAAYAR, alias="EITAA_API_BASE_URL")
    eitaa_timeout: float = Field(default=15.0, gt=0, le=120, alias="EITAA_TIMEOUT")
    # Where people register, on every messenger the organisation runs the bot on.
    registration_links: Annotated[tuple[tuple[str, str], ...], NoDecode] = Field(
        default=(), alias="REGISTRATION_LINKS"
    )
    send_rate_ceiling: float | None = Field(default=None, gt=0, le=1000, alias="SEND_RATE_CEILING")
    # The name before the send budget: still read, as the ceiling (start-up logs a rename).
    broadcast_rate: float | None = Field(default=None, gt=0, le=1000, alias="BROADCAST_RATE")
    quiet_hours: str = Field(default="23:00-08:00", alias="QUIET_HOURS")
    retention_days: int = Field(default=180, ge=1, le=3650, alias="RETENTION_DAYS")
    directory_retention_days: int = Field(
        default=730, ge=8, le=3650, alias="DIRECTORY_RETENTION_DAYS"
    )
    timezone: str = Field(default="Asia/Tehran", alias="TIMEZONE")
    default_language: str = Field(default="fa", alias="DEFAULT_LANGUAGE")
    log_level: str = Field(default="INFO", alias="LOG_LEVEL")

    @field_validator("bot_token", mode="before")
    @classmethod
    def _token_shape(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not TOKEN_PATTERN.match(value.strip()):
            # The message must never contain the value itself: it is a secret.
            raise ValueError("expected the form 123456789:ABC… given by BotFather")
        return value.strip()

    @field_validator("bot_api_base_url", "bot_api_file_url", "webhook_url", "eitaa_api_base_url")
    @classmethod
    def _url(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value in (None, ""):
            # An empty EITAA_API_BASE_URL (as .env.example may leave it) means Eitaayar's own.
            return EITAAYAR if info.field_name == "eitaa_api_base_url" else None
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("expected an http(s) URL such as https://bot.example.org/path")
        return value.rstrip("/")

    @field_validator("webhook_secret", mode="before")
    @classmethod
    def _webhook_secret(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value):
            # Telegram allows only these characters in secret_token; never echo the value.
            raise ValueError("expected 16-256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        sqlite = value.startswith("sqlite:///") and value != "sqlite:///"
        scheme, _, rest = value.partition("://")
        postgresql = scheme in ("postgresql", "postgres") and rest.strip("/") != ""
        if not (sqlite or postgresql):
            raise ValueError(
                "expected sqlite:///relative/path.db, sqlite:////absolute/path.db or"
                " postgresql://user:password@host:port/database"
            )
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"-?\d+", part) for part in parts):
                raise ValueError("expected comma-separated numeric user ids, e.g. 1234,5678")
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("admin_chat_id", mode="before")
    @classmethod
    def _admin_chat(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if isinstance(value, str) and not re.fullmatch(r"-?\d+", value.strip()):
            raise ValueError("expected a numeric chat id, e.g. -1001234567890")
        return value

    @field_validator("announce_chat_ids", mode="before")
    @classmethod
    def _announce_chats(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"-?\d+|@[A-Za-z][A-Za-z0-9_]{3,}", p) for p in parts):
                raise ValueError("expected comma-separated chat ids or @channel names")
            return tuple(int(p) if not p.startswith("@") else p for p in parts)
        return value

    @field_validator("eitaa_token", mode="before")
    @classmethod
    def _eitaa_token(cls, value: object) -> object:
        if value in (None, ""):
            return None
        if not isinstance(value, str) or not re.fullmatch(
            r"[A-Za-z0-9:_.-]{8,200}", value.strip()
        ):
            raise ValueError(
                "expected the token Eitaayar's panel gives (letters, digits, : _ . -)"
            )
        return value.strip()

    @field_validator("eitaa_channels", mode="before")
    @classmethod
    def _eitaa_channels(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"-?\d+|@[A-Za-z][A-Za-z0-9_]{2,}", p) for p in parts):
                raise ValueError("expected comma-separated channel ids or @names")
            return tuple(parts)
        return value

    @field_validator("registration_links", mode="before")
    @classmethod
    def _registration_links(cls, value: object) -> object:
        if isinstance(value, str):
            links = []
            for part in filter(None, (p.strip() for p in value.split(","))):
                name, _, url = part.partition("=")
                if not re.fullmatch(r"[a-z][a-z0-9_-]{0,23}", name.strip()) or not re.fullmatch(
                    r"https?://[^\s?#]+", url.strip()
                ):
                    raise ValueError(
                        "expected name=link pairs, e.g. telegram=https://t.me/farakhan_bot,"
                        "bale=https://ble.ir/farakhan_bot"
                    )
                links.append((name.strip(), url.strip().rstrip("/")))
            return tuple(links)
        return value

    @model_validator(mode="after")
    def _eitaa_needs_token(self) -> Self:
        if self.eitaa_channels and self.eitaa_token is None:
            raise ValueError("EITAA_CHANNELS is set but EITAA_TOKEN is missing")
        return self

    @field_validator("quiet_hours")
    @classmethod
    def _quiet_hours(cls, value: str) -> str:
        value = value.strip().lower()
        if value in ("", "off", "none"):
            return ""
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("expected a window like 23:00-08:00 (or off)")
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("expected an IANA time zone such as Asia/Tehran") from None
        return value

    @field_validator("default_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if value not in ("fa", "en"):
            raise ValueError("expected fa or en")
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ValueError("expected DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quiet_window(self) -> tuple[time, time] | None:
        """QUIET_HOURS as (start, end) local times; None when reminders may go at any hour."""
        if not self.quiet_hours:
            return None
        start, end = (time.fromisoformat(part) for part in self.quiet_hours.split("-"))
        return (start, end) if start != end else None

    @property
    def is_postgresql(self) -> bool:
        return not self.database_url.startswith("sqlite:///")

    @property
    def database_path(self) -> Path:
        """The SQLite file (only meaningful when not `is_postgresql`)."""
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def database(self) -> Path | str:
        """Where the database is, as storage opens it: SQLite's file, or PostgreSQL's URL."""
        return self.database_url if self.is_postgresql else self.database_path

    @property
    def database_name(self) -> str:
        """The database, named for a log line or a message: its password never shown."""
        if not self.is_postgresql:
            return str(self.database_path)
        return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", self.database_url)

    @property
    def eitaa(self) -> bool:
        """Whether announcements go to Eitaa channels too."""
        return bool(self.eitaa_channels) and self.eitaa_token is not None

    def token(self) -> str:
        """Returns the bot token, or raises SettingsError naming BOT_TOKEN when it is missing."""
        if self.bot_token is None:
            raise SettingsError("BOT_TOKEN is missing: set it in the environment or in .env")
        return self.bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Reads the settings, turning a validation error into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]  # pydantic validates them
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "settings"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"Setting {name} is invalid: {reason}") from None
