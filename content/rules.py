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


class _Reporter:
    """Turns a broken entry into a Problem at its file and path."""

    def __init__(self, origins: dict[tuple[str, str], Origin], problems: list[Problem]):
        self.origins, self.problems = origins, problems

    def report(self, section: str, entry_id: str, sub: str, reason: str) -> None:
        origin = self.origins[(section, entry_id)]
        self.problems.append(Problem(origin.file, f"{origin.path}{sub}", reason))

    def check(
        self, section: str, entry_id: str, sub: str, kind: str, value: str, ids: set[str]
    ) -> bool:
        """Report `value` unless it is one of `ids`; whether it is."""
        if value in ids:
            return True
        self.report(section, entry_id, sub, f"unknown {kind} '{value}'{_suggest(value, ids)}")
        return False


def check_references(
    models: dict[str, dict[str, Any]],
    known: dict[str, set[str]],
    origins: dict[tuple[str, str], Origin],
    problems: list[Problem],
    min_challenges: int,
    min_tips: int,
) -> None:
    """Add a Problem for every broken reference, cycle, clash or shortage of material."""
    out = _Reporter(origins, problems)
    for name in ("skills", "stages", "specializations"):
        if not known.get(name):
            problems.append(Problem("(pack)", name, f"the pack defines no {name}"))
    _check_skills(models["skills"], known, out)
    _check_stages(models["stages"], out)
    _check_specializations(models["specializations"], known, out)
    _check_skill_links(models, known.get("skills", set()), out)
    _check_amounts(models, out, min_challenges=min_challenges, min_tips=min_tips)


def _check_skills(skills: dict[str, Any], known: dict[str, set[str]], out: _Reporter) -> None:
    """Areas and prerequisites that exist, a full rubric, no prerequisite cycle."""
    skill_ids, areas = known.get("skills", set()), known.get("areas", set())
    for sid, skill in skills.items():
        out.check("skills", sid, ".area", "area", skill.area, areas)
        for i, pre in enumerate(skill.prerequisites):
            out.check("skills", sid, f".prerequisites[{i}]", "skill", pre, skill_ids)
        for pre in set(skill.prerequisites_from_level) - set(skill.prerequisites):
            why = f"'{pre}' is not one of this skill's prerequisites"
            out.report("skills", sid, f".prerequisites_from_level.{pre}", why)
        for level in LEVELS:
            if level not in skill.rubric:
                out.report("skills", sid, ".rubric", f"level {level} is missing from the rubric")
    for cycle in _cycles({sid: s.prerequisites for sid, s in skills.items()}):
        why = "prerequisites form a cycle: " + " -> ".join([*cycle, cycle[0]])
        out.report("skills", cycle[0], ".prerequisites", why)


def _check_stages(stages: dict[str, Any], out: _Reporter) -> None:
    """Each stage's rank used once."""
    ranks: dict[int, str] = {}
    for stage_id, stage in stages.items():
        if stage.rank in ranks:
            why = f"rank {stage.rank} is also used by '{ranks[stage.rank]}'"
            out.report("stages", stage_id, ".rank", why)
        ranks[stage.rank] = stage_id


def _check_specializations(
    specs: dict[str, Any], known: dict[str, set[str]], out: _Reporter
) -> None:
    """Core skills that exist, and a target for every skill at every stage."""
    skills, stages = known.get("skills", set()), known.get("stages", set())
    section = "specializations"
    for spec_id, spec in specs.items():
        for i, skill_id in enumerate(spec.core):
            out.check(section, spec_id, f".core[{i}]", "skill", skill_id, skills)
        for stage_id, targets in spec.targets.items():
            where = f".targets.{stage_id}"
            if not out.check(section, spec_id, where, "stage", stage_id, stages):
                continue
            for skill_id in targets:
                out.check(section, spec_id, f"{where}.{skill_id}", "skill", skill_id, skills)
            for skill_id in skills - set(targets):
                out.report(section, spec_id, where, f"no target level for skill '{skill_id}'")
        for stage_id in stages - set(spec.targets):
            out.report(section, spec_id, ".targets", f"no targets for stage '{stage_id}'")


def _check_skill_links(models: dict[str, dict[str, Any]], skills: set[str], out: _Reporter) -> None:
    """Challenges, tips, industries and growth steps name skills that exist."""
    for section in ("challenges", "tips"):
        for entry_id, entry in models[section].items():
            out.check(section, entry_id, ".skill", "skill", entry.skill, skills)
    for section in ("industries", "growth"):
        for entry_id, entry in models[section].items():
            for i, skill_id in enumerate(entry.skills):
                out.check(section, entry_id, f".skills[{i}]", "skill", skill_id, skills)


def _check_amounts(
    models: dict[str, dict[str, Any]], out: _Reporter, *, min_challenges: int, min_tips: int
) -> None:
    """Enough challenges at every level, and enough tips, for every skill."""
    for sid in models["skills"]:
        for level in LEVELS:
            n = sum(1 for c in models["challenges"].values() if c.skill == sid and c.level == level)
            if n < min_challenges:
                why = f"level {level} has {n} challenge(s); at least {min_challenges} are needed"
                out.report("skills", sid, "", why)
        n = sum(1 for t in models["tips"].values() if t.skill == sid)
        if n < min_tips:
            out.report("skills", sid, "", f"has {n} reading tip(s); at least {min_tips} are needed")


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
