"""`ask <question>`: a career question answered from the pack and your plan, every line cited.

With the AI mentor on (and you not opted out) a model writes the answer and the core's
grounding check decides what is shown; otherwise, and whenever the model fails, the answer
quotes the pack. A model question counts toward LLM_ASKS_PER_DAY (per member, UTC day).
"""

from __future__ import annotations

from bot.commands.ai import allowed_model
from bot.commands.cited import cited_blocks
from bot.commands.declare import GROW, member_spec
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.mentor import Source, SourceKind
from bot.core.reply import Block, Context, Reply
from bot.domain.asking import ask
from bot.domain.extract import Answer, Library, answer
from bot.domain.sources import pack_sources, pack_urls
from bot.runtime import metrics
from content.schema import Catalog
from storage import learning
from storage.mentor import ai
from storage.tables import Profile

LIMIT_NOTE = (
    "You have used today's {limit} model answers (LLM_ASKS_PER_DAY), so this one is quoted "
    "from the pack; tomorrow (UTC) the model answers again."
)


async def plan_sources(learner: Learner[Profile | None], catalog: Catalog) -> list[Source]:
    """The member's current plan steps, as sources a sentence may cite (`plan:<id>`)."""
    found = await learning.active_plan(session=learner.session, member_id=learner.member_id)
    if found is None:
        return []
    steps = []
    for item in found[1]:
        skill = catalog.skills.get(item.skill)
        name = skill.name if skill else item.skill
        steps.append(
            Source(
                id=f"plan:{item.id}",
                kind=SourceKind.PLAN_STEP,
                title=f"Your plan, week {item.week}: {name}",
                text=f"Raise {name} from level {item.from_level} to {item.to_level}. {item.reason}",
            )
        )
    return steps


async def ask_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Answer a career question from the pack (and a model, when allowed), cited."""
    question = " ".join(str(request.args["question"]).split())
    catalog = request.services.catalog
    library = Library.of(catalog)
    extra = await plan_sources(learner, catalog)
    model = await allowed_model(request, learner)
    limited: int | None = None
    if answer(library, question).refused:
        model = None  # an off-topic question never reaches a model, nor counts
    if model is not None:
        limit = request.services.settings.llm_asks_per_day
        day = request.now.date()
        if not await ai.take_ask(
            session=learner.session, member_id=learner.member_id, day=day, limit=limit
        ):
            model, limited = None, limit
    urls, sources = pack_urls(catalog), [*pack_sources(catalog), *extra]

    async def compose() -> tuple[Block, ...]:
        result = await ask(question, library=library, model=model, pack_urls=urls, extra=extra)
        metrics.llm_dropped(result.dropped)
        return _blocks(result, sources, catalog, limited)

    if model is None:  # quoted from the pack: nothing slow to wait for
        result = await ask(question, library=library, model=None)
        if result.refused:
            return Reply(
                title="Not a question I can answer",
                blocks=(Context(result.note), Context("For example: `ask how do I become senior`")),
            )
        return Reply(title="Mentor", blocks=_blocks(result, sources, catalog, limited))
    # The model is asked after this command's transaction committed: no lock while it thinks.
    return Reply(title="Mentor", later=compose)


def _blocks(
    result: Answer, sources: list[Source], catalog: Catalog, limited: int | None
) -> tuple[Block, ...]:
    blocks = cited_blocks(result, sources=sources, catalog=catalog)
    if limited is not None:
        blocks = (*blocks, Context(LIMIT_NOTE.format(limit=limited)))
    return blocks


SPECS = (
    member_spec(
        ("ask",),
        "Ask a career question; the answer cites the career pack.",
        ask_command,
        args=(Arg("question", ArgKind.TEXT, "your question", required=True, rest=True),),
        details=(
            "Answers come from the career pack and your plan, every line cited. With the AI "
            "mentor on in your workspace a model writes them; otherwise they are quoted. "
            "`mydata` says what is sent where."
        ),
        examples=(
            "ask how do I get from mid to senior as an MLOps engineer",
            "ask what should I read about RAG evaluation",
        ),
        group=GROW,
    ),
)
