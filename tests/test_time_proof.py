"""The suite holds whatever the date: the date-sensitive modules pass with the wall clock
moved to far-apart instants (across a DST change, a leap day, the last days of a year).

A test that pairs a fixed instant of its own with the wall clock in the code under test
(the schedule index backfilled at the migration's `datetime.now`, say) passes on the day
it was written and fails some day later. Here that day comes at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every module whose tests plan, deliver or count by week, or read the clock in the code.
DATE_SENSITIVE = (
    "tests/nudging/test_nudge_engine.py",
    "tests/nudging/test_scheduler.py",
    "tests/features/learner/test_checkin_week.py",
    "tests/nudging/test_schedule_index.py",
    "tests/domain/test_team_summary.py",
    "tests/nudging/test_fencing.py",
    # Sign-in links and sessions expire by the services' clock, never the wall clock.
    # (test_dashboard_browser.py holds the same under a moved wall clock, at 20 s a run.)
    "tests/adapters/web/test_dashboard_http.py",
)

INSTANTS = (
    "2027-03-28T01:30:00+00:00",  # Europe's clocks go forward at this hour
    "2028-02-29T12:00:00+00:00",  # a leap day
    "2030-12-30T23:30:00+00:00",  # ISO week 1 of 2031 begins on this Monday
)


@pytest.mark.parametrize("instant", INSTANTS)
def test_the_date_sensitive_modules_pass_at_another_wall_clock(instant: str) -> None:
    env = {**os.environ, "MENTORBOT_TEST_WALL_CLOCK": instant}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *DATE_SENSITIVE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    tail = "\n".join(done.stdout.splitlines()[-30:])
    assert done.returncode == 0, f"with the wall clock at {instant}:\n{tail}"
