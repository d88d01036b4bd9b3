"""What makes the pack trustworthy week to week: a reading fits the week, each topic has
one home, no link is given twice and no id misleads."""

from __future__ import annotations

import re
from pathlib import Path

from content import Catalog

MAX_READING_MINUTES = 180  # a chapter, a lecture or a section: never a whole book
TASK_RUN = 6  # words in a row that two challenges of different skills may not share


def _runs(text: str, n: int = TASK_RUN) -> set[tuple[str, ...]]:
    ws = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(ws[i : i + n]) for i in range(len(ws) - n + 1)}


def test_the_runs_catch_what_they_look_for() -> None:
    assert _runs("prepare a talk of thirty minutes") & _runs("so prepare a talk of thirty minutes")
    assert not _runs("one two three four five")


def test_a_weeks_reading_takes_at_most_three_hours(catalog: Catalog) -> None:
    too_long = [f"{t.id}: {t.minutes} min" for t in catalog.tips.values() if t.minutes > 180]
    assert not too_long, too_long
    assert max(t.minutes for t in catalog.tips.values()) <= MAX_READING_MINUTES


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_one_home_per_topic_no_two_skills_share_a_challenge(catalog: Catalog) -> None:
    """Two skills' challenges never share a title or six words in a row of their task."""
    challenges = sorted(catalog.challenges.values(), key=lambda c: c.id)
    shared = []
    for i, one in enumerate(challenges):
        for other in challenges[i + 1 :]:
            if one.skill == other.skill:
                continue
            if _words(one.title) == _words(other.title):
                shared.append(f"{one.id} / {other.id}: same title")
            run = _runs(one.task) & _runs(other.task)
            if run:
                shared.append(f"{one.id} / {other.id}: '{' '.join(min(run))}'")
    assert not shared, shared


def test_no_link_is_given_twice(catalog: Catalog) -> None:
    seen: dict[str, str] = {}
    twice = []
    for tip in sorted(catalog.tips.values(), key=lambda t: t.id):
        url = str(tip.url).rstrip("/").lower()
        if url in seen:
            twice.append(f"{seen[url]} / {tip.id}: {url}")
        seen.setdefault(url, tip.id)
    assert not twice, twice


def test_no_skill_is_asked_of_the_general_track_beyond_every_specialist(
    catalog: Catalog,
) -> None:
    """The broad track asks no more of a skill than the paths that make it their core."""
    general = catalog.specializations["ai-engineer"]
    others = [s for s in catalog.specializations.values() if s.id != general.id]
    for stage, targets in general.targets.items():
        for skill, level in targets.items():
            ceiling = max(s.targets[stage][skill] for s in others)
            assert level <= ceiling, f"{stage} {skill}: general {level} > every path's {ceiling}"


def test_no_engine_in_maintenance_mode_is_offered_as_current(catalog: Catalog) -> None:
    """Text Generation Inference has been in maintenance mode since late 2025."""
    serving = catalog.skills["inference-serving"]
    text = " ".join([serving.summary, *serving.topics]).lower()
    for entry in [*catalog.challenges.values(), *catalog.tips.values()]:
        if entry.skill == "inference-serving":
            text += " " + entry.model_dump_json().lower()
    assert "text generation inference" not in text and "tgi" not in re.findall(r"[a-z]+", text)
    for engine in ("vllm", "sglang", "tensorrt-llm", "llama.cpp", "dynamo"):
        assert engine in text, engine


def test_links_follow_docs_that_moved(catalog: Catalog) -> None:
    moved = [t.id for t in catalog.tips.values() if "docs.anthropic.com" in str(t.url)]
    assert not moved, moved


UNSHOWABLE = re.compile(r"\b(teaches|can name|mentors|coaches|sets direction)\b", re.I)
SHOWABLE = re.compile(
    r"\b(writes?|publish\w*|records?|ships?|builds?|measures?|reports?|runs?|scores?|tests?|"
    r"computes?|logs?|plots?|leaves|applies|reviews?|shows?|benchmarks?|fine-tunes?|trains?|"
    r"serves?|deploys?|instruments?|solves?|creates?|calls?|explains?|designs?|defines?)\b",
    re.I,
)


def test_every_rubric_level_names_something_a_member_can_show(catalog: Catalog) -> None:
    """An artefact, a measurement or a decision written down; not a memory test or a title."""
    vague = []
    for skill in catalog.skills.values():
        for level, text in skill.rubric.items():
            if UNSHOWABLE.search(text) or not SHOWABLE.search(text):
                vague.append(f"{skill.id} {level}: {text}")
    assert not vague, vague


WAITS_ON_OTHERS = re.compile(
    r"\bagree targets\b|\battendees\b|\bgather past\b|\bcollect feedback\b|\bwin agreement\b"
    r"|\bpeople find their own\b",
    re.I,
)


def test_a_level_4_challenge_is_proved_alone_within_the_week(catalog: Catalog) -> None:
    """A workshop is prepared and given to whoever comes, or recorded; data can be public."""
    waiting = [
        c.id
        for c in catalog.challenges.values()
        if c.level >= 3 and WAITS_ON_OTHERS.search(f"{c.task} {c.deliverable}")
    ]
    assert not waiting, waiting
    assert all(c.hours <= 10 for c in catalog.challenges.values() if c.level == 4)


def test_the_readme_counts_what_the_pack_holds(catalog: Catalog) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Career content") :]
    said = re.search(
        r"(\d+) skills in 4 areas.*?(\d+) weekly challenges.*?(\d+) reading tips", section, re.S
    )
    assert said is not None
    held = (len(catalog.skills), len(catalog.challenges), len(catalog.tips))
    assert tuple(int(n) for n in said.groups()) == held
