"""Read pack folders, merge them, and validate the result into a Catalog.

Every problem is reported with the file, the path inside it and the reason; the loader
collects them all before failing so a pack author can fix everything in one pass.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from content.files import MAX_PACK_BYTES, display, pack_files, read_yaml
from content.problems import Origin, PackError, Problem
from content.rules import check_references, ordered_skills
from content.schema import LEVELS, SECTIONS, SINGLE_SECTIONS, Catalog

_log = logging.getLogger(__name__)

BUILTIN_PACK = Path(__file__).parent / "packs" / "ai-engineer"
MIN_CHALLENGES_PER_LEVEL = 3
MIN_TIPS_PER_SKILL = 4


@dataclass
class _Merged:
    """Raw entries after layering packs, with where each one came from."""

    singles: dict[str, tuple[Any, Origin]]
    entries: dict[str, dict[str, tuple[dict[str, Any], Origin]]]


def _read_pack(root: Path, merged: _Merged, problems: list[Problem]) -> None:
    if not root.is_dir():
        problems.append(Problem(display(root), "", "no such pack folder"))
        return
    files = pack_files(root)
    if not files:
        problems.append(Problem(display(root), "", "the folder holds no .yaml files"))
    seen: dict[tuple[str, str], Origin] = {}
    budget = [MAX_PACK_BYTES]
    for file in files:
        name = display(file)
        data = read_yaml(file, name, budget, problems)
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(name, "", "the file must be a mapping of section names"))
            continue
        for section, value in data.items():
            if section in SINGLE_SECTIONS:
                merged.singles[section] = (value, Origin(name, str(section)))
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
                seen[key] = Origin(name, path)
                bucket[entry["id"]] = (entry, Origin(name, path))


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) and out else f".{part}" if out else str(part)
    return out


def _validate(
    model: type[BaseModel], raw: Any, origin: Origin, problems: list[Problem]
) -> BaseModel | None:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            sub = _loc(err["loc"])
            path = f"{origin.path}.{sub}" if sub else origin.path
            problems.append(Problem(origin.file, path, err["msg"]))
        return None


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
            where = display(Path(roots[-1])) if roots else "(no pack)"
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
    origins: dict[tuple[str, str], Origin] = {}
    for section, model in SECTIONS.items():
        for entry_id, (raw, origin) in merged.entries.get(section, {}).items():
            origins[(section, entry_id)] = origin
            valid = _validate(model, raw, origin, problems)
            if valid is not None:
                models[section][entry_id] = valid

    known = {section: set(entries) for section, entries in merged.entries.items()}
    check_references(models, known, origins, problems, min_challenges, min_tips)
    if problems:
        raise PackError(sorted(set(problems)))
    models["skills"] = ordered_skills(models["skills"], list(models["areas"]))
    catalog = Catalog(**singles, **models)
    _log.info("content loaded: %s", catalog.counts())
    return catalog
