"""`assess`: every skill with your level and its rubric line; `assess <skill> <1-4>` rates one."""

from __future__ import annotations

from bot.commands.declare import (
    GROW,
    profile_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.reply import (
    Actions,
    Block,
    Button,
    Context,
    Form,
    Items,
    Option,
    Reply,
    Select,
    SelectInput,
    Text,
)
from bot.features.learner.learning import focus_item
from bot.features.learner.plan import current_plan
from content.schema import LEVELS
from storage import learning as repo
from storage.tables import Profile


async def assess_command(request: Request, learner: Learner[Profile]) -> Reply:
    """List the self-assessment, or record one rating and show what it changed."""
    skill, level = request.args.get("skill"), request.args.get("level")
    if skill is not None and level is None:
        return await _rubric(learner, skill)
    if skill is not None and level is not None:
        return await _rate(learner, skill, level)
    return await _overview(learner)


async def _rubric(learner: Learner[Profile], skill: str) -> Reply:
    """One skill's rubric, with a button per level."""
    session, catalog, member_id = learner.session, learner.catalog, learner.member_id
    current = (await repo.current_levels(session=session, member_id=member_id)).get(skill, 0)
    rubric = catalog.skills[skill].rubric
    return Reply(
        title=f"Rate {catalog.skills[skill].name}",
        blocks=(
            Text(
                f"You are at **{current}** ({catalog.level_name(current)}). "
                "Pick the line that fits:"
            ),
            Items(tuple(f"**{n}** {catalog.level_name(n)}: {rubric[n]}" for n in LEVELS)),
            Actions(
                tuple(Button(f"{n} {catalog.level_name(n)}", f"assess {skill} {n}") for n in LEVELS)
            ),
            Context(f"Or type `assess {skill} <1-4>`."),
        ),
    )


async def _rate(learner: Learner[Profile], skill: str, level: int) -> Reply:
    """Record one rating (a change, not a repeat) and say what the plan's focus is now."""
    session, catalog, member_id = learner.session, learner.catalog, learner.member_id
    before = (await repo.current_levels(session=session, member_id=member_id)).get(skill)
    if before != level:  # history records changes, not repeats
        await repo.add_rating(
            session=session, member_id=member_id, skill=skill, level=level, now=learner.now
        )
    _, items = await current_plan(learner)
    focus = focus_item(items)
    name = catalog.skills[skill].name
    if before is None:
        change = "your first rating"  # not "0 → 3": a plan counts an unrated skill at the stage
    else:
        change = "unchanged" if before == level else f"{before} → {level}"
    blocks: list[Block] = [
        Text(f"**{name}**: {level} {catalog.level_name(level)} ({change})."),
        Text(f"_{catalog.skills[skill].rubric[level]}_"),
    ]
    if focus is not None:
        blocks.append(
            Context(
                f"Your plan's focus now: {catalog.skills[focus.skill].name} "
                f"(level {focus.from_level} → {focus.to_level}). Type `plan` for the rest."
            )
        )
    else:
        blocks.append(
            Context("You meet every target of your plan. `plan target <stage>` aims higher.")
        )
    return Reply(title="Rating saved", blocks=tuple(blocks))


async def _overview(learner: Learner[Profile]) -> Reply:
    """Every skill with its level and rubric line, and a form to rate them all."""
    session, catalog, member_id = learner.session, learner.catalog, learner.member_id
    levels = await repo.current_levels(session=session, member_id=member_id)
    lines = []
    for s in catalog.skills.values():
        lvl = levels.get(s.id, 0)
        line = s.rubric[lvl] if lvl else "not rated yet"
        lines.append(f"**{s.name}** (`{s.id}`): {lvl} {catalog.level_name(lvl)}. _{line}_")
    rated = sum(1 for s in catalog.skills if s in levels)
    form = Form(
        title="Rate your skills",
        command="assess",
        each_input=True,
        inputs=tuple(
            SelectInput(
                s.id,
                s.name,
                tuple(Option(f"{n} {catalog.level_name(n)}", str(n)) for n in LEVELS),
                initial=str(levels[s.id]) if s.id in levels else None,
                required=False,
            )
            for s in catalog.skills.values()
        ),
    )
    return Reply(
        form=form,
        title="Your self-assessment",
        blocks=(
            Text(f"You have rated {rated} of {len(catalog.skills)} skills."),
            Items(tuple(lines)),
            Select(
                "Rate a skill",
                "assess",
                tuple(Option(s.name, s.id) for s in catalog.skills.values()),
            ),
            Context("Rate a skill: `assess <skill> <1-4>`; see its rubric: `assess <skill>`."),
        ),
    )


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("assess",),
        "Rate yourself: list every skill, or rate one from 1 to 4.",
        assess_command,
        args=(
            Arg("skill", ArgKind.SKILL, "the skill to rate"),
            Arg("level", ArgKind.INT, "your level, 1 to 4", minimum=1, maximum=4),
        ),
        examples=("assess", "assess python", "assess python 3", "assess nlp 2"),
        aliases=("rate",),
        group=GROW,
    ),
)
