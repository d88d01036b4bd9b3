"""The grounding check: which of a model's sentences a member may see, and the parser."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.core.mentor import Draft, FailureReason, ModelFailed, Sentence, Source, SourceKind
from bot.domain.grounding import DropReason, ground, numbers_in, parse_draft

SOURCES = [
    Source(
        id="skill:mlops",
        kind=SourceKind.SKILL,
        title="MLOps",
        text="Ship models with CI/CD, a registry and 2 kinds of monitoring.",
        url="https://roadmap.sh/mlops",
    ),
    Source(id="stage:senior", kind=SourceKind.STAGE, title="Senior", text="8-12 years: lead."),
]


def shown(*sentences: Sentence) -> list[str]:
    return [s.text for s in ground(sentences, SOURCES).kept]


def test_a_cited_sentence_backed_by_its_source_is_shown() -> None:
    ok = Sentence("Set up CI/CD and 2 kinds of monitoring.", ("skill:mlops",))
    assert shown(ok) == [ok.text]


def test_uncited_and_out_of_set_sentences_are_dropped() -> None:
    result = ground(
        [
            Sentence("Learn MLOps.", ()),
            Sentence("Read the blog.", ("tip:nowhere",)),
            Sentence("Lead work.", ("stage:senior", "skill:ghost")),
        ],
        SOURCES,
    )
    assert result.kept == ()
    assert result.dropped == {DropReason.UNCITED: 1, DropReason.OUT_OF_SET: 2}
    assert result.dropped_count == 3


def test_a_number_must_be_in_a_cited_source_not_just_any_source() -> None:
    assert shown(Sentence("Seniors have 8-12 years.", ("stage:senior",))) == [
        "Seniors have 8-12 years."
    ]
    # 12 is in stage:senior, but the sentence cites only skill:mlops.
    assert shown(Sentence("Monitoring takes 12 weeks.", ("skill:mlops",))) == []
    assert shown(Sentence("Use 3 kinds of monitoring.", ("skill:mlops",))) == []


def test_only_pack_links_survive() -> None:
    pack = Sentence("See https://roadmap.sh/mlops.", ("skill:mlops",))
    bare = Sentence("See roadmap.sh/mlops for more.", ("skill:mlops",))
    foreign = Sentence("See https://example.com/mlops-course.", ("skill:mlops",))
    domain = Sentence("Try evil-courses.io today.", ("skill:mlops",))
    site = Sentence("Courses on roadmap.sh help.", ("skill:mlops",))  # a site the pack links
    other_path = Sentence("See roadmap.sh/frontend.", ("skill:mlops",))
    assert shown(pack, bare, foreign, domain, site, other_path) == [pack.text, bare.text, site.text]


def test_salary_figures_are_dropped_even_when_a_source_states_them() -> None:
    paid = Source(id="stage:x", kind=SourceKind.STAGE, title="X", text="$150,000 or 120k EUR")
    for text in ("It pays $150,000.", "Expect 120k EUR.", "A salary near 150,000 is common."):
        result = ground([Sentence(text, ("stage:x",))], [paid])
        assert result.kept == ()
        assert result.dropped == {DropReason.MONEY: 1}


def test_fewer_than_half_surviving_is_not_enough() -> None:
    good = Sentence("Lead work.", ("stage:senior",))
    bad = Sentence("Lead work.", ())
    assert ground([good, bad], SOURCES).enough
    assert not ground([good, bad, bad], SOURCES).enough
    assert not ground([], SOURCES).enough


def test_numbers_are_normalised() -> None:
    assert numbers_in("1,000 items, 3.0 hours, 2.5 days, level 4.") == {"1000", "3", "2.5", "4"}
    assert numbers_in("agents-l1-first-tool") == set()


def test_the_parser_reads_good_output_and_code_fences() -> None:
    raw = json.dumps({"sentences": [{"text": " Lead  work. ", "cites": ["stage:senior", " "]}]})
    for text in (raw, f"```json\n{raw}\n```"):
        draft = parse_draft(text, model="m")
        assert draft == Draft(sentences=(Sentence("Lead work.", ("stage:senior",)),), model="m")


def test_missing_cites_means_uncited_not_malformed() -> None:
    draft = parse_draft('{"sentences": [{"text": "Hi."}]}', model="m")
    assert isinstance(draft, Draft)
    assert ground(draft.sentences, SOURCES).dropped == {DropReason.UNCITED: 1}


def test_wrong_shapes_are_a_clear_failure() -> None:
    for raw in (
        "Sure! Here is your answer",
        "[]",
        '{"sentences": "Lead work."}',
        '{"sentences": [{"text": 3, "cites": []}]}',
        '{"sentences": [{"text": "x", "cites": "stage:senior"}]}',
        '{"sentences": [{"text": "x", "cites": [1, 2]}]}',
        "[" * 100_000,
    ):
        failed = parse_draft(raw, model="m")
        assert isinstance(failed, ModelFailed), raw[:40]
        assert failed.reason is FailureReason.MALFORMED
        assert failed.detail


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)


@given(st.text())
def test_any_text_parses_to_a_draft_or_a_failure(raw: str) -> None:
    assert isinstance(parse_draft(raw, model="m"), Draft | ModelFailed)


@given(_json)
def test_any_json_value_parses_to_a_draft_or_a_failure(value: object) -> None:
    result = parse_draft(json.dumps(value), model="m")
    assert isinstance(result, Draft | ModelFailed)


@given(st.dictionaries(st.sampled_from(["text", "cites", "x"]), _json, max_size=3))
def test_any_sentence_shape_parses_and_grounds_without_raising(item: dict[str, object]) -> None:
    result = parse_draft(json.dumps({"sentences": [item]}), model="m")
    if isinstance(result, Draft):
        grounded = ground(result.sentences, SOURCES)
        assert len(grounded.kept) + grounded.dropped_count == len(result.sentences)
