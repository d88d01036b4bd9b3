"""Grounding that code checks: what a model wrote is shown only if its sources back it.

A sentence is dropped when it cites nothing, cites an id outside the sources, holds a
number none of its cited sources holds, holds a link that is not one of the pack's, or
states a money amount (salary figures are never shown, whatever a source says).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.core.mentor import (
    MAX_SENTENCE_CHARS,
    MAX_SENTENCES,
    Draft,
    FailureReason,
    ModelFailed,
    Sentence,
    Source,
)

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|io|ai|dev|"
    r"sh|net|edu|gov|co)(?:/[^\s<>\"')\]]*)?",
    re.IGNORECASE,
)
_CURRENCY = "USD|EUR|GBP|INR|CAD|AUD|SGD|JPY|CHF|CNY|dollars?|euros?|pounds?|rupees?|yen"
_MONEY = re.compile(
    rf"[$€£¥₹]\s?\d|\b(?:{_CURRENCY})\s?\d|\d[\d,.]*\s?(?:k|K|m|M)?\s?(?:{_CURRENCY})\b"
    r"|\b(?:salar\w*|compensation|pay|paid|earn\w*|income)\b[^.]*\d",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class DropReason(StrEnum):
    """Why a sentence was not shown."""

    UNCITED = "uncited"
    OUT_OF_SET = "cites-unknown-source"
    UNSUPPORTED_NUMBER = "number-not-in-sources"
    FOREIGN_URL = "link-not-in-pack"
    MONEY = "salary-figure"


@dataclass(frozen=True, kw_only=True)
class Grounded:
    """The sentences that passed, and how many were dropped for which reason."""

    kept: tuple[Sentence, ...]
    dropped: Counter[DropReason] = field(default_factory=Counter)

    @property
    def dropped_count(self) -> int:
        """How many sentences were dropped in all."""
        return sum(self.dropped.values())

    @property
    def enough(self) -> bool:
        """Whether at least half the sentences survived (else: retry once, then extract)."""
        return bool(self.kept) and 2 * len(self.kept) >= len(self.kept) + self.dropped_count


def parse_draft(raw: str, *, model: str) -> Draft | ModelFailed:
    """The model's `{sentences: [{text, cites}]}` as a Draft, or MALFORMED saying why."""
    match = _FENCE.match(raw)
    try:
        data: Any = json.loads(match[1] if match else raw)
    except (ValueError, RecursionError):
        return _malformed("not JSON")
    if not isinstance(data, dict) or not isinstance(data.get("sentences"), list):
        return _malformed("no list of sentences")
    sentences: list[Sentence] = []
    for item in data["sentences"][:MAX_SENTENCES]:
        sentence = _sentence(item)
        if isinstance(sentence, ModelFailed):
            return sentence
        if sentence.text:
            sentences.append(sentence)
    return Draft(sentences=tuple(sentences), model=model)


def _sentence(item: object) -> Sentence | ModelFailed:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return _malformed("a sentence without text")
    cites = item.get("cites", [])
    if cites is None:
        cites = []
    if not isinstance(cites, list) or not all(isinstance(c, str) for c in cites):
        return _malformed("cites is not a list of ids")
    text = " ".join(item["text"].split())[:MAX_SENTENCE_CHARS]
    return Sentence(text, tuple(dict.fromkeys(c.strip() for c in cites if c.strip())))


def _malformed(why: str) -> ModelFailed:
    return ModelFailed(reason=FailureReason.MALFORMED, detail=why)


def ground(
    sentences: Iterable[Sentence],
    sources: Sequence[Source],
    *,
    pack_urls: Iterable[str] = (),
) -> Grounded:
    """Keep the sentences their cited sources back; count the others by reason."""
    by_id = {s.id: s for s in sources}
    urls = {_norm_url(u) for u in pack_urls} | {_norm_url(s.url) for s in sources if s.url}
    kept: list[Sentence] = []
    dropped: Counter[DropReason] = Counter()
    for sentence in sentences:
        reason = why_dropped(sentence, by_id, urls)
        if reason is None:
            kept.append(sentence)
        else:
            dropped[reason] += 1
    return Grounded(kept=tuple(kept), dropped=dropped)


def why_dropped(
    sentence: Sentence, sources: dict[str, Source], urls: set[str]
) -> DropReason | None:
    """The reason `sentence` may not be shown, or None when its sources back it."""
    if not sentence.cites:
        return DropReason.UNCITED
    if any(c not in sources for c in sentence.cites):
        return DropReason.OUT_OF_SET
    if _MONEY.search(sentence.text):
        return DropReason.MONEY
    found_urls = [_norm_url(u) for u in _URL.findall(sentence.text)]
    if any(not _known_url(u, urls) for u in found_urls):
        return DropReason.FOREIGN_URL
    text = _URL.sub(" ", sentence.text)
    backing: set[str] = set()
    for cite in sentence.cites:
        source = sources[cite]
        backing |= numbers_in(f"{source.title} {source.text}")
    if not numbers_in(text) <= backing:
        return DropReason.UNSUPPORTED_NUMBER
    return None


def numbers_in(text: str) -> set[str]:
    """The numbers written in `text`, normalised (1,000 and 1000 are one; 3.0 is 3)."""
    found = set()
    for raw in _NUMBER.findall(text):
        number = raw.replace(",", "").rstrip(".")
        if "." in number:
            number = number.rstrip("0").rstrip(".")
        found.add(number)
    return found


def _known_url(url: str, urls: set[str]) -> bool:
    """A pack link, or the bare name of a site the pack links to ("kubernetes.io")."""
    if url in urls:
        return True
    hosts = {u.split("/", 1)[0] for u in urls}
    return "/" not in url and any(h == url or h.endswith(f".{url}") for h in hosts)


def _norm_url(url: str) -> str:
    url = url.strip().rstrip(".,;:!?").lower()
    url = re.sub(r"^https?://", "", url).removeprefix("www.")
    return url.rstrip("/")
