"""The web dashboard's pages about one member: their timeline and their plan.

A member sees everything of their own. Their managers (and the workspace's admins) see
only what `team privacy` promises: ratings, which challenges were finished and when, that
a check-in happened, and a check-in's status and note only where it was shared; never
private notes, confidence, evidence or plan steps. Each such look is written to the view
log the member reads in `mydata`. Someone outside the member's workspace, or without a
team in common, gets None, as for a member who doesn't exist.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.commands.services import Services
from bot.commands.viewer import Viewer
from bot.domain.checkins import status_label
from bot.nudging.weeks import period
from content.schema import Catalog
from storage import learning, members, team_reads, workspaces
from storage import teams as repo
from storage.kinds import ChallengeStatus
from storage.tables import ChallengeAssignment, Checkin, PlanItem, SkillRating

_URL = re.compile(r"https?://[^\s<>\"']{1,900}")


class EntryKind(StrEnum):
    """What a timeline entry records (also its CSS class and its label on the page)."""

    RATING = "rating"
    CHALLENGE = "challenge"
    CHECKIN = "checkin"
    PLAN = "plan"


@dataclass(frozen=True)
class Entry:
    """One thing that happened, newest first on the page."""

    when: datetime
    kind: EntryKind
    text: str
    skill: str | None = None
    link: str | None = None
    private: bool = False  # seen only because the viewer is the member


@dataclass(frozen=True)
class Timeline:
    """A member's page as the viewer may see it."""

    member_id: int
    name: str
    own: bool
    team: str | None
    skill: str | None
    entries: list[Entry]
    ratings: dict[str, list[tuple[datetime, int]]] = field(default_factory=dict)


def _link(evidence: str | None) -> str | None:
    """The first http(s) address in the evidence (nothing else becomes a link)."""
    found = _URL.search(evidence or "")
    return found.group(0) if found else None


def _challenge(catalog: Catalog, row: ChallengeAssignment, *, own: bool) -> Entry | None:
    if row.status != ChallengeStatus.DONE or row.completed_at is None:
        return None
    known = catalog.challenges.get(row.challenge_id)
    title = known.title if known else row.challenge_id
    return Entry(
        row.completed_at,
        EntryKind.CHALLENGE,
        f"Finished “{title}” ({row.period})",
        skill=row.skill,
        link=_link(row.evidence) if own else None,
    )


def _checkin(row: Checkin, *, own: bool) -> Entry:
    if own:
        parts = [status_label(row.status)]
        if row.confidence is not None:
            parts.append(f"confidence {row.confidence}/5")
        text = f"Checked in ({row.period}): " + ", ".join(parts)
        if row.note:
            text += f". {'Shared' if row.shared else 'Private'} note: {row.note}"
        return Entry(row.created_at, EntryKind.CHECKIN, text, private=not row.shared)
    if row.shared:
        text = f"Checked in ({row.period}): {status_label(row.status)}"
        return Entry(
            row.created_at, EntryKind.CHECKIN, text + (f". Note: {row.note}" if row.note else "")
        )
    return Entry(row.created_at, EntryKind.CHECKIN, f"Checked in ({row.period})")


def _entries(
    catalog: Catalog,
    ratings: list[SkillRating],
    challenges: list[ChallengeAssignment],
    checkins: list[Checkin],
    steps: list[PlanItem],
    *,
    own: bool,
) -> list[Entry]:
    found = [
        Entry(
            r.rated_at,
            EntryKind.RATING,
            f"{catalog.skills[r.skill].name if r.skill in catalog.skills else r.skill}: "
            f"level {r.level} ({'rated by a manager' if r.source == 'manager' else 'self-rated'})",
            skill=r.skill,
        )
        for r in ratings
    ]
    found += [e for c in challenges if (e := _challenge(catalog, c, own=own)) is not None]
    found += [_checkin(c, own=own) for c in checkins]
    if own:
        found += [
            Entry(
                s.done_at,
                EntryKind.PLAN,
                f"Plan step done: {_skill_name(catalog, s.skill)}, level {s.from_level}"
                f" → {s.to_level}",
                skill=s.skill,
            )
            for s in steps
            if s.done_at is not None
        ]
    found.sort(key=lambda e: e.when, reverse=True)
    return found


async def timeline(
    services: Services, viewer: Viewer, member_id: int, *, now: datetime, skill: str | None = None
) -> Timeline | None:
    """The member's timeline as the viewer may see it (one skill's, with `skill`)."""
    async with services.db.transaction() as session:
        found = await members.member_with_workspace(session=session, member_id=member_id)
        if found is None or found[0].workspace_id != viewer.workspace_id:
            return None
        own, team = member_id == viewer.member_id, None
        if not own:
            team = await repo.shared_team(
                session=session, manager_id=viewer.member_id, member_id=member_id
            )
            if team is None and viewer.admin:
                team = await workspaces.team_of_member(
                    session=session, workspace_id=viewer.workspace_id, member_id=member_id
                )
            if team is None or team.id is None:
                return None
            await team_reads.log_view(
                session=session,
                viewer_id=viewer.member_id,
                team_id=team.id,
                what="web timeline",
                now=now,
            )
        ratings = list(await learning.ratings(session=session, member_id=member_id))
        challenges = list(await learning.assignments(session=session, member_id=member_id))
        checkins = list(await learning.checkins(session=session, member_id=member_id))
        plan = await learning.active_plan(session=session, member_id=member_id)
    entries = _entries(
        services.catalog, ratings, challenges, checkins, plan[1] if plan else [], own=own
    )
    if skill is not None:
        entries = [e for e in entries if e.skill == skill]
    history: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for r in sorted(ratings, key=lambda r: r.rated_at):
        if skill is None or r.skill == skill:
            history[r.skill].append((r.rated_at, r.level))
    member = found[0]
    name = member.display_name or member.user_id
    return Timeline(member_id, name, own, team.name if team else None, skill, entries, history)


@dataclass(frozen=True)
class MyPlan:
    """The viewer's plan, this week's challenge and whether they have started at all."""

    started: bool
    target: str | None
    steps: list[PlanItem]
    challenge: ChallengeAssignment | None
    week: str


async def my_plan(services: Services, viewer: Viewer, *, now: datetime) -> MyPlan:
    """The viewer's own plan and this week's challenge, read only."""
    async with services.db.snapshot() as session:
        profile = await members.get_profile(session=session, member_id=viewer.member_id)
        if profile is None:
            return MyPlan(False, None, [], None, period(now, "UTC"))
        week = period(now, profile.timezone)
        plan = await learning.active_plan(session=session, member_id=viewer.member_id)
        row = await learning.assignment_for(
            session=session, member_id=viewer.member_id, period=week
        )
    target = plan[0].target_stage if plan else None
    return MyPlan(True, target, plan[1] if plan else [], row, week)


def _skill_name(catalog: Catalog, skill: str) -> str:
    return catalog.skills[skill].name if skill in catalog.skills else skill
