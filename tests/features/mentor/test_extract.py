"""The extractive mentor: what a member sees with no model configured."""

from __future__ import annotations

import pytest

from bot.core.markup import unmark
from bot.core.mentor import SourceKind
from bot.domain.bm25 import Index, terms
from bot.domain.extract import NO_MODEL_NOTE, REFUSAL, Library, answer, rank
from bot.domain.grounding import ground
from bot.domain.sources import pack_sources, pack_urls
from bot.domain.summaries import CheckinRow, checkin_sources, skill_themes, summarise_checkins
from content import load_catalog

CATALOG = load_catalog()


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.of(CATALOG)


def test_every_pack_entry_is_a_source_with_a_unique_typed_id() -> None:
    sources = pack_sources(CATALOG)
    ids = [s.id for s in sources]
    assert len(ids) == len(set(ids))
    assert {"skill:mlops", "level:mlops:3", "stage:senior", "path:mlops-engineer"} <= set(ids)
    kinds = {s.kind for s in sources}
    assert {SourceKind.SKILL, SourceKind.CHALLENGE, SourceKind.TIP, SourceKind.GROWTH} <= kinds
    assert all(s.url for s in sources if s.kind is SourceKind.TIP)


def test_bm25_prefers_the_rarer_term_and_the_denser_source() -> None:
    index = Index.build(pack_sources(CATALOG))
    scores = index.scores("kubernetes")
    best = index.sources[max(range(len(scores)), key=scores.__getitem__)]
    assert "kubernetes" in f"{best.title} {best.text}".lower()
    assert index.idf("kubernet") > index.idf("model")
    assert index.idf("zzzunknown") == 0.0
    assert terms("Deploying the models") == ["deploy", "model"]


@pytest.mark.parametrize(
    ("question", "must_cite"),
    [
        ("How do I get from mid to senior as an MLOps engineer?", "path:mlops-engineer"),
        ("How do I move from mid-level to senior?", "stage:senior"),
        ("What should I read to learn Kubernetes?", "tip:containers-tip-kubernetes-basics"),
        ("What does a data engineer focus on?", "path:data-engineer"),
        ("What should I read next about RAG?", "skill:llm-apps"),
    ],
)
def test_a_career_question_is_answered_with_quotes_citing_the_pack(
    library: Library, question: str, must_cite: str
) -> None:
    result = answer(library, question)
    cited = [c for s in result.sentences for c in s.cites]
    assert not result.refused
    assert must_cite in cited
    assert result.note == NO_MODEL_NOTE  # says a model would write prose
    assert all(len(s.cites) == 1 for s in result.sentences)
    assert all("“" in s.text or s.text.startswith("Read ") for s in result.sentences)


def test_the_quotes_pass_the_same_grounding_check_as_a_model(library: Library) -> None:
    for question in ("What should I read about Docker?", "How do I reach senior?"):
        result = answer(library, question)
        checked = ground(result.sentences, library.index.sources, pack_urls=pack_urls(CATALOG))
        assert checked.kept == result.sentences


@pytest.mark.parametrize(
    "question",
    [
        "What is a good pasta recipe?",
        "Who won the football world cup?",
        "weather in Paris",
        "?",
        # "read" and "next" are in the pack (tips, next-token probabilities): words any
        # question may use don't make it a career question
        "Which science fiction novel should I read next?",
    ],
)
def test_an_off_topic_question_gets_a_short_refusal(library: Library, question: str) -> None:
    result = answer(library, question)
    assert result.refused
    assert result.sentences == ()
    assert result.note == REFUSAL


def test_the_answer_is_deterministic(library: Library) -> None:
    question = "Which skills matter for LLM evaluation?"
    assert answer(library, question) == answer(Library.of(CATALOG), question)
    ranked = rank(library, question)
    assert [s.id for s, _ in ranked[:5]] == [s.id for s, _ in rank(library, question)[:5]]


def test_a_named_skill_is_boosted(library: Library) -> None:
    ranked = [s.id for s, _ in rank(library, "tell me about rag")[:3]]
    assert "skill:llm-apps" in ranked


ROWS = [
    CheckinRow(
        id=1,
        status="blocked",
        note="Waiting on GPU quota for Kubernetes",
        shared=True,
        period="2026-W48",
    ),
    CheckinRow(
        id=2, status="blocked", note="My docker build breaks", shared=True, period="2026-W48"
    ),
    CheckinRow(
        id=3, status="on-track", note="Shipped the eval harness", shared=True, period="2026-W48"
    ),
    CheckinRow(
        id=4, status="slow", note="private worry about my manager", shared=False, period="2026-W49"
    ),
    CheckinRow(id=5, status="on-track", note=None, shared=True, period="2026-W49"),
]


def _themes(library: Library) -> dict[str, str]:
    return skill_themes(library.names, {k: v.name for k, v in CATALOG.skills.items()})


def test_a_checkin_summary_groups_by_status_and_theme_and_cites_ids(library: Library) -> None:
    result = summarise_checkins(ROWS, themes=_themes(library))
    lines = [(unmark(s.text), s.cites) for s in result.sentences]
    assert lines == [
        ("Blocked: 2 check-ins.", ("checkin:1", "checkin:2")),
        (
            "Docker and Kubernetes: “Waiting on GPU quota for Kubernetes”; "
            "“My docker build breaks”",
            ("checkin:1", "checkin:2"),
        ),
        ("On track: 2 check-ins.", ("checkin:3", "checkin:5")),
        ("Other notes: “Shipped the eval harness”", ("checkin:3",)),
    ]
    assert "private" not in " ".join(t for t, _ in lines)  # a private note is never quoted
    assert "model" in result.note


def test_the_author_sees_their_private_notes_in_their_own_review(library: Library) -> None:
    result = summarise_checkins(ROWS, themes=_themes(library), include_private=True)
    assert ("Going slowly: 1 check-in.", ("checkin:4",)) in [
        (s.text, s.cites) for s in result.sentences
    ]
    assert [s.id for s in checkin_sources(ROWS)] == [
        "checkin:1",
        "checkin:2",
        "checkin:3",
        "checkin:5",
    ]


def test_no_checkins_says_so() -> None:
    assert summarise_checkins([], themes={}).sentences == ()


def test_a_quote_is_a_whole_sentence_and_a_long_list_is_cut_to_what_was_asked() -> None:
    from bot.domain.bm25 import terms
    from bot.domain.extract import best_passage

    duties = "Senior work. Responsibilities: Design AI platforms; Lead engineering teams."
    assert best_passage(duties, set(terms("lead teams"))) == (
        "Responsibilities: Design AI platforms; Lead engineering teams."
    )
    topics = "Topics: " + "; ".join(f"plain item number {n} of many" for n in range(12))
    cut = best_passage(topics + "; retrieval for RAG.", set(terms("rag retrieval")))
    assert cut == "Topics: retrieval for RAG; …"
