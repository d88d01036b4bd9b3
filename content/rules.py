"""The rules a pack must keep beyond its schema: references, cycles, enough material.

References are checked against every id present, valid or not, so one broken entry is
reported once rather than as a cascade of "unknown id" problems.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from content.problems import Origin, Problem
from content.schema import LEVELS


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_references(
    models: dict[str, dict[str, Any]],
    known: dict[str, set[str]],
    origins: dict[tuple[str, str], Origin],
    problems: list[Problem],
    min_challenges: int,
    min_tips: int,
) -> None:
    """Add a Problem for every broken reference, cycle, clash or shortage of material."""

    def report(section: str, entry_id: str, sub: str, reason: str) -> None:
        origin = origins[(section, entry_id)]
        problems.append(Problem(origin.file, f"{origin.path}{sub}", reason))

    def check(section: str, entry_id: str, sub: str, kind: str, value: str, ids: set[str]) -> bool:
        """Report `value` unless it is one of `ids`; whether it is."""
        if value in ids:
            return True
        report(section, entry_id, sub, f"unknown {kind} '{value}'{_suggest(value, ids)}")
        return False

    skills = known.get("skills", set())
    stages = known.get("stages", set())
    areas = known.get("areas", set())
    for name in ("skills", "stages", "specializations"):
        if not known.get(name):
            problems.append(Problem("(pack)", name, f"the pack defines no {name}"))

    for sid, skill in models["skills"].items():
        check("skills", sid, ".area", "area", skill.area, areas)
        for i, pre in enumerate(skill.prerequisites):
            check("skills", sid, f".prerequisites[{i}]", "skill", pre, skills)
        for pre in set(skill.prerequisites_from_level) - set(skill.prerequisites):
            why = f"'{pre}' is not one of this skill's prerequisites"
            report("skills", sid, f".prerequisites_from_level.{pre}", why)
        for level in LEVELS:
            if level not in skill.rubric:
                report("skills", sid, ".rubric", f"level {level} is missing from the rubric")
    for cycle in _cycles({sid: s.prerequisites for sid, s in models["skills"].items()}):
        why = "prerequisites form a cycle: " + " -> ".join([*cycle, cycle[0]])
        report("skills", cycle[0], ".prerequisites", why)

    ranks: dict[int, str] = {}
    for stage_id, stage in models["stages"].items():
        if stage.rank in ranks:
            why = f"rank {stage.rank} is also used by '{ranks[stage.rank]}'"
            report("stages", stage_id, ".rank", why)
        ranks[stage.rank] = stage_id

    for spec_id, spec in models["specializations"].items():
        for i, skill_id in enumerate(spec.core):
            check("specializations", spec_id, f".core[{i}]", "skill", skill_id, skills)
        for stage_id, targets in spec.targets.items():
            where = f".targets.{stage_id}"
            if not check("specializations", spec_id, where, "stage", stage_id, stages):
                continue
            for skill_id in targets:
                check("specializations", spec_id, f"{where}.{skill_id}", "skill", skill_id, skills)
            for skill_id in skills - set(targets):
                why = f"no target level for skill '{skill_id}'"
                report("specializations", spec_id, where, why)
        for stage_id in stages - set(spec.targets):
            report("specializations", spec_id, ".targets", f"no targets for stage '{stage_id}'")

    for section in ("challenges", "tips"):
        for entry_id, entry in models[section].items():
            check(section, entry_id, ".skill", "skill", entry.skill, skills)
    for section in ("industries", "growth"):
        for entry_id, entry in models[section].items():
            for i, skill_id in enumerate(entry.skills):
                check(section, entry_id, f".skills[{i}]", "skill", skill_id, skills)

    for sid in models["skills"]:
        for level in LEVELS:
            n = sum(1 for c in models["challenges"].values() if c.skill == sid and c.level == level)
            if n < min_challenges:
                why = f"level {level} has {n} challenge(s); at least {min_challenges} are needed"
                report("skills", sid, "", why)
        n = sum(1 for t in models["tips"].values() if t.skill == sid)
        if n < min_tips:
            report("skills", sid, "", f"has {n} reading tip(s); at least {min_tips} are needed")


def ordered_skills(skills: dict[str, Any], areas: list[str]) -> dict[str, Any]:
    """Skills by area, and within an area prerequisites before the skills built on them."""
    placed: dict[str, Any] = {}

    def place(sid: str) -> None:
        if sid in placed:
            return
        for pre in skills[sid].prerequisites:
            if skills[pre].area == skills[sid].area:
                place(pre)
        placed[sid] = skills[sid]

    for area in areas:
        for sid in skills:
            if skills[sid].area == area:
                place(sid)
    return placed


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each prerequisite cycle once, starting from its smallest id."""
    found: dict[tuple[str, ...], list[str]] = {}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                rotated = cycle[start:] + cycle[:start]
                found.setdefault(tuple(rotated), rotated)
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return list(found.values())
