"""Learning plans: the gap between a member's levels and their path's targets, in order.

Pure functions over the catalog; storing the plan is the use case's job.
"""

from __future__ import annotations

import heapq
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import IntEnum

from content.schema import Catalog


@dataclass(frozen=True)
class Step:
    """One weekly focus item: raise `skill` from `from_level` to `to_level`, and why."""

    skill: str
    from_level: int
    to_level: int
    target: int
    reason: str


def target_stage_for(catalog: Catalog, stage: str, chosen: str | None) -> str:
    """The stage a plan aims at: the chosen one, else the next, else the current (top)."""
    if chosen:
        return chosen
    following = catalog.next_stage(stage)
    return following.id if following is not None else stage


def skill_order(
    catalog: Catalog,
    *,
    urgency: Mapping[str, int] | None = None,
    level: int = 4,
) -> list[str]:
    """Skills with every prerequisite that holds at `level` first.

    Among skills that are free to go next: foundations, then core AI, then production;
    within an area the larger `urgency` (e.g. the gap to target) first; then pack order.
    """
    area_rank = {area: i for i, area in enumerate(catalog.areas)}
    position = {skill: i for i, skill in enumerate(catalog.skills)}

    def key(skill: str) -> tuple[bool, int, int, int, str]:
        # A skill with nothing left to do goes as soon as it is free, so it never holds
        # back the skills built on it.
        gap = urgency.get(skill, 0) if urgency is not None else 1
        area = area_rank[catalog.skills[skill].area]
        return (gap > 0, area, -gap, position[skill], skill)

    waiting = {s.id: set(s.prerequisites_at(level)) for s in catalog.skills.values()}
    heap = [key(s) for s, pre in waiting.items() if not pre]
    heapq.heapify(heap)
    order: list[str] = []
    while heap:
        skill = heapq.heappop(heap)[-1]
        order.append(skill)
        for other, pre in waiting.items():
            if skill in pre:
                pre.discard(skill)
                if not pre:
                    heapq.heappush(heap, key(other))
    return order


class Weight(IntEnum):
    """How much a skill weighs on a path: its core first, then what the core builds on."""

    CORE = 0
    PREREQUISITE = 1
    REST = 2


def weights(catalog: Catalog, specialization: str) -> dict[str, Weight]:
    """Every skill's weight on a path: core, a prerequisite of the core (at any depth), or
    the rest."""
    core = catalog.specializations[specialization].core
    below: set[str] = set()
    todo = [p for skill in core for p in catalog.skills[skill].prerequisites]
    while todo:
        skill = todo.pop()
        if skill not in below:
            below.add(skill)
            todo.extend(catalog.skills[skill].prerequisites)
    return {
        s: Weight.CORE if s in core else Weight.PREREQUISITE if s in below else Weight.REST
        for s in catalog.skills
    }


def assumed_levels(
    catalog: Catalog, *, levels: Mapping[str, int], specialization: str, stage: str | None
) -> dict[str, int]:
    """The member's levels, with an unrated skill at the level expected at `stage` (0 when
    no stage is given)."""
    expected = catalog.specializations[specialization].targets[stage] if stage else {}
    return {s: levels.get(s, expected.get(s, 0)) for s in catalog.skills}


# The last plans built, by catalog and inputs: a member reading their plan again (the
# commonest command) rebuilds nothing. The catalog is held, so its id can't be reused.
_Key = tuple[int, str, str, str | None, tuple[tuple[str, int], ...]]
_BUILT: OrderedDict[_Key, tuple[Catalog, list[Step]]] = OrderedDict()
BUILT_KEPT = 256


def build_steps(
    catalog: Catalog,
    *,
    levels: Mapping[str, int],
    specialization: str,
    target_stage: str,
    stage: str | None = None,
) -> list[Step]:
    """Every one-level step from the member's levels to the targets, the path's core first
    (remembered for the last BUILT_KEPT inputs; the steps are frozen, the list a copy).

    An unrated skill counts at the level expected at the member's `stage`, when given.
    """
    key = (id(catalog), specialization, target_stage, stage, tuple(sorted(levels.items())))
    kept = _BUILT.get(key)
    if kept is not None and kept[0] is catalog:
        _BUILT.move_to_end(key)
        return list(kept[1])
    steps = _build_steps(
        catalog,
        levels=levels,
        specialization=specialization,
        target_stage=target_stage,
        stage=stage,
    )
    _BUILT[key] = (catalog, steps)
    if len(_BUILT) > BUILT_KEPT:
        _BUILT.popitem(last=False)
    return list(steps)


