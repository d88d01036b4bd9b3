"""Whether a member's text may go to the mentor's model, and saying what is sent where.

The model is used only when one is configured (LLM_BASE_URL), an admin turned the mentor
on for the workspace (`admin ai on`) and the member did not opt out (`mydata ai off`).
Otherwise no request is ever made and answers are quoted from the pack.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from bot.commands.learner import Learner
from bot.commands.request import Request
from bot.core.mentor import Draft, LanguageModel, ModelFailed, Source
from bot.domain.asking import what_is_sent
from bot.runtime import metrics
from storage.mentor import ai
from storage.tables import Profile


class Metered:
    """A model whose every request is counted by outcome and timed (never its text)."""

    def __init__(self, model: LanguageModel) -> None:
        self.model = model
        self.name = model.name

    async def cited(
        self, sources: Sequence[Source], question: str, *, instructions: str
    ) -> Draft | ModelFailed:
        """The wrapped model's draft, counted and timed."""
        started = time.perf_counter()
        draft = await self.model.cited(sources, question, instructions=instructions)
        outcome = draft.reason.value if isinstance(draft, ModelFailed) else "ok"
        metrics.llm_request(outcome=outcome, seconds=time.perf_counter() - started)
        return draft

    async def close(self) -> None:
        """Close the wrapped model."""
        await self.model.close()


async def allowed_model(
    request: Request, learner: Learner[Profile] | Learner[Profile | None]
) -> LanguageModel | None:
    """The model, if this member's text may go to it now; else None (no request is made)."""
    model = request.services.model
    if model is None:
        return None
    switch = await ai.ai_switch(session=learner.session, workspace_id=learner.workspace_id)
    if switch is None or not switch.enabled:
        return None
    if await ai.opted_out(session=learner.session, member_id=learner.member_id):
        return None
    return Metered(model)


async def team_model(
    request: Request, learner: Learner[Profile] | Learner[Profile | None]
) -> LanguageModel | None:
    """The model for a team summary, if the workspace turned the mentor on; whose notes may
    go to it is the summary's to decide (shared ones of members who did not opt out)."""
    model = request.services.model
    if model is None:
        return None
    switch = await ai.ai_switch(session=learner.session, workspace_id=learner.workspace_id)
    return Metered(model) if switch is not None and switch.enabled else None


async def sent_to_model(
    request: Request, learner: Learner[Profile] | Learner[Profile | None]
) -> str:
    """The `mydata` / `team privacy` line: exactly what goes to which LLM_BASE_URL."""
    settings, session = request.services.settings, learner.session
    switch = await ai.ai_switch(session=session, workspace_id=learner.workspace_id)
    return what_is_sent(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        enabled=switch is not None and switch.enabled,
        opted_out=await ai.opted_out(session=session, member_id=learner.member_id),
    )
