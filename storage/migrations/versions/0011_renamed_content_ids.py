"""content ids that now say what they hold: stored assignments and tip history follow

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# Old id -> new id. Frozen here (a migration never reads the live pack), so a later
# rename adds its own migration.
CHALLENGES = {
    "nlp-llms-l4-guardrails-standard": "nlp-llms-l4-model-choice-guide",
    "nlp-llms-l4-shared-retrieval": "nlp-llms-l4-fine-tuning-service",
    "nlp-llms-l4-red-team-day": "nlp-llms-l4-model-internals-talk",
}
TIPS = {
    "model-evaluation-tip-hf-evaluate": "model-evaluation-tip-sklearn-pitfalls",
    "statistics-tip-seeing-theory": "statistics-tip-nist-handbook",
}
_WHERE = (("challengeassignment", "challenge_id", CHALLENGES), ("tipdelivery", "tip_id", TIPS))


def _rename(*, backwards: bool) -> None:
    for table, column, names in _WHERE:
        rows = sa.table(table, sa.column(column, sa.String))
        for old, new in names.items():
            src, dst = (new, old) if backwards else (old, new)
            op.execute(rows.update().where(rows.c[column] == src).values({column: dst}))


def upgrade() -> None:
    _rename(backwards=False)


def downgrade() -> None:
    _rename(backwards=True)
