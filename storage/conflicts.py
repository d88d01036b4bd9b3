"""Insert-if-absent in the dialect's own words, so a get-or-create never races."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


async def insert_ignore(
    *, session: AsyncSession, table: type[SQLModel], values: dict[str, Any]
) -> None:
    """Insert one row unless a unique key already holds it (`ON CONFLICT DO NOTHING`).

    Two first contacts at the same moment both get the row: the loser's insert does
    nothing (on PostgreSQL it waits for the winner's commit), and the caller selects."""
    connection = await session.connection()
    dialect = connection.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table.__table__).values(**values).on_conflict_do_nothing()  # type: ignore[attr-defined]
    await connection.execute(statement)
