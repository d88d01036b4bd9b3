"""Teams: create them, add and remove people, appoint managers, see who is in one.

Admins (platform admins, or ids in ADMIN_IDS) create teams and appoint managers; a team's
managers add and remove its members. Nobody else sees a team's roster.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.dispatch import is_admin
from bot.errors import UserError
from bot.handlers.team_people import resolve
from bot.handlers.team_view import (
    activity,
    chart,
    people_of,
    shared_line,
    summarise_team,
    summary_blocks,
    this_week,
    trend,
)
from bot.markup import user
from bot.registry import Choice
from bot.reply import Attachment, Block, Context, Items, Reply, Text
from bot.request import Request
from bot.spreadsheet import csv_bytes
from bot.team_summary import target, windows
from storage import members
from storage import teams as repo
from storage.tables import Team

ACTIONS = (Choice("add", "Add", ("appoint",)), Choice("remove", "Remove", ("drop", "rm")))
SWITCH = (Choice("on", "On", ("yes",)), Choice("off", "Off", ("no", "stop")))

MANAGERS_SEE = (
    "your stage, path and skill levels against your targets (in the team's heatmap)",
    "whether you finished challenges and checked in, counted by week",
    "confidence only as a team average over at least 3 answers, never yours alone",
    "a check-in note, or that you are blocked, only when you ended it with `share` "
    "(a shared blocker also sends them one message, unless they turned alerts off)",
)


async def _team(request: Request, name: str) -> Team:
    session, member = request.db()
    team = await repo.find_team(session=session, workspace_id=member.workspace_id, name=name)
    if team is None:
        raise UserError(
            f"There is no team called `{name}` here.",
            hint=f"An admin can create it: `team create {name}`.",
        )
    return team


async def _may_manage(request: Request, team: Team, doing: str) -> None:
    session, member = request.db()
    assert team.id is not None and member.id is not None
    if is_admin(request.command.actor, request.services):
        return
    if await repo.manages(session=session, team_id=team.id, member_id=member.id):
        return
    raise UserError(
        f"Only managers of `{team.name}` or a workspace admin can {doing}.",
        hint="Ask one of them, or see your own data with `progress` and `mydata`.",
    )


async def _log(request: Request, team: Team, what: str) -> None:
    session, member = request.db()
    assert member.id is not None and team.id is not None
    await repo.log_view(
        session=session, viewer_id=member.id, team_id=team.id, what=what, now=request.now
    )


async def team_create_command(request: Request) -> Reply:
    """Create a team (admins)."""
    session, member = request.db()
    name = request.args["name"].strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}", name):
        raise UserError(
            f"`{name}` can't be a team name.",
            hint="Use letters, digits, spaces, dots or dashes, e.g. `team create ml-platform`.",
        )
    if await repo.find_team(session=session, workspace_id=member.workspace_id, name=name):
        raise UserError(
            f"A team called `{name}` exists already.", hint=f"Add people: `team add {name} @name`."
        )
    await repo.create_team(
        session=session, workspace_id=member.workspace_id, name=name, now=request.now
    )
    return Reply(
        title=f"Team {name} created",
        blocks=(Text(f"Next: `team managers {name} add @name`, then `team add {name} @name …`."),),
    )


async def team_add_command(request: Request) -> Reply:
    """Add people to a team (its managers, or admins); they are told what managers see."""
    session, member = request.db()
    team = await _team(request, request.args["name"])
    await _may_manage(request, team, "add people")
    assert team.id is not None
    added: list[str] = []
    already: list[str] = []
    invited: list[str] = []
    for someone in await resolve(request, request.args["people"], invite=True):
        person, name = someone.member_id, someone.name
        if someone.invited:
            invited.append(name)
        new = await repo.add(
            session=session,
            team_id=team.id,
            member_id=person,
            role="member",
            added_by=member.id,
            now=request.now,
        )
        (added if new else already).append(name)
        if new:
            await repo.notify_added(
                session=session, member_id=person, team_id=team.id, now=request.now
            )
    blocks: list[Block] = []
    if added:
        blocks.append(Text(f"Added to **{team.name}**: " + ", ".join(map(user, added))))
    if already:
        blocks.append(Context("Already in the team: " + ", ".join(map(user, already))))
    if invited:
        blocks.append(
            Context(
                "Invited (new to mentorbot): "
                + ", ".join(map(user, invited))
                + ". Managers see their data only after they `start`."
            )
        )
    blocks.append(Context("They get a message saying so, by whom, and what managers can see."))
    return Reply(title=f"Team {team.name}", blocks=tuple(blocks))


async def team_remove_command(request: Request) -> Reply:
    """Take people out of a team (its managers, or admins)."""
    session, _ = request.db()
    team = await _team(request, request.args["name"])
    await _may_manage(request, team, "remove people")
    assert team.id is not None
    removed = [
        p.name
        for p in await resolve(request, request.args["people"], invite=False)
        if await repo.remove(session=session, team_id=team.id, member_id=p.member_id, role="member")
    ]
    text = (
        ("Removed: " + ", ".join(map(user, removed)))
        if removed
        else "Nobody named was in the team."
    )
    return Reply(title=f"Team {team.name}", blocks=(Text(text),))


async def team_managers_command(request: Request) -> Reply:
    """Appoint or remove a team's manager (admins)."""
    session, member = request.db()
    team = await _team(request, request.args["name"])
    assert team.id is not None
    action = request.args["action"]
    names = []
    for someone in await resolve(request, request.args["people"], invite=True):
        person, name = someone.member_id, someone.name
        if action == "add":
            await repo.add(
                session=session,
                team_id=team.id,
                member_id=person,
                role="manager",
                added_by=member.id,
                now=request.now,
            )
        else:
            await repo.remove(session=session, team_id=team.id, member_id=person, role="manager")
        names.append(name)
    one = len(names) == 1
    verb = ("now manages" if one else "now manage") if action == "add" else "no longer manage"
    verb = "no longer manages" if action != "add" and one else verb
    who = ", ".join(map(user, names))
    return Reply(title=f"Team {team.name}", blocks=(Text(f"{who} {verb} **{team.name}**."),))


