"""Read pack folders, merge them, and validate the result into a Catalog.

Every problem is reported with the file, the path inside it and the reason; the loader
collects them all before failing so a pack author can fix everything in one pass.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from content.schema import LEVELS, SECTIONS, SINGLE_SECTIONS, Catalog

_log = logging.getLogger(__name__)

BUILTIN_PACK = Path(__file__).parent / "packs" / "ai-engineer"
MIN_CHALLENGES_PER_LEVEL = 3
MIN_TIPS_PER_SKILL = 4
# Limits a pack must keep, so a broken or hostile pack is a reported problem, not a crash
# or a memory spike (the built-in pack is ~0.2 MB in 20 files, 6 levels deep).
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PACK_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 12
MAX_NODES = 200_000


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack: where it is and why it is wrong."""

    file: str
    path: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.reason}"


class PackError(Exception):
    """A pack did not validate; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the content pack has {len(self.problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
class _Origin:
    file: str
    path: str


@dataclass
class _Merged:
    """Raw entries after layering packs, with where each one came from."""

    singles: dict[str, tuple[Any, _Origin]]
    entries: dict[str, dict[str, tuple[dict[str, Any], _Origin]]]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _read_pack(root: Path, merged: _Merged, problems: list[Problem]) -> None:
    if not root.is_dir():
        problems.append(Problem(_display(root), "", "no such pack folder"))
        return
    files = sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"})
    if not files:
        problems.append(Problem(_display(root), "", "the folder holds no .yaml files"))
    seen: dict[tuple[str, str], _Origin] = {}
    budget = [MAX_PACK_BYTES]
    for file in files:
        name = _display(file)
        data = _read_file(file, name, budget, problems)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, "", "the file must be a mapping of section names"))
            continue
        for section, value in data.items():
            if section in SINGLE_SECTIONS:
                merged.singles[section] = (value, _Origin(name, str(section)))
                continue
            if section not in SECTIONS:
                known = ", ".join(sorted([*SECTIONS, *SINGLE_SECTIONS]))
                problems.append(Problem(name, str(section), f"unknown section; known: {known}"))
                continue
            if not isinstance(value, list):
                problems.append(Problem(name, section, "must be a list of entries"))
                continue
            bucket = merged.entries.setdefault(section, {})
            for i, entry in enumerate(value):
                path = f"{section}[{i}]"
                if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                    problems.append(Problem(name, path, "each entry must be a mapping with an id"))
                    continue
                key = (section, entry["id"])
                if key in seen:
                    first = seen[key]
                    problems.append(
                        Problem(
                            name,
                            f"{path}.id",
                            f"duplicate id '{entry['id']}' (first at {first.file}: {first.path})",
                        )
                    )
                    continue
                seen[key] = _Origin(name, path)
                bucket[entry["id"]] = (entry, _Origin(name, path))


def _read_file(file: Path, name: str, budget: list[int], problems: list[Problem]) -> Any:
    """The file's YAML, or None with the reason added to `problems` (never an exception)."""
    try:
        if not file.is_file():
            problems.append(Problem(name, "", "not a file (a folder or a special file)"))
            return None
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(
                Problem(name, "", f"{size} bytes; a pack file may hold {MAX_FILE_BYTES} at most")
            )
            return None
        budget[0] -= size
        if budget[0] < 0:
            problems.append(
                Problem(name, "", f"the pack is over {MAX_PACK_BYTES} bytes in all; not read")
            )
            return None
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(name, "", f"not UTF-8 text (byte {exc.start} is {exc.object[exc.start]:#04x})")
        )
        return None
    except OSError as exc:
        problems.append(
            Problem(name, "", f"can't be read ({exc.strerror or exc.__class__.__name__})")
        )
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        problems.append(Problem(name, where, f"not valid YAML ({exc.__class__.__name__})"))
        return None
    except RecursionError:
        problems.append(Problem(name, "", f"nested too deeply (at most {MAX_DEPTH} levels)"))
        return None
    shape = _too_big(data)
    if shape:
        problems.append(Problem(name, "", shape))
        return None
    return data


