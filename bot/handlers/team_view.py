"""What managers see of a team: `team` (your teams, or one team's summary and heatmap),
`team export` (CSV) and `team digest` (the weekly digest of the teams you manage)."""

from __future__ import annotations

import asyncio
import re
from collections import Counter

from bot.chart import heatmap
from bot.errors import UserError
from bot.handlers.checkin import STATUSES
from bot.handlers.teams import TeamRef, find_team, log_view, may_manage, team_refs, turn
from bot.learner import Learner
from bot.markup import user
from bot.reply import Attachment, Block, Context, Fields, Image, Items, Reply, Text
from bot.request import Request
from bot.spreadsheet import csv_bytes
from bot.team_summary import (
    CONFIDENCE_MIN,
    CheckinRow,
    Person,
    Shared,
    Summary,
    since,
    summarise,
    target,
    windows,
)
from bot.weeks import period
from storage import teams as repo
from storage.tables import Profile


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
        m for m, w, status in challenges if status == "done" and w in recent.get(m, set())
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
    blocks.append(
        Context("`team <name>` for the full picture; `team digest off` stops this message.")
    )
    return Reply(title="Your teams this week", blocks=tuple(blocks))


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


async def people_of(
    learner: Learner[Profile | None], team: TeamRef
) -> tuple[list[Person], list[str]]:
    """The team's members (as summary Persons, levels still empty) and its managers' names."""
    rows = await repo.summary_roster(session=learner.session, team_id=team.id)
    managers = [name for _, name, role, *_ in rows if role == "manager"]
    people = [
        Person(
            member_id=member,
            name=name,
            stage=stage,
            path=path,
            levels={},
            tz=tz or "UTC",
            started=started,
        )
        for member, name, role, stage, path, tz, started in rows
        if role == "member"
    ]
    return people, managers


async def activity(
    learner: Learner[Profile | None], people: list[Person]
) -> tuple[list[tuple[int, str, str]], list[CheckinRow]]:
    """Fill in the people's levels; their recent challenges and check-ins."""
    levels, challenges, checkins = await repo.team_data(
        session=learner.session,
        member_ids=[p.member_id for p in people],
        since=since(learner.now),
    )
    for p in people:
        p.levels.update(levels.get(p.member_id, {}))
    # One check-in per member and week: where older data holds several, the latest counts.
    latest = {(c[0], c[1]): CheckinRow(*c) for c in checkins}
    return challenges, list(latest.values())


async def summarise_team(learner: Learner[Profile | None], people: list[Person]) -> Summary:
    """The summary, computed in a worker thread: at 1,000 members it would stall the loop."""
    challenges, checkins = await activity(learner, people)
    return await asyncio.to_thread(
        summarise, learner.catalog, people, challenges, checkins, now=learner.now
    )


def trend(now: float, before: float) -> str:
    """A rate over the last four weeks, with its direction against the four before."""
    arrow = "▲" if now > before else "▼" if now < before else "="
    return f"{now:.0%} ({arrow} from {before:.0%} the 4 weeks before)"


def _confidence(value: float | None, answers: int) -> str:
    if value is not None:
        return f"{value:.1f}/5 over {answers} answers"
    return f"hidden: {answers} answer{'s' if answers != 1 else ''}, shown from {CONFIDENCE_MIN}"


def this_week(summary: Summary) -> str:
    """The current week so far, in one line."""
    week = summary.this_week
    blocked = sum(1 for s in summary.blocked if s.this_week)
    return (
        f"{week.checked_in} of {summary.started} checked in, "
        f"{week.done} finished a challenge, {blocked} shared being blocked"
    )


def shared_line(shared: Shared) -> str:
    """A member's latest shared check-in: who, how it goes, when, and the note."""
    when = "this week" if shared.this_week else "earlier"
    label = next((c.label for c in STATUSES if c.value == shared.status), shared.status)
    head = f"{user(shared.name)} ({label.lower()}, {when})"
    return f"{head}: {user(shared.note)}" if shared.note else head


def summary_blocks(
    learner: Learner[Profile | None],
    summary: Summary,
    people: list[Person],
    managers: list[str],
    *,
    tz: str,
) -> tuple[Block, ...]:
    """The summary of `team <name>`: members, this week, trends, shared notes, gaps."""
    catalog = learner.catalog
    current = period(learner.now, tz)
    started = [user(p.name) for p in people if p.started]
    members = f"{summary.started} started of {len(people)}: " + ", ".join(started or ["nobody"])
    if summary.invited:
        members += "; invited, not started: " + ", ".join(map(user, summary.invited))
    blocks: list[Block] = [
        Fields(
            (
                ("Members", members),
                ("Managers", ", ".join(map(user, managers)) or "none yet"),
                (f"This week so far ({current})", this_week(summary)),
                (
                    "Confidence this week",
                    _confidence(summary.this_week.confidence, summary.this_week.answers),
                ),
                ("Challenges done, last 4 complete weeks", trend(*summary.completion)),
                ("Check-ins, last 4 complete weeks", trend(*summary.checkins)),
                (
                    "Confidence, last 4 complete weeks",
                    _confidence(summary.confidence, summary.confidence_answers),
                ),
            )
        )
    ]
    if summary.shared:
        blocks += [
            Text("**Shared with you** (each member's latest shared check-in)"),
            Items(tuple(shared_line(s) for s in summary.shared)),
        ]
    if summary.gaps:
        blocks += [
            Text("**Largest gaps to target** (among those who rated the skill)"),
            Items(
                tuple(
                    f"{catalog.skills[g.skill].name}: {g.mean:.1f} levels below on average, "
                    f"{g.rated} of {g.targeted} rated it"
                    for g in summary.gaps[:3]
                )
            ),
        ]
    if summary.unrated:
        blocks.append(
            Context(
                "Not rated: "
                + "; ".join(
                    f"{catalog.skills[s].name} by {n} member{'s' if n != 1 else ''}"
                    for s, n in summary.unrated[:6]
                )
                + (
                    f"; and {len(summary.unrated) - 6} more skills"
                    if len(summary.unrated) > 6
                    else ""
                )
                + ". Unrated skills count in no average."
            )
        )
    if summary.mentors:
        blocks += [
            Text("**Peer mentors**"),
            Items(
                tuple(
                    f"{user(a)} could help {user(b)} with {catalog.skills[s].name}"
                    for a, b, s in summary.mentors
                )
            ),
        ]
    blocks.append(
        Context(
            "Weeks are each member's own local weeks. Private notes never appear here; "
            "members see what you see with `team privacy`."
        )
    )
    return tuple(blocks)