async def team_command(request: Request) -> Reply:
    """Your teams; or, for its managers and admins, one team's people."""
    session, member = request.db()
    assert member.id is not None
    name = request.args.get("name")
    if not name:
        mine = await repo.teams_of(session=session, member_id=member.id)
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
    team = await _team(request, name)
    await _may_manage(request, team, "see the team")
    await _log(request, team, "summary")
    people, managers = await people_of(request, team)
    summary = await summarise_team(request, people)
    blocks = summary_blocks(request, summary, people, managers)
    return Reply(title=f"Team {team.name}", blocks=(*blocks, chart(request, team, people)))


async def team_export_command(request: Request) -> Reply:
    """The team as CSV: member × skill with level, target and gap, plus completion."""
    team = await _team(request, request.args["name"])
    await _may_manage(request, team, "export the team")
    await _log(request, team, "export")
    people, _ = await people_of(request, team)
    challenges, _ = await activity(request, people)
    recent = {p.member_id: set(windows(request.now, p.tz)[1]) for p in people}
    done = Counter(
        m for m, w, status in challenges if status == "done" and w in recent.get(m, set())
    )
    catalog = request.services.catalog
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


async def team_privacy_command(request: Request) -> Reply:
    """Your teams, who added you, and exactly what their managers can see about you."""
    blocks: list[Block] = []
    if request.session is not None and request.member is not None and request.member.id:
        session = request.session
        lines = []
        for team, membership in await repo.teams_of(session=session, member_id=request.member.id):
            if membership.role != "member":
                continue
            adder = await members.member_name(session=session, member_id=membership.added_by)
            lines.append(
                f"**{team.name}**, added by {user(adder) if adder else 'an admin'} "
                f"on {membership.added_at:%Y-%m-%d}"
            )
        if lines:
            blocks += [Text("**Your teams**"), Items(tuple(lines))]
        if lines and request.profile is None:
            leave = request.services.settings.allow_team_leave
            blocks.append(
                Text(
                    "You are invited to mentorbot, a mentor for AI engineers. Nothing about "
                    "you is shared until you type `start`"
                    + ("; or `team leave <team>` to leave." if leave else ".")
                )
            )
    blocks += [
        Text("**What your managers can see**"),
        Items(MANAGERS_SEE),
        Context(
            "Everything else stays yours: `mydata` shows it all and who looked; "
            "`mydata forget` deletes it."
        ),
    ]
    return Reply(title="What your managers can see", blocks=tuple(blocks))


async def team_digest_command(request: Request) -> Reply:
    """The weekly digest of the teams you manage; `on`/`off` to get it or not."""
    session, member = request.db()
    assert member.id is not None
    switch = request.args.get("switch")
    if switch is not None:
        profile = await members.get_profile(session=session, member_id=member.id)
        if profile is None:
            raise UserError(
                "Set up your profile first, so I know your timezone.", hint="Type `start`."
            )
        profile.digest_off = switch == "off"
        profile.updated_at = request.now
        await members.save_profile(session=session, profile=profile)
        state = "off" if profile.digest_off else "on: Mondays at 09:00 your time"
        return Reply(title="Weekly digest", blocks=(Text(f"The weekly team digest is {state}."),))
    managed = await repo.managed_teams(session=session, member_id=member.id)
    if not managed:
        raise UserError(
            "You don't manage a team, so there is no digest.", hint="Type `team` to see your teams."
        )
    blocks: list[Block] = []
    catalog = request.services.catalog
    for team in managed:
        await _log(request, team, "digest")
        people, _ = await people_of(request, team)
        summary = await summarise_team(request, people)
        line = (
            f"**{team.name}**: {summary.started} started of {len(people)}; "
            f"this week so far: {this_week(request, summary)}; "
            f"challenges {trend(*summary.completion)}; check-ins {trend(*summary.checkins)}"
        )
        if summary.gaps:
            line += f"; largest gap {catalog.skills[summary.gaps[0].skill].name}"
        blocks.append(Text(line))
        if summary.shared:
            blocks.append(Items(tuple(shared_line(s) for s in summary.shared)))
        blocks.append(chart(request, team, people))
    blocks.append(
        Context("`team <name>` for the full picture; `team digest off` stops this message.")
    )
    return Reply(title="Your teams this week", blocks=tuple(blocks))
