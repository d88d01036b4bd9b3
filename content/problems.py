"""What is wrong with a content pack: one `Problem` per reason, all of them in `PackError`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack: where it is and why it is wrong."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.reason}"


class PackError(Exception):
    """A pack did not validate; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the content pack has {len(self.problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class Origin:
    """Where a raw entry came from: its file and its path inside it."""

    file: str
    path: str
