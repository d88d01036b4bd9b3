"""The house plan's import rules, read from the source with `ast` (nothing is imported).

Every import counts, also those under `if TYPE_CHECKING:` and those inside a function:
a circle that only the type checker walks is still a circle a reader has to untangle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("adapters", "bot", "content", "scheduler", "storage")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }


MODULES = _sources()


def _resolve(name: str) -> str | None:
    """The most specific module of ours that `name` (a dotted import target) names."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _targets(module: str, path: Path) -> Iterator[str]:
    """The modules of ours that `module` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from bot.handlers import teams` imports the module bot.handlers.teams (its
            # package's __init__ runs too, but so it does for every submodule: not an edge).
            subs = [f"{base}.{alias.name}" for alias in node.names]
            names = subs if all(sub in MODULES for sub in subs) else [*subs, base]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None and target != module:
                yield target


def _graph() -> dict[str, set[str]]:
    return {module: set(_targets(module, path)) for module, path in MODULES.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each strongly connected group of two or more modules (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_the_walker_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The check can fail: a circle is found, and so are type-only and lazy imports."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    source = tmp_path / "probe.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "from bot import registry\n"
        "if TYPE_CHECKING:\n"
        "    from bot.services import Services\n"
        "def later() -> None:\n"
        "    import storage.tables\n"
        "    from .weeks import period_of\n",
        encoding="utf-8",
    )
    found = set(_targets("bot.probe", source))
    assert found == {"bot.registry", "bot.services", "storage.tables", "bot.weeks"}


def test_there_are_no_import_circles() -> None:
    """No group of our modules imports each other round in a circle."""
    assert _cycles(_graph()) == []


def _importers_of(package: str, *, under: str) -> list[str]:
    return sorted(
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if module == under or module.startswith(under + ".")
        for target in targets
        if target == package or target.startswith(package + ".")
    )


def test_no_adapter_imports_storage() -> None:
    """Adapters only translate: whatever they need from the database the core hands them."""
    assert _importers_of("storage", under="adapters") == []


@pytest.mark.parametrize("package", ["bot", "adapters", "scheduler"])
def test_storage_and_content_import_nothing_above_them(package: str) -> None:
    """Imports flow adapters -> bot -> (content, storage); never back up."""
    assert _importers_of(package, under="storage") == []
    assert _importers_of(package, under="content") == []


def test_only_the_cli_reaches_adapters_and_the_scheduler_from_the_core() -> None:
    """`bot/` never imports adapters/ or scheduler/, except the composition root."""
    found = [
        line
        for package in ("adapters", "scheduler")
        for line in _importers_of(package, under="bot")
        if not (line.startswith("bot.cli ") or line.startswith("bot.cli."))
    ]
    assert found == []
