"""`challenge` (this week's), `challenge done|skip|another`, and `tip [skill]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.declare import (
    GROW,
    profile_spec,
)
from bot.commands.learner import Learner, learning_args
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.reply import Actions, Block, Button, ButtonStyle, Context, Fields, Reply, Text
from bot.features.learner.learning import (
    RECENT_TIPS,
    challenge_level,
    choose_tip,
    focus_skill,
    new_assignment,
)
from bot.nudging.weeks import period
from content.schema import Catalog
from storage import learning as repo
from storage.kinds import ChallengeStatus
from storage.tables import ChallengeAssignment, Profile, TipDelivery

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

MAX_EVIDENCE = 1000


def render_challenge(catalog: Catalog, row: ChallengeAssignment, *, title: str) -> Reply:
    """A challenge with its task, deliverable, time and the buttons to act on it."""
    challenge = catalog.challenges[row.challenge_id]
    skill = catalog.skills[row.skill]
    blocks: list[Block] = [
        Text(f"**{challenge.title}**"),
        Text(challenge.task),
        Fields(
            (
                ("Deliverable", challenge.deliverable),
                ("Time", f"about {challenge.hours:g} h"),
                ("Skill", f"{skill.name}, level {row.level} ({catalog.level_name(row.level)})"),
            )
        ),
    ]
    if row.status == ChallengeStatus.ASSIGNED:
        blocks.append(
            Actions(
                (
                    Button("Done", "challenge done", ButtonStyle.PRIMARY),
                    Button("Another one", "challenge another"),
                    Button("Skip this week", "challenge skip"),
                )
            )
        )
        blocks.append(Context("Finished? `challenge done <link or note>` records your evidence."))
    elif row.status == ChallengeStatus.DONE:
        blocks.append(Context("Done this week. `challenge another` if you want a bonus one."))
    else:
        blocks.append(Context("Skipped this week. `challenge another` gives you a different one."))
    return Reply(title=title, blocks=tuple(blocks))


async def _this_week(learner: Learner[Profile]) -> tuple[str, ChallengeAssignment | None]:
    """The member's local week and its live assignment, if any."""
    label = period(learner.now, learner.profile.timezone)
    row = await repo.assignment_for(
        session=learner.session, member_id=learner.member_id, period=label
    )
    return label, row


async def _assign(learner: Learner[Profile], *, skill: str | None = None) -> ChallengeAssignment:
    row = await new_assignment(**learning_args(learner), skill=skill)
    member_id, label = learner.member_id, row.period

    async def clash(session: AsyncSession) -> bool:
        # A nudge's pick is written with its send: a challenge the member got meanwhile
        # (they typed `challenge`) is this week's, and the nudge is built again to show it.
        return (
            await repo.assignment_for(session=session, member_id=member_id, period=label)
            is not None
        )

    await learner.keep(row, clash=clash)
    return row


async def challenge_command(request: Request, learner: Learner[Profile]) -> Reply:
    """This week's challenge: the same one all week, matched to your focus and level."""
    label, row = await _this_week(learner)
    row = row or await _assign(learner)
    return render_challenge(learner.catalog, row, title=f"This week's challenge ({label})")


async def _current(learner: Learner[Profile], verb: str) -> ChallengeAssignment:
    _, row = await _this_week(learner)
    if row is None:
        raise UserError(
            f"You have no challenge this week to {verb} yet.",
            hint="Type `challenge` to get this week's.",
        )
    return row


async def challenge_done_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Mark this week's challenge done, with an optional link or note as evidence."""
    row = await _current(learner, "mark done")
    catalog = learner.catalog
    if row.status == ChallengeStatus.DONE:
        when = row.completed_at.date().isoformat() if row.completed_at else "earlier"
        raise UserError(
            f"You already marked this week's challenge done ({when}).",
            hint="Type `challenge another` for a bonus one, or `progress` to see your streak.",
        )
    evidence = request.args.get("evidence")
    if evidence and len(evidence) > MAX_EVIDENCE:
        raise UserError(
            f"That note is {len(evidence)} characters; I keep at most {MAX_EVIDENCE}.",
            hint="Send a link or a shorter note: `challenge done https://…`.",
        )
    row.status, row.evidence, row.completed_at = ChallengeStatus.DONE, evidence, learner.now
    await repo.save(session=learner.session, row=row)
    skill = catalog.skills[row.skill]
    return Reply(
        title="Challenge done",
        blocks=(
            Text(f"Nice work on **{catalog.challenges[row.challenge_id].title}**."),
            Context(
                "Evidence saved."
                if evidence
                else "Add evidence next time: `challenge done <link>`."
            ),
            Text(
                f"Feel you have moved up in {skill.name}? `assess {skill.id} {min(row.level, 4)}`."
            ),
            Actions(
                (Button("My progress", "progress"), Button("A reading tip", f"tip {skill.id}"))
            ),
        ),
    )


