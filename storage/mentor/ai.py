"""Repository: the AI mentor's switch per workspace, opt-outs and the daily ask count."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete
from sqlalchemy import select as sa_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.mentor.tables import AiOptOut, AiSwitch, AskCount, TeamSummaryRecord
from storage.tables import Checkin, Member


async def ai_switch(*, session: AsyncSession, workspace_id: int) -> AiSwitch | None:
    """The newest on/off an admin set for the workspace, or None (never set: off)."""
    found = await session.exec(
        select(AiSwitch)
        .where(AiSwitch.workspace_id == workspace_id)
        .order_by(col(AiSwitch.changed_at).desc(), col(AiSwitch.id).desc())
        .limit(1)
    )
    return found.first()


async def switch_ai(
    *, session: AsyncSession, workspace_id: int, enabled: bool, by: int, now: datetime
) -> AiSwitch:
    """Record that member `by` turned the mentor on or off for the workspace, now."""
    row = AiSwitch(workspace_id=workspace_id, enabled=enabled, changed_by=by, changed_at=now)
    session.add(row)
    await session.flush()
    return row


async def switcher_name(*, session: AsyncSession, switch: AiSwitch) -> str | None:
    """The display name of who set `switch`, or None once they were forgotten."""
    if switch.changed_by is None:
        return None
    member = await session.get(Member, switch.changed_by)
    return member.display_name if member else None


async def opted_out(*, session: AsyncSession, member_id: int) -> bool:
    """Whether the member said `mydata ai off`."""
    return await session.get(AiOptOut, member_id) is not None


async def set_opt_out(*, session: AsyncSession, member_id: int, off: bool, now: datetime) -> None:
    """Opt the member out of (off=True) or back into having their text sent to a model."""
    if not off:
        await session.exec(delete(AiOptOut).where(col(AiOptOut.member_id) == member_id))
        return
    if await session.get(AiOptOut, member_id) is None:
        session.add(AiOptOut(member_id=member_id, since=now))
        await session.flush()


async def opted_out_of(*, session: AsyncSession, member_ids: list[int]) -> set[int]:
    """Which of these members opted out."""
    if not member_ids:
        return set()
    found = await session.exec(
        select(AiOptOut.member_id).where(col(AiOptOut.member_id).in_(member_ids))
    )
    return {int(i) for i in found.all() if i is not None}


async def take_ask(*, session: AsyncSession, member_id: int, day: date, limit: int) -> bool:
    """Count one model question for the member on `day`; False (not counted) at the limit."""
    found = await session.exec(
        select(AskCount).where(AskCount.member_id == member_id, AskCount.day == day)
    )
    row = found.first() or AskCount(member_id=member_id, day=day, asks=0)
    if row.asks >= limit:
        return False
    row.asks += 1
    session.add(row)
    await session.flush()
    return True


async def record_summary(
    *,
    session: AsyncSession,
    team_id: int,
    period: str,
    model: str | None,
    prompt_version: str,
    source_ids: list[str],
    now: datetime,
) -> TeamSummaryRecord:
    """Keep what a team summary was written from (never its text): one row per month."""
    found = await session.exec(
        select(TeamSummaryRecord).where(
            TeamSummaryRecord.team_id == team_id, TeamSummaryRecord.period == period
        )
    )
    row = found.first() or TeamSummaryRecord(
        team_id=team_id, period=period, prompt_version="", written_at=now
    )
    row.model, row.prompt_version = model, prompt_version
    row.source_ids, row.written_at = ",".join(source_ids)[:20000], now
    session.add(row)
    await session.flush()
    return row


async def shared_checkins(
    *, session: AsyncSession, member_ids: list[int], since: datetime
) -> list[tuple[int, int, str, str, str | None]]:
    """Check-ins these members shared with their managers since `since`: (id, member id,
    period, status, note), oldest first. Private check-ins are never read here."""
    if not member_ids:
        return []
    statement = (
        sa_select(
            col(Checkin.id),
            col(Checkin.member_id),
            col(Checkin.period),
            col(Checkin.status),
            col(Checkin.note),
        )
        .where(
            col(Checkin.member_id).in_(member_ids),
            col(Checkin.shared).is_(True),
            col(Checkin.created_at) >= since,
        )
        .order_by(col(Checkin.created_at), col(Checkin.id))
    )
    connection = await session.connection()  # Core rows: no ORM bookkeeping per row
    found = await connection.execute(statement)
    return [(i or 0, m, p, s, n) for i, m, p, s, n in found.all()]
