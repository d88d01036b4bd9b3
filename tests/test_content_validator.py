"""Each validator rule rejects a broken copy of the shipped pack with the right message."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from content import PackError, Problem, load_catalog
from content.loader import BUILTIN_PACK

Data = dict[str, Any]


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(BUILTIN_PACK, root)
    return root


def edit(path: Path, change: Callable[[Data], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def problems(root: Path, *, builtin: bool = False) -> list[Problem]:
    with pytest.raises(PackError) as info:
        load_catalog([root], builtin=builtin)
    return info.value.problems


def find(found: list[Problem], *, file: str, path: str, reason: str) -> Problem:
    for problem in found:
        if file in problem.file and problem.path == path and reason in problem.reason:
            return problem
    listing = "\n".join(map(str, found))
    raise AssertionError(f"no problem {file}: {path}: {reason!r} among:\n{listing}")


def test_a_clean_copy_validates(pack: Path) -> None:
    assert load_catalog([pack], builtin=False).counts()["skills"] == 20


def test_a_later_prerequisite_must_be_a_prerequisite(pack: Path) -> None:
    edit(
        pack / "skills/llm-apps.yaml",
        lambda d: d["skills"][0]["prerequisites_from_level"].update({"deep-learning": 3}),
    )
    find(
        problems(pack),
        file="skills/llm-apps.yaml",
        path="skills[0].prerequisites_from_level.deep-learning",
        reason="'deep-learning' is not one of this skill's prerequisites",
    )


def test_unknown_skill_a_path_leads_with(pack: Path) -> None:
    def lead(d: Data) -> None:
        spec = next(s for s in d["specializations"] if s["id"] == "llm-application-engineer")
        spec["leads_with"].append("llm-app")

    edit(pack / "specializations.yaml", lead)
    p = find(
        problems(pack),
        file="specializations.yaml",
        path="specializations[6].leads_with[2]",
        reason="unknown skill 'llm-app'",
    )
    assert "did you mean 'llm-apps'" in p.reason


def test_unknown_prerequisite(pack: Path) -> None:
    edit(
        pack / "skills/machine-learning.yaml",
        lambda d: d["skills"][0]["prerequisites"].append("pyton"),
    )
    found = problems(pack)
    p = find(
        found,
        file="skills/machine-learning.yaml",
        path="skills[0].prerequisites[3]",
        reason="unknown skill 'pyton'",
    )
    assert "did you mean 'python'" in p.reason


def test_duplicate_id_within_a_pack(pack: Path) -> None:
    def dup(d: Data) -> None:
        d["challenges"].append(dict(d["challenges"][0]))

    edit(pack / "skills/python.yaml", dup)
    found = problems(pack)
    first_id = yaml.safe_load((pack / "skills/python.yaml").read_text())["challenges"][0]["id"]
    n = len(yaml.safe_load((pack / "skills/python.yaml").read_text())["challenges"]) - 1
    find(
        found,
        file="skills/python.yaml",
        path=f"challenges[{n}].id",
        reason=f"duplicate id '{first_id}'",
    )


def test_prerequisite_cycle(pack: Path) -> None:
    edit(
        pack / "skills/python.yaml", lambda d: d["skills"][0]["prerequisites"].append("monitoring")
    )
    found = problems(pack)
    p = find(
        found, file="skills/", path="skills[0].prerequisites", reason="prerequisites form a cycle"
    )
    assert "python" in p.reason and "monitoring" in p.reason


def test_specialization_missing_a_skill(pack: Path) -> None:
    edit(
        pack / "specializations.yaml",
        lambda d: d["specializations"][1]["targets"]["mid"].pop("cloud"),
    )
    found = problems(pack)
    find(
        found,
        file="specializations.yaml",
        path="specializations[1].targets.mid",
        reason="no target level for skill 'cloud'",
    )


def test_specialization_missing_a_stage(pack: Path) -> None:
    edit(pack / "specializations.yaml", lambda d: d["specializations"][0]["targets"].pop("senior"))
    found = problems(pack)
    find(
        found,
        file="specializations.yaml",
        path="specializations[0].targets",
        reason="no targets for stage 'senior'",
    )


def test_specialization_with_an_unknown_stage_and_a_bad_level(pack: Path) -> None:
    def change(d: Data) -> None:
        targets = d["specializations"][0]["targets"]
        targets["staff"] = dict(targets["senior"])
        d["specializations"][1]["targets"]["mid"]["python"] = 7

    edit(pack / "specializations.yaml", change)
    found = problems(pack)
    find(
        found,
        file="specializations.yaml",
        path="specializations[0].targets.staff",
        reason="unknown stage 'staff'",
    )
    find(
        found,
        file="specializations.yaml",
        path="specializations[1].targets.mid.python",
        reason="less than or equal to 4",
    )


def test_skill_missing_a_levels_challenges(pack: Path) -> None:
    edit(
        pack / "skills/statistics.yaml",
        lambda d: d.update(challenges=[c for c in d["challenges"] if c["level"] != 3]),
    )
    found = problems(pack)
    find(
        found,
        file="skills/statistics.yaml",
        path="skills[0]",
        reason="level 3 has 0 challenge(s); at least 3",
    )


def test_skill_with_too_few_tips(pack: Path) -> None:
    edit(pack / "skills/cloud.yaml", lambda d: d.update(tips=d["tips"][:2]))
    found = problems(pack)
    find(
        found, file="skills/cloud.yaml", path="skills[0]", reason="has 2 reading tip(s); at least 4"
    )


def test_malformed_url(pack: Path) -> None:
    edit(pack / "skills/mlops.yaml", lambda d: d["tips"][1].update(url="htp:/mlflow"))
    found = problems(pack)
    find(found, file="skills/mlops.yaml", path="tips[1].url", reason="URL")


def test_url_without_a_real_host(pack: Path) -> None:
    edit(pack / "skills/mlops.yaml", lambda d: d["tips"][0].update(url="https://localhost/x"))
    found = problems(pack)
    find(found, file="skills/mlops.yaml", path="tips[0].url", reason="real host name")


def test_missing_rubric_level_and_unknown_field(pack: Path) -> None:
    edit(pack / "skills/algorithms.yaml", lambda d: d["skills"][0]["rubric"].pop(2))
    edit(pack / "skills/cloud.yaml", lambda d: d["skills"][0].update(colour="blue"))
    found = problems(pack)
    find(found, file="skills/algorithms.yaml", path="skills[0].rubric", reason="level 2 is missing")
    find(found, file="skills/cloud.yaml", path="skills[0].colour", reason="Extra inputs")
    # An entry that fails validation still counts as known: no cascade of "unknown skill".
    assert not any("unknown skill 'cloud'" in p.reason for p in found)


def test_bad_id_and_unknown_references_elsewhere(pack: Path) -> None:
    edit(pack / "industries.yaml", lambda d: d["industries"][0]["skills"].append("quantum"))
    edit(pack / "growth.yaml", lambda d: d["growth"][0].update(id="Master_Python"))
    edit(
        pack / "skills/deep-learning.yaml",
        lambda d: d["challenges"][0].update(skill="deeplearning"),
    )
    found = problems(pack)
    find(
        found,
        file="industries.yaml",
        path="industries[0].skills["
        + str(
            len(yaml.safe_load((pack / "industries.yaml").read_text())["industries"][0]["skills"])
            - 1
        )
        + "]",
        reason="unknown skill 'quantum'",
    )
    find(found, file="growth.yaml", path="growth[0].id", reason="not a valid id")
    find(
        found,
        file="skills/deep-learning.yaml",
        path="challenges[0].skill",
        reason="did you mean 'deep-learning'",
    )


def test_unknown_section_and_broken_yaml(pack: Path) -> None:
    (pack / "extra.yaml").write_text("skils: []\n")
    (pack / "broken.yaml").write_text("stages: [\n  - id: x\n")
    found = problems(pack)
    find(found, file="extra.yaml", path="skils", reason="unknown section")
    find(found, file="broken.yaml", path="line 2", reason="not valid YAML")


def test_every_problem_is_reported_at_once(pack: Path) -> None:
    edit(pack / "skills/python.yaml", lambda d: d["tips"][0].update(url="nope"))
    edit(pack / "specializations.yaml", lambda d: d["specializations"][2]["targets"].pop("junior"))
    assert len(problems(pack)) >= 2


def test_an_overlay_overrides_by_id_and_adds_entries(tmp_path: Path) -> None:
    overlay = tmp_path / "acme"
    overlay.mkdir()
    base = load_catalog()
    python = base.skills["python"].model_dump(mode="json")
    python["name"] = "Python at Acme"
    extra_tip = base.tips_for("python")[0].model_dump(mode="json")
    extra_tip.update(
        id="python-tip-acme-style-guide",
        title="Acme's Python style guide",
        url="https://docs.python.org/3/tutorial/",
    )
    (overlay / "acme.yaml").write_text(yaml.safe_dump({"skills": [python], "tips": [extra_tip]}))
    catalog = load_catalog([overlay])
    assert catalog.skills["python"].name == "Python at Acme"
    assert len(catalog.tips_for("python")) == len(base.tips_for("python")) + 1


def test_an_overlay_adding_a_stage_must_give_every_path_targets(tmp_path: Path) -> None:
    overlay = tmp_path / "acme"
    overlay.mkdir()
    stage = load_catalog().stages["principal"].model_dump(mode="json")
    stage.update(id="distinguished", name="Distinguished engineer", rank=5, moves_on_to=[])
    (overlay / "ladder.yaml").write_text(yaml.safe_dump({"stages": [stage]}))
    found = problems(overlay, builtin=True)
    find(
        found,
        file="specializations.yaml",
        path="specializations[0].targets",
        reason="no targets for stage 'distinguished'",
    )


def test_missing_pack_folder(tmp_path: Path) -> None:
    found = problems(tmp_path / "nowhere")
    assert any("no such pack folder" in p.reason for p in found)
