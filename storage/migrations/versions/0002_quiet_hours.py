"""quiet hours on the profile

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("quiet_start", sa.String(length=5), nullable=True))
        batch.add_column(sa.Column("quiet_end", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("quiet_end")
        batch.drop_column("quiet_start")
