"""The shipped pack validates and holds every fact of the career guide, in the counts promised.

The rules for its wording and the LLM-era skills are in test_content_rules.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content import Catalog
from content.loader import BUILTIN_PACK

SKILLS = {
    "foundations": {"python", "statistics", "linear-algebra", "algorithms", "sql-data"},
    "core-ai": {
        "machine-learning",
        "deep-learning",
        "nlp-llms",
        "llm-apps",
        "agents",
        "llm-evaluation",
        "computer-vision",
        "model-evaluation",
    },
    "production": {
        "mlops",
        "cloud",
        "containers",
        "monitoring",
        "inference-serving",
        "ai-safety",
    },
    "delivery": {"communication"},
}
PATHS = {
    "ai-engineer",
    "ml-engineer",
    "deep-learning-engineer",
    "data-engineer",
    "mlops-engineer",
    "research-engineer",
    "llm-application-engineer",
}


def test_four_stages_with_their_year_ranges(catalog: Catalog) -> None:
    ladder = [(s.id, s.years.min, s.years.max) for s in catalog.ordered_stages()]
    assert ladder == [("junior", 0, 5), ("mid", 5, 8), ("senior", 8, 12), ("principal", 12, None)]
    for stage in catalog.stages.values():
        assert len(stage.responsibilities) >= 5 and stage.focus and stage.advice
    moves = " ".join(catalog.stages["principal"].moves_on_to)
    for role in ("Head of AI", "Director of Machine Learning", "Chief AI Officer"):
        assert role in moves


def test_skills_in_four_areas(catalog: Catalog) -> None:
    assert set(catalog.areas) == set(SKILLS)
    for area, ids in SKILLS.items():
        assert {s.id for s in catalog.skills.values() if s.area == area} == ids
    for skill in catalog.skills.values():
        assert set(skill.rubric) == {1, 2, 3, 4}
        assert len(skill.topics) >= 4


@pytest.mark.parametrize(
    ("skill", "topics"),
    [
        ("nlp-llms", ["transformer", "embedding", "fine-tun"]),
        ("llm-apps", ["retrieval", "prompt"]),  # the guide lists them under NLP; one home
        ("statistics", ["hypothesis", "distribution", "bayes", "significance"]),
        ("linear-algebra", ["matri", "eigen", "vector space", "dimensionality"]),
        ("algorithms", ["array", "tree", "graph", "sort", "dynamic programming"]),
        ("sql-data", ["sql", "optimi", "warehous", "pipeline"]),
        (
            "machine-learning",
            [
                "linear regression",
                "logistic regression",
                "random forest",
                "gradient boosting",
                "xgboost",
            ],
        ),
        ("model-evaluation", ["accuracy", "precision", "recall", "f1", "roc"]),
        ("mlops", ["versioning", "experiment tracking", "retraining", "ci/cd", "monitoring"]),
        ("cloud", ["aws", "azure", "google cloud", "bedrock", "vertex ai", "ai foundry"]),
        ("monitoring", ["data drift", "model drift", "latency", "resource", "prediction quality"]),
        ("computer-vision", ["facial", "medical", "inspection", "autonomous"]),
        ("python", ["pytorch", "tensorflow", "scikit-learn", "hugging face"]),
    ],
)
def test_every_topic_of_the_guide(catalog: Catalog, skill: str, topics: list[str]) -> None:
    text = " ".join(catalog.skills[skill].topics).lower()
    missing = [t for t in topics if t not in text]
    assert not missing, f"{skill} lacks {missing}"


def test_prerequisites_put_foundations_first(catalog: Catalog) -> None:
    assert catalog.skills["python"].prerequisites == []
    assert set(catalog.skills["machine-learning"].prerequisites) == {
        "python",
        "statistics",
        "linear-algebra",
    }
    assert catalog.skills["nlp-llms"].prerequisites == ["deep-learning"]


def test_seven_paths_with_a_target_for_every_skill_at_every_stage(catalog: Catalog) -> None:
    assert set(catalog.specializations) == PATHS
    for spec in catalog.specializations.values():
        assert set(spec.targets) == set(catalog.stages)
        ladder = [s.id for s in catalog.ordered_stages()]
        for skill in catalog.skills:
            levels = [spec.targets[stage][skill] for stage in ladder]
            assert levels == sorted(levels), f"{spec.id} target for {skill} goes down: {levels}"


def test_three_challenges_per_skill_per_level_and_four_tips(catalog: Catalog) -> None:
    for skill in catalog.skills:
        for level in (1, 2, 3, 4):
            challenges = catalog.challenges_for(skill, level)
            assert len(challenges) >= 3, (skill, level)
            for c in challenges:
                assert c.task and c.deliverable and 0 < c.hours <= 40
        tips = catalog.tips_for(skill)
        assert len(tips) >= 4, skill
        assert all(t.url.startswith("https://") for t in tips), skill


def test_industries_growth_pay_and_checkins(catalog: Catalog) -> None:
    main = {i.id for i in catalog.industries.values() if not i.growing}
    assert main == {"technology", "finance", "healthcare", "e-commerce", "automotive"}
    assert {i.id for i in catalog.industries.values() if i.growing} == {
        "education",
        "consulting",
        "media",
        "manufacturing",
    }
    for industry in catalog.industries.values():
        if not industry.growing:
            assert len(industry.use_cases) >= 3 and industry.skills
    assert [g.step for g in sorted(catalog.growth.values(), key=lambda g: g.step)] == list(
        range(1, 8)
    )
    assert set(catalog.pay_factors) == {"location", "industry", "company-size", "specialization"}
    statuses = [c.status for c in catalog.checkins.values()]
    for status in ("on-track", "slow", "blocked"):
        assert statuses.count(status) >= 3


def _pack_text() -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(Path(BUILTIN_PACK).rglob("*.yaml"))
    )


def test_no_salary_figures() -> None:
    text = _pack_text()
    money = re.findall(
        r"[$€£¥₹]\s?\d|\b(?:USD|EUR|GBP|INR|SGD|AUD)\b|\d\s?(?:k|K)\s?(?:/yr|a year|per year)", text
    )
    assert not money, money
    pay_words = re.compile(r"salar|compensation|\bpay\b|\bearns?\b", re.I)
    for line in text.splitlines():
        if pay_words.search(line):
            assert not re.search(r"\d", line), f"a pay line with a figure: {line.strip()}"


def test_roadmap_sh_is_only_linked() -> None:
    for line in _pack_text().splitlines():
        if "roadmap.sh" in line:
            assert re.search(r"https://roadmap\.sh/[a-z0-9-]+", line), line
