"""The extractive mentor (no model): quote the pack's best passages, each citing its id.

Deterministic: the same catalog and question give the same answer. A question none of
the pack's vocabulary touches gets a short refusal instead of loosely related quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.mentor import Sentence, Source, SourceKind
from bot.domain.bm25 import Index, terms
from bot.domain.sources import aliases, pack_sources
from content.schema import Catalog

MIN_SCORE = 3.0  # below this the best passage shares too little with the question
TOP = 3
NAMED_BOOST = 6.0  # a source the question names by id, name or alias
READING = frozenset(terms("read reading book paper course article video tutorial docs"))
CAREER_WORDS = (
    "career promotion promoted grow growth level levels stage interview job role read learn "
)
MIN_COVERAGE = 0.5  # share of the question's words the pack knows
# Words any question may use, on topic or not ("which novel should I read next?"): the
# share the pack knows is taken over the other words, when there are any.
GENERIC = frozenset(terms("read reading learn learning next first start new"))
NO_MODEL_NOTE = (
    "Quoted from the career pack. With a model configured (LLM_BASE_URL), mentorbot "
    "would write this as prose, still citing every line."
)
REFUSAL = (
    "I can only answer questions about AI engineering careers and skills from the "
    "career pack; try asking about a skill, a stage or a path."
)
_PIECES = re.compile(r"(?<=[.!?])\s+")
SHORT = 60  # a sentence shorter than this is quoted with the one after it
LONG = 240  # a list longer than this is quoted by the items the question touches


@dataclass(frozen=True, kw_only=True)
class Answer:
    """What the member is shown: cited sentences, a note, or a refusal."""

    sentences: tuple[Sentence, ...]
    note: str
    refused: bool = False
    model: str | None = None  # None: quoted by the extractive default
    dropped: int = 0  # sentences the grounding check left out


@dataclass(frozen=True)
class Library:
    """The catalog's sources, their index, the names they go by and the pack's words."""

    index: Index
    names: dict[str, str]
    vocabulary: frozenset[str]

    @classmethod
    def of(cls, catalog: Catalog, extra: Sequence[Source] = ()) -> Library:
        """Index the pack (plus `extra` sources, such as the member's plan steps)."""
        sources = [*pack_sources(catalog), *extra]
        words = [CAREER_WORDS, catalog.role.summary]
        for s in sources:
            if s.kind not in (SourceKind.CHALLENGE, SourceKind.TIP):
                words.append(s.title if s.kind is SourceKind.LEVEL else f"{s.title} {s.text}")
        names = aliases(catalog)
        words += names
        return cls(Index.build(sources), names, frozenset(terms(" ".join(words))))


def named(library: Library, question: str) -> list[str]:
    """The ids of sources the question names by id, name or alias (whole words, or every
    word of a longer name: "LLM application" names "LLM application engineering")."""
    text = f" {' '.join(re.findall(r'[a-z0-9+#-]+', question.lower()))} "
    asked = set(terms(question))
    found = [
        sid
        for name, sid in library.names.items()
        if f" {name} " in text or _all_but_one(terms(name), asked)
    ]
    return list(dict.fromkeys(found))


def _all_but_one(words: list[str], asked: set[str]) -> bool:
    return len(words) >= 3 and sum(w in asked for w in words) >= len(words) - 1


# How much a kind of source weighs when the question shows no wish for one kind: the
# overviews (a skill, a stage, a path) answer a "how do I" question better than one task.
_PRIOR = {SourceKind.TIP: 0.7, SourceKind.CHALLENGE: 0.8, SourceKind.LEVEL: 0.9}
_WANTS = {
    SourceKind.TIP: READING,
    SourceKind.CHALLENGE: frozenset(terms("challenge exercise task practice practise project")),
    SourceKind.LEVEL: frozenset(terms("level rubric")),
}


def rank(library: Library, question: str) -> list[tuple[Source, float]]:
    """Sources by BM25 score, weighted by kind and boosted when named, best first."""
    scores = library.index.scores(question)
    boosted = named(library, question)
    skills = [sid.split(":", 1)[1] for sid in boosted if sid.startswith("skill:")]
    asked = set(terms(question))
    wanted = {kind for kind, words in _WANTS.items() if words & asked}
    level = re.search(r"\blevel\s*([1-4])\b", question.lower())
    ranked = []
    for source, score in zip(library.index.sources, scores, strict=True):
        bare = source.id.split(":", 1)[1]
        score *= 1.5 if source.kind in wanted else _PRIOR.get(source.kind, 1.3)
        if source.id in boosted:
            score += NAMED_BOOST
        elif score and any(bare.startswith((f"{s}-", f"{s}:")) for s in skills):
            score += NAMED_BOOST / 2
        if score and level and (f"-l{level[1]}-" in bare or bare.endswith(f":{level[1]}")):
            score += NAMED_BOOST / 2
        ranked.append((source, score))
    ranked.sort(key=lambda pair: (-pair[1], pair[0].id))
    return ranked


def on_topic(library: Library, question: str, best: float) -> bool:
    """Whether the question uses the pack's words and its best passage scores enough."""
    asked = set(terms(question))
    specific = (asked - GENERIC) or asked
    known = specific & library.vocabulary
    return best >= MIN_SCORE and bool(asked) and len(known) >= MIN_COVERAGE * len(specific)


def answer(library: Library, question: str, *, top: int = TOP) -> Answer:
    """Quote the best passage of each of the `top` best sources, or refuse politely."""
    ranked = rank(library, question)
    if not ranked or not on_topic(library, question, ranked[0][1]):
        return Answer(sentences=(), note=REFUSAL, refused=True)
    wanted = set(terms(question))
    sentences = tuple(
        quote(source, wanted) for source, score in ranked[:top] if score >= MIN_SCORE / 2
    )
    return Answer(sentences=sentences, note=NO_MODEL_NOTE)


def quote(source: Source, wanted: set[str]) -> Sentence:
    """One cited sentence quoting `source`: a tip by its title and link, others by passage."""
    if source.kind is SourceKind.TIP:
        return Sentence(f"Read “{source.title}”: {source.url}", (source.id,))
    return Sentence(f"{source.title}: “{best_passage(source.text, wanted)}”", (source.id,))


def best_passage(text: str, wanted: set[str]) -> str:
    """The sentence of `text` sharing most words with the question (a list of duties stays
    whole: "Responsibilities: a; b; c." is one sentence), with the next one when it is
    too short to stand alone ("Lead engineering teams;" said nothing by itself)."""
    pieces = [p.strip() for p in _PIECES.split(text) if p.strip()] or [text]
    at = max(range(len(pieces)), key=lambda i: (len(wanted & set(terms(pieces[i]))), -i))
    best = pieces[at]
    if len(best) < SHORT and at + 1 < len(pieces):
        best = f"{best} {pieces[at + 1]}"
    if len(best) > LONG and ";" in best:
        best = _items(best, wanted)
    return best.rstrip()


def _items(listing: str, wanted: set[str]) -> str:
    """A long "Topics: a; b; c; …" cut to the items the question touches (three at most,
    the first three when it touches none), in their order, marked as a cut."""
    head, colon, rest = listing.partition(": ")
    if not colon:
        head, rest = "", listing
    items = [i.strip().rstrip(".") for i in rest.split(";") if i.strip()]
    touched = [i for i in items if wanted & set(terms(i))][:3] or items[:3]
    cut = "; ".join(touched) + ("; …" if len(touched) < len(items) else ".")
    return f"{head}: {cut}" if head else cut
