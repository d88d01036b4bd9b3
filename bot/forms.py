"""Turn a submitted Form's values back into the command text(s) it stands for."""

from __future__ import annotations

import shlex
from collections.abc import Mapping


def form_commands(command: str, values: Mapping[str, str], *, each_input: bool) -> list[str]:
    """`start stage=mid tz=…`, or one `assess <name> <value>` per filled input."""
    filled = {k: v.strip() for k, v in values.items() if v and v.strip()}
    if each_input:
        return [f"{command} {shlex.quote(k)} {shlex.quote(v)}" for k, v in filled.items()]
    pairs = " ".join(shlex.quote(f"{k}={v}") for k, v in filled.items())
    return [f"{command} {pairs}".strip()]
