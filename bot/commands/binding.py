"""Check and convert a command's raw arguments using its spec and the catalog."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.commands.matching import Candidate, normalize, resolve
from bot.commands.registry import Arg, ArgKind, CommandSpec, Registry
from bot.core.errors import UserError
from content.schema import Catalog


def bind(
    spec: CommandSpec, raw: Mapping[str, str], *, catalog: Catalog, registry: Registry
) -> dict[str, Any]:
    """Return the checked arguments of `spec`, or raise UserError saying what to type."""
    known = {a.name for a in spec.args}
    unknown = sorted(set(raw) - known)
    if unknown:
        names = ", ".join(f"`{a.name}`" for a in spec.args) or "none"
        raise UserError(
            f"`{spec.name}` has no argument called `{unknown[0]}` (it takes: {names}).",
            hint=f"Usage: `{spec.usage}`.",
        )
    out: dict[str, Any] = {}
    for arg in spec.args:
        value = raw.get(arg.name)
        if value is None or not value.strip():
            if arg.required:
                raise UserError(
                    f"`{spec.name}` needs {arg.name} ({arg.help}).",
                    hint=f"Usage: `{spec.usage}`.",
                )
            continue
        out[arg.name] = convert(arg, value.strip(), spec=spec, catalog=catalog, registry=registry)
    return out


def convert(
    arg: Arg, value: str, *, spec: CommandSpec, catalog: Catalog, registry: Registry
) -> Any:
    """Convert one raw value according to its argument kind."""
    match arg.kind:
        case ArgKind.TEXT | ArgKind.WORD:
            return value
        case ArgKind.INT:
            return _to_int(arg, value, spec)
        case ArgKind.CHOICE:
            candidates = [
                Candidate(key=c.value, label=c.value, names=(c.label, *c.aliases))
                for c in arg.choices
            ]
            return resolve(value, candidates, kind=arg.name, list_command=f"help {spec.name}")
        case ArgKind.SKILL:
            return resolve_skill(value, catalog)
        case ArgKind.STAGE:
            return resolve_stage(value, catalog)
        case ArgKind.PATH:
            return resolve_path(value, catalog)
        case ArgKind.INDUSTRY:
            return resolve_industry(value, catalog)
        case ArgKind.COMMAND:
            words = tuple(normalize(w) for w in value.split())
            names = {s.name: s for s in registry.all()}
            candidates = [
                Candidate(key=s.name, label=s.name, names=s.aliases) for s in names.values()
            ]
            return resolve(" ".join(words), candidates, kind="command", list_command="help")
    raise AssertionError(arg.kind)  # pragma: no cover


def _to_int(arg: Arg, value: str, spec: CommandSpec) -> int:
    span = ""
    if arg.minimum is not None and arg.maximum is not None:
        span = f" from {arg.minimum} to {arg.maximum}"
    try:
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", value.strip()):
            raise ValueError(value)  # only 0-9: int() would also read ², ٣ or 1_000
        number = int(value)
    except ValueError:
        raise UserError(
            f"{arg.name} must be a whole number{span}; `{value}` is not.",
            hint=f"Usage: `{spec.usage}`.",
        ) from None
    too_low = arg.minimum is not None and number < arg.minimum
    too_high = arg.maximum is not None and number > arg.maximum
    if too_low or too_high:
        raise UserError(
            f"{arg.name} must be a whole number{span}; {number} is out of range.",
            hint=f"Usage: `{spec.usage}`.",
        )
    return number


def skill_candidates(catalog: Catalog) -> list[Candidate[str]]:
    """Every skill as a match candidate (id, name and aliases)."""
    return [Candidate(s.id, s.id, (s.name, *s.aliases)) for s in catalog.skills.values()]


def stage_candidates(catalog: Catalog) -> list[Candidate[str]]:
    """Every stage as a match candidate."""
    return [Candidate(s.id, s.id, (s.name, *s.aliases)) for s in catalog.stages.values()]


def path_candidates(catalog: Catalog) -> list[Candidate[str]]:
    """Every specialization as a match candidate."""
    return [Candidate(s.id, s.id, (s.name, *s.aliases)) for s in catalog.specializations.values()]


def industry_candidates(catalog: Catalog) -> list[Candidate[str]]:
    """Every industry as a match candidate."""
    return [Candidate(i.id, i.id, (i.name, *i.aliases)) for i in catalog.industries.values()]


def resolve_skill(value: str, catalog: Catalog) -> str:
    """The id of the skill `value` names."""
    return resolve(value, skill_candidates(catalog), kind="skill", list_command="explore skills")


def resolve_stage(value: str, catalog: Catalog) -> str:
    """The id of the stage `value` names."""
    return resolve(value, stage_candidates(catalog), kind="stage", list_command="explore stages")


def resolve_path(value: str, catalog: Catalog) -> str:
    """The id of the specialization `value` names."""
    return resolve(value, path_candidates(catalog), kind="path", list_command="explore paths")


def resolve_industry(value: str, catalog: Catalog) -> str:
    """The id of the industry `value` names."""
    return resolve(
        value, industry_candidates(catalog), kind="industry", list_command="explore industries"
    )
