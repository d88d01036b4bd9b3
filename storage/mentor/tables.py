"""The AI mentor's tables (migration 0012). Prompts and model outputs are never stored."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.types import UtcDateTime


def _ref(table: str, *, ondelete: str = "CASCADE", **column: Any) -> Column[int]:
    """An integer column referring to `table`.id; `column` says nullable, index, primary_key."""
    return Column(Integer, ForeignKey(f"{table}.id", ondelete=ondelete), **column)


class AiSwitch(SQLModel, table=True):
    """An admin turned the AI mentor on or off for a workspace; the newest row counts."""

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: int = Field(sa_column=_ref("workspace", nullable=False, index=True))
    enabled: bool
    # Who switched it; None once they asked to be forgotten ("a former admin").
    changed_by: int | None = Field(
        default=None, sa_column=_ref("member", ondelete="SET NULL", nullable=True)
    )
    changed_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class AiOptOut(SQLModel, table=True):
    """A member who said `mydata ai off`: their text is never sent to a model."""

    member_id: int | None = Field(default=None, sa_column=_ref("member", primary_key=True))
    since: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class AskCount(SQLModel, table=True):
    """How many questions a member sent to the model on one UTC day (the daily limit)."""

    __table_args__ = (UniqueConstraint("member_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(sa_column=_ref("member", nullable=False, index=True))
    day: date
    asks: int = 0


class TeamSummaryRecord(SQLModel, table=True):
    """A team summary written: by which model (None: quoted), prompt version, source ids."""

    __table_args__ = (UniqueConstraint("team_id", "period"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(sa_column=_ref("team", nullable=False, index=True))
    period: str = Field(max_length=10)  # the month summarised, 2026-11
    model: str | None = Field(default=None, max_length=200)
    prompt_version: str = Field(max_length=20)
    source_ids: str = Field(default="", max_length=20000)  # comma-separated checkin:<id>
    written_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
