"""`team month <team>`: a cited summary of the check-ins a team shared in the last 4 weeks.

Only notes members shared with their managers are read, only for teams of at least three
members who started, and a member whose note was private is never named (their private
check-ins are not even read). A model writes it when the workspace turned the mentor on,
from the shared notes of members who did not opt out; what is stored is the model, the
prompt version and the source ids, never the text. It also rides in the month's first digest.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.commands.ai import team_model
from bot.commands.cited import cited_blocks
from bot.commands.declare import TEAMS, member_spec
from bot.commands.learner import Learner
from bot.commands.request import Request
from bot.core.markup import user
from bot.core.mentor import PROMPT_VERSION, Sentence, Source, SourceKind
from bot.core.reply import Block, Context, Reply, Text
from bot.domain.asking import written
from bot.domain.extract import Answer
from bot.domain.sources import aliases, pack_urls
from bot.domain.summaries import CheckinRow, skill_themes, summarise_checkins
from bot.domain.teams import TEAM_NAME, TeamRef
from bot.features.teams.summary import people_of
from bot.features.teams.teams import find_team, log_view, may_manage
from bot.runtime import metrics
from storage.mentor import ai
from storage.tables import Profile

MIN_STARTED = 3
WEEKS = 4
TASK = "Summarise these check-ins for the team's managers."
INSTRUCTIONS = (
    "You summarise an AI engineering team's shared weekly check-ins for its managers, in at "
    "most six sentences: the themes, recurring blockers, and who may need help. Name a "
    "person only as a source names them."
)
Later = Callable[[], Awaitable[tuple[Block, ...]]]


async def monthly(request: Request, learner: Learner[Profile | None], team: TeamRef) -> Later:
    """Read the team's shared check-ins now; the returned call writes the summary after the
    transaction (a model may take a while) and records what it was written from."""
    people, _ = await people_of(learner, team)
    started = {p.member_id: p.name for p in people if p.started}
    if len(started) < MIN_STARTED:
        note = f"A monthly summary needs at least {MIN_STARTED} members who ran `start`."

        async def too_small() -> tuple[Block, ...]:
            return (Context(note),)

        return too_small
    session, now = learner.session, request.now
    rows = await ai.shared_checkins(
        session=session, member_ids=list(started), since=now - timedelta(weeks=WEEKS)
    )
    out = await ai.opted_out_of(session=session, member_ids=list(started))
    sources = [
        Source(
            id=f"checkin:{cid}",
            kind=SourceKind.CHECKIN,
            title=f"{started[member]}, {period}, {status}",
            text=note or "(no note)",
        )
        for cid, member, period, status, note in rows
    ]
    sendable = [s for s, row in zip(sources, rows, strict=True) if row[1] not in out]
    fallback = _quoted(rows, started, learner)
    model = await team_model(request, learner) if sendable else None
    services, catalog, team_id = request.services, learner.catalog, team.id

    async def later() -> tuple[Block, ...]:
        result = fallback
        if model is not None:
            result = await written(
                model,
                sendable,
                TASK,
                instructions=INSTRUCTIONS,
                urls=pack_urls(catalog),
                fallback=fallback,
            )
            metrics.llm_dropped(result.dropped)
        used = sendable if result.model else sources
        async with services.db.transaction() as write:
            await ai.record_summary(
                session=write,
                team_id=team_id,
                period=f"{now:%Y-%m}",
                model=result.model,
                prompt_version=PROMPT_VERSION,
                source_ids=[s.id for s in used],
                now=now,
            )
        return cited_blocks(result, sources=sources, catalog=catalog)

    return later


def _quoted(
    rows: list[tuple[int, int, str, str, str | None]],
    names: dict[int, str],
    learner: Learner[Profile | None],
) -> Answer:
    """The extractive summary: counts and quotes by status and theme, then who may need
    help (members who shared being blocked, or slow twice), each line cited."""
    catalog = learner.catalog
    themes = skill_themes(aliases(catalog), {k: s.name for k, s in catalog.skills.items()})
    checkins = [
        CheckinRow(id=cid, status=status, note=note, shared=True, period=period)
        for cid, _, period, status, note in rows
    ]
    summary = summarise_checkins(checkins, themes=themes)
    worried: dict[int, list[int]] = {}
    blocked: set[int] = set()
    for cid, member, _, status, _ in rows:
        if status in ("blocked", "slow"):
            worried.setdefault(member, []).append(cid)
        if status == "blocked":
            blocked.add(member)
    help_lines = [
        Sentence(f"May need help: {user(names[m])}.", tuple(f"checkin:{c}" for c in ids))
        for m, ids in sorted(worried.items(), key=lambda kv: names[kv[0]].lower())
        if m in blocked or len(ids) >= 2
    ]
    if not summary.sentences:
        return Answer(sentences=(), note="No check-ins were shared in the last 4 weeks.")
    return Answer(sentences=(*summary.sentences, *help_lines), note=summary.note)


async def team_month_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """The team's last four weeks of shared check-ins, summarised and cited."""
    team = await find_team(learner, request.args["name"])
    await may_manage(request, learner, team, "see the team")
    await log_view(learner, team, "month")
    later = await monthly(request, learner, team)
    return Reply(
        title=f"Team {team.name}: the last {WEEKS} weeks",
        blocks=(Text("Only check-ins members shared with their managers are read."),),
        later=later,
    )


SPECS = (
    member_spec(
        ("team", "month"),
        "A cited summary of the check-ins a team shared in the last 4 weeks (managers).",
        team_month_command,
        args=(TEAM_NAME,),
        examples=("team month ml-platform",),
        group=TEAMS,
    ),
)
