"""Launch day: many first contacts at once in new workspaces all get their row."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import select

from storage.db import Database
from storage.members import get_or_create_member
from storage.tables import Member, Workspace

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def test_concurrent_first_contact_in_new_workspaces(database_url: str) -> None:
    """24 first contacts, 8 in each of 3 new workspaces, give 24 members and 3 workspaces
    (on PostgreSQL the old select-then-insert raised UniqueViolation for most of them)."""

    async def scenario() -> tuple[list[BaseException | int], int, int]:
        db = Database.open(database_url)
        try:

            async def first_contact(team: str, user: str) -> int:
                async with db.transaction() as session:
                    member = await get_or_create_member(
                        session=session,
                        platform="slack",
                        workspace_external_id=team,
                        user_id=user,
                        display_name=user,
                        now=NOW,
                    )
                    assert member.id is not None
                    return member.id

            results = await asyncio.gather(
                *(
                    first_contact(f"T{team}", f"U{team}{person}")
                    for person in range(8)
                    for team in range(3)
                ),
                return_exceptions=True,
            )
            async with db.snapshot() as session:
                workspaces = (await session.exec(select(func.count()).select_from(Workspace))).one()
                members = (await session.exec(select(func.count()).select_from(Member))).one()
            return list(results), int(workspaces), int(members)
        finally:
            await db.close()

    results, workspaces, members = asyncio.run(scenario())
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    assert (workspaces, members) == (3, 24)
