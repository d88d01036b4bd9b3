"""`ask` through the model port, with the core deciding what is shown.

The extractive answer decides first whether the question is on topic (an off-topic
question never reaches a model). The model gets the best sources; its draft goes through
the grounding check. Fewer than half its sentences surviving means one retry, then the
extractive answer; a failed call means the extractive answer and one WARNING line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from bot.core.mentor import LanguageModel, ModelFailed, Source
from bot.domain.extract import Answer, Library, answer, rank
from bot.domain.grounding import ground

_log = logging.getLogger(__name__)

MODEL_SOURCES = 8
ATTEMPTS = 2
ASK_INSTRUCTIONS = (
    "You are a mentor for AI engineers. Answer the member's career question in at most "
    "six sentences, using only the sources."
)


def model_note(name: str, dropped: int) -> str:
    """The note under a model's answer: who wrote it and what the check left out."""
    left = f" {dropped} unsupported sentence(s) were left out." if dropped else ""
    return f"Written by {name} from the cited sources.{left}"


async def ask(
    question: str,
    *,
    library: Library,
    model: LanguageModel | None,
    pack_urls: Iterable[str] = (),
    extra: Sequence[Source] = (),
) -> Answer:
    """The answer a member sees: the model's grounded sentences, or the pack's quotes."""
    fallback = answer(library, question)
    if model is None or fallback.refused:
        return fallback
    sources = [*extra, *(s for s, score in rank(library, question)[:MODEL_SOURCES] if score)]
    return await written(
        model, sources, question, instructions=ASK_INSTRUCTIONS, urls=pack_urls, fallback=fallback
    )


async def written(
    model: LanguageModel,
    sources: Sequence[Source],
    task: str,
    *,
    instructions: str,
    urls: Iterable[str],
    fallback: Answer,
) -> Answer:
    """The model's grounded sentences for `task`; fewer than half kept twice, or a failed
    call, gives `fallback` (the extractive answer) and one WARNING line."""
    urls = set(urls)
    dropped = 0
    for attempt in range(1, ATTEMPTS + 1):
        draft = await model.cited(sources, task, instructions=instructions)
        if isinstance(draft, ModelFailed):
            _log.warning(
                "mentor model %s failed (%s %s); answered from the pack",
                model.name,
                draft.reason.value,
                draft.detail,
            )
            return _with_dropped(fallback, dropped)
        checked = ground(draft.sentences, sources, pack_urls=urls)
        dropped += checked.dropped_count
        if checked.enough:
            return Answer(
                sentences=checked.kept,
                note=model_note(model.name, checked.dropped_count),
                model=model.name,
                dropped=dropped,
            )
        _log.info("mentor model %s: attempt %d kept too few sentences", model.name, attempt)
    _log.warning(
        "mentor model %s: fewer than half its sentences were supported twice; "
        "answered from the pack",
        model.name,
    )
    return _with_dropped(fallback, dropped)


def _with_dropped(fallback: Answer, dropped: int) -> Answer:
    return Answer(sentences=fallback.sentences, note=fallback.note, refused=False, dropped=dropped)


def as_text(result: Answer) -> list[str]:
    """The lines a member reads: each sentence with its citations, then the note."""
    lines = [f"{s.text} [{', '.join(s.cites)}]" for s in result.sentences]
    return [*lines, result.note]


def what_is_sent(*, base_url: str | None, model: str, enabled: bool, opted_out: bool) -> str:
    """Exactly what leaves for a model, and where, for `mydata` and `team privacy`."""
    if not base_url:
        return (
            "No model is configured (LLM_BASE_URL is unset): nothing is sent anywhere, and "
            "`ask` quotes the career pack."
        )
    if not enabled:
        return (
            f"A model is configured at {base_url} ({model}), but the AI mentor is off in this "
            "workspace (`admin ai on` turns it on): nothing is sent, and `ask` quotes the pack."
        )
    if opted_out:
        return (
            f"The AI mentor is on (model {model} at {base_url}), but you opted out: none of "
            "your text is sent. Your `ask` answers are quoted from the pack and team "
            "summaries leave your notes out. `mydata ai on` opts back in."
        )
    return (
        f"The AI mentor is on: text goes to {base_url} (model {model}). For `ask`: your "
        "question, the career pack passages it matches and your plan steps. For `progress "
        "review`: your own levels, challenges, plan and check-ins (private notes too; only "
        "you see the review). For a team summary: only the notes members shared with "
        "their managers. Nothing else; prompts and answers are neither logged nor stored. "
        "`mydata ai off` stops sending your text."
    )
