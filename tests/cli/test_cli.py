"""The operator commands that had no test: `nudges preview`, `nudges status` and
`db upgrade` with a revision it cannot reach, run as the real `mentorbot` process."""

from __future__ import annotations

from pathlib import Path

from tests.support.console import mentorbot


def test_preview_tick_and_status_tell_an_operator_what_happens(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ops.db'}", "LOG_LEVEL": "WARNING"}

    empty = mentorbot("nudges", "status", cwd=tmp_path, env=env)
    assert empty.returncode == 0, empty.stderr
    assert empty.stdout.splitlines() == ["outbox: empty", "oldest pending: none"]

    nobody = mentorbot("nudges", "preview", "alice", cwd=tmp_path, env=env)
    assert nobody.returncode == 1
    assert nobody.stderr.strip() == (
        "error: no console member 'alice' with a profile (they need `start`)"
    )

    start = "start tz=Europe/Berlin day=mon time=09:00\n"
    joined = mentorbot(
        "console", "--as", "alice", "--now", "2026-11-30T09:00Z", stdin=start, cwd=tmp_path, env=env
    )
    assert joined.returncode == 0, joined.stderr

    preview = mentorbot(
        "nudges", "preview", "alice", "--weeks", "1", "--now", "2026-11-30T09:00Z",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert preview.returncode == 0, preview.stderr
    assert preview.stdout.splitlines() == [
        "2026-W49 tip       Wed 2026-12-02 09:00 Europe/Berlin  = 2026-12-02 08:00 UTC",
        "2026-W49 checkin   Fri 2026-12-04 09:00 Europe/Berlin  = 2026-12-04 08:00 UTC",
        "2026-W50 challenge Mon 2026-12-07 09:00 Europe/Berlin  = 2026-12-07 08:00 UTC",
    ]

    tick = mentorbot("nudges", "tick", "--now", "2026-12-07T09:05Z", cwd=tmp_path, env=env)
    assert tick.returncode == 0, tick.stderr
    assert tick.stdout.splitlines() == [
        "console:alice challenge 2026-W50 inbox",
        "planned 1, skipped as stale 3, handled 1 delivery attempt(s); 4 due schedule row(s) read",
    ]

    status = mentorbot("nudges", "status", cwd=tmp_path, env=env)
    assert status.stdout.splitlines() == ["outbox: 1 inbox, 3 skipped", "oldest pending: none"]


def test_db_upgrade_refuses_a_revision_it_cannot_reach_in_one_line(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'up.db'}"}
    assert mentorbot("db", "upgrade", cwd=tmp_path, env=env).returncode == 0

    back = mentorbot("db", "upgrade", "0003", cwd=tmp_path, env=env)
    assert back.returncode == 2
    assert "Traceback" not in back.stderr
    assert back.stderr.startswith("error: cannot upgrade to '0003': the database is already at")
    assert "only move forward" in back.stderr

    unknown = mentorbot("db", "upgrade", "nope", cwd=tmp_path, env=env)
    assert unknown.returncode == 2
    assert "Traceback" not in unknown.stderr
    assert "there is no such revision; choose head or one of 0001" in unknown.stderr
