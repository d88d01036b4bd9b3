"""the view log outlives a forgotten viewer; signed Slack requests kept against replays

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite rebuilds the table; the viewer becomes optional and is set NULL, not
    # cascaded, when the member row goes.
    with op.batch_alter_table("managerview", recreate="always") as batch:
        batch.alter_column("member_id", existing_type=sa.Integer(), nullable=True)
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint("managerview_member_id_fkey", "managerview", type_="foreignkey")
        op.create_foreign_key(
            "managerview_member_id_fkey",
            "managerview",
            "member",
            ["member_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "slackrequest",
        sa.Column("signature", sa.String(length=100), nullable=False),
        sa.Column("seen_at", storage.types.UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("signature"),
    )
    op.create_index("ix_slackrequest_seen_at", "slackrequest", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_slackrequest_seen_at", "slackrequest")
    op.drop_table("slackrequest")
    op.execute("DELETE FROM managerview WHERE member_id IS NULL")
    with op.batch_alter_table("managerview", recreate="always") as batch:
        batch.alter_column("member_id", existing_type=sa.Integer(), nullable=False)
