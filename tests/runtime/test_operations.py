"""What an operator meets: one clear line per bad setting, a quick and helpful CLI,
readiness that tells the truth, and logs that parse and keep secrets."""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.runtime.health import Readiness, health_app, start_http
from bot.runtime.logs import configure, log_ids
from storage.db import Database
from storage.migrate import upgrade
from tests.support.net import free_port

MENTORBOT = str(Path(sys.executable).parent / "mentorbot")


def mentorbot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), **env}
    return subprocess.run(
        [MENTORBOT, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )


BAD_SETTINGS = [
    ("DATABASE_URL", "notaurl", "notaurl", "is not a database URL"),
    ("DATABASE_URL", "mysql://root:pw@db/x", "mysql://root:***@db/x", "is not supported"),
    ("DATABASE_URL", "postgresql://u:hunter2@127.0.0.1:{port}/x", "***", "127.0.0.1:{port}"),
    ("LOG_LEVEL", "LOUD", "LOUD", "is not one of DEBUG"),
    ("LOG_FORMAT", "xml", "xml", "should be 'text' or 'json'"),
    ("SLACK_BOT_TOKEN", "token-abcdefgh", "token…", "does not start with xoxb-"),
    ("SLACK_APP_TOKEN", "xoxb-secretvalue", "xoxb-…", "does not start with xapp-"),
    ("DEFAULT_TIMEZONE", "Mars/Olympus", "Mars/Olympus", "is not an IANA timezone"),
    ("ADMIN_IDS", "slack:T1:U1,bob", "bob", "platform:workspace:user"),
    ("SCHEDULER_WORKER_SLOT", "3/2", "3/2", "is not i/n with 1 <= i <= n"),
    ("LLM_BASE_URL", "localhost:11434", "localhost:11434", "is not an http(s) URL"),
    ("LLM_TIMEOUT_SECONDS", "0", "0", "should be greater than 0"),
    ("LLM_ASKS_PER_DAY", "many", "many", "should be a valid integer"),
]


CASES = [(["db", "upgrade"], *case) for case in BAD_SETTINGS] + [
    (["run"], *case) for case in BAD_SETTINGS if case[0] in ("SLACK_BOT_TOKEN", "DATABASE_URL")
]


@pytest.mark.parametrize(("command", "name", "value", "shown", "problem"), CASES)
def test_a_bad_setting_is_one_line_and_exit_2(
    tmp_path: Path, command: list[str], name: str, value: str, shown: str, problem: str
) -> None:
    port = str(free_port())  # nothing listens there: an unreachable database
    value, problem = value.format(port=port), problem.format(port=port)
    env = {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db", name: value}
    result = mentorbot(*command, cwd=tmp_path, **env)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    # One error line; a server may have logged its start-up records before it.
    lines = [line for line in result.stderr.splitlines() if not line.startswith("20")]
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"error: {name}=") and shown in line and problem in line
    assert "for example" in line
    assert "hunter2" not in line and "secretvalue" not in line and "abcdefgh" not in line


HEAVY = ("sqlalchemy", "slack_sdk", "slack_bolt", "discord", "matplotlib", "alembic")


@pytest.mark.parametrize(
    "args", [["--help"], ["run", "--help"], ["nudges", "tick", "--help"], ["--version"]]
)
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from bot.cli import app\n"
        "try:\n"
        f"    app({args!r}, prog_name='mentorbot')\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED', sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    ).stdout
    assert "LOADED []" in out, out


def _help_pages() -> Iterator[list[str]]:
    yield []
    for group, subs in {
        "run": [],
        "slack": [],
        "discord": ["sync"],
        "scheduler": [],
        "console": [],
        "demo": [],
        "db": ["upgrade"],
        "content": ["check"],
        "manifest": ["slack", "discord"],
        "nudges": ["tick", "preview"],
    }.items():
        yield [group]
        for sub in subs:
            yield [group, sub]


def test_every_help_has_examples_and_no_bool_metavar(tmp_path: Path) -> None:
    missing = []
    for page in _help_pages():
        result = mentorbot(*page, "--help", cwd=tmp_path)
        assert result.returncode == 0, (page, result.stderr)
        assert "<bool>" not in result.stdout, page
        if "Examples:" not in result.stdout:
            missing.append(" ".join(page))
    assert not missing


def test_version(tmp_path: Path) -> None:
    result = mentorbot("--version", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("mentorbot ")


async def test_readiness_over_http_fails_once_the_database_is_gone(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = Database.open(f"sqlite+aiosqlite:///{folder}/bot.db")
    await upgrade(db.engine)
    connected = {"slack": True}

    async def slack_connected() -> bool:
        return connected["slack"]

    readiness = Readiness(db, platforms={"slack": slack_connected})
    port = free_port()
    runner = await start_http(health_app(readiness), port=port, host="127.0.0.1")
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(base + "/readyz") as resp:
                assert resp.status == 200
            connected["slack"] = False
            async with http.get(base + "/readyz") as resp:
                assert resp.status == 503
                assert "slack not connected" in (await resp.json())["problems"]
            connected["slack"] = True
            await db.close()
            shutil.rmtree(folder)  # the database is gone
            async with http.get(base + "/readyz") as resp:
                assert resp.status == 503
                problems = (await resp.json())["problems"]
                assert problems and "database unreachable" in problems[0]
            async with http.get(base + "/healthz") as resp:
                assert resp.status == 200  # up, just not ready
            async with http.get(base + "/metrics") as resp:
                assert resp.status == 200
                assert "mentorbot_commands_total" in await resp.text()
    finally:
        await runner.cleanup()
        await db.close()


def test_json_logs_parse_carry_ids_and_hold_no_secret() -> None:
    stream = io.StringIO()
    configure(level="INFO", fmt="json", stream=stream)
    try:
        log = logging.getLogger("mentorbot.test")
        with log_ids(member="slack:U1", workspace="T1", command="plan", request="ab12"):
            log.info("ran %s", "plan")
            try:
                raise ValueError("boom")
            except ValueError:
                log.exception("failed")
        log.info("outside")
        logging.getLogger("apscheduler.executors.default").info("Running job")  # quiet
        logging.getLogger("aiohttp.access").info("GET /healthz 200")  # quiet
    finally:
        configure(level="WARNING", fmt="text")
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [r["message"] for r in records] == ["ran plan", "failed", "outside"]
    assert records[0]["member"] == "slack:U1" and records[0]["command"] == "plan"
    assert records[0]["workspace"] == "T1" and records[0]["request"] == "ab12"
    assert "ValueError: boom" in records[1]["exception"]
    assert "member" not in records[2]


def test_sql_parameters_and_note_text_stay_out_of_the_logs(tmp_path: Path) -> None:
    """A command with a note, at DEBUG, in JSON: the note never reaches a log line (nor
    does SQLAlchemy's statement logging, which would carry it as a parameter)."""
    note = "my-private-note-zebra"
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/x.db",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "DEBUG",
    }
    result = subprocess.run(
        [MENTORBOT, "console", "--as", "alice"],
        input=f"start\nchallenge done {note}\ncheckin on-track 4 {note}\n",
        cwd=tmp_path,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for line in result.stderr.splitlines():
        json.loads(line)
    assert note not in result.stderr


async def test_readiness_names_a_schema_behind_the_code(tmp_path: Path) -> None:
    db = Database.open(f"sqlite+aiosqlite:///{tmp_path}/old.db")
    try:
        await upgrade(db.engine, "0001")
        problems = await Readiness(db).problems()
        assert len(problems) == 1 and problems[0].startswith("schema at 0001, code needs ")
        await upgrade(db.engine)
        assert await Readiness(db).problems() == []
    finally:
        await db.close()
