"""`progress`: streak, challenges done, level changes over time and plan completion."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from bot.commands.declare import (
    GROW,
    profile_spec,
)
from bot.commands.learner import Learner
from bot.commands.request import Request
from bot.core.reply import (
    Block,
    Context,
    Fields,
    Items,
    Progress,
    Reply,
    Text,
)
from bot.domain.dashboard import timeline_path
from bot.features.learner.plan import current_plan
from bot.nudging.weeks import period, streak
from storage import learning as repo
from storage.kinds import ChallengeStatus
from storage.tables import Profile


async def progress_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Streak, challenges done, level changes over time and plan completion."""
    session, catalog, member_id = learner.session, learner.catalog, learner.member_id
    history = await repo.assignments(session=session, member_id=member_id)
    done = [a for a in history if a.status == ChallengeStatus.DONE]
    label = period(learner.now, learner.profile.timezone)
    weeks = streak({a.period for a in done}, label)
    _, items = await current_plan(learner)
    by_skill: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rating in await repo.ratings(session=session, member_id=member_id):
        by_skill[rating.skill].append((rating.rated_at.date().isoformat(), rating.level))
    changes = []
    for skill, trail in by_skill.items():
        steps = [trail[0]] + [t for prev, t in pairwise(trail) if t[1] != prev[1]]
        path = " → ".join(f"{lvl} ({day})" for day, lvl in steps)
        changes.append(f"{catalog.skills[skill].name}: {path}" if skill in catalog.skills else path)
    checkins = await repo.checkins(session=session, member_id=member_id)
    blocks: list[Block] = [
        Fields(
            (
                ("Streak", f"{weeks} week{'s' if weeks != 1 else ''} in a row"),
                ("Challenges done", str(len(done))),
                ("Check-ins", str(len(checkins))),
            )
        ),
        Progress("Plan completion", sum(1 for i in items if i.done_at), len(items)),
    ]
    if changes:
        blocks += [Text("**Your levels over time**"), Items(tuple(changes))]
    else:
        blocks.append(Context("Rate your skills with `assess` to see them move over time."))
    recent = [
        f"{a.period}: {catalog.challenges[a.challenge_id].title}"
        for a in done[-5:]
        if a.challenge_id in catalog.challenges
    ]
    if recent:
        blocks += [Text("**Recently finished**"), Items(tuple(reversed(recent)))]
    return Reply(title="Your progress", blocks=tuple(blocks))


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("progress",),
        "Your streak, challenges done, levels over time and plan completion.",
        progress_command,
        aliases=("stats",),
        group=GROW,
        pages=lambda _, member_id: (("your timeline", timeline_path(member_id)),),
    ),
)
