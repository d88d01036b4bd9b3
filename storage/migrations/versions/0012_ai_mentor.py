"""the AI mentor: the per-workspace switch, opt-outs, daily ask counts, team summaries

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aiswitch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("changed_by", sa.Integer(), nullable=True),
        sa.Column("changed_at", storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["changed_by"], ["member.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_aiswitch_workspace_id", "aiswitch", ["workspace_id"])
    op.create_table(
        "aioptout",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("since", storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("member_id"),
    )
    op.create_table(
        "askcount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("asks", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["member.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", "day"),
    )
    op.create_index("ix_askcount_member_id", "askcount", ["member_id"])
    op.create_table(
        "teamsummaryrecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=True),
        sa.Column("prompt_version", sa.String(length=20), nullable=False),
        sa.Column("source_ids", sa.String(length=20000), nullable=False),
        sa.Column("written_at", storage.types.UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("team_id", "period"),
    )
    op.create_index("ix_teamsummaryrecord_team_id", "teamsummaryrecord", ["team_id"])


def downgrade() -> None:
    op.drop_index("ix_teamsummaryrecord_team_id", table_name="teamsummaryrecord")
    op.drop_table("teamsummaryrecord")
    op.drop_index("ix_askcount_member_id", table_name="askcount")
    op.drop_table("askcount")
    op.drop_table("aioptout")
    op.drop_index("ix_aiswitch_workspace_id", table_name="aiswitch")
    op.drop_table("aiswitch")
