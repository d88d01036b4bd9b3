"""Plans lead with the path's core, and an unrated skill counts at the member's stage."""

from __future__ import annotations

from bot.domain.planning import Weight, build_steps, weights
from content import Catalog

# The review's mid-level ML engineer: every skill rated at what a mid-level ML engineer
# is expected to know, except the path's own gaps.
GAPS = {"machine-learning": 3, "model-evaluation": 2, "mlops": 2, "monitoring": 1}


def _rated_mid_ml_engineer(catalog: Catalog) -> dict[str, int]:
    return {**catalog.specializations["ml-engineer"].targets["mid"], **GAPS}


def test_a_rated_mid_ml_engineer_starts_with_the_paths_core(catalog: Catalog) -> None:
    core = set(catalog.specializations["ml-engineer"].core)
    assert {"machine-learning", "model-evaluation", "mlops", "monitoring"} <= core
    steps = build_steps(
        catalog,
        levels=_rated_mid_ml_engineer(catalog),
        specialization="ml-engineer",
        target_stage="senior",
        stage="mid",
    )
    assert [s.skill for s in steps[:6] if s.skill not in core] == []
    assert ("machine-learning", 3, 4) in [(s.skill, s.from_level, s.to_level) for s in steps[:6]]


def test_after_the_core_come_its_prerequisites_then_the_rest(catalog: Catalog) -> None:
    weight = weights(catalog, "ml-engineer")
    steps = build_steps(
        catalog,
        levels=_rated_mid_ml_engineer(catalog),
        specialization="ml-engineer",
        target_stage="senior",
        stage="mid",
    )
    order = [weight[s.skill] for s in steps]
    assert order == sorted(order)
    assert Weight.PREREQUISITE in order and Weight.REST in order


def test_an_unrated_mid_member_starts_at_the_mid_level(catalog: Catalog) -> None:
    mid = catalog.specializations["ml-engineer"].targets["mid"]
    steps = build_steps(
        catalog, levels={}, specialization="ml-engineer", target_stage="senior", stage="mid"
    )
    first = steps[0]
    assert first.from_level == mid[first.skill] > 0
    assert all(s.from_level >= mid[s.skill] for s in steps)
    assert first.reason.startswith("You have not rated it yet, so it counts at")
    assert "the level expected of a mid-level Machine learning engineer" in first.reason


def test_a_rating_below_the_stage_level_is_taken_as_given(catalog: Catalog) -> None:
    steps = build_steps(
        catalog,
        levels={"machine-learning": 1},
        specialization="ml-engineer",
        target_stage="senior",
        stage="mid",
    )
    ml = [(s.from_level, s.to_level) for s in steps if s.skill == "machine-learning"]
    assert ml == [(1, 2), (2, 3), (3, 4)]
    assert steps[0].reason.startswith("You are at 1")


def test_the_plan_cache_keys_on_the_stage(catalog: Catalog) -> None:
    path, to = "ml-engineer", "senior"
    from_mid = build_steps(catalog, levels={}, specialization=path, target_stage=to, stage="mid")
    from_junior = build_steps(
        catalog, levels={}, specialization=path, target_stage=to, stage="junior"
    )
    assert len(from_junior) > len(from_mid)


def test_a_step_never_comes_before_its_prerequisite_at_that_level(catalog: Catalog) -> None:
    for path in catalog.specializations:
        for stage in catalog.stages:
            steps = build_steps(catalog, levels={}, specialization=path, target_stage=stage)
            seen: set[tuple[str, int]] = set()
            wanted = {(s.skill, s.to_level) for s in steps}
            for step in steps:
                for pre in catalog.skills[step.skill].prerequisites_at(step.to_level):
                    if (pre, step.to_level) in wanted:
                        assert (pre, step.to_level) in seen, (path, stage, step)
                seen.add((step.skill, step.to_level))
