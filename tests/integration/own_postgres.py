"""A PostgreSQL server a test owns, on a spare port, so that it can stop and restart it."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


def _spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnPostgres:
    """initdb and start; then stop (fast, as an operator's restart does) and start again.

    PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
    """

    def __init__(self) -> None:
        bin_dir = _binaries()
        if bin_dir is None:
            pytest.skip("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        self.bin_dir = bin_dir
        self.port = _spare_port()
        self.root = Path(tempfile.mkdtemp(prefix="within-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", skip=True
        )
        self.start(skip=True)

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self, *, skip: bool = False) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "start",
            skip=skip,
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        subprocess.run(
            [
                *self._as,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def _run(self, program: str, *args: str, skip: bool = False) -> None:
        """Run a server program; if setting up fails, skip (this machine cannot host one)."""
        done = subprocess.run(
            [*self._as, str(self.bin_dir / program), *args], capture_output=True, text=True
        )
        if done.returncode != 0 and skip:
            self.remove()
            pytest.skip(f"{program} failed here: {done.stderr.strip()[:200]}")
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip()[:200]}")
