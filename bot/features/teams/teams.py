"""Team rosters: create teams, add and remove people, appoint managers, what managers see.

Admins (platform admins, or ids in ADMIN_IDS) create teams and appoint managers; a team's
managers add and remove its members. Nobody else sees a team's roster. The permission
check, the team lookup and the audit of managers' views live here too; what a manager
sees of a team is in `view` and `summary`.
"""

from __future__ import annotations

import re
from typing import Literal

from bot.commands.ai import sent_to_model
from bot.commands.declare import (
    TEAMS,
    member_spec,
)
from bot.commands.dispatch import is_admin
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind, Audience, Choice
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.markup import user
from bot.core.reply import Block, Context, Items, Reply, Text
from bot.domain.teams import PEOPLE, TEAM_NAME, TeamRef
from bot.features.teams.people import resolve
from bot.nudging.kinds import NudgeKind, OutboxKey
from storage import members, outbox, team_reads
from storage import teams as repo
from storage.kinds import TeamRole
from storage.tables import Profile

# The profile fields of what a manager may turn off.
ManagerSwitch = Literal["digest_off", "alerts_off"]

ACTIONS = (Choice("add", "Add", ("appoint",)), Choice("remove", "Remove", ("drop", "rm")))
SWITCH = (Choice("on", "On", ("yes",)), Choice("off", "Off", ("no", "stop")))

MANAGERS_SEE = (
    "your stage, path and skill levels against your targets (in the team's heatmap)",
    "whether you finished challenges and checked in, counted by week",
    "confidence only as a team average over at least 3 answers, never yours alone",
    "a check-in note, or that you are blocked, only when you ended it with `share` "
    "(a shared blocker also sends them one message, unless they turned alerts off)",
)


async def find_team(learner: Learner[Profile | None], name: str) -> TeamRef:
    """The team called `name` in the learner's workspace; raises UserError if none."""
    team = await repo.find_team(
        session=learner.session, workspace_id=learner.workspace_id, name=name
    )
    if team is None or team.id is None:
        raise UserError(
            f"There is no team called `{name}` here.",
            hint=f"An admin can create it: `team create {name}`.",
        )
    return TeamRef(team.id, team.name)


async def turn(
    learner: Learner[Profile | None], switch: ManagerSwitch, *, off: bool, why: str
) -> Profile:
    """Turn a manager's weekly digest or blocker alerts off (or on) in their profile;
    raises UserError for someone who never ran `start`, saying `why` it needs one."""
    profile = learner.profile
    if profile is None:
        raise UserError(f"Set up your profile first, so I {why}.", hint="Type `start`.")
    setattr(profile, switch, off)
    profile.updated_at = learner.now
    return await members.save_profile(session=learner.session, profile=profile)


async def may_manage(
    request: Request, learner: Learner[Profile | None], team: TeamRef, doing: str
) -> None:
    """Raise UserError unless the asker manages `team` or is a workspace admin."""
    if is_admin(request.command.actor, request.services):
        return
    if await repo.manages(session=learner.session, team_id=team.id, member_id=learner.member_id):
        return
    raise UserError(
        f"Only managers of `{team.name}` or a workspace admin can {doing}.",
        hint="Ask one of them, or see your own data with `progress` and `mydata`.",
    )


async def log_view(learner: Learner[Profile | None], team: TeamRef, what: str) -> None:
    """Record that the learner looked at `team` (members see who looked, in `mydata`)."""
    await team_reads.log_view(
        session=learner.session,
        viewer_id=learner.member_id,
        team_id=team.id,
        what=what,
        now=learner.now,
    )


