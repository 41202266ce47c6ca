"""Settings: defaults, every invalid value, .env files."""

from __future__ import annotations

from datetime import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from config.settings import ConfigError, load_settings

TOKEN = "123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0"


def load(**environ: str):
    return load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, **environ}, env_file=None)


def test_defaults() -> None:
    settings = load()
    assert settings.api_base_url == "https://api.telegram.org/bot{token}"
    assert settings.api_file_url == "https://api.telegram.org/file/bot{token}"
    assert settings.database_url == "sqlite+aiosqlite:///data/within.db"
    assert settings.delivery_tick_seconds == 30
    assert settings.max_messages_per_second == 25
    assert settings.catch_up_hours == 3
    assert settings.default_timezone == "Europe/London"
    assert settings.default_send_time == time(8, 0)
    assert settings.webhook is None
    assert settings.journal_keys == ()
    assert settings.admin_chat_ids == frozenset()
    assert settings.log_level == "INFO"


def test_missing_token_says_what_to_do() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({}, env_file=None)
    assert str(caught.value) == (
        "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env "
        "(see .env.example)"
    )


def test_token_not_needed_for_database_commands() -> None:
    assert load_settings({}, env_file=None, require_token=False).bot_token == ""


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_API_BASE_URL", "ftp://example.org"),
        ("TELEGRAM_API_BASE_URL", "localhost:8081"),
        ("TELEGRAM_API_BASE_URL", "http://botapi.example.org:8081"),  # token sent in the clear
        ("TELEGRAM_API_BASE_URL", "http://10.0.0.5:8081"),
        ("DATABASE_URL", "not a url at all"),
        ("DATABASE_URL", "mysql://root@localhost/within"),
        ("DATABASE_URL", "postgresql+asyncpg:///within"),
        ("JOURNAL_KEYS", "short"),
        ("ADMIN_CHAT_IDS", "12, twelve"),
        ("DELIVERY_TICK_SECONDS", "0"),
        ("DELIVERY_TICK_SECONDS", "thirty"),
        ("MAX_MESSAGES_PER_SECOND", "-5"),
        ("CATCH_UP_HOURS", "24"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus_Mons"),
        ("DEFAULT_TIMEZONE", "../etc/passwd"),
        ("DEFAULT_SEND_TIME", "25:00"),
        ("DEFAULT_SEND_TIME", "8am"),
        ("WEBHOOK_URL", "http://insecure.example.org/hook"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_values_name_the_setting(name: str, value: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load(**{name: value})
    message = str(caught.value)
    assert name in message
    assert "\n" not in message


def test_webhook_needs_a_secret() -> None:
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET must be set"):
        load(WEBHOOK_URL="https://within.example.org/telegram")
    settings = load(
        WEBHOOK_URL="https://within.example.org/telegram",
        WEBHOOK_SECRET="s" * 32,
        WEBHOOK_PORT="9000",
    )
    assert settings.webhook is not None
    assert (settings.webhook.listen, settings.webhook.port) == ("127.0.0.1", 9000)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///var/within.db", "sqlite+aiosqlite:///var/within.db"),
        ("postgres://u:p@db:5432/within", "postgresql+asyncpg://u:p@db:5432/within"),
        ("postgresql://u@db/within", "postgresql+asyncpg://u@db/within"),
    ],
)
def test_database_urls_get_the_async_driver(given: str, expected: str) -> None:
    assert load(DATABASE_URL=given).database_url == expected


@pytest.mark.parametrize(
    "given", ["http://127.0.0.1:8081", "http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"]
)
def test_api_base_url_accepts_the_server_root(given: str) -> None:
    assert load(TELEGRAM_API_BASE_URL=given).api_base_url == "http://127.0.0.1:8081/bot{token}"


@pytest.mark.parametrize(
    "given", ["http://localhost:8081", "http://[::1]:8081", "https://10.0.0.5"]
)
def test_plain_http_only_to_this_machine(given: str) -> None:
    assert load(TELEGRAM_API_BASE_URL=given).api_base_url.startswith(given)


def test_env_file_is_read_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n"
        f"TELEGRAM_BOT_TOKEN={TOKEN}\n"
        'DEFAULT_TIMEZONE="America/New_York"\n'
        "CATCH_UP_HOURS=5  # hours\n"
        "\n"
        "export LOG_LEVEL=debug\n",
        encoding="utf-8",
    )
    settings = load_settings({"CATCH_UP_HOURS": "2"}, env_file=env_file)
    assert settings.bot_token == TOKEN
    assert settings.default_timezone == "America/New_York"
    assert settings.catch_up_hours == 2
    assert settings.log_level == "DEBUG"


