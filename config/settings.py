"""Typed settings, loaded once from the environment and an optional .env file."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

DEFAULT_API_ROOT = "https://api.telegram.org"
TOKEN_PATTERN = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "sqlite+aiosqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
    "postgresql+asyncpg": "postgresql+asyncpg",
}


class ConfigError(Exception):
    """A setting is missing or wrong; the message says what to fix in one sentence."""


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    url: str
    secret: str
    listen: str
    port: int


@dataclass(frozen=True, slots=True)
class Settings:
    bot_token: str
    api_root: str
    database_url: str
    data_dir: Path
    journal_keys: tuple[str, ...]
    key_dir: Path
    admin_chat_ids: frozenset[int]
    delivery_tick_seconds: int
    max_messages_per_second: int
    catch_up_hours: int
    default_timezone: str
    default_send_time: time
    webhook: WebhookSettings | None
    log_level: str
    journal_retention_days: int | None = None
    backup_retention_days: int | None = None
    paid_broadcast: bool = False
    log_format: str = "plain"
    metrics_port: int | None = None

    @property
    def api_base_url(self) -> str:
        """Return the Bot API method URL prefix, with a {token} placeholder."""
        return f"{self.api_root}/bot{{token}}"

    @property
    def api_file_url(self) -> str:
        """Return the Bot API file URL prefix, with a {token} placeholder."""
        return f"{self.api_root}/file/bot{{token}}"


def read_env_file(path: Path) -> dict[str, str]:
    """Read KEY=VALUE lines from a .env file; blank lines and # comments are ignored."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.removeprefix("export ").partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not re.fullmatch(r"[A-Z_][A-Z0-9_]*", key):
            raise ConfigError(f"{path} line {number} is not KEY=value: fix or remove that line.")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
    *,
    require_token: bool = True,
) -> Settings:
    """Build Settings from an optional .env file overlaid by the environment."""
    env = read_env_file(env_file) if env_file else {}
    env.update({k: v for k, v in (os.environ if environ is None else environ).items()})
    get = _Reader(env)
    data_dir = Path(get("DATA_DIR", "data")).expanduser()
    webhook_url = get("WEBHOOK_URL", "")
    paid = _choice(get, "PAID_BROADCAST", ("false", "true")) == "true"
    return Settings(
        bot_token=_token(get.secret("TELEGRAM_BOT_TOKEN"), required=require_token),
        api_root=_api_root(get("TELEGRAM_API_BASE_URL", DEFAULT_API_ROOT)),
        database_url=_database_url(get.secret("DATABASE_URL"), data_dir),
        data_dir=data_dir,
        journal_keys=_journal_keys(get.secret("JOURNAL_KEYS")),
        key_dir=_key_dir(get),
        admin_chat_ids=_chat_ids(get("ADMIN_CHAT_IDS", "")),
        delivery_tick_seconds=get.integer("DELIVERY_TICK_SECONDS", 30, 1, 3600),
        max_messages_per_second=_rate(get, paid),
        catch_up_hours=get.integer("CATCH_UP_HOURS", 3, 0, 23),
        default_timezone=_timezone(get("DEFAULT_TIMEZONE", "Europe/London")),
        default_send_time=_clock_time(get("DEFAULT_SEND_TIME", "08:00")),
        webhook=_webhook(webhook_url, get) if webhook_url else None,
        log_level=_log_level(get("LOG_LEVEL", "INFO")),
        journal_retention_days=get.integer("JOURNAL_RETENTION_DAYS", 0, 0, 36500) or None,
        backup_retention_days=get.integer("BACKUP_RETENTION_DAYS", 0, 0, 36500) or None,
        paid_broadcast=paid,
        log_format=_choice(get, "LOG_FORMAT", ("plain", "json")),
        metrics_port=get.integer("METRICS_PORT", 0, 0, 65535) or None,
    )


class _Reader:
    """Look settings up, treating empty values as unset."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env

    def __call__(self, name: str, default: str) -> str:
        value = self._env.get(name, "").strip()
        return value or default

    def secret(self, name: str) -> str:
        """Return a secret from the environment or .env, else from systemd's credentials.

        Under systemd, `LoadCredential=NAME:/path` puts it in $CREDENTIALS_DIRECTORY/NAME, a file
        only this service can read, so it need not sit in .env or the environment at all.
        """
        given = self(name, "")
        folder = self.system("CREDENTIALS_DIRECTORY")
        if given or not folder:
            return given
        try:
            return (Path(folder) / name).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return ""
        except OSError as error:
            raise ConfigError(
                f"{name} could not be read from systemd's credentials ({error.strerror}): "
                "check LoadCredential= in the unit."
            ) from None

    def system(self, name: str) -> str:
        """Return a variable the system sets (systemd, the desktop), not an operator's setting."""
        return self._env.get(name, "").strip()

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self(name, str(default))
        if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
            raise ConfigError(
                f"{name} must be a whole number from {low} to {high} (it is {raw!r})."
            )
        return int(raw)


FREE_RATE = 30  # Telegram's broadcast ceiling without paid broadcasts, messages a second


