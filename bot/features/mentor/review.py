"""`progress review [weeks] [markdown]`: your quarter as a draft, or as a Markdown file.

It covers challenges done, level changes with dates, check-in themes (your private notes
too: only you see it) and the plan ahead, every line cited. With the AI mentor on and you
not opted out, a model writes it from those sources; the grounding check keeps it honest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.commands.ai import allowed_model
from bot.commands.cited import cited_blocks
from bot.commands.declare import GROW, profile_spec
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind, Choice
from bot.commands.request import Request
from bot.core.mentor import Source
from bot.core.reply import Actions, Attachment, Block, Button, Reply, Text
from bot.domain.asking import written
from bot.domain.extract import Answer
from bot.domain.sources import aliases, pack_urls
from bot.domain.summaries import skill_themes
from bot.features.mentor.quarter import (
    AHEAD,
    Quarter,
    as_markdown,
    is_done,
    quarter_sources,
    review_draft,
)
from bot.runtime import metrics
from storage import learning
from storage.tables import Profile

WEEKS = 13
REVIEW_TASK = "Write my review draft for this period."
REVIEW_INSTRUCTIONS = (
    "You help an AI engineer draft their own performance review. In at most eight "
    "sentences, say what they achieved, how their levels changed, the themes of their "
    "check-ins and what their plan has next, using only the sources."
)
_FORMAT_ARG = Arg(
    "format",
    ArgKind.CHOICE,
    "`markdown` for a file to keep",
    choices=(Choice("markdown", "Markdown", ("md", "export", "file")),),
)
_WEEKS_ARG = Arg("weeks", ArgKind.INT, "how many weeks back (13: a quarter)", minimum=1, maximum=52)


Review = tuple[Answer, list[Source]]


async def _review(request: Request, learner: Learner[Profile]) -> Callable[[], Awaitable[Review]]:
    """Read the quarter inside the transaction; what it returns may ask the model after."""
    session, member_id, catalog = learner.session, learner.member_id, learner.catalog
    since = request.now - timedelta(weeks=int(request.args.get("weeks") or WEEKS))
    plan = await learning.active_plan(session=session, member_id=member_id)
    quarter = Quarter(
        since=since,
        done=[
            a
            for a in await learning.assignments(session=session, member_id=member_id)
            if is_done(a, since)
        ],
        ratings=sorted(
            await learning.ratings(session=session, member_id=member_id),
            key=lambda r: (r.rated_at, r.id or 0),
        ),
        checkins=[
            c
            for c in await learning.checkins(session=session, member_id=member_id)
            if c.created_at >= since
        ],
        ahead=[i for i in plan[1] if i.done_at is None][:AHEAD] if plan else [],
    )
    sources = quarter_sources(quarter, catalog)
    themes = skill_themes(aliases(catalog), {k: s.name for k, s in catalog.skills.items()})
    draft = review_draft(quarter, sources, themes)
    model = await allowed_model(request, learner)
    urls = pack_urls(catalog)

    async def write() -> Review:
        if model is None or not draft.sentences:
            return draft, sources
        result = await written(
            model, sources, REVIEW_TASK, instructions=REVIEW_INSTRUCTIONS, urls=urls, fallback=draft
        )
        metrics.llm_dropped(result.dropped)
        return result, sources

    return write


async def review_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Your last `weeks` weeks as a cited review draft (`markdown`: as a file)."""
    if request.args.get("format") == "markdown":
        return await _markdown(request, learner)
    write = await _review(request, learner)
    weeks = int(request.args.get("weeks") or WEEKS)
    catalog = learner.catalog

    async def later() -> tuple[Block, ...]:
        result, sources = await write()
        blocks = cited_blocks(result, sources=sources, catalog=catalog)
        export = Button("Export as Markdown", f"progress review {weeks} markdown")
        return (*blocks, Actions((export,)))

    # Made after the transaction committed: no database lock while a model writes it.
    return Reply(title=f"Your review draft: the last {weeks} weeks", later=later)


async def _markdown(request: Request, learner: Learner[Profile]) -> Reply:
    """The review draft as a Markdown file."""
    write = await _review(request, learner)
    weeks = int(request.args.get("weeks") or WEEKS)
    title = f"Review draft: {weeks} weeks to {request.now:%Y-%m-%d}"
    name = f"mentorbot-review-{request.now:%Y-%m-%d}.md"

    async def later() -> tuple[Block, ...]:
        result, sources = await write()
        data = as_markdown(title, result, sources)
        return (Text(f"{len(result.sentences)} cited lines."), Attachment(name, data, title))

    return Reply(title="Your review draft, as Markdown", later=later)


SPECS = (
    profile_spec(
        ("progress", "review"),
        "Your last quarter (or `weeks`) as a review draft, every line cited.",
        review_command,
        args=(_WEEKS_ARG, _FORMAT_ARG),
        examples=("progress review", "progress review 6", "progress review 13 markdown"),
        group=GROW,
    ),
)
