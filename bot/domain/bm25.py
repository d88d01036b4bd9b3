"""A small BM25 ranking over sources (Okapi BM25, k1 1.5, b 0.75), no dependency."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.mentor import Source

K1 = 1.5
B = 0.75
_WORD = re.compile(r"[a-z0-9]+(?:[+#][a-z0-9+#]*)?")
_STOP = (
    "a an and are as at be by can do does for from get go how i in into is it me my of on or "
    "should so that the this to what when where which who why will with you your am we our "
    "about any some than then there their them they would could want need more most much "
    "was were has have had not no yes also just very really best good way ways tell please"
)
STOPWORDS = frozenset(_STOP.split())


def stem(word: str) -> str:
    """A light suffix strip so 'models' meets 'model' and 'deploying' meets 'deploy'."""
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def terms(text: str) -> list[str]:
    """The stemmed content words of `text`, in order."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


@dataclass(frozen=True)
class Index:
    """Term statistics over a fixed list of sources."""

    sources: tuple[Source, ...]
    docs: tuple[Counter[str], ...]
    lengths: tuple[int, ...]
    df: Counter[str]
    average: float

    @classmethod
    def build(cls, sources: Sequence[Source]) -> Index:
        """Index `sources` (their title counts twice: it says what the entry is about)."""
        docs = tuple(Counter(terms(f"{s.title} {s.title} {s.text}")) for s in sources)
        lengths = tuple(sum(d.values()) for d in docs)
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        average = sum(lengths) / len(lengths) if lengths else 1.0
        return cls(tuple(sources), docs, lengths, df, average or 1.0)

    def idf(self, term: str) -> float:
        """How rare `term` is across the sources (0 for a term no source holds)."""
        n, df = len(self.docs), self.df.get(term, 0)
        return 0.0 if df == 0 else math.log(1 + (n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> list[float]:
        """The BM25 score of every source for `query`, in source order."""
        wanted = set(terms(query))
        result = []
        for doc, length in zip(self.docs, self.lengths, strict=True):
            score = 0.0
            for term in wanted:
                tf = doc.get(term, 0)
                if tf:
                    norm = K1 * (1 - B + B * length / self.average)
                    score += self.idf(term) * tf * (K1 + 1) / (tf + norm)
            result.append(score)
        return result
