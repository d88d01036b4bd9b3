"""A team's summary for its managers: who is in it, read in one go, and how it reads."""

from __future__ import annotations

import asyncio

from bot.commands.learner import Learner
from bot.core.markup import user
from bot.core.reply import Block, Context, Fields, Items, Text
from bot.domain.checkins import status_label
from bot.domain.team_summary import (
    CONFIDENCE_MIN,
    CheckinRow,
    Person,
    Shared,
    Summary,
    since,
    summarise,
)
from bot.domain.teams import TeamRef
from bot.nudging.weeks import period
from content.schema import Catalog
from storage import team_reads as repo
from storage.kinds import TeamRole
from storage.tables import Profile


async def people_of(
    learner: Learner[Profile | None], team: TeamRef
) -> tuple[list[Person], list[str]]:
    """The team's members (as summary Persons, levels still empty) and its managers' names."""
    rows = await repo.summary_roster(session=learner.session, team_id=team.id)
    managers = [name for _, name, role, *_ in rows if role == TeamRole.MANAGER]
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
        if role == TeamRole.MEMBER
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
    label = status_label(shared.status)
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
    blocks: list[Block] = [_figures(summary, people, managers, period(learner.now, tz))]
    if summary.shared:
        blocks += [
            Text("**Shared with you** (each member's latest shared check-in)"),
            Items(tuple(shared_line(s) for s in summary.shared)),
        ]
    blocks += _gaps(catalog, summary)
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


def _figures(summary: Summary, people: list[Person], managers: list[str], current: str) -> Fields:
    """Who is in the team, this week so far, and the trends of the last four weeks."""
    started = [user(p.name) for p in people if p.started]
    members = f"{summary.started} started of {len(people)}: " + ", ".join(started or ["nobody"])
    if summary.invited:
        members += "; invited, not started: " + ", ".join(map(user, summary.invited))
    return Fields(
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


def _gaps(catalog: Catalog, summary: Summary) -> list[Block]:
    """The largest gaps to target, and which skills some members haven't rated."""
    blocks: list[Block] = []
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
    return blocks
