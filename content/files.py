"""Read a pack's YAML files safely: size, depth and encoding limits become Problems.

A broken or hostile pack is a reported problem, never a crash or a memory spike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from content.problems import Problem

# The built-in pack is ~0.2 MB in 20 files, 6 levels deep.
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PACK_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 12
MAX_NODES = 200_000


def display(path: Path) -> str:
    """`path` relative to the working folder when it is inside it (shorter to read)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def pack_files(root: Path) -> list[Path]:
    """The YAML files of a pack folder, in a stable order."""
    return sorted(p for p in root.rglob("*") if p.suffix in {".yaml", ".yml"})


def is_whole_pack(directory: Path) -> bool:
    """Whether a folder has its own `pack:` section (a whole pack, not an overlay).

    Files that cannot be read are passed over here: checking the pack reports them.
    """
    for file in pack_files(directory):
        data = read_yaml(file, display(file), [MAX_PACK_BYTES], [])
        if isinstance(data, dict) and "pack" in data:
            return True
    return False


def read_yaml(file: Path, name: str, budget: list[int], problems: list[Problem]) -> Any:
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
