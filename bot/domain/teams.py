"""A team as the handlers pass it around: its id and name, read from its row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.commands.registry import Arg, ArgKind
from storage.tables import Team


@dataclass(frozen=True)
class TeamRef:
    """A team as the handlers use it: its id and its name."""

    id: int
    name: str


def team_refs(teams: Iterable[Team]) -> list[TeamRef]:
    """The teams as TeamRefs (rows read back from the database always carry an id)."""
    return [TeamRef(t.id, t.name) for t in teams if t.id is not None]


# The arguments team commands share: the team, and the people a command names.
TEAM_NAME = Arg("name", ArgKind.WORD, "the team's name", required=True)
PEOPLE = Arg("people", ArgKind.TEXT, "people, as @mentions", required=True, rest=True)
