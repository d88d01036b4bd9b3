"""A throwaway PostgreSQL server for the test session (initdb + pg_ctl, as `postgres`)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest


def find_bin(name: str) -> str | None:
    """A PostgreSQL program on PATH or in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def require_postgres(what: str) -> None:
    """Skip when PostgreSQL is not installed, saying `what` is skipped; under CI=true fail."""
    if find_bin("initdb") is not None and find_bin("pg_ctl") is not None:
        return
    message = f"PostgreSQL is not installed (no initdb/pg_ctl): {what} skipped"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}, but CI=true requires PostgreSQL: install it")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    runuser = shutil.which("runuser")
    if runuser:
        return [runuser, "-u", "postgres", "--", *cmd]
    return ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(cmd)]


@dataclass
class Server:
    """A throwaway server this test session owns: its admin URL, and stop/start for
    outage tests (the data stays; `stop` is PostgreSQL's immediate shutdown)."""

    data: Path
    port: int
    pg_ctl: str

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        log = str(self.data.parent / "log")
        wait = ["-w", "-t", "60", "start"]
        subprocess.run(
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-o", options, "-l", log, *wait]),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        subprocess.run(
            _as_postgres([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )


@contextmanager
def postgres_instance() -> Iterator[Server]:
    """Start a server on a free loopback port; yield it; stop and delete it."""
    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    assert initdb and pg_ctl
    base = Path(tempfile.mkdtemp(prefix="mentorbot-pg-"))
    data = base / "data"
    os.chmod(base, 0o777)
    if os.geteuid() == 0:
        shutil.chown(base, user="postgres")
    subprocess.run(
        _as_postgres(
            [initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]
        ),
        check=True,
        capture_output=True,
    )
    server = Server(data, _free_port(), pg_ctl)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server on a free loopback port; yield its admin URL; stop and delete it."""
    with postgres_instance() as server:
        yield server.url
