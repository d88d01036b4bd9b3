"""Forgiving name matching: case, spaces, dashes, aliases and unambiguous prefixes."""

from __future__ import annotations

import difflib
import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bot.core.errors import Ambiguous, NotFound

K = TypeVar("K", bound=Hashable)

_SEPARATORS = re.compile(r"[\s_/]+")
_DROP = re.compile(r"[^a-z0-9+#.-]")


def normalize(value: str) -> str:
    """Lowercase, turn spaces and underscores into dashes, drop punctuation."""
    value = _SEPARATORS.sub("-", value.strip().lower())
    value = _DROP.sub("", value)
    return re.sub(r"-{2,}", "-", value).strip("-.")


@dataclass(frozen=True)
class Candidate(Generic[K]):
    """Something a user may name: its key, the id to show, and every name it answers to."""

    key: K
    label: str
    names: tuple[str, ...]


def resolve(
    query: str,
    candidates: Sequence[Candidate[K]],
    *,
    kind: str,
    list_command: str,
) -> K:
    """Return the key of the one candidate `query` names, or raise NotFound/Ambiguous."""
    q = normalize(query)
    if not q:
        raise NotFound(kind, query.strip() or "(empty)", suggestions=[], list_command=list_command)
    normal = [(c, {normalize(n) for n in (c.label, *c.names)}) for c in candidates]

    exact = _unique([c for c, names in normal if q in names])
    if len(exact) == 1:
        return exact[0].key
    if len(exact) > 1:
        raise Ambiguous(kind, query.strip(), matches=[c.label for c in exact])

    prefixed = _unique([c for c, names in normal if any(n.startswith(q) for n in names)])
    if len(prefixed) == 1:
        return prefixed[0].key
    if len(prefixed) > 1:
        raise Ambiguous(kind, query.strip(), matches=[c.label for c in prefixed])

    # "learning" should find "machine-learning" and "deep-learning" as suggestions.
    words = _unique([c for c, names in normal if any(q in n.split("-") for n in names)])
    every = {n: c.label for c, names in normal for n in names}
    close = difflib.get_close_matches(q, list(every), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys([*(c.label for c in words), *(every[n] for n in close)]))
    raise NotFound(kind, query.strip(), suggestions=suggestions[:3], list_command=list_command)


def _unique(items: Iterable[Candidate[K]]) -> list[Candidate[K]]:
    seen: dict[K, Candidate[K]] = {}
    for item in items:
        seen.setdefault(item.key, item)
    return list(seen.values())
