"""A PostgreSQL restart while the real scheduler delivers: what the process logs and what
its members get. The suite runs the same scenario with a short outage
(tests/test_db_outage.py); this one takes the issue's 25 s. Needs PostgreSQL's initdb and
pg_ctl. Prints a JSON object as its last line.

    .venv/bin/python bench/fault_pg_restart.py [--outage SECONDS] [--members N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.outage_scenario import restart_during_dispatch
from tests.support.pg import postgres_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=25.0)
    parser.add_argument("--members", type=int, default=120)
    args = parser.parse_args()
    with postgres_instance() as server:
        outcome = asyncio.run(
            restart_during_dispatch(server, members=args.members, outage=args.outage)
        )
    loud = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in outcome.loud]
    for line in loud:
        print(line)
    print(
        json.dumps(
            {
                "outage_seconds": round(outcome.outage_seconds, 1),
                "members": outcome.members,
                "duplicates": outcome.duplicates,
                "lost": outcome.lost,
                "warning_or_worse_records": len(loud),
                "tracebacks": outcome.tracebacks,
            }
        )
    )


if __name__ == "__main__":
    main()