async def challenge_skip_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Skip this week's challenge."""
    row = await _current(learner, "skip")
    if row.status != ChallengeStatus.ASSIGNED:
        raise UserError(
            f"This week's challenge is already {row.status}.",
            hint="Type `challenge another` for a different one.",
        )
    row.status = ChallengeStatus.SKIPPED
    await repo.save(session=learner.session, row=row)
    return Reply(
        title="Skipped",
        blocks=(
            Text("No problem: some weeks are full. A new challenge comes next week."),
            Actions((Button("Give me another now", "challenge another"),)),
        ),
    )


async def challenge_another_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Swap this week's challenge for a different one (a finished one stays finished)."""
    _, row = await _this_week(learner)
    if row is not None and row.status in {ChallengeStatus.ASSIGNED, ChallengeStatus.SKIPPED}:
        row.status = ChallengeStatus.REPLACED
        await repo.save(session=learner.session, row=row)
    new = await _assign(learner, skill=row.skill if row is not None else None)
    return render_challenge(learner.catalog, new, title="Here's another one")


async def tip_command(request: Request, learner: Learner[Profile]) -> Reply:
    """A reading tip for the focus skill or the named one, not one given lately."""
    session, catalog, member_id = learner.session, learner.catalog, learner.member_id
    skill = request.args.get("skill") or await focus_skill(**learning_args(learner))
    levels = await repo.current_levels(session=session, member_id=member_id)
    recent = await repo.recent_tips(session=session, member_id=member_id, limit=RECENT_TIPS)
    tip = choose_tip(catalog.tips_for(skill), level=challenge_level(levels, skill), recent=recent)
    await learner.keep(
        TipDelivery(member_id=member_id, tip_id=tip.id, skill=skill, given_at=learner.now)
    )
    return Reply(
        title=f"Reading tip: {catalog.skills[skill].name}",
        blocks=(
            Text(f"[{tip.title}]({tip.url})"),
            Fields(
                (
                    ("Kind", tip.kind.value),
                    ("Suits", f"level {tip.level} ({catalog.level_name(tip.level)})"),
                    (
                        "Time",
                        f"about {tip.minutes} min"
                        if tip.minutes < 90
                        else f"about {round(tip.minutes / 60)} h",
                    ),
                )
            ),
            Actions((Button("Another tip", f"tip {skill}"),)),
        ),
    )


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("challenge",),
        "This week's challenge for your focus skill.",
        challenge_command,
        group=GROW,
    ),
    profile_spec(
        ("challenge", "done"),
        "Mark this week's challenge done, with a link or note.",
        challenge_done_command,
        args=(Arg("evidence", ArgKind.TEXT, "a link or a short note", rest=True),),
        examples=("challenge done https://github.com/me/repo/pull/4",),
        aliases=("finish", "complete"),
        group=GROW,
    ),
    profile_spec(
        ("challenge", "skip"),
        "Skip this week's challenge.",
        challenge_skip_command,
        group=GROW,
    ),
    profile_spec(
        ("challenge", "another"),
        "Swap this week's challenge for a different one.",
        challenge_another_command,
        aliases=("new", "next", "swap"),
        group=GROW,
    ),
    profile_spec(
        ("tip",),
        "A reading tip for your focus skill, or for the one you name.",
        tip_command,
        args=(Arg("skill", ArgKind.SKILL, "a skill", rest=True),),
        examples=("tip", "tip statistics"),
        aliases=("read", "reading"),
        group=GROW,
    ),
)