def test_broken_env_file_line_is_named(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 1 is not KEY=value"):
        load_settings({}, env_file=env_file)


def test_admin_ids_and_keys_are_parsed() -> None:
    key = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="
    settings = load(ADMIN_CHAT_IDS="12, -34", JOURNAL_KEYS=f"{key}, {key}")
    assert settings.admin_chat_ids == frozenset({12, -34})
    assert settings.journal_keys == (key, key)


def test_the_key_folder_is_never_the_data_folder_by_default() -> None:
    assert load(XDG_CONFIG_HOME="/home/sam/.config").key_dir == Path("/home/sam/.config/within")
    assert load(CREDENTIALS_DIRECTORY="/run/credentials/within.service").key_dir == Path(
        "/run/credentials/within.service"
    )
    chosen = load(KEY_DIR="/etc/within", CREDENTIALS_DIRECTORY="/run/credentials/x")
    assert chosen.key_dir == Path("/etc/within")  # KEY_DIR wins
    assert load().key_dir != load().data_dir


def test_more_than_the_free_rate_needs_paid_broadcasts() -> None:
    with pytest.raises(ConfigError) as caught:
        load(MAX_MESSAGES_PER_SECOND="31")
    assert str(caught.value).startswith("MAX_MESSAGES_PER_SECOND 31 is above Telegram's free limit")
    assert "PAID_BROADCAST=true" in str(caught.value)
    assert load(MAX_MESSAGES_PER_SECOND="30").max_messages_per_second == 30
    paid = load(MAX_MESSAGES_PER_SECOND="1000", PAID_BROADCAST="true")
    assert (paid.max_messages_per_second, paid.paid_broadcast) == (1000, True)
    with pytest.raises(ConfigError, match="PAID_BROADCAST must be false or true"):
        load(PAID_BROADCAST="yes please")


def test_secrets_are_read_from_systemd_credentials(tmp_path: Path) -> None:
    key = Fernet.generate_key().decode()
    (tmp_path / "TELEGRAM_BOT_TOKEN").write_text(TOKEN + "\n")
    (tmp_path / "DATABASE_URL").write_text("postgresql://within:pw@db.internal/within\n")
    (tmp_path / "JOURNAL_KEYS").write_text(key)
    settings = load_settings({"CREDENTIALS_DIRECTORY": str(tmp_path)}, env_file=None)
    assert settings.bot_token == TOKEN
    assert settings.database_url == "postgresql+asyncpg://within:pw@db.internal/within"
    assert settings.journal_keys == (key,)
    given = load_settings(
        {"CREDENTIALS_DIRECTORY": str(tmp_path), "TELEGRAM_BOT_TOKEN": "4242:" + "y" * 35},
        env_file=None,
    )
    assert given.bot_token == "4242:" + "y" * 35  # set in the environment: that wins


def test_the_webhook_secret_may_be_a_systemd_credential(tmp_path: Path) -> None:
    (tmp_path / "TELEGRAM_BOT_TOKEN").write_text(TOKEN + "\n")
    (tmp_path / "WEBHOOK_SECRET").write_text("a-secret-only-systemd-hands-over\n")
    environ = {"CREDENTIALS_DIRECTORY": str(tmp_path), "WEBHOOK_URL": "https://w.example/hook"}
    settings = load_settings(environ, env_file=None)
    assert settings.webhook is not None
    assert settings.webhook.secret == "a-secret-only-systemd-hands-over"


def test_log_format_is_plain_or_json() -> None:
    assert load().log_format == "plain"
    assert load(LOG_FORMAT="JSON").log_format == "json"
    with pytest.raises(ConfigError, match="LOG_FORMAT must be plain or json"):
        load(LOG_FORMAT="xml")
