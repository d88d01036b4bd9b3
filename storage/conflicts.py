"""Insert-if-absent in the dialect's own words, so a get-or-create never races."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession


def dialect_insert(dialect: str) -> Any:
    """The dialect's `insert` construct, the one that knows `on_conflict_do_*`."""
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


async def insert_ignore(
    *, session: AsyncSession, table: type[SQLModel], values: dict[str, Any]
) -> bool:
    """Insert one row unless a unique key already holds it (`ON CONFLICT DO NOTHING`);
    True if this call inserted it.

    Two first contacts at the same moment both get the row: the loser's insert does
    nothing (on PostgreSQL it waits for the winner's commit), and the caller selects."""
    connection = await session.connection()
    insert = dialect_insert(connection.dialect.name)
    table_ = table.__table__  # type: ignore[attr-defined]
    statement = insert(table_).values(**values).on_conflict_do_nothing()
    result = await connection.execute(statement)
    return bool(result.rowcount)