def _too_big(data: Any) -> str | None:
    """Why a loaded document is too deep or too large (aliases count every time), or None."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    nodes = 0
    while stack:
        value, depth = stack.pop()
        nodes += 1
        if depth > MAX_DEPTH:
            return f"nested too deeply (at most {MAX_DEPTH} levels)"
        if nodes > MAX_NODES:
            return f"too many values (at most {MAX_NODES}, counting repeated aliases)"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) and out else f".{part}" if out else str(part)
    return out


def _validate(
    model: type[BaseModel], raw: Any, origin: _Origin, problems: list[Problem]
) -> BaseModel | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            sub = _loc(err["loc"])
            path = f"{origin.path}.{sub}" if sub else origin.path
            problems.append(Problem(origin.file, path, err["msg"]))
        return None


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_catalog(
    dirs: Sequence[Path] | None = None,
    *,
    builtin: bool = True,
    min_challenges: int = MIN_CHALLENGES_PER_LEVEL,
    min_tips: int = MIN_TIPS_PER_SKILL,
) -> Catalog:
    """Load the built-in pack (unless `builtin` is False) layered with `dirs`, validated.

    Raises PackError listing every problem found.
    """
    roots = ([BUILTIN_PACK] if builtin else []) + list(dirs or [])
    merged = _Merged(singles={}, entries={})
    problems: list[Problem] = []
    for root in roots:
        _read_pack(Path(root), merged, problems)

    singles: dict[str, Any] = {}
    for section, model in SINGLE_SECTIONS.items():
        if section not in merged.singles:
            where = _display(Path(roots[-1])) if roots else "(no pack)"
            problems.append(Problem(where, section, f"the '{section}' section is missing"))
            continue
        raw, origin = merged.singles[section]
        singles[section] = _validate(model, raw, origin, problems)
    pack = singles.get("pack")
    if pack is not None:
        for level in LEVELS:
            if level not in pack.levels:
                origin = merged.singles["pack"][1]
                problems.append(Problem(origin.file, "pack.levels", f"level {level} has no name"))

    models: dict[str, dict[str, Any]] = {s: {} for s in SECTIONS}
    origins: dict[tuple[str, str], _Origin] = {}
    for section, model in SECTIONS.items():
        for entry_id, (raw, origin) in merged.entries.get(section, {}).items():
            origins[(section, entry_id)] = origin
            valid = _validate(model, raw, origin, problems)
            if valid is not None:
                models[section][entry_id] = valid

    known = {section: set(entries) for section, entries in merged.entries.items()}
    _check_references(models, known, origins, problems, min_challenges, min_tips)
    if problems:
        raise PackError(sorted(set(problems)))
    models["skills"] = _ordered_skills(models["skills"], list(models["areas"]))
    catalog = Catalog(**singles, **models)
    _log.info("content loaded: %s", catalog.counts())
    return catalog


def _check_references(
    models: dict[str, dict[str, Any]],
    known: dict[str, set[str]],
    origins: dict[tuple[str, str], _Origin],
    problems: list[Problem],
    min_challenges: int,
    min_tips: int,
) -> None:
    def report(section: str, entry_id: str, sub: str, reason: str) -> None:
        origin = origins[(section, entry_id)]
        problems.append(Problem(origin.file, f"{origin.path}{sub}", reason))

    # References are checked against every id present, valid or not, so one broken entry
    # is reported once rather than as a cascade of "unknown id" problems.
    skills = known.get("skills", set())
    stages = known.get("stages", set())
    areas = known.get("areas", set())
    for name in ("skills", "stages", "specializations"):
        if not known.get(name):
            problems.append(Problem("(pack)", name, f"the pack defines no {name}"))

    for sid, skill in models["skills"].items():
        if skill.area not in areas:
            report(
                "skills", sid, ".area", f"unknown area '{skill.area}'{_suggest(skill.area, areas)}"
            )
        for i, pre in enumerate(skill.prerequisites):
            if pre not in skills:
                report(
                    "skills",
                    sid,
                    f".prerequisites[{i}]",
                    f"unknown skill '{pre}'{_suggest(pre, skills)}",
                )
        for pre in skill.prerequisites_from_level:
            if pre not in skill.prerequisites:
                report(
                    "skills",
                    sid,
                    f".prerequisites_from_level.{pre}",
                    f"'{pre}' is not one of this skill's prerequisites",
                )
        for level in LEVELS:
            if level not in skill.rubric:
                report("skills", sid, ".rubric", f"level {level} is missing from the rubric")
    for cycle in _cycles({sid: s.prerequisites for sid, s in models["skills"].items()}):
        report(
            "skills",
            cycle[0],
            ".prerequisites",
            "prerequisites form a cycle: " + " -> ".join([*cycle, cycle[0]]),
        )

    ranks: dict[int, str] = {}
    for stage_id, stage in models["stages"].items():
        if stage.rank in ranks:
            report(
                "stages",
                stage_id,
                ".rank",
                f"rank {stage.rank} is also used by '{ranks[stage.rank]}'",
            )
        ranks[stage.rank] = stage_id

    for spec_id, spec in models["specializations"].items():
        for i, skill_id in enumerate(spec.leads_with):
            if skill_id not in skills:
                report(
                    "specializations",
                    spec_id,
                    f".leads_with[{i}]",
                    f"unknown skill '{skill_id}'{_suggest(skill_id, skills)}",
                )
        for stage_id, targets in spec.targets.items():
            if stage_id not in stages:
                report(
                    "specializations",
                    spec_id,
                    f".targets.{stage_id}",
                    f"unknown stage '{stage_id}'{_suggest(stage_id, stages)}",
                )
                continue
            for skill_id in targets:
                if skill_id not in skills:
                    report(
                        "specializations",
                        spec_id,
                        f".targets.{stage_id}.{skill_id}",
                        f"unknown skill '{skill_id}'{_suggest(skill_id, skills)}",
                    )
            for skill_id in skills:
                if skill_id not in targets:
                    report(
                        "specializations",
                        spec_id,
                        f".targets.{stage_id}",
                        f"no target level for skill '{skill_id}'",
                    )
        for stage_id in stages:
            if stage_id not in spec.targets:
                report("specializations", spec_id, ".targets", f"no targets for stage '{stage_id}'")

    for section in ("challenges", "tips"):
        for entry_id, entry in models[section].items():
            if entry.skill not in skills:
                report(
                    section,
                    entry_id,
                    ".skill",
                    f"unknown skill '{entry.skill}'{_suggest(entry.skill, skills)}",
                )
    for section in ("industries", "growth"):
        for entry_id, entry in models[section].items():
            for i, skill_id in enumerate(entry.skills):
                if skill_id not in skills:
                    report(
                        section,
                        entry_id,
                        f".skills[{i}]",
                        f"unknown skill '{skill_id}'{_suggest(skill_id, skills)}",
                    )

    for sid in models["skills"]:
        for level in LEVELS:
            n = sum(1 for c in models["challenges"].values() if c.skill == sid and c.level == level)
            if n < min_challenges:
                report(
                    "skills",
                    sid,
                    "",
                    f"level {level} has {n} challenge(s); at least {min_challenges} are needed",
                )
        n = sum(1 for t in models["tips"].values() if t.skill == sid)
        if n < min_tips:
            report("skills", sid, "", f"has {n} reading tip(s); at least {min_tips} are needed")


def _ordered_skills(skills: dict[str, Any], areas: list[str]) -> dict[str, Any]:
    """Skills by area, and within an area prerequisites before the skills built on them."""
    placed: dict[str, Any] = {}

    def place(sid: str) -> None:
        if sid in placed:
            return
        for pre in skills[sid].prerequisites:
            if skills[pre].area == skills[sid].area:
                place(pre)
        placed[sid] = skills[sid]

    for area in areas:
        for sid in skills:
            if skills[sid].area == area:
                place(sid)
    return placed


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each prerequisite cycle once, starting from its smallest id."""
    found: dict[tuple[str, ...], list[str]] = {}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = stack[stack.index(nxt) :]
                start = cycle.index(min(cycle))
                rotated = cycle[start:] + cycle[:start]
                found.setdefault(tuple(rotated), rotated)
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return list(found.values())
