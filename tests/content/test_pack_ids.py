"""An id says what its entry holds: every word of it shows in the entry's own text.

After the skill's prefix, the level (l1..l4) and 'tip', each word of an id must appear in
the entry's title, task or deliverable (a tip: its title or link), as the word itself, a
stem of it (tuning/tune, citations/citation), part of a compound (u-net, PagedAttention),
the tip's kind (a '-paper' id is a paper) or a known abbreviation spelled out. A few
filler words (and, for, vs, your, first) need nothing.
"""

from __future__ import annotations

import re

import pytest

from content import Catalog

FILLER = {"l1", "l2", "l3", "l4", "tip", "a", "and", "by", "first", "for", "from"}
FILLER |= {"of", "or", "the", "to", "vs", "with", "your"}
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "adr": ("architecture decision",),
    "ai": ("artificial intelligence",),
    "ann": ("approximate",),
    "ci": ("continuous integration",),
    "dl": ("deep learning",),
    "dlbook": ("deep learning book",),
    "docs": ("document",),
    "eng": ("engineer",),
    "gcp": ("google cloud",),
    "hf": ("hugging face",),
    "hpa": ("horizontal pod autoscal",),
    "k8s": ("kubernetes",),
    "llm": ("language model",),
    "ml": ("machine learning",),
    "otel": ("opentelemetry",),
    "pr": ("pull request", "precision recall"),
    "rag": ("retrieval augmented",),
    "sklearn": ("scikit learn",),
    "sre": ("site reliability",),
}
SUFFIXES = ("ation", "ing", "ion", "ies", "ed", "es", "er", "e", "s")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)][:4]
    return word[:4]


def unsaid(entry_id: str, *, skill: str, text: str, kind: str | None = None) -> list[str]:
    """The words of `entry_id` that its entry's `text` never uses, in any accepted form."""
    tokens = _words(text)
    joined = " ".join(tokens)
    compounds = {"".join(tokens[i : i + n]) for n in (2, 3) for i in range(len(tokens))}
    stems = {_stem(t) for t in tokens}
    missing = []
    for word in entry_id.removeprefix(f"{skill}-").split("-"):
        if word in FILLER or word == kind or word in tokens or word in compounds:
            continue
        if any(spelled in joined for spelled in ABBREVIATIONS.get(word, ())):
            continue
        if len(word) >= 4 and (_stem(word) in stems or any(word in t for t in tokens)):
            continue
        missing.append(word)
    return missing


@pytest.mark.parametrize(
    ("entry_id", "skill", "text", "kind", "missing"),
    [
        # Two ids this pack once shipped, on the pages they really pointed at.
        (
            "model-evaluation-tip-hf-evaluate",
            "model-evaluation",
            "Common pitfalls and recommended practices (scikit-learn User Guide)"
            " https://scikit-learn.org/stable/common_pitfalls.html",
            "docs",
            ["hf", "evaluate"],
        ),
        (
            "statistics-tip-seeing-theory",
            "statistics",
            "NIST/SEMATECH e-Handbook of Statistical Methods https://www.itl.nist.gov/div898/handbook/",
            "docs",
            ["seeing", "theory"],
        ),
        # A '-paper' id on a docs page, a challenge id naming the wrong tool.
        ("agents-tip-mcp-paper", "agents", "Model Context Protocol (MCP) docs", "docs", ["paper"]),
        ("python-l1-docker-compose", "python", "Clean a messy CSV", None, ["docker", "compose"]),
        # Honest ids pass: stems, compounds, abbreviations, kinds, filler.
        ("x-l2-xgboost-tuning", "x", "Tune XGBoost and beat your baseline", None, []),
        ("x-tip-unet-paper", "x", "U-Net: Convolutional Networks", "paper", []),
        ("x-tip-paged-attention-paper", "x", "Serving with PagedAttention", "paper", []),
        ("x-l1-roc-pr-curves", "x", "Plot ROC and precision-recall curves", None, []),
        ("x-l1-tree-vs-forest", "x", "Compare one decision tree with a random forest", None, []),
    ],
)
def test_the_rule_catches_a_misleading_id(
    entry_id: str, skill: str, text: str, kind: str | None, missing: list[str]
) -> None:
    assert unsaid(entry_id, skill=skill, text=text, kind=kind) == missing


def test_every_id_says_what_its_entry_holds(catalog: Catalog) -> None:
    wrong = []
    for c in catalog.challenges.values():
        text = f"{c.title} {c.task} {c.deliverable}"
        if missing := unsaid(c.id, skill=c.skill, text=text):
            wrong.append(f"{c.id}: {missing} not in '{c.title}'")
    for t in catalog.tips.values():
        if missing := unsaid(t.id, skill=t.skill, text=f"{t.title} {t.url}", kind=t.kind):
            wrong.append(f"{t.id}: {missing} not in '{t.title}' {t.url}")
    assert not wrong, wrong
