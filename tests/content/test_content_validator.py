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


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    """An empty pack folder to lay over the shipped one."""
    root = tmp_path / "acme"
    root.mkdir()
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


# One broken field each: (file, edit, where the problem is, what it says).
ONE_BROKEN_FIELD = [
    pytest.param(
        "skills/llm-apps.yaml",
        lambda d: d["skills"][0]["prerequisites_from_level"].update({"deep-learning": 3}),
        "skills[0].prerequisites_from_level.deep-learning",
        "'deep-learning' is not one of this skill's prerequisites",
        id="later-prerequisite-not-a-prerequisite",
    ),
    pytest.param(
        "specializations.yaml",
        lambda d: d["specializations"][1]["targets"]["mid"].pop("cloud"),
        "specializations[1].targets.mid",
        "no target level for skill 'cloud'",
        id="specialization-missing-a-skill",
    ),
    pytest.param(
        "specializations.yaml",
        lambda d: d["specializations"][0]["targets"].pop("senior"),
        "specializations[0].targets",
        "no targets for stage 'senior'",
        id="specialization-missing-a-stage",
    ),
    pytest.param(
        "skills/statistics.yaml",
        lambda d: d.update(challenges=[c for c in d["challenges"] if c["level"] != 3]),
        "skills[0]",
        "level 3 has 0 challenge(s); at least 3",
        id="skill-missing-a-levels-challenges",
    ),
    pytest.param(
        "skills/cloud.yaml",
        lambda d: d.update(tips=d["tips"][:2]),
        "skills[0]",
        "has 2 reading tip(s); at least 4",
        id="skill-with-too-few-tips",
    ),
]


@pytest.mark.parametrize(("file", "change", "path", "reason"), ONE_BROKEN_FIELD)
def test_one_broken_field_is_named(
    pack: Path, file: str, change: Callable[[Data], None], path: str, reason: str
) -> None:
    edit(pack / file, change)
    find(problems(pack), file=file, path=path, reason=reason)


@pytest.mark.parametrize(
    ("url", "reason"), [("htp:/mlflow", "URL"), ("https://localhost/x", "real host name")]
)
def test_a_bad_tip_url(pack: Path, url: str, reason: str) -> None:
    edit(pack / "skills/mlops.yaml", lambda d: d["tips"][1].update(url=url))
    find(problems(pack), file="skills/mlops.yaml", path="tips[1].url", reason=reason)


def test_unknown_core_skill_of_a_path(pack: Path) -> None:
    def lead(d: Data) -> None:
        spec = next(s for s in d["specializations"] if s["id"] == "llm-application-engineer")
        spec["core"].append("llm-app")

    edit(pack / "specializations.yaml", lead)
    p = find(
        problems(pack),
        file="specializations.yaml",
        path="specializations[6].core[5]",
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


def test_specialization_with_an_unknown_stage_and_a_bad_level(pack: Path) -> None:
    def change(d: Data) -> None:
        targets = d["specializations"][0]["targets"]
        targets["staff"] = dict(targets["senior"])
        d["specializations"][1]["targets"]["mid"]["python"] = 7

    edit(pack / "specializations.yaml", change)
    found = problems(pack)
    for path, reason in (
        ("specializations[0].targets.staff", "unknown stage 'staff'"),
        ("specializations[1].targets.mid.python", "less than or equal to 4"),
    ):
        find(found, file="specializations.yaml", path=path, reason=reason)


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
    industries = yaml.safe_load((pack / "industries.yaml").read_text())["industries"]
    quantum = len(industries[0]["skills"]) - 1
    for file, path, reason in (
        ("industries.yaml", f"industries[0].skills[{quantum}]", "unknown skill 'quantum'"),
        ("growth.yaml", "growth[0].id", "not a valid id"),
        ("skills/deep-learning.yaml", "challenges[0].skill", "did you mean 'deep-learning'"),
    ):
        find(found, file=file, path=path, reason=reason)


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


def test_an_overlay_overrides_by_id_and_adds_entries(overlay: Path) -> None:
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


def test_an_overlay_adding_a_stage_must_give_every_path_targets(overlay: Path) -> None:
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