def _rate(get: _Reader, paid: bool) -> int:
    rate = get.integer("MAX_MESSAGES_PER_SECOND", 25, 1, 1000)
    if rate > FREE_RATE and not paid:
        raise ConfigError(
            f"MAX_MESSAGES_PER_SECOND {rate} is above Telegram's free limit of {FREE_RATE} a "
            "second: lower it, or set PAID_BROADCAST=true to pay for faster broadcasts."
        )
    return rate


def _choice(get: _Reader, name: str, choices: tuple[str, ...]) -> str:
    raw = get(name, choices[0]).lower()
    if raw not in choices:
        raise ConfigError(f"{name} must be {' or '.join(choices)} (it is {raw!r}).")
    return raw


def _token(raw: str, *, required: bool) -> str:
    if not raw:
        if required:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather "
                "and put its token in .env (see .env.example)"
            )
        return ""
    if not TOKEN_PATTERN.fullmatch(raw):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (digits, a colon, then letters): "
            "copy it again from @BotFather into .env."
        )
    return raw


def _api_root(raw: str) -> str:
    root = raw.rstrip("/").removesuffix("/bot").rstrip("/")
    parts = urlsplit(root)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise ConfigError(
            f"TELEGRAM_API_BASE_URL {raw!r} is not a web address: use "
            f"{DEFAULT_API_ROOT} or the address of your own Bot API server, like http://127.0.0.1:8081."
        )
    if parts.scheme == "http" and not _loopback(parts.hostname or ""):
        raise ConfigError(
            f"TELEGRAM_API_BASE_URL {raw!r} is plain http to another machine, which would send "
            "the bot token and every message unencrypted: use https, or http only to 127.0.0.1."
        )
    return root


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _key_dir(get: _Reader) -> Path:
    """Where the journal key file lives: KEY_DIR, systemd's credentials, or the user's config.

    Never the data folder by default, so that a copy of the data does not carry the key.
    """
    chosen = get("KEY_DIR", "") or get.system("CREDENTIALS_DIRECTORY")
    if chosen:
        return Path(chosen).expanduser()
    config_home = get.system("XDG_CONFIG_HOME") or str(Path("~/.config").expanduser())
    return Path(config_home) / "within"


def _database_url(raw: str, data_dir: Path) -> str:
    if not raw:
        return f"sqlite+aiosqlite:///{data_dir / 'within.db'}"
    hint = (
        "write sqlite+aiosqlite:///data/within.db or "
        "postgresql+asyncpg://user:password@host:5432/within"
    )
    try:
        url: URL = make_url(raw)
    except ArgumentError:
        raise ConfigError(f"DATABASE_URL is not a database address: {hint}.") from None
    driver = ASYNC_DRIVERS.get(url.drivername)
    if driver is None:
        raise ConfigError(f"DATABASE_URL uses {url.drivername!r}, which Within cannot use: {hint}.")
    if driver.startswith("postgresql") and not (url.host or url.query.get("host")):
        raise ConfigError(f"DATABASE_URL has no host name: {hint}.")
    if driver.startswith("sqlite") and not url.database:
        raise ConfigError(f"DATABASE_URL names no database file: {hint}.")
    return url.set(drivername=driver).render_as_string(hide_password=False)


def _journal_keys(raw: str) -> tuple[str, ...]:
    keys = tuple(part.strip() for part in raw.split(",") if part.strip())
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError(
                f"JOURNAL_KEYS key number {position} is not a valid key: keys are 44 characters "
                "long and made with `python main.py keys new` (see .env.example)."
            ) from None
    return keys


def _chat_ids(raw: str) -> frozenset[int]:
    parts = [part.strip() for part in raw.split(",") if part.strip()]
    if not all(re.fullmatch(r"-?\d{1,20}", part) for part in parts):
        raise ConfigError(
            "ADMIN_CHAT_IDS must be chat numbers separated by commas, like 12345678,87654321."
        )
    return frozenset(int(part) for part in parts)


def _timezone(raw: str) -> str:
    try:
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"DEFAULT_TIMEZONE {raw!r} is not a time zone name: use a name like "
            "Europe/London or America/New_York."
        ) from None
    return raw


def _clock_time(raw: str) -> time:
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", raw)
    if not match:
        raise ConfigError(f"DEFAULT_SEND_TIME must be a 24-hour time like 08:00 (it is {raw!r}).")
    return time(int(match[1]), int(match[2]))


def _webhook(url: str, get: _Reader) -> WebhookSettings:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        raise ConfigError(
            "WEBHOOK_URL must be the public https:// address Telegram will post to, "
            "like https://within.example.org/telegram."
        )
    secret = get.secret("WEBHOOK_SECRET")  # or a systemd credential of that name
    if not SECRET_PATTERN.fullmatch(secret):
        raise ConfigError(
            "WEBHOOK_SECRET must be set when WEBHOOK_URL is: use 16 to 256 letters, digits, "
            '_ or - (for example the output of `python -c "import secrets; '
            'print(secrets.token_urlsafe(32))"`).'
        )
    return WebhookSettings(
        url=url,
        secret=secret,
        listen=get("WEBHOOK_LISTEN", "127.0.0.1"),
        port=get.integer("WEBHOOK_PORT", 8080, 1, 65535),
    )


def _log_level(raw: str) -> str:
    level = raw.upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)} (it is {raw!r}).")
    return level
