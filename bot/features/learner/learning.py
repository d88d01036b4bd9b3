"""Learner use cases: keep the plan in step with ratings, pick challenges and tips."""

from __future__ import annotations

import zlib
from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.domain.planning import Step, build_steps, skill_order, target_stage_for
from bot.nudging.weeks import period
from content.schema import Catalog, Challenge, Tip
from storage import learning as repo
from storage.tables import ChallengeAssignment, Plan, PlanItem, Profile

RECENT_TIPS = 5


def _key(item: PlanItem) -> tuple[str, int]:
    return item.skill, item.to_level


async def sync_plan(
    *,
    session: AsyncSession,
    catalog: Catalog,
    member_id: int,
    profile: Profile,
    now: datetime,
    fresh: bool = False,
) -> tuple[Plan, list[PlanItem]]:
    """The member's plan, brought up to date with their ratings, path and target.

    Steps reached are marked done (kept, so completion shows); steps no longer needed go;
    new gaps are added. A changed path or target stage, or `fresh`, starts a new plan.
    """
    levels = await repo.current_levels(session=session, member_id=member_id)
    target = target_stage_for(catalog, profile.stage, profile.target_stage)
    steps = build_steps(
        catalog,
        levels=levels,
        specialization=profile.specialization,
        target_stage=target,
        stage=profile.stage,
    )
    existing = await repo.active_plan(session=session, member_id=member_id)
    if (
        existing is None
        or fresh
        or existing[0].target_stage != target
        or existing[0].specialization != profile.specialization
    ):
        plan = Plan(
            member_id=member_id,
            specialization=profile.specialization,
            target_stage=target,
            created_at=now,
        )
        targets = catalog.specializations[profile.specialization].targets[target]
        items = _fresh_items(member_id, steps, targets, existing[1] if existing else [])
        return await repo.replace_plan(session=session, plan=plan, items=items)
    return await _update_plan(session, existing, steps, levels=levels, now=now)


def _fresh_items(
    member_id: int, steps: list[Step], targets: dict[str, int], before: list[PlanItem]
) -> list[PlanItem]:
    """A new plan's items: steps already reached that still lead to the new target stay
    done, so a new target or a refresh never drops the completion when no rating changed."""
    kept = [
        (i.skill, i.from_level, i.to_level, i.reason, i.done_at)
        for i in before
        if i.done_at is not None and targets.get(i.skill, 0) >= i.to_level
    ]
    rows = kept + [(s.skill, s.from_level, s.to_level, s.reason, None) for s in steps]
    return [
        PlanItem(
            plan_id=0,
            member_id=member_id,
            position=n,
            week=n + 1,
            skill=skill,
            from_level=low,
            to_level=high,
            reason=reason,
            done_at=done_at,
        )
        for n, (skill, low, high, reason, done_at) in enumerate(rows)
    ]


async def _update_plan(
    session: AsyncSession,
    existing: tuple[Plan, list[PlanItem]],
    steps: list[Step],
    *,
    levels: dict[str, int],
    now: datetime,
) -> tuple[Plan, list[PlanItem]]:
    """The same plan with reached steps marked done, unneeded ones gone, new gaps added.

    Every nudge syncs the plan and it rarely changes: only what differs is set, so an
    unchanged plan costs no attribute writes (each one is costly on a table model)."""
    plan, items = existing
    wanted = {(s.skill, s.to_level): s for s in steps}
    done: list[PlanItem] = []
    pending: dict[tuple[str, int], PlanItem] = {}
    for item in items:
        if levels.get(item.skill, 0) >= item.to_level:
            if item.done_at is None:
                item.done_at = now
            done.append(item)
        elif _key(item) in wanted:
            if item.done_at is not None:
                item.done_at = None
            pending[_key(item)] = item
        else:
            await session.delete(item)
    ordered = sorted(done, key=lambda i: (i.done_at or now, i.position))
    for key, step in wanted.items():
        found = pending.get(key)
        if found is None:
            found = PlanItem(
                plan_id=plan.id or 0,
                member_id=plan.member_id,
                position=0,
                week=0,
                skill=step.skill,
                from_level=step.from_level,
                to_level=step.to_level,
                reason=step.reason,
            )
            session.add(found)
        elif found.reason != step.reason:
            found.reason = step.reason
        ordered.append(found)
    for i, item in enumerate(ordered):
        if item.position != i or item.week != i + 1:
            item.position, item.week = i, i + 1
    await session.flush()
    return plan, ordered


def focus_item(items: list[PlanItem]) -> PlanItem | None:
    """The first step not yet reached."""
    return next((i for i in items if i.done_at is None), None)


async def focus_skill(
    *, session: AsyncSession, catalog: Catalog, member_id: int, profile: Profile, now: datetime
) -> str:
    """The skill to work on now: the plan's focus, else the first skill not yet at 4."""
    _, items = await sync_plan(
        session=session, catalog=catalog, member_id=member_id, profile=profile, now=now
    )
    item = focus_item(items)
    if item is not None:
        return item.skill
    levels = await repo.current_levels(session=session, member_id=member_id)
    order = skill_order(catalog)
    return next((s for s in order if levels.get(s, 0) < 4), order[0])


def challenge_level(levels: dict[str, int], skill: str) -> int:
    """The level to stretch toward: one above where the member is, at most 4."""
    return min(levels.get(skill, 0) + 1, 4)


async def new_assignment(
    *,
    session: AsyncSession,
    catalog: Catalog,
    member_id: int,
    profile: Profile,
    now: datetime,
    skill: str | None = None,
) -> ChallengeAssignment:
    """A new challenge for this week, one the member has not had if possible (not saved:
    the caller keeps it, see Learner.keep)."""
    skill = skill or await focus_skill(
        session=session, catalog=catalog, member_id=member_id, profile=profile, now=now
    )
    levels = await repo.current_levels(session=session, member_id=member_id)
    level = challenge_level(levels, skill)
    history = await repo.challenge_history(session=session, member_id=member_id)
    label = period(now, profile.timezone)
    pick = choose_challenge(
        catalog.challenges_for(skill, level), used=history, seed=f"{member_id}:{label}"
    )
    return ChallengeAssignment(
        member_id=member_id,
        challenge_id=pick.id,
        skill=skill,
        level=level,
        period=label,
        assigned_at=now,
    )


def choose_challenge(pool: list[Challenge], *, used: list[str], seed: str) -> Challenge:
    """A challenge never given before if any is left, else the one given longest ago.

    Among equals the choice is stable for a member and week (so a retry gives the same).
    """
    fresh = [c for c in pool if c.id not in used]
    if not fresh:
        last_seen = {cid: i for i, cid in enumerate(used)}
        oldest = min(last_seen.get(c.id, -1) for c in pool)
        fresh = [c for c in pool if last_seen.get(c.id, -1) == oldest]
    return fresh[zlib.crc32(seed.encode()) % len(fresh)]


def choose_tip(pool: list[Tip], *, level: int, recent: list[str]) -> Tip:
    """The tip nearest the member's level not given lately; else the one given longest ago."""
    fresh = [t for t in pool if t.id not in recent]
    if fresh:
        return min(fresh, key=lambda t: (abs(t.level - level), t.level, t.id))
    newest_first: dict[str, int] = {}
    for i, tip_id in enumerate(recent):
        newest_first.setdefault(tip_id, i)
    return max(pool, key=lambda t: (newest_first.get(t.id, len(recent)), -t.level))
