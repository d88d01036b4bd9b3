"""An OpenAI-compatible `/chat/completions` client: vLLM, Ollama, llama.cpp server, OpenAI.

A plain aiohttp POST, so no SDK sits on the hot path. It only translates: the core's prompt
and schema go out, the model's JSON comes back as a Draft. Every failure (timeout, refused
connection, non-200 including 429, a body that is not the JSON asked for) is a `ModelFailed`
value; nothing raises, and neither prompts nor outputs are ever logged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import aiohttp

from bot.core.mentor import (
    DRAFT_SCHEMA,
    Draft,
    FailureReason,
    ModelFailed,
    Source,
    chat_messages,
)
from bot.domain.grounding import parse_draft

if TYPE_CHECKING:
    from bot.runtime.settings import Settings


class ChatModel:
    """A model at `{base_url}/chat/completions`, asked for cited sentences as JSON."""

    def __init__(
        self,
        *,
        base_url: str,
        model: str,
        api_key: str | None = None,
        timeout: float = 20.0,
    ) -> None:
        self.name = model
        self._url = base_url.rstrip("/") + "/chat/completions"
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> ChatModel | None:
        """The configured model, or None when LLM_BASE_URL is unset (no model: extractive)."""
        if not settings.llm_base_url:
            return None
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return cls(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=key,
            timeout=settings.llm_timeout_seconds,
        )

    def body(
        self, sources: Sequence[Source], question: str, *, instructions: str
    ) -> dict[str, Any]:
        """The request body: our messages, temperature 0 and the JSON schema to follow."""
        return {
            "model": self.name,
            "temperature": 0,
            "messages": chat_messages(sources, question, instructions=instructions),
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "cited_sentences", "strict": True, "schema": DRAFT_SCHEMA},
            },
        }

    async def cited(
        self, sources: Sequence[Source], question: str, *, instructions: str
    ) -> Draft | ModelFailed:
        """Ask the model; a Draft of its sentences, or why there is none."""
        payload = self.body(sources, question, instructions=instructions)
        try:
            async with self._connections().post(
                self._url, json=payload, headers=self._headers
            ) as response:
                if response.status != 200:
                    return _refused(response.status)
                data: Any = await response.json(content_type=None)
        except TimeoutError:
            return ModelFailed(reason=FailureReason.TIMEOUT, detail="no answer in time")
        except aiohttp.ClientError as exc:
            return ModelFailed(reason=FailureReason.UNREACHABLE, detail=type(exc).__name__)
        except ValueError:
            return ModelFailed(reason=FailureReason.MALFORMED, detail="the body is not JSON")
        content = _content(data)
        if content is None:
            return ModelFailed(reason=FailureReason.MALFORMED, detail="no message content")
        return parse_draft(content, model=self.name)

    def _connections(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout)
        return self._session

    async def close(self) -> None:
        """Close the kept connections (at shutdown)."""
        if self._session is not None:
            await self._session.close()


def _refused(status: int) -> ModelFailed:
    if status == 429:
        return ModelFailed(reason=FailureReason.RATE_LIMITED, status=status, detail="HTTP 429")
    return ModelFailed(reason=FailureReason.HTTP_ERROR, status=status, detail=f"HTTP {status}")


def _content(data: Any) -> str | None:
    """`choices[0].message.content` of a chat completion, if it is a string."""
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        return None
    return content if isinstance(content, str) else None
