"""The mentorbot command run as a subprocess, as an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def mentorbot(
    *args: str, stdin: str = "", cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_", "CONTENT_"))
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**base, **(env or {})},
        timeout=60,
    )
