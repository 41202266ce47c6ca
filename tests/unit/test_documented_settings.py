"""Every setting the code reads is documented in .env.example and the README, and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = {
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATABASE_URL",
    "JOURNAL_KEYS",
    "ADMIN_CHAT_IDS",
    "DELIVERY_TICK_SECONDS",
    "MAX_MESSAGES_PER_SECOND",
    "CATCH_UP_HOURS",
    "DEFAULT_TIMEZONE",
    "DEFAULT_SEND_TIME",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
    "LOG_LEVEL",
    "JOURNAL_RETENTION_DAYS",
    "BACKUP_RETENTION_DAYS",
    "KEY_DIR",
    "PAID_BROADCAST",
    "LOG_FORMAT",
    "METRICS_PORT",
}


def settings_read_by_code() -> set[str]:
    source = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'(?:get(?:\.integer|\.secret)?\(|_choice\(get,)\s*"([A-Z_]+)"', source))


def settings_in_env_example() -> dict[str, str]:
    """Return each setting in .env.example with the comment above its block of settings."""
    documented: dict[str, str] = {}
    comment: list[str] = []
    after_setting = False
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comment = [*([] if after_setting else comment), line]
            after_setting = False
        elif match := re.match(r"([A-Z_]+)=", line):
            documented[match[1]] = " ".join(comment)
            after_setting = True
        else:
            comment = []
            after_setting = False
    return documented


def test_the_contract_names_are_all_read() -> None:
    assert settings_read_by_code() >= CONTRACT


def test_env_example_documents_every_setting_with_a_comment() -> None:
    documented = settings_in_env_example()
    assert set(documented) == settings_read_by_code()
    for name, comment in documented.items():
        assert comment.strip("# "), f"{name} has no comment in .env.example"


def test_readme_table_lists_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    in_table = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, flags=re.MULTILINE))
    assert in_table == settings_read_by_code()


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme
    assert [
        line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))
    ] == ["make test"]
