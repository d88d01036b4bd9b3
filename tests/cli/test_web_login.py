"""`mentorbot web login`: the one-time link an operator prints, run as a subprocess."""

from __future__ import annotations

import re
from pathlib import Path

from tests.support.console import mentorbot

LINK = re.compile(r"^(?P<base>\S+)/web/login/link/(?P<token>[A-Za-z0-9_-]{20,})$")


def test_the_link_names_the_port_the_dashboard_serves_on(tmp_path: Path) -> None:
    started = mentorbot("console", "--as", "alice", stdin="start\n", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    result = mentorbot("web", "login", "--as", "alice", "--port", "8123", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = LINK.match(result.stdout.strip())
    assert found is not None, result.stdout
    assert found["base"] == "http://localhost:8123"
    assert "once, within 10 minutes" in result.stderr
    public = mentorbot(
        "web", "login", "--as", "alice", cwd=tmp_path, env={"PUBLIC_URL": "https://m.example/"}
    )
    assert public.stdout.startswith("https://m.example/web/login/link/"), public.stdout


def test_someone_the_bot_does_not_know_gets_one_line_and_exit_2(tmp_path: Path) -> None:
    result = mentorbot("web", "login", "--as", "nobody", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
