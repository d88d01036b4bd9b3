"""The interactive (rich) terminal chat in a real pseudo-terminal, with hostile shared text."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.console import mentorbot

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")

NOW = "2026-11-28T12:00:00+00:00"
LAST_WEEK = "2026-11-20T12:00:00+00:00"
NOTE = "[see](http://x/[/bold]) [bold]x[/bold] <!channel>"


def chat_in_pty(lines: list[str], *args: str, cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    """Run `mentorbot console ARGS` on a pty, type `lines`, return (exit code, screen)."""
    leader, follower = pty.openpty()
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        cwd=cwd,
        env={**base, **env, "TERM": "xterm-256color", "COLUMNS": "120"},
        close_fds=True,
    )
    os.close(follower)
    for line in lines:
        os.write(leader, (line + "\n").encode())
    screen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the child closed the pty
                break
            if not chunk:
                break
            screen += chunk
        elif proc.poll() is not None:
            break
    os.close(leader)
    return proc.wait(timeout=30), screen.decode("utf-8", "replace")


def test_a_shared_note_with_markup_cannot_crash_the_managers_terminal(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'm.db'}"}
    setup = "team create ml\nteam managers ml add @mia\nteam add ml @ann\n"
    assert mentorbot("console", "--as", "root", "--admin", stdin=setup, cwd=tmp_path, env=env)
    ann = f"start stage=mid path=mlops-engineer\ncheckin blocked 2 {NOTE} share\n"
    done = mentorbot("console", "--as", "ann", "--now", LAST_WEEK, stdin=ann, cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    code, screen = chat_in_pty(
        ["team ml", "quit"], "--as", "mia", "--now", NOW, cwd=tmp_path, env=env
    )
    assert code == 0, screen
    assert "Traceback" not in screen and "MarkupError" not in screen
    assert "\x1b[" in screen  # rich, not the plain pipe output
    # The note is shown as typed; a word joiner keeps `](` and `://` from forming a link.
    note = "ann (blocked, earlier): [see]\u2060(http:\u2060//x/[/bold]) [bold]x[/bold] <!channel>"
    assert note in screen
    assert "\x1b]8;" not in screen.split("Shared with you")[-1]  # no terminal hyperlink from it
