"""What managers see of a team: `team` (your teams, or one team's summary and heatmap),
`team export` (CSV) and `team digest` (the weekly digest of the teams you manage)."""

from __future__ import annotations

import re
from collections import Counter

from bot.commands.declare import (
    TEAMS,
    member_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.markup import user
from bot.core.reply import Attachment, Block, Context, Image, Items, Reply, Text
from bot.domain.chart import heatmap
from bot.domain.dashboard import matrix_path, teams_path
from bot.domain.spreadsheet import csv_bytes
from bot.domain.team_summary import (
    Person,
    target,
    windows,
)
from bot.domain.teams import TEAM_NAME, TeamRef, team_refs
from bot.features.teams.monthly import Later, monthly
from bot.features.teams.summary import (
    activity,
    people_of,
    shared_line,
    summarise_team,
    summary_blocks,
    this_week,
    trend,
)
from bot.features.teams.teams import SWITCH, find_team, log_view, may_manage, turn
from storage import teams as repo
from storage.kinds import ChallengeStatus
from storage.tables import Profile

MONTH_DIGEST_DAYS = 7  # a digest on the month's first 7 days carries the monthly summary


async def team_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Your teams; or, for its managers and admins, one team's people."""
    name = request.args.get("name")
    if not name:
        mine = await repo.teams_of(session=learner.session, member_id=learner.member_id)
        if not mine:
            return Reply(
                title="Your teams",
                blocks=(
                    Text("You are not in a team yet."),
                    Context("An admin adds people with `team add <team> @name`."),
                ),
            )
        return Reply(
            title="Your teams",
            blocks=(
                Items(tuple(f"**{t.name}** ({m.role})" for t, m in mine)),
                Context("`team privacy` says what managers see."),
            ),
        )
    team = await find_team(learner, name)
    await may_manage(request, learner, team, "see the team")
    await log_view(learner, team, "summary")
    people, managers = await people_of(learner, team)
    summary = await summarise_team(learner, people)
    tz = learner.profile.timezone if learner.profile else request.command.actor.timezone
    blocks = summary_blocks(learner, summary, people, managers, tz=tz or "UTC")
    return Reply(title=f"Team {team.name}", blocks=(*blocks, chart(learner, team, people)))


async def team_export_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """The team as CSV: member × skill with level, target and gap, plus completion."""
    team = await find_team(learner, request.args["name"])
    await may_manage(request, learner, team, "export the team")
    await log_view(learner, team, "export")
    people, _ = await people_of(learner, team)
    challenges, _ = await activity(learner, people)
    recent = {p.member_id: set(windows(learner.now, p.tz)[1]) for p in people}
    done = Counter(
        m
        for m, w, status in challenges
        if status == ChallengeStatus.DONE and w in recent.get(m, set())
    )
    catalog = learner.catalog
    rows = []
    for person in people:
        for skill in catalog.skills:
            level = person.levels.get(skill)  # None: not rated, never counted as 0
            goal = target(catalog, person, skill)
            gap = "" if goal is None or level is None else max(0, goal - level)
            rows.append(
                [
                    person.name,
                    skill,
                    "not rated" if level is None else level,
                    "" if goal is None else goal,
                    gap,
                    done[person.member_id],
                ]
            )
    header = ["member", "skill", "level", "target", "gap", "challenges_done_4w"]
    return Reply(
        title=f"Team {team.name}: export",
        blocks=(
            Text(f"{len(people)} members × {len(catalog.skills)} skills."),
            Attachment(f"team-{team.name}.csv", csv_bytes(header, rows), "the team as CSV"),
        ),
    )


async def team_digest_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """The weekly digest of the teams you manage; `on`/`off` to get it or not."""
    session = learner.session
    switch = request.args.get("switch")
    if switch is not None:
        off = switch == "off"
        profile = await turn(learner, "digest_off", off=off, why="know your timezone")
        state = "off" if profile.digest_off else "on: Mondays at 09:00 your time"
        return Reply(title="Weekly digest", blocks=(Text(f"The weekly team digest is {state}."),))
    managed = team_refs(await repo.managed_teams(session=session, member_id=learner.member_id))
    if not managed:
        raise UserError(
            "You don't manage a team, so there is no digest.", hint="Type `team` to see your teams."
        )
    blocks: list[Block] = []
    catalog = learner.catalog
    months: list[tuple[str, Later]] = []
    for team in managed:
        await log_view(learner, team, "digest")
        people, _ = await people_of(learner, team)
        summary = await summarise_team(learner, people)
        line = (
            f"**{team.name}**: {summary.started} started of {len(people)}; "
            f"this week so far: {this_week(summary)}; "
            f"challenges {trend(*summary.completion)}; check-ins {trend(*summary.checkins)}"
        )
        if summary.gaps:
            line += f"; largest gap {catalog.skills[summary.gaps[0].skill].name}"
        blocks.append(Text(line))
        if summary.shared:
            blocks.append(Items(tuple(shared_line(s) for s in summary.shared)))
        blocks.append(chart(learner, team, people))
        if request.now.day <= MONTH_DIGEST_DAYS:  # the month's first digest: its summary
            months.append((team.name, await monthly(request, learner, team)))
    blocks.append(
        Context("`team <name>` for the full picture; `team digest off` stops this message.")
    )
    return Reply(title="Your teams this week", blocks=tuple(blocks), later=_months(months))


def _months(months: list[tuple[str, Later]]) -> Later | None:
    """The monthly summaries of the digest, written after its transaction (a model may)."""
    if not months:
        return None

    async def later() -> tuple[Block, ...]:
        blocks: list[Block] = []
        for name, write in months:
            blocks += [Text(f"**{name}: the last 4 weeks, from shared check-ins**")]
            blocks += await write()
        return tuple(blocks)

    return later


def chart(learner: Learner[Profile | None], team: TeamRef, people: list[Person]) -> Image:
    """The heatmap, drawn by the dispatcher in a worker thread after the transaction."""
    catalog = learner.catalog
    title = f"{team.name}: level against target"
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", team.name)
    return Image(
        filename=f"team-{safe}-{learner.now:%Y%m%d-%H%M%S}.png",
        alt=f"skill heatmap of {user(team.name)}",
        draw=lambda: heatmap(catalog, people, title=title),
    )


# The commands this module answers, as help lists them.
SPECS = (
    member_spec(
        ("team",),
        "Your teams, or one team's people (its managers).",
        team_command,
        args=(Arg("name", ArgKind.WORD, "a team's name"),),
        aliases=("teams",),
        group=TEAMS,
        pages=lambda args, _: (
            (("Teams page", teams_path()), ("skill matrix", matrix_path(args["name"])))
            if args.get("name")
            else ()
        ),
    ),
    member_spec(
        ("team", "export"),
        "The team as CSV (its managers).",
        team_export_command,
        args=(TEAM_NAME,),
        examples=("team export ml-platform",),
        group=TEAMS,
        pages=lambda args, _: (("skill matrix", matrix_path(args["name"])),),
    ),
    member_spec(
        ("team", "digest"),
        "The weekly digest of the teams you manage (on/off).",
        team_digest_command,
        args=(Arg("switch", ArgKind.CHOICE, "on or off", choices=SWITCH),),
        examples=("team digest", "team digest off"),
        group=TEAMS,
        pages=lambda args, _: () if args.get("switch") else (("Teams page", teams_path()),),
    ),
)
