"""the schedule index (next due instant per member and kind), outbox claim counts, and a
note on a profile whose timezone is a fallback

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KINDS = ("challenge", "tip", "checkin", "checkin-reminder")
# The backfilled rows are due at a fixed instant long past, never at the wall clock of the
# migration: the first tick at any `now` (a `--now` before the upgrade included) then works
# out each member's real instant.
BACKFILL_DUE = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.create_table(
        "nudgeschedule",
        sa.Column(
            "member_id",
            sa.Integer(),
            sa.ForeignKey("member.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(length=20), primary_key=True),
        sa.Column("next_due", UtcDateTime(), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=True),
    )
    op.create_index("ix_nudgeschedule_next_due", "nudgeschedule", ["next_due"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claims", sa.Integer(), nullable=False, server_default="0"))
    # The unique (member_id, kind, period) index already serves look-ups by member; a
    # second one only slows down every tick's inserts.
    op.drop_index("ix_outbox_member_id", table_name="outbox")
    with op.batch_alter_table("profile") as batch:
        batch.add_column(sa.Column("timezone_note", sa.String(length=120), nullable=True))
    # Backfill: every member with nudges on gets a row per kind that is due at once (at
    # BACKFILL_DUE) with no period, so the first tick works out each real instant with the
    # calendar (which lives in the core, out of the storage layer's reach).
    table = sa.table(
        "nudgeschedule",
        sa.column("member_id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("next_due", UtcDateTime()),
        sa.column("period", sa.String()),
    )
    profile = sa.table("profile", sa.column("member_id"), sa.column("opted_out"))
    for kind in KINDS:
        chosen = sa.select(
            profile.c.member_id,
            sa.literal(kind, sa.String()),
            sa.literal(BACKFILL_DUE, UtcDateTime()),
            sa.null(),
        ).where(profile.c.opted_out == sa.false())
        op.execute(table.insert().from_select(["member_id", "kind", "next_due", "period"], chosen))


def downgrade() -> None:
    op.create_index("ix_outbox_member_id", "outbox", ["member_id"])
    with op.batch_alter_table("profile") as batch:
        batch.drop_column("timezone_note")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claims")
    op.drop_index("ix_nudgeschedule_next_due", table_name="nudgeschedule")
    op.drop_table("nudgeschedule")
