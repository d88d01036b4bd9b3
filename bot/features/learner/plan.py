"""`plan`, `plan refresh`, `plan target <stage>`: the weekly focus items toward the next stage."""

from __future__ import annotations

from bot.commands.declare import (
    GROW,
    profile_spec,
)
from bot.commands.learner import Learner, learning_args
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.reply import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Items,
    Progress,
    Reply,
    Text,
)
from bot.domain.dashboard import plan_path
from bot.domain.planning import role_phrase
from bot.features.learner.learning import focus_item, sync_plan
from bot.features.learner.profile_fields import apply_field
from content.schema import Catalog
from storage import members
from storage.tables import Plan, PlanItem, Profile

SHOWN = 8


async def current_plan(
    learner: Learner[Profile], *, fresh: bool = False
) -> tuple[Plan, list[PlanItem]]:
    """The learner's plan, in step with their latest ratings (or begun afresh)."""
    return await sync_plan(**learning_args(learner), fresh=fresh)


async def plan_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Show the plan, kept in step with the latest ratings."""
    plan, items = await current_plan(learner)
    return render_plan(learner.catalog, plan, items, note=None)


async def plan_refresh_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Start the plan afresh from today's ratings."""
    plan, items = await current_plan(learner, fresh=True)
    return render_plan(
        learner.catalog, plan, items, note="Started afresh from your current ratings."
    )


async def plan_target_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Aim the plan at a chosen stage."""
    catalog, profile = learner.catalog, learner.profile
    apply_field(profile, "target", request.args["stage"], catalog=catalog)
    profile.updated_at = learner.now
    await members.save_profile(session=learner.session, profile=profile)
    plan, items = await current_plan(learner)
    name = catalog.stages[plan.target_stage].name
    return render_plan(catalog, plan, items, note=f"Now aiming at {name}.")


def render_plan(catalog: Catalog, plan: Plan, items: list[PlanItem], *, note: str | None) -> Reply:
    """The plan as a reply: progress, this week's focus, the next steps with reasons."""
    done = sum(1 for i in items if i.done_at is not None)
    role = role_phrase(catalog, stage=plan.target_stage, specialization=plan.specialization)
    blocks: list[Block] = []
    if note:
        blocks.append(Context(note))
    blocks.append(Text(f"Toward **{role}**: the skills where you are below the level expected."))
    if not items:
        blocks.append(Text("You already meet every target for that stage."))
        blocks.append(Context("Aim higher with `plan target <stage>`, or re-rate with `assess`."))
        return Reply(title="Your learning plan", blocks=tuple(blocks))
    blocks.append(Progress("Plan completion", done, len(items)))
    focus = focus_item(items)
    if focus is not None:
        skill = catalog.skills[focus.skill]
        blocks.append(
            Text(
                f"**This week's focus: {skill.name}** "
                f"(level {focus.from_level} → {focus.to_level})\n"
                f"{focus.reason}"
            )
        )
    upcoming = [i for i in items if i.done_at is None and i is not focus]
    if upcoming:
        lines = tuple(
            f"Week {n}: {catalog.skills[i.skill].name} {i.from_level} → {i.to_level}. {i.reason}"
            for n, i in enumerate(upcoming[:SHOWN], start=2)
        )
        blocks.append(Text("**Then**"))
        blocks.append(Items(lines))
        if len(upcoming) > SHOWN:
            blocks.append(Context(f"…and {len(upcoming) - SHOWN} more steps after that."))
    blocks.append(
        Actions(
            (
                Button("This week's challenge", "challenge", ButtonStyle.PRIMARY),
                Button("A reading tip", "tip"),
                Button("Re-rate my skills", "assess"),
            )
        )
    )
    blocks.append(
        Context(
            "Your path's core skills come first, then what they build on, then the rest. "
            "A skill you have not rated counts at the level expected at your stage: "
            "`assess` sharpens the plan, `plan target <stage>` aims elsewhere, "
            "`plan refresh` starts over."
        )
    )
    return Reply(title="Your learning plan", blocks=tuple(blocks))


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("plan",),
        "Your learning plan: what to learn next, in order, and why.",
        plan_command,
        group=GROW,
        pages=lambda _, __: (("My plan", plan_path()),),
    ),
    profile_spec(
        ("plan", "refresh"),
        "Rebuild your plan from your current ratings.",
        plan_refresh_command,
        group=GROW,
    ),
    profile_spec(
        ("plan", "target"),
        "Aim your plan at a stage.",
        plan_target_command,
        args=(Arg("stage", ArgKind.STAGE, "the stage to aim at", required=True, rest=True),),
        examples=("plan target senior",),
        group=GROW,
    ),
)
