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
            # `from bot.features import teams` imports the module bot.features.teams (its
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
        "from bot.commands import registry\n"
        "if TYPE_CHECKING:\n"
        "    from bot.commands.services import Services\n"
        "def later() -> None:\n"
        "    import storage.tables\n"
        "    from .weeks import period_of\n",
        encoding="utf-8",
    )
    found = set(_targets("bot.nudging.probe", source))
    assert found == {
        "bot.commands.registry",
        "bot.commands.services",
        "storage.tables",
        "bot.nudging.weeks",
    }


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


def _inside(module: str, room: str) -> bool:
    return module == room or module.startswith(room + ".")


def test_the_core_imports_nothing_else_in_bot() -> None:
    """`bot.core` is the contract every adapter speaks: it leans on nothing else of ours."""
    found = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _inside(module, "bot.core")
        for target in targets
        if not _inside(target, "bot.core")
        and any(_inside(target, p) for p in ("bot", "adapters", "scheduler", "storage"))
    ]
    assert found == []


# What a domain module may take from storage: row shapes and the stored names, never a
# repository or a session.
DOMAIN_MAY_READ = ("storage.tables", "storage.kinds", "storage.types")
SESSION_MODULES = ("sqlalchemy.ext.asyncio", "sqlmodel.ext.asyncio")


def _external_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_the_domain_holds_no_storage_session() -> None:
    """Domain rules are pure over rows: no repository, no session, no database."""
    found = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _inside(module, "bot.domain")
        for target in targets
        if _inside(target, "storage") and target not in DOMAIN_MAY_READ
    ]
    found += [
        f"{module} imports {name}"
        for module, path in MODULES.items()
        if _inside(module, "bot.domain")
        for name in _external_imports(path)
        if any(_inside(name, s) for s in SESSION_MODULES)
    ]
    assert found == []


def _feature(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 3 and parts[:2] == ["bot", "features"] else None


def test_no_feature_imports_another_features_modules() -> None:
    """A feature leans on the core, commands, domain and nudging, never on another feature's
    handlers; only `bot.features.catalog` gathers them all."""
    found = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if _feature(module) is not None
        for target in targets
        if _feature(target) not in (None, _feature(module))
    ]
    assert found == []


def test_every_room_says_what_it_holds() -> None:
    """Each package under bot/ opens with a docstring whose first line, a sentence of its
    own, says what lives there."""
    missing = []
    for init in sorted((ROOT / "bot").rglob("__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        if not doc or not doc.splitlines()[0].rstrip().endswith("."):
            missing.append(str(init.relative_to(ROOT)))
    assert missing == []


def test_no_room_holds_more_than_15_modules() -> None:
    """A reader scans a room at a glance: at most 15 modules in any package of ours."""
    rooms: dict[Path, int] = {}
    for path in MODULES.values():
        if "migrations" not in path.parts and path.name != "__init__.py":
            rooms[path.parent] = rooms.get(path.parent, 0) + 1
    assert {str(room.relative_to(ROOT)): n for room, n in rooms.items() if n > 15} == {}


def test_every_import_in_bench_and_tests_resolves() -> None:
    """A benchmark imports its fakes and helpers from tests/, some only on a flag (the
    PostgreSQL run): a module moved in tests/ must not leave a script behind that breaks
    only when someone runs it. Every `from x import y` of ours, nested ones too, must find
    x and y."""
    import importlib

    missing = []
    for path in sorted([*(ROOT / "bench").glob("*.py"), *(ROOT / "tests").rglob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
                continue
            if node.module.split(".")[0] not in {
                "bot",
                "adapters",
                "scheduler",
                "storage",
                "content",
                "tests",
            }:
                continue
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                missing.append(f"{where} {node.module}")
                continue
            for alias in node.names:
                name = alias.name
                if name != "*" and not hasattr(module, name):
                    try:
                        importlib.import_module(f"{node.module}.{name}")
                    except ImportError:
                        missing.append(f"{where} {node.module}.{name}")
    assert missing == []


def test_no_test_module_imports_another() -> None:
    """Shared test helpers live in tests/support/ (or fixtures), never in a test module."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            for name in names:
                leaf = name.rpartition(".")[2]
                if name.startswith("tests.") and (leaf.startswith("test_") or leaf == "conftest"):
                    found.append(f"{path.relative_to(ROOT)} imports {name}")
    assert found == []


MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def _too_long() -> set[str]:
    found = set()
    for path in MODULES.values():
        if "migrations" in path.parts:
            continue
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        if len(source.splitlines()) > MAX_MODULE_LINES:
            found.add(name)
        for node in ast.walk(ast.parse(source, name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES:
                    found.add(f"{name}:{node.name}")
    return found


def test_modules_and_functions_stay_short() -> None:
    """No module over 300 lines (migrations aside) and no function over 60."""
    assert sorted(_too_long()) == [], "split these: a module over 300 lines, a function over 60"


def _layout_rooms() -> set[str]:
    """The folders the README's layout block names, as paths: `  core/` under `bot/` is
    `bot/core`; `adapters/  console/, slack/` names `adapters/console` and the rest."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Layout", 1)[1].split("```", 2)[1]
    rooms: set[str] = set()
    stack: list[tuple[int, str]] = []
    for line in block.splitlines():
        head = line.lstrip(" ")
        first = head.split(" ", 1)[0]
        if not first.endswith("/") or not first[:-1].isidentifier():
            continue
        depth = len(line) - len(head)
        stack = [(d, p) for d, p in stack if d < depth]
        path = "/".join([p for _, p in stack] + [first[:-1]])
        stack.append((depth, first[:-1]))
        rooms.add(path)
        if path == "adapters":
            rooms.update(f"adapters/{name}" for name in _named_subfolders(head))
    return rooms


def _named_subfolders(text: str) -> list[str]:
    words = text.replace("{", " ").replace("}", " ").replace(",", " ").split()
    return [w.rstrip("/") for w in words[1:] if w.endswith("/") and w[:-1].isidentifier()]


def test_the_readme_layout_names_every_room_of_bot_and_only_real_ones() -> None:
    packages = {
        str(init.parent.relative_to(ROOT))
        for top in ("bot", "adapters")
        for init in (ROOT / top).rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    named = _layout_rooms()
    assert sorted(p for p in named if not (ROOT / p).is_dir()) == [], "named, but not there"
    assert sorted(packages - named) == [], "packages the README's layout does not name"
