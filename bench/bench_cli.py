"""CPU cost of `mentorbot --help`: the median of 10 cold runs minus a bare interpreter start.

Each run is a fresh process (`mentorbot --help`), measured as the child's user + system CPU
time; the bare start is `python -c pass` measured the same way. Prints a JSON object with
`help_cpu_seconds` as its last line (goal: < 0.3).

    .venv/bin/python bench/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path


def cpu_of(command: list[str]) -> float:
    """User + system CPU seconds of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    mentorbot = str(Path(sys.executable).parent / "mentorbot")
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    cpu_of([mentorbot, "--help"])  # warm the bytecode cache once, as any installed copy has
    help_runs = [cpu_of([mentorbot, "--help"]) for _ in range(args.runs)]
    bare_runs = [cpu_of([sys.executable, "-c", "pass"]) for _ in range(args.runs)]
    help_median, bare_median = statistics.median(help_runs), statistics.median(bare_runs)
    print(f"mentorbot --help: median {help_median:.3f} s CPU; bare python: {bare_median:.3f} s")
    print(
        json.dumps(
            {
                "help_cpu_seconds": round(max(0.0, help_median - bare_median), 3),
                "help_median_seconds": round(help_median, 3),
                "bare_interpreter_seconds": round(bare_median, 3),
                "runs": args.runs,
            }
        )
    )


if __name__ == "__main__":
    main()