async def team_create_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Create a team (admins)."""
    session, workspace_id = learner.session, learner.workspace_id
    name = request.args["name"].strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,79}", name):
        raise UserError(
            f"`{name}` can't be a team name.",
            hint="Use letters, digits, spaces, dots or dashes, e.g. `team create ml-platform`.",
        )
    if await repo.find_team(session=session, workspace_id=workspace_id, name=name):
        raise UserError(
            f"A team called `{name}` exists already.", hint=f"Add people: `team add {name} @name`."
        )
    await repo.create_team(session=session, workspace_id=workspace_id, name=name, now=learner.now)
    return Reply(
        title=f"Team {name} created",
        blocks=(Text(f"Next: `team managers {name} add @name`, then `team add {name} @name …`."),),
    )


async def team_add_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Add people to a team (its managers, or admins); they are told what managers see."""
    session, now = learner.session, learner.now
    team = await find_team(learner, request.args["name"])
    await may_manage(request, learner, team, "add people")
    added: list[str] = []
    already: list[str] = []
    invited: list[str] = []
    for someone in await resolve(request, learner, request.args["people"], invite=True):
        person, name = someone.member_id, someone.name
        if someone.invited:
            invited.append(name)
        new = await repo.add(
            session=session,
            team_id=team.id,
            member_id=person,
            role=TeamRole.MEMBER,
            added_by=learner.member_id,
            now=now,
        )
        (added if new else already).append(name)
        if new:
            # 'You were added', once per team, through the outbox like every nudge.
            await outbox.queue_now(
                session=session,
                member_ids=[person],
                kind=NudgeKind.TEAM_ADDED,
                period=OutboxKey(team_id=team.id).column,
                now=now,
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


async def team_remove_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Take people out of a team (its managers, or admins)."""
    team = await find_team(learner, request.args["name"])
    await may_manage(request, learner, team, "remove people")
    removed = [
        p.name
        for p in await resolve(request, learner, request.args["people"], invite=False)
        if await repo.remove(
            session=learner.session, team_id=team.id, member_id=p.member_id, role=TeamRole.MEMBER
        )
    ]
    text = (
        ("Removed: " + ", ".join(map(user, removed)))
        if removed
        else "Nobody named was in the team."
    )
    return Reply(title=f"Team {team.name}", blocks=(Text(text),))


async def team_managers_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Appoint or remove a team's manager (admins)."""
    session = learner.session
    team = await find_team(learner, request.args["name"])
    action = request.args["action"]
    names = []
    for someone in await resolve(request, learner, request.args["people"], invite=True):
        person, name = someone.member_id, someone.name
        if action == "add":
            await repo.add(
                session=session,
                team_id=team.id,
                member_id=person,
                role=TeamRole.MANAGER,
                added_by=learner.member_id,
                now=learner.now,
            )
        else:
            await repo.remove(
                session=session, team_id=team.id, member_id=person, role=TeamRole.MANAGER
            )
        names.append(name)
    one = len(names) == 1
    verb = ("now manages" if one else "now manage") if action == "add" else "no longer manage"
    verb = "no longer manages" if action != "add" and one else verb
    who = ", ".join(map(user, names))
    return Reply(title=f"Team {team.name}", blocks=(Text(f"{who} {verb} **{team.name}**."),))


async def team_privacy_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Your teams, who added you, and exactly what their managers can see about you."""
    session = learner.session
    blocks: list[Block] = []
    lines = []
    for team, membership in await repo.teams_of(session=session, member_id=learner.member_id):
        if membership.role != TeamRole.MEMBER:
            continue
        adder = await members.member_name(session=session, member_id=membership.added_by)
        lines.append(
            f"**{team.name}**, added by {user(adder) if adder else 'an admin'} "
            f"on {membership.added_at:%Y-%m-%d}"
        )
    if lines:
        blocks += [Text("**Your teams**"), Items(tuple(lines))]
    if lines and learner.profile is None:
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
        Text("**What is sent to a model**"),
        Text(await sent_to_model(request, learner)),
        Context(
            "Everything else stays yours: `mydata` shows it all and who looked; "
            "`mydata forget` deletes it."
        ),
    ]
    return Reply(title="What your managers can see", blocks=tuple(blocks))


# The commands this module answers, as help lists them.
SPECS = (
    member_spec(
        ("team", "create"),
        "Create a team.",
        team_create_command,
        args=(TEAM_NAME,),
        examples=("team create ml-platform",),
        audience=Audience.ADMIN,
        group=TEAMS,
    ),
    member_spec(
        ("team", "add"),
        "Add people to a team.",
        team_add_command,
        args=(TEAM_NAME, PEOPLE),
        examples=("team add ml-platform @ann @bob",),
        group=TEAMS,
    ),
    member_spec(
        ("team", "remove"),
        "Take people out of a team.",
        team_remove_command,
        args=(TEAM_NAME, PEOPLE),
        examples=("team remove ml-platform @bob",),
        group=TEAMS,
    ),
    member_spec(
        ("team", "managers"),
        "Appoint or remove a team's managers.",
        team_managers_command,
        args=(
            TEAM_NAME,
            Arg("action", ArgKind.CHOICE, "add or remove", required=True, choices=ACTIONS),
            PEOPLE,
        ),
        examples=("team managers ml-platform add @ann",),
        audience=Audience.ADMIN,
        group=TEAMS,
    ),
    member_spec(
        ("team", "privacy"),
        "Exactly what your managers can see.",
        team_privacy_command,
        group=TEAMS,
    ),
)
