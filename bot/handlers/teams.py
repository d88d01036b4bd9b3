"""Teams: create them, add and remove people, appoint managers, see who is in one.

Admins (platform admins, or ids in ADMIN_IDS) create teams and appoint managers; a team's
managers add and remove its members. Nobody else sees a team's roster.
"""

from __future__ import annotations

import re
from collections import Counter

from bot.chart import heatmap
from bot.dispatch import is_admin
from bot.errors import UserError
from bot.handlers.team_people import resolve
from bot.markup import user
from bot.registry import Choice, Request
from bot.reply import Attachment, Block, Context, Fields, Image, Items, Reply, Text
from bot.spreadsheet import csv_bytes
from bot.team_summary import CONFIDENCE_MIN, Person, Summary, since, summarise, target, weeks_back
from storage import members
from storage import teams as repo
from storage.tables import Team

ACTIONS = (Choice("add", "Add", ("appoint",)), Choice("remove", "Remove", ("drop", "rm")))
SWITCH = (Choice("on", "On", ("yes",)), Choice("off", "Off", ("no", "stop")))

MANAGERS_SEE = (
    "your stage, path and skill levels against your targets (in the team's heatmap)",
    "whether you finished challenges and checked in, counted by week",
    "confidence only as a team average over at least 3 answers, never yours alone",
    "a check-in note, or that you are blocked, only when you ended it with `share`",
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
    verb = "now manage" if action == "add" else "no longer manage"
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
    people, managers, active = await _people_of(request, team)
    summary = summarise(
        request.services.catalog, people, *await _activity(request, people), now=request.now
    )
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", team.name)
    chart = heatmap(
        request.services.catalog,
        people,
        request.services.settings.output_dir / f"team-{safe}-{request.now:%Y%m%d-%H%M%S}.png",
        title=f"{team.name}: level against target",
    )
    blocks = _summary_blocks(request, summary, [p.name for p in people], active, managers)
    return Reply(
        title=f"Team {team.name}",
        blocks=(*blocks, Image(chart, f"skill heatmap of {team.name}")),
    )


async def _people_of(request: Request, team: Team) -> tuple[list[Person], list[str], int]:
    session, _ = request.db()
    assert team.id is not None
    rows = await repo.roster(session=session, team_id=team.id)
    managers = [m.display_name or m.user_id for m, role, _ in rows if role == "manager"]
    people: list[Person] = []
    active = 0
    for person, role, profile in rows:
        if role != "member":
            continue
        assert person.id is not None
        active += profile is not None and not profile.opted_out
        people.append(
            Person(
                member_id=person.id,
                name=person.display_name or person.user_id,
                stage=profile.stage if profile else None,
                path=profile.specialization if profile else None,
                levels={},
            )
        )
    return people, managers, active


async def _activity(
    request: Request, people: list[Person]
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str, int | None, str | None, bool]]]:
    session, _ = request.db()
    levels, challenges, checkins = await repo.team_data(
        session=session, member_ids=[p.member_id for p in people], since=since(request.now)
    )
    for p in people:
        p.levels.update(levels.get(p.member_id, {}))
    return challenges, checkins


def _trend(now: float, before: float) -> str:
    arrow = "▲" if now > before else "▼" if now < before else "="
    return f"{now:.0%} ({arrow} from {before:.0%} the 4 weeks before)"


def _summary_blocks(
    request: Request, summary: Summary, names: list[str], active: int, managers: list[str]
) -> tuple[Block, ...]:
    total = len(names)
    catalog = request.services.catalog
    confidence = (
        f"{summary.confidence:.1f}/5 over {summary.confidence_answers} answers"
        if summary.confidence is not None
        else f"hidden: {summary.confidence_answers} answer(s), shown from {CONFIDENCE_MIN}"
    )
    blocks: list[Block] = [
        Fields(
            (
                ("Members", f"{active} active of {total}: " + ", ".join(map(user, names))),
                ("Managers", ", ".join(map(user, managers)) or "none yet"),
                ("Challenges done, last 4 weeks", _trend(*summary.completion)),
                ("Check-ins, last 4 weeks", _trend(*summary.checkins)),
                ("Confidence", confidence),
            )
        )
    ]
    if summary.gaps:
        blocks += [
            Text("**Largest gaps to target**"),
            Items(
                tuple(
                    f"{catalog.skills[s].name}: {g:.1f} levels on average" for s, g in summary.gaps
                )
            ),
        ]
    if summary.blocked:
        blocks += [
            Text("**Blocked (shared with you)**"),
            Items(
                tuple(
                    f"{user(name)}: {user(note)}" if note else user(name)
                    for name, note in summary.blocked
                )
            ),
        ]
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
        Context("Private notes never appear here; members see what you see with `team privacy`.")
    )
    return tuple(blocks)


async def team_export_command(request: Request) -> Reply:
    """The team as CSV: member × skill with level, target and gap, plus completion."""
    team = await _team(request, request.args["name"])
    await _may_manage(request, team, "export the team")
    await _log(request, team, "export")
    people, _, _ = await _people_of(request, team)
    challenges, _ = await _activity(request, people)
    recent = set(weeks_back(request.now, 4))
    done = Counter(m for m, w, status in challenges if status == "done" and w in recent)
    catalog = request.services.catalog
    rows = []
    for person in people:
        for skill in catalog.skills:
            level = person.levels.get(skill, 0)
            goal = target(catalog, person, skill)
            gap = "" if goal is None else max(0, goal - level)
            rows.append(
                [
                    person.name,
                    skill,
                    level,
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
        Text("**What their managers can see**"),
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
    for team in managed:
        await _log(request, team, "digest")
        people, _, active = await _people_of(request, team)
        summary = summarise(
            request.services.catalog, people, *await _activity(request, people), now=request.now
        )
        gap = summary.gaps[0] if summary.gaps else None
        line = (
            f"**{team.name}**: {active} active of {len(people)}; "
            f"challenges {_trend(*summary.completion)}; check-ins {_trend(*summary.checkins)}"
        )
        if gap:
            line += f"; largest gap {request.services.catalog.skills[gap[0]].name}"
        if summary.blocked:
            line += f"; {len(summary.blocked)} shared being blocked"
        blocks.append(Text(line))
        safe = re.sub(r"[^A-Za-z0-9_-]", "_", team.name)
        blocks.append(
            Image(
                heatmap(
                    request.services.catalog,
                    people,
                    request.services.settings.output_dir
                    / f"digest-{safe}-{request.now:%Y%m%d}.png",
                    title=f"{team.name}: level against target",
                ),
                f"skill heatmap of {team.name}",
            )
        )
    blocks.append(
        Context("`team <name>` for the full picture; `team digest off` stops this message.")
    )
    return Reply(title="Your teams this week", blocks=tuple(blocks))
