"""Deployment: the lock file matches pyproject, the install steps make every path the unit needs,
and the unit keeps its systemd-analyze score."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "within.service"


def locked() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {name.lower(): version for name, version in re.findall(r"^([\w.-]+)==(\S+)", text, re.M)}


def test_the_lock_pins_every_dependency_within_its_range_with_hashes() -> None:
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for line in project["project"]["dependencies"]:
        wanted = Requirement(line)
        name = wanted.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in requirements.lock: run the command in its header"
        assert wanted.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {line}"
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    blocks = [block for block in re.split(r"\n(?=[\w.-]+==)", text) if "==" in block]
    assert blocks and all("--hash=sha256:" in block for block in blocks)


def test_each_floor_is_the_locked_version_and_the_build_backend_is_hashed_too() -> None:
    """Version ranges never admit a release older than the one deployments run (older ones
    carry published advisories), and installing Within itself fetches nothing unhashed."""
    pins = locked()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for line in project["project"]["dependencies"]:
        wanted = Requirement(line)
        floors = [spec.version for spec in wanted.specifier if spec.operator == ">="]
        name = wanted.name.lower().replace("_", "-")
        assert floors and Version(floors[0]) == Version(pins[name]), line
    build = (ROOT / "requirements-build.lock").read_text(encoding="utf-8")
    backend = re.findall(r"^([\w.-]+)==(\S+) \\\n\s+--hash=sha256:[0-9a-f]{64}", build, re.M)
    assert backend, "requirements-build.lock pins nothing with a hash"
    for needed in project["build-system"]["requires"]:
        wanted = Requirement(needed)
        version = dict(backend)[wanted.name]
        assert wanted.specifier.contains(version), f"{needed} is not met by {version}"


@pytest.mark.parametrize("path", ["Makefile", "deploy/install.sh"])
def test_running_and_installing_use_only_the_hashed_lock_files(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8").replace("\\\n", " ")
    if path == "Makefile":  # `make run` depends on the locked install, not on the ranges
        assert re.search(r"^run: \$\(LOCKED\)$", text, re.M)
        text = text.split("$(LOCKED):", 1)[1].split("\n\n", 1)[0]  # that recipe alone
    installs = [line for line in text.splitlines() if "pip" in line and " install " in line]
    assert installs
    for line in installs:
        if "-r " in line:  # a list of packages: pinned and hashed
            assert "--require-hashes" in line, line
        else:  # Within itself: nothing more fetched, not even a build backend
            assert "--no-deps" in line and "--no-build-isolation" in line, line
    assert any(
        "requirements.lock" in line and "requirements-build.lock" in line for line in installs
    )


def unit_paths(root: Path) -> list[Path]:
    """Every file or folder the unit reads, under a root folder."""
    text = UNIT.read_text(encoding="utf-8")
    found = [root / "opt/within"]  # WorkingDirectory
    found += [
        root / path.lstrip("/") for path in re.findall(r"^EnvironmentFile=-?(\S+)", text, re.M)
    ]
    found += [
        root / path.lstrip("/") for path in re.findall(r"^LoadCredential=[^:]+:(\S+)", text, re.M)
    ]
    return found


def test_the_install_steps_make_every_path_the_unit_needs(tmp_path: Path) -> None:
    root = tmp_path / "root"
    environment = {"ROOT": str(root), "WITHIN_SKIP_VENV": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        ["sh", str(ROOT / "deploy/install.sh")], env=environment, check=True, capture_output=True
    )
    for path in unit_paths(root):
        assert path.exists(), (
            f"the unit needs {path.relative_to(root)}, which install.sh did not make"
        )
    assert (root / "opt/within/main.py").is_file()
    assert not (root / "opt/within/.git").exists()
    modes = {
        "etc/within": 0o750,
        "etc/within/within.env": 0o640,
        "etc/within/credentials": 0o700,
        "etc/within/credentials/journal.key": 0o600,
        "etc/within/credentials/TELEGRAM_BOT_TOKEN": 0o600,
    }
    for name, mode in modes.items():
        assert (root / name).stat().st_mode & 0o777 == mode, name
    key = (root / "etc/within/credentials/journal.key").read_text().strip()
    Fernet(key)  # a key the bot can use
    assert (
        "StateDirectory=within" in UNIT.read_text()
        and "StateDirectoryMode=0700" in UNIT.read_text()
    )

    subprocess.run(
        ["sh", str(ROOT / "deploy/install.sh")], env=environment, check=True, capture_output=True
    )
    assert (root / "etc/within/credentials/journal.key").read_text().strip() == key  # kept


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not here")
def test_the_unit_scores_at_most_2_on_systemd_analyze_security() -> None:
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(UNIT)],
        capture_output=True,
        text=True,
        check=False,
    )
    score = re.search(r"Overall exposure level for within\.service: ([\d.]+)", result.stdout)
    assert score is not None, result.stdout + result.stderr
    assert float(score[1]) <= 2.0
