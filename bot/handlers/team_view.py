"""What a manager sees of a team: the summary's blocks and its heatmap, from the roster and
the activity storage hands back. Shared by `team <name>` and the weekly digest."""

from __future__ import annotations

import asyncio
import re

from bot.chart import heatmap
from bot.handlers.checkin import STATUSES
from bot.markup import user
from bot.reply import Block, Context, Fields, Image, Items, Text
from bot.request import Request
from bot.team_summary import CONFIDENCE_MIN, CheckinRow, Person, Shared, Summary, since, summarise
from bot.weeks import period
from storage import teams as repo
from storage.tables import Team


def chart(request: Request, team: Team, people: list[Person]) -> Image:
    """The heatmap, drawn by the dispatcher in a worker thread after the transaction."""
    catalog = request.services.catalog
    title = f"{team.name}: level against target"
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", team.name)
    return Image(
        filename=f"team-{safe}-{request.now:%Y%m%d-%H%M%S}.png",
        alt=f"skill heatmap of {user(team.name)}",
        draw=lambda: heatmap(catalog, people, title=title),
    )


async def people_of(request: Request, team: Team) -> tuple[list[Person], list[str]]:
    session, _ = request.db()
    assert team.id is not None
    rows = await repo.summary_roster(session=session, team_id=team.id)
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
    request: Request, people: list[Person]
) -> tuple[list[tuple[int, str, str]], list[CheckinRow]]:
    session, _ = request.db()
    levels, challenges, checkins = await repo.team_data(
        session=session, member_ids=[p.member_id for p in people], since=since(request.now)
    )
    for p in people:
        p.levels.update(levels.get(p.member_id, {}))
    # One check-in per member and week: where older data holds several, the latest counts.
    latest = {(c[0], c[1]): CheckinRow(*c) for c in checkins}
    return challenges, list(latest.values())


async def summarise_team(request: Request, people: list[Person]) -> Summary:
    """The summary, computed in a worker thread: at 1,000 members it would stall the loop."""
    challenges, checkins = await activity(request, people)
    return await asyncio.to_thread(
        summarise, request.services.catalog, people, challenges, checkins, now=request.now
    )


def trend(now: float, before: float) -> str:
    arrow = "▲" if now > before else "▼" if now < before else "="
    return f"{now:.0%} ({arrow} from {before:.0%} the 4 weeks before)"


def _confidence(value: float | None, answers: int) -> str:
    if value is not None:
        return f"{value:.1f}/5 over {answers} answers"
    return f"hidden: {answers} answer{'s' if answers != 1 else ''}, shown from {CONFIDENCE_MIN}"


def this_week(request: Request, summary: Summary) -> str:
    week = summary.this_week
    blocked = sum(1 for s in summary.blocked if s.this_week)
    return (
        f"{week.checked_in} of {summary.started} checked in, "
        f"{week.done} finished a challenge, {blocked} shared being blocked"
    )


def shared_line(shared: Shared) -> str:
    when = "this week" if shared.this_week else "earlier"
    label = next((c.label for c in STATUSES if c.value == shared.status), shared.status)
    head = f"{user(shared.name)} ({label.lower()}, {when})"
    return f"{head}: {user(shared.note)}" if shared.note else head


def summary_blocks(
    request: Request, summary: Summary, people: list[Person], managers: list[str]
) -> tuple[Block, ...]:
    catalog = request.services.catalog
    tz = request.profile.timezone if request.profile else request.command.actor.timezone
    current = period(request.now, tz or "UTC")
    started = [user(p.name) for p in people if p.started]
    members = f"{summary.started} started of {len(people)}: " + ", ".join(started or ["nobody"])
    if summary.invited:
        members += "; invited, not started: " + ", ".join(map(user, summary.invited))
    blocks: list[Block] = [
        Fields(
            (
                ("Members", members),
                ("Managers", ", ".join(map(user, managers)) or "none yet"),
                (f"This week so far ({current})", this_week(request, summary)),
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
