"""The model port: numbered sources in, sentences that cite them out. No SDK here.

The core builds the sources and the prompt; an implementation (the OpenAI-compatible client
in adapters/llm/) only carries them to a model and brings back a `Draft`. What is shown is
decided by the core's grounding check (bot/domain/grounding.py), never by the model.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

PROMPT_VERSION = "ask-1"
MAX_SENTENCES = 20
MAX_SENTENCE_CHARS = 800


class SourceKind(StrEnum):
    """What a source is: a pack entry, one of the member's plan steps, or a check-in."""

    SKILL = "skill"
    LEVEL = "level"  # one rubric level of a skill
    CHALLENGE = "challenge"
    TIP = "tip"
    STAGE = "stage"
    PATH = "path"  # a specialization
    GROWTH = "growth"
    INDUSTRY = "industry"
    PLAN_STEP = "plan"
    RATING = "rating"  # one of the member's own skill ratings, with its date
    CHECKIN = "checkin"


@dataclass(frozen=True, kw_only=True)
class Source:
    """One numbered source a sentence may cite; `id` is typed, e.g. `skill:mlops`."""

    id: str
    kind: SourceKind
    title: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer and the ids of the sources it cites."""

    text: str
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Draft:
    """What a model wrote, before the grounding check decides what is shown."""

    sentences: tuple[Sentence, ...]
    model: str


class FailureReason(StrEnum):
    """Why a model gave no usable draft; the caller logs it and answers extractively."""

    TIMEOUT = "timeout"
    RATE_LIMITED = "rate-limited"
    HTTP_ERROR = "http-error"
    UNREACHABLE = "unreachable"
    MALFORMED = "malformed"


@dataclass(frozen=True, kw_only=True)
class ModelFailed:
    """A model call that gave nothing usable; `detail` never holds prompt or output text."""

    reason: FailureReason
    detail: str = ""
    status: int | None = None


class LanguageModel(Protocol):
    """A model behind the port. `cited` never raises: a failure is a `ModelFailed` value."""

    name: str

    async def cited(
        self, sources: Sequence[Source], question: str, *, instructions: str
    ) -> Draft | ModelFailed:
        """Ask for sentences answering `question` from `sources`, each citing source ids."""
        ...

    async def close(self) -> None:
        """Let go of kept connections (at shutdown)."""
        ...


# The JSON schema the model is asked to follow (OpenAI `response_format` json_schema).
DRAFT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["sentences"],
    "properties": {
        "sentences": {
            "type": "array",
            "maxItems": MAX_SENTENCES,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["text", "cites"],
                "properties": {
                    "text": {"type": "string"},
                    "cites": {"type": "array", "items": {"type": "string"}},
                },
            },
        }
    },
}

_RULES = (
    "Answer only from the numbered sources below. Write short sentences. After each "
    "sentence list the ids of the sources it comes from in `cites`. Do not cite an id that "
    "is not listed. Do not write a number or a link that is not in a source you cite. Never "
    "state salary or pay figures. If the sources do not answer the question, return no "
    'sentences. Reply with JSON only: {"sentences": [{"text": "...", "cites": ["id"]}]}.'
)


def chat_messages(
    sources: Sequence[Source], question: str, *, instructions: str
) -> list[dict[str, str]]:
    """The chat messages for a model: our rules and the task, then the sources and question."""
    listed = "\n\n".join(
        f"[{i}] id={s.id} ({s.kind.value}) {s.title}\n{s.text}"
        + (f"\nlink: {s.url}" if s.url else "")
        for i, s in enumerate(sources, start=1)
    )
    user = json.dumps({"question": question}, ensure_ascii=False)
    return [
        {"role": "system", "content": f"{instructions}\n\n{_RULES}"},
        {"role": "user", "content": f"Sources:\n\n{listed}\n\nQuestion (JSON): {user}"},
    ]
