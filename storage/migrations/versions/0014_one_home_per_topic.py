"""one home per topic, and 2026's tools: stored assignments and tip history follow the pack

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Frozen here (a migration never reads the live pack); a later change adds its own.
#
# A rename: the entry kept its skill and level under an id that says what it holds now.
RENAMED_CHALLENGES: dict[str, str] = {
    # A written guide, not a live clinic.
    "algorithms-l4-performance-clinic": "algorithms-l4-slow-code-guide",
    # Anomaly detection on defect-free images, not a classifier.
    "computer-vision-l2-defect-classifier": "computer-vision-l2-defect-anomalies",
    # A teaching session on observability, not model training.
    "monitoring-l4-training": "monitoring-l4-observability-session",
}
RENAMED_TIPS: dict[str, str] = {
    # The page is the design FAQ on how lists and dicts are built, not a complexity table.
    "algorithms-tip-python-time-complexity": "algorithms-tip-cpython-lists-dicts",
    # Text Generation Inference is in maintenance mode; SGLang takes its place.
    "inference-serving-tip-tgi-docs": "inference-serving-tip-sglang-docs",
    # Hosted models on Azure live in AI Foundry; Azure ML is for custom training.
    "cloud-tip-azure-ml-overview": "cloud-tip-azure-ai-foundry",
}
# A fold: the entry is gone and its topic lives in an entry that already existed, often
# in another skill (nlp-llms keeps the model side; retrieval, extraction and evaluation
# live in llm-apps and llm-evaluation). Rows take the new home's skill and level too, so
# a member's history reads the same as the pack.
FOLDED_CHALLENGES: dict[str, tuple[str, str, int]] = {
    "nlp-llms-l1-embedding-search": ("llm-apps-l1-ask-your-docs", "llm-apps", 1),
    "nlp-llms-l1-prompt-test-set": ("llm-evaluation-l1-compare-prompts", "llm-evaluation", 1),
    "nlp-llms-l2-rag-assistant": ("llm-apps-l2-rag-with-citations", "llm-apps", 2),
    "nlp-llms-l2-structured-extraction": ("llm-apps-l2-validated-extraction", "llm-apps", 2),
    "nlp-llms-l3-prompt-rag-or-finetune": ("llm-apps-l3-prompt-rag-or-finetune", "llm-apps", 3),
    "nlp-llms-l3-eval-harness": ("llm-evaluation-l3-ci-gate", "llm-evaluation", 3),
    "nlp-llms-l3-failure-mode-review": ("llm-apps-l3-context-review", "llm-apps", 3),
    "model-evaluation-l3-llm-judge-validation": (
        "llm-evaluation-l2-judge-check",
        "llm-evaluation",
        2,
    ),
    "monitoring-l3-tracing": ("llm-evaluation-l2-tracing", "llm-evaluation", 2),
}
# A tip folded into the one tip left with the same link: the member has read that page.
FOLDED_TIPS: dict[str, tuple[str, str]] = {
    "python-tip-pytorch-basics": ("deep-learning-tip-pytorch-basics", "deep-learning"),
    "python-tip-tensorflow-tutorials": ("deep-learning-tip-tensorflow-tutorials", "deep-learning"),
    "python-tip-hf-transformers-docs": ("nlp-llms-tip-transformers-docs", "nlp-llms"),
    "linear-algebra-tip-lora-paper": ("nlp-llms-tip-lora-paper", "nlp-llms"),
    "nlp-llms-tip-rag-paper": ("llm-apps-tip-rag-paper", "llm-apps"),
    "model-evaluation-tip-helm-paper": ("llm-evaluation-tip-helm-paper", "llm-evaluation"),
    "machine-learning-tip-sklearn-pitfalls": (
        "model-evaluation-tip-sklearn-pitfalls",
        "model-evaluation",
    ),
    "statistics-tip-islr": ("machine-learning-tip-islp", "machine-learning"),
    "sql-data-tip-rules-of-ml": ("machine-learning-tip-rules-of-ml", "machine-learning"),
    "ai-safety-tip-model-cards-paper": (
        "model-evaluation-tip-model-cards-paper",
        "model-evaluation",
    ),
}

_ASSIGNMENTS = sa.table(
    "challengeassignment",
    sa.column("challenge_id", sa.String),
    sa.column("skill", sa.String),
    sa.column("level", sa.Integer),
)
_DELIVERIES = sa.table("tipdelivery", sa.column("tip_id", sa.String), sa.column("skill", sa.String))


def upgrade() -> None:
    a, d = _ASSIGNMENTS, _DELIVERIES
    for old, new in RENAMED_CHALLENGES.items():
        op.execute(a.update().where(a.c.challenge_id == old).values(challenge_id=new))
    for old, (new, skill, level) in FOLDED_CHALLENGES.items():
        op.execute(
            a.update()
            .where(a.c.challenge_id == old)
            .values(challenge_id=new, skill=skill, level=level)
        )
    for old, new in RENAMED_TIPS.items():
        op.execute(d.update().where(d.c.tip_id == old).values(tip_id=new))
    for old, (new, skill) in FOLDED_TIPS.items():
        op.execute(d.update().where(d.c.tip_id == old).values(tip_id=new, skill=skill))


def downgrade() -> None:
    """Renames go back; folds stay folded (their rows can't be told from the home's own)."""
    a, d = _ASSIGNMENTS, _DELIVERIES
    for old, new in RENAMED_CHALLENGES.items():
        op.execute(a.update().where(a.c.challenge_id == new).values(challenge_id=old))
    for old, new in RENAMED_TIPS.items():
        op.execute(d.update().where(d.c.tip_id == new).values(tip_id=old))
