"""`home`: everything at a glance — focus, this week's challenge, progress, next nudges, teams.

Slack shows it as the App Home tab; everywhere else it is an ordinary command.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.commands.declare import (
    GETTING_AROUND,
    profile_spec,
)
from bot.commands.learner import Learner
from bot.commands.request import Request
from bot.core.reply import Block, Context, Divider, Fields, Items, Progress, Reply, ReplyKind, Text
from bot.domain.teams import team_refs
from bot.features.learner.challenge import challenge_command
from bot.features.learner.learning import focus_item
from bot.features.learner.plan import current_plan
from bot.nudging.calendar import prefs_of, upcoming
from bot.nudging.kinds import NudgeKind
from bot.nudging.weeks import period, streak
from storage import learning as repo
from storage import team_reads, teams
from storage.kinds import ChallengeStatus, TeamRole
from storage.tables import Profile

# The commands after which the Home tab may be out of date: those that change the plan, the
# week's challenge, progress, the nudge times or the teams a manager sees. Commands that only
# show something (`plan`, `challenge`, `progress`, `team …` views) leave it as it was.
CHANGES_HOME = frozenset(
    {
        "start",
        "profile set",
        "assess",
        "plan refresh",
        "plan target",
        "challenge done",
        "challenge skip",
        "challenge another",
        "checkin",
        "mydata forget",
        *(
            f"nudges {verb}"
            for verb in ("on", "off", "when", "pause", "resume", "country", "quiet")
        ),
        *(f"team {verb}" for verb in ("create", "add", "leave", "remove", "managers")),
    }
)
KIND_NAMES: dict[str, str] = {
    NudgeKind.CHALLENGE: "Challenge",
    NudgeKind.TIP: "Reading tip",
    NudgeKind.CHECKIN: "Check-in",
}


async def home_command(request: Request, learner: Learner[Profile]) -> Reply:
    """The member's week at a glance."""
    blocks: list[Block] = [*await _focus(learner), Divider()]
    challenge = await challenge_command(request, learner)
    blocks += [Text(f"**{challenge.title}**"), *challenge.blocks, Divider()]
    blocks += [*await _progress(learner), Divider(), *_next_nudges(learner)]
    blocks += await _teams(learner)
    blocks.append(Context("Type `help` in a message to me for every command."))
    return Reply(title="Your week at a glance", blocks=tuple(blocks), kind=ReplyKind.HOME)


async def _focus(learner: Learner[Profile]) -> list[Block]:
    catalog = learner.catalog
    _, items = await current_plan(learner)
    focus = focus_item(items)
    if focus is None:
        return [
            Text("**Plan focus:** you meet every target of your plan. `plan target` aims higher.")
        ]
    skill = catalog.skills[focus.skill]
    return [
        Text(
            f"**Plan focus: {skill.name}** (level {focus.from_level} → {focus.to_level})\n"
            f"{focus.reason}"
        )
    ]


async def _progress(learner: Learner[Profile]) -> list[Block]:
    session, member_id = learner.session, learner.member_id
    done = {
        a.period
        for a in await repo.assignments(session=session, member_id=member_id)
        if a.status == ChallengeStatus.DONE
    }
    weeks = streak(done, period(learner.now, learner.profile.timezone))
    checkins = await repo.checkins(session=session, member_id=member_id)
    _, items = await current_plan(learner)
    return [
        Text("**Progress**"),
        Fields(
            (
                ("Streak", f"{weeks} week{'s' if weeks != 1 else ''} in a row"),
                ("Challenges done", str(len(done))),
                ("Check-ins", str(len(checkins))),
            )
        ),
        Progress("Plan completion", sum(1 for i in items if i.done_at), len(items)),
    ]


def _next_nudges(learner: Learner[Profile]) -> list[Block]:
    profile, now = learner.profile, learner.now
    title = Text("**Next nudges**")
    if profile.opted_out:
        return [title, Context("Nudges are off. `nudges on` turns them back on.")]
    paused_until = profile.paused_until
    if paused_until is not None and paused_until >= now.date():
        until = "" if paused_until == date.max else f" until {paused_until}"
        reason = f" ({profile.pause_reason})" if profile.pause_reason else ""
        return [title, Context(f"Paused{until}{reason}. `nudges resume` starts them again.")]
    zone = ZoneInfo(profile.timezone)
    lines = tuple(
        f"{KIND_NAMES[kind]}: {when.astimezone(zone):%a %d %b, %H:%M} ({profile.timezone})"
        for _, kind, when in upcoming(prefs_of(profile), now, 1)
    )
    return [title, Items(lines)] if lines else [title]


async def _teams(learner: Learner[Profile]) -> list[Block]:
    """For managers: one line per team they manage (this week's participation only)."""
    session = learner.session
    managed = team_refs(await teams.managed_teams(session=session, member_id=learner.member_id))
    if not managed:
        return []
    label = period(learner.now, learner.profile.timezone)
    lines = []
    for team in managed:
        people = [
            m.id
            for m, role, _ in await teams.roster(session=session, team_id=team.id)
            if role == TeamRole.MEMBER and m.id is not None
        ]
        _, challenges, checkins = await team_reads.team_data(
            session=session, member_ids=people, since=learner.now - timedelta(days=8)
        )
        checked = len({c[0] for c in checkins if c[1] == label})
        done = len({c[0] for c in challenges if c[1] == label and c[2] == ChallengeStatus.DONE})
        lines.append(
            f"**{team.name}**: {len(people)} member{'s' if len(people) != 1 else ''}, "
            f"{checked} checked in and {done} finished a challenge this week"
        )
    return [
        Divider(),
        Text("**Your teams**"),
        Items(tuple(lines)),
        Context("`team <name>` shows a team's gaps and trends."),
    ]


def changes_home(name: str) -> bool:
    """Whether the command `name` (as `Command.name`, e.g. 'challenge done') may change what
    the Home view shows."""
    return name in CHANGES_HOME


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("home",),
        "Your week at a glance: focus, challenge, progress, next nudges, teams.",
        home_command,
        details="In Slack the same view is the app's Home tab.",
        aliases=("overview", "dashboard"),
        group=GETTING_AROUND,
    ),
)
