"""Learning plans: the gap between a member's levels and their path's targets, in order.

Pure functions over the catalog; storing the plan is the use case's job.
"""

from __future__ import annotations

import heapq
import re
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

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
    leads: Sequence[str] = (),
) -> list[str]:
    """Skills with every prerequisite that holds at `level` first.

    Among skills that are free to go next: a path's `leads` in their order, then
    foundations, then core AI, then production; within an area the larger `urgency`
    (e.g. the gap to target) first; then pack order.
    """
    area_rank = {area: i for i, area in enumerate(catalog.areas)}
    position = {skill: i for i, skill in enumerate(catalog.skills)}
    lead_rank = {skill: i for i, skill in enumerate(leads)}

    def key(skill: str) -> tuple[bool, int, int, int, int, str]:
        # A skill with nothing left to do goes as soon as it is free, so it never holds
        # back the skills built on it.
        gap = urgency.get(skill, 0) if urgency is not None else 1
        lead = lead_rank.get(skill, len(lead_rank))
        area = area_rank[catalog.skills[skill].area]
        return (gap > 0, lead, area, -gap, position[skill], skill)

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


# The last plans built, by catalog and inputs: a member reading their plan again (the
# commonest command) rebuilds nothing. The catalog is held, so its id can't be reused.
_BUILT: OrderedDict[tuple[int, str, str, tuple[tuple[str, int], ...]], tuple[Catalog, list[Step]]]
_BUILT = OrderedDict()
BUILT_KEPT = 256


def build_steps(
    catalog: Catalog,
    *,
    levels: Mapping[str, int],
    specialization: str,
    target_stage: str,
) -> list[Step]:
    """Every one-level step from the member's levels to the targets, prerequisites first
    (remembered for the last BUILT_KEPT inputs; the steps are frozen, the list a copy)."""
    key = (id(catalog), specialization, target_stage, tuple(sorted(levels.items())))
    kept = _BUILT.get(key)
    if kept is not None and kept[0] is catalog:
        _BUILT.move_to_end(key)
        return list(kept[1])
    steps = _build_steps(
        catalog, levels=levels, specialization=specialization, target_stage=target_stage
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
) -> list[Step]:
    """Every one-level step from the member's levels to the targets, prerequisites first.

    Steps go in rounds: every skill's next level (in prerequisite order) before any skill's
    level after that, so no foundation is left behind while a later skill races ahead.
    """
    spec = catalog.specializations[specialization]
    targets = spec.targets[target_stage]
    role = role_phrase(catalog, stage=target_stage, specialization=specialization)
    gaps = {skill: targets[skill] - levels.get(skill, 0) for skill in catalog.skills}
    steps: list[Step] = []
    for level in range(1, 5):
        order = skill_order(catalog, urgency=gaps, level=level, leads=spec.leads_with)
        for skill in order:
            current, target = levels.get(skill, 0), targets[skill]
            if current < level <= target:
                steps.append(
                    Step(
                        skill=skill,
                        from_level=level - 1,
                        to_level=level,
                        target=target,
                        reason=_reason(catalog, skill, current, target, role),
                    )
                )
    return steps


def _reason(catalog: Catalog, skill: str, current: int, target: int, role: str) -> str:
    where = "you have not rated it yet" if current == 0 else f"you are at {current}"
    prereq_of = [s.name for s in catalog.skills.values() if skill in s.prerequisites]
    why = f"; {catalog.skills[skill].name} underpins {prereq_of[0]}" if prereq_of else ""
    return f"{where.capitalize()}; {role} works at {target}{why}."


def role_phrase(catalog: Catalog, *, stage: str, specialization: str) -> str:
    """'a mid-level MLOps engineer' from a stage and a path."""
    adjective = re.sub(r"\s*ai engineer$", "", catalog.stages[stage].name, flags=re.I).lower()
    noun = re.sub(r"\s*\(.*\)$", "", catalog.specializations[specialization].name)
    phrase = f"{adjective} {noun}".strip()
    return f"{_article(phrase)} {phrase}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