def _build_steps(
    catalog: Catalog,
    *,
    levels: Mapping[str, int],
    specialization: str,
    target_stage: str,
    stage: str | None = None,
) -> list[Step]:
    """Every one-level step from the member's levels to the targets, in the path's order.

    The core's steps go first, then those of the skills the core builds on, then the rest;
    within each, in rounds: every skill's next level before any skill's level after that.
    A step never comes before its skill's previous step, nor before the step to the same
    level of a prerequisite that holds at that level.
    """
    spec = catalog.specializations[specialization]
    targets = spec.targets[target_stage]
    start = assumed_levels(catalog, levels=levels, specialization=specialization, stage=stage)
    weight = weights(catalog, specialization)
    wanted = {(s, n) for s in catalog.skills for n in range(start[s] + 1, targets[s] + 1)}
    key = _step_key(catalog, core=spec.core, weight=weight, start=start, targets=targets)

    def needs(step: tuple[str, int]) -> set[tuple[str, int]]:
        skill, level = step
        before = {(p, level) for p in catalog.skills[skill].prerequisites_at(level)}
        return {s for s in before | {(skill, level - 1)} if s in wanted}

    waiting = {step: needs(step) for step in wanted}
    heap = [(key(step), step) for step, pre in waiting.items() if not pre]
    heapq.heapify(heap)
    role = role_phrase(catalog, stage=target_stage, specialization=specialization)
    expected = role_phrase(catalog, stage=stage, specialization=specialization) if stage else ""
    steps: list[Step] = []
    while heap:
        (skill, level) = done = heapq.heappop(heap)[1]
        reason = _reason(
            catalog,
            skill,
            rated=skill in levels,
            start=start[skill],
            target=targets[skill],
            role=role,
            expected=expected,
            core=weight[skill] is Weight.CORE,
        )
        steps.append(Step(skill, level - 1, level, targets[skill], reason))
        for other, pre in waiting.items():
            if done in pre:
                pre.discard(done)
                if not pre:
                    heapq.heappush(heap, (key(other), other))
    return steps


_StepKey = tuple[int, int, int, int, int, int, str]


def _step_key(
    catalog: Catalog,
    *,
    core: list[str],
    weight: Mapping[str, Weight],
    start: Mapping[str, int],
    targets: Mapping[str, int],
) -> Callable[[tuple[str, int]], _StepKey]:
    """How steps that are free to go compare: weight, round, core order, area, gap, pack."""
    core_rank = {skill: i for i, skill in enumerate(core)}
    area_rank = {area: i for i, area in enumerate(catalog.areas)}
    position = {skill: i for i, skill in enumerate(catalog.skills)}

    def key(step: tuple[str, int]) -> _StepKey:
        skill, level = step
        gap = targets[skill] - start[skill]
        rank = core_rank.get(skill, len(core_rank))
        area = area_rank[catalog.skills[skill].area]
        return (weight[skill], level, rank, area, -gap, position[skill], skill)

    return key


def _reason(
    catalog: Catalog,
    skill: str,
    *,
    rated: bool,
    start: int,
    target: int,
    role: str,
    expected: str,
    core: bool,
) -> str:
    if rated:
        where = f"You are at {start}"
    elif start and expected:
        where = (
            f"You have not rated it yet, so it counts at {start}, the level expected of {expected}"
        )
    else:
        where = "You have not rated it yet"
    if core:
        why = "; it is core to this path"
    else:
        prereq_of = [s.name for s in catalog.skills.values() if skill in s.prerequisites]
        why = f"; {catalog.skills[skill].name} underpins {prereq_of[0]}" if prereq_of else ""
    return f"{where}; {role} works at {target}{why}."


def role_phrase(catalog: Catalog, *, stage: str, specialization: str) -> str:
    """'a mid-level MLOps engineer' from a stage and a path."""
    adjective = re.sub(r"\s*ai engineer$", "", catalog.stages[stage].name, flags=re.I).lower()
    noun = re.sub(r"\s*\(.*\)$", "", catalog.specializations[specialization].name)
    phrase = f"{adjective} {noun}".strip()
    return f"{_article(phrase)} {phrase}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
