"""Repository: ratings, plans, challenge assignments, tips given and check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.kinds import ChallengeStatus
from storage.tables import ChallengeAssignment, Checkin, Plan, PlanItem, SkillRating, TipDelivery


async def add_rating(
    *,
    session: AsyncSession,
    member_id: int,
    skill: str,
    level: int,
    now: datetime,
    source: str = "self",
    rated_by: int | None = None,
) -> SkillRating:
    """Record a rating; older ratings stay as history."""
    rating = SkillRating(
        member_id=member_id,
        skill=skill,
        level=level,
        source=source,
        rated_by=rated_by,
        rated_at=now,
    )
    session.add(rating)
    await session.flush()
    return rating


async def ratings(*, session: AsyncSession, member_id: int) -> Sequence[SkillRating]:
    """Every rating of a member, oldest first."""
    return (
        await session.exec(
            select(SkillRating)
            .where(SkillRating.member_id == member_id)
            .order_by(col(SkillRating.rated_at), col(SkillRating.id))
        )
    ).all()


async def current_levels(*, session: AsyncSession, member_id: int) -> dict[str, int]:
    """The newest rating per skill."""
    # Two columns, not rating objects: every nudge reads this, some twice.
    rows = (
        await session.exec(
            select(SkillRating.skill, SkillRating.level)
            .where(SkillRating.member_id == member_id)
            .order_by(col(SkillRating.rated_at), col(SkillRating.id))
        )
    ).all()
    return dict(rows)


async def active_plan(
    *, session: AsyncSession, member_id: int
) -> tuple[Plan, list[PlanItem]] | None:
    """The member's current plan and its items in order, or None (one query)."""
    rows = (
        await session.exec(
            select(Plan, PlanItem)
            .outerjoin(PlanItem, col(PlanItem.plan_id) == col(Plan.id))
            .where(Plan.member_id == member_id, col(Plan.active).is_(True))
            .order_by(col(Plan.id).desc(), col(PlanItem.position))
        )
    ).all()
    if not rows:
        return None
    plan = rows[0][0]
    return plan, [item for owner, item in rows if owner is plan and item is not None]


async def replace_plan(
    *, session: AsyncSession, plan: Plan, items: Sequence[PlanItem]
) -> tuple[Plan, list[PlanItem]]:
    """Retire the member's plans and store `plan` with `items` as the active one."""
    await session.exec(
        update(Plan).where(col(Plan.member_id) == plan.member_id).values(active=False)
    )
    session.add(plan)
    await session.flush()
    assert plan.id is not None
    stored = []
    for item in items:
        item.plan_id = plan.id
        session.add(item)
        stored.append(item)
    await session.flush()
    return plan, stored


async def assignment_for(
    *, session: AsyncSession, member_id: int, period: str
) -> ChallengeAssignment | None:
    """This period's live assignment (assigned or done), newest first."""
    live = select(ChallengeAssignment).where(
        ChallengeAssignment.member_id == member_id,
        ChallengeAssignment.period == period,
        col(ChallengeAssignment.status).in_(
            (ChallengeStatus.ASSIGNED, ChallengeStatus.DONE, ChallengeStatus.SKIPPED)
        ),
    )
    return (await session.exec(live.order_by(col(ChallengeAssignment.id).desc()))).first()


async def assignments(*, session: AsyncSession, member_id: int) -> Sequence[ChallengeAssignment]:
    """Every assignment of a member, oldest first."""
    return (
        await session.exec(
            select(ChallengeAssignment)
            .where(ChallengeAssignment.member_id == member_id)
            .order_by(col(ChallengeAssignment.id))
        )
    ).all()


async def challenge_history(*, session: AsyncSession, member_id: int) -> list[str]:
    """The ids of the challenges a member was given, oldest first."""
    return list(
        (
            await session.exec(
                select(ChallengeAssignment.challenge_id)
                .where(ChallengeAssignment.member_id == member_id)
                .order_by(col(ChallengeAssignment.id))
            )
        ).all()
    )


async def save(*, session: AsyncSession, row: ChallengeAssignment | Checkin) -> None:
    """Insert or update one row."""
    session.add(row)
    await session.flush()


async def recent_tips(*, session: AsyncSession, member_id: int, limit: int) -> list[str]:
    """Ids of the tips most recently given to a member, newest first."""
    rows = (
        await session.exec(
            select(TipDelivery.tip_id)
            .where(TipDelivery.member_id == member_id)
            .order_by(col(TipDelivery.id).desc())
            .limit(limit)
        )
    ).all()
    return list(rows)


async def checkins(*, session: AsyncSession, member_id: int) -> Sequence[Checkin]:
    """Every check-in of a member, oldest first."""
    return (
        await session.exec(
            select(Checkin).where(Checkin.member_id == member_id).order_by(col(Checkin.id))
        )
    ).all()


async def get_checkin(*, session: AsyncSession, checkin_id: int) -> Checkin | None:
    """One check-in by id."""
    return await session.get(Checkin, checkin_id)


async def checkin_for(*, session: AsyncSession, member_id: int, period: str) -> Checkin | None:
    """The member's check-in for a week (the newest, where older data holds several)."""
    that_week = select(Checkin).where(Checkin.member_id == member_id, Checkin.period == period)
    return (await session.exec(that_week.order_by(col(Checkin.id).desc()))).first()
