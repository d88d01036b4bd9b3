"""The terminal chat and the CLI, end to end as subprocesses."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from adapters.console.render import render_plain, render_rich
from content.loader import BUILTIN_PACK
from tests.support.console import mentorbot


def test_piped_chat_answers_every_line_then_exits(tmp_path: Path) -> None:
    result = mentorbot(
        "console",
        "--as",
        "alice",
        stdin="explore paths\n\n/mentor explore skills k8s\nexplore zzz\n",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Career paths" in out and "MLOps engineer" in out
    assert "Docker and Kubernetes" in out
    assert "That didn't work" in out and "explore" in out
    assert "Traceback" not in out + result.stderr
    assert "\x1b[" not in out  # plain text when piped


def test_run_without_tokens_starts_the_terminal_chat(tmp_path: Path) -> None:
    result = mentorbot("run", stdin="help\n", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "mentorbot commands" in result.stdout


def test_run_reads_settings_from_dot_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("ENVIRONMENT=production\nSLACK_BOT_TOKEN=xoxb-your-token\n")
    result = mentorbot("run", stdin="help\n", cwd=tmp_path)
    assert result.returncode == 2
    assert "SLACK_BOT_TOKEN looks like a placeholder" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_plays_its_script_and_leaves_nothing_behind(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = mentorbot("demo", cwd=tmp_path, env={"TMPDIR": str(scratch)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("mentor> ") >= 5
    assert list(scratch.iterdir()) == []  # its scratch database is gone


def test_content_check_passes_on_the_shipped_pack(tmp_path: Path) -> None:
    result = mentorbot("content", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("ok: built-in pack: ")
    assert "20 skills" in result.stdout and "7 specializations" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1


def test_content_check_lists_every_problem_and_fails(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(BUILTIN_PACK, pack)
    python = pack / "skills" / "python.yaml"
    python.write_text(python.read_text().replace("prerequisites: []", "prerequisites: [pyton]", 1))
    (pack / "oops.yaml").write_text("tipz: []\n")
    result = mentorbot("content", "check", str(pack), cwd=tmp_path)
    assert result.returncode == 1
    assert "unknown skill 'pyton'" in result.stdout
    assert "oops.yaml: tipz: unknown section" in result.stdout
    assert "2 problem(s)" in result.stderr


def test_content_check_of_an_overlay_folder(tmp_path: Path) -> None:
    overlay = tmp_path / "acme"
    overlay.mkdir()
    (overlay / "more.yaml").write_text(
        'checkins:\n  - {id: acme-friday, status: any, text: "How did the week go?"}\n'
    )
    result = mentorbot("content", "check", str(overlay), cwd=tmp_path)
    assert result.returncode == 0, result.stdout
    assert "over the built-in pack" in result.stdout


@pytest.mark.parametrize("width", [40, 100])
async def test_rich_rendering_on_a_terminal(width: int, services) -> None:
    from bot.commands.dispatch import handle_text
    from bot.core.command import Actor

    actor = Actor("console", "local", "alice")
    for text in (
        "explore",
        "explore paths data engineer",
        "explore skills python",
        "explore growth",
    ):
        reply = await handle_text(text, actor=actor, services=services)
        buffer = io.StringIO()
        render_rich(reply, Console(file=buffer, force_terminal=True, width=width))
        assert reply.title in buffer.getvalue()
        assert render_plain(reply).startswith(reply.title)


JOURNEY = """start stage=mid path=mlops-engineer tz=Europe/Berlin day=mon time=09:00
assess python 2
plan
challenge
challenge done https://example.org/pr/1
checkin on-track 4
progress
mydata export
mydata forget confirm
plan
"""


def test_journey_as_a_subprocess_on_sqlite(tmp_path: Path) -> None:
    result = mentorbot("console", "--as", "alice", stdin=JOURNEY, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for title in (
        "Welcome aboard",
        "Rating saved",
        "Your learning plan",
        "This week's challenge",
        "Challenge done",
        "Check-in saved",
        "Your progress",
        "Your data export",
        "Deleted",
        "Welcome to mentorbot",
    ):
        assert title in result.stdout, title
    assert (tmp_path / "mentorbot.db").exists()
    # The export was written to alice's folder, and `mydata forget` deleted it again.
    assert "written to out/alice/mentorbot-alice.json" in result.stdout
    assert "were deleted too" in result.stdout
    assert not (tmp_path / "out" / "alice").exists()


def test_journey_as_a_subprocess_on_postgres(postgres_url: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": postgres_url}
    refused = mentorbot(
        "console",
        stdin="help\n",
        cwd=tmp_path,
        env={"DATABASE_URL": postgres_url.rsplit("/", 1)[0] + "/postgres"},
    )
    assert refused.returncode == 2 and "mentorbot db upgrade" in refused.stderr
    result = mentorbot("console", "--as", "alice", stdin=JOURNEY, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "Challenge done" in result.stdout and "Deleted" in result.stdout
