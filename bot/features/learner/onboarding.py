"""`start`, `profile` and `profile set`: who the member is and how they want nudges."""

from __future__ import annotations

from bot.commands.declare import (
    YOU,
    member_spec,
    profile_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.reply import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Fields,
    Form,
    Option,
    Reply,
    SelectInput,
    Text,
    TextInput,
)
from bot.domain.fields import WEEKDAYS, parse_timezone
from bot.features.learner.learning import sync_plan
from bot.features.learner.profile_fields import FIELDS, apply_field, describe, stage_for_years
from content.schema import Catalog
from storage import members
from storage.tables import Profile

START_FIELDS = ("stage", "path", "tz", "day", "time", "years", "country")


def _platform_timezone(reported: str | None, *, default: str) -> tuple[str, str | None]:
    """The zone the platform reported if it is a real one, else the default, with a note
    that `profile` shows (an unknown zone must never reach the scheduler)."""
    fallback = default
    try:
        fallback = parse_timezone(default)
    except UserError:
        fallback = "UTC"
    if not reported:
        return fallback, None
    try:
        return parse_timezone(reported), None
    except UserError:
        return fallback, f"your platform reported {reported[:40]!r}, which is no zone I know"


async def start_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Create or update the profile from whatever fields were given; defaults for the rest."""
    session, catalog, now = learner.session, learner.catalog, learner.now
    given = {k: v for k, v in request.args.items() if k in START_FIELDS}
    is_new = learner.profile is None
    profile = learner.profile or _new_profile(request, learner)
    for field in ("years", "stage", "path", "tz", "day", "time", "country"):
        if field in given:
            apply_field(profile, field, str(given[field]), catalog=catalog)
    if "years" in given and "stage" not in given and profile.years is not None:
        profile.stage = stage_for_years(catalog, profile.years)
    profile.updated_at = now
    profile = await members.save_profile(session=session, profile=profile)
    _, items = await sync_plan(
        session=session, catalog=catalog, member_id=learner.member_id, profile=profile, now=now
    )
    return _welcome(catalog, profile, given=set(given), is_new=is_new, steps=len(items))


def _new_profile(request: Request, learner: Learner[Profile | None]) -> Profile:
    """A first profile: the first stage, the general path (or the first), and the
    platform's timezone for the member when it gave one."""
    catalog, now = learner.catalog, learner.now
    tz, tz_note = _platform_timezone(
        request.command.actor.timezone, default=request.services.settings.default_timezone
    )
    return Profile(
        member_id=learner.member_id,
        stage=catalog.ordered_stages()[0].id,
        specialization="ai-engineer"
        if "ai-engineer" in catalog.specializations
        else next(iter(catalog.specializations)),
        timezone=tz,
        timezone_note=tz_note,
        created_at=now,
        updated_at=now,
    )


def _welcome(
    catalog: Catalog, profile: Profile, *, given: set[str], is_new: bool, steps: int
) -> Reply:
    """The profile as saved, what was defaulted, and what to do next."""
    defaults = [f for f in ("stage", "path", "tz", "day", "time") if f not in given]
    blocks: list[Block] = [
        Text("You're set up. Here is what I have:" if is_new else "Updated. Here is your profile:"),
        Fields(describe(profile, catalog)),
    ]
    if defaults and is_new:
        blocks.append(
            Context(
                "Defaults used for: " + ", ".join(defaults) + ". Change any with "
                "`profile set <field> <value>`."
            )
        )
    blocks.append(
        Text(
            f"Next: rate yourself with `assess` so your plan fits you (it has {steps} "
            "steps before you rate anything)."
        )
    )
    blocks.append(
        Actions(
            (
                Button("Rate my skills", "assess", ButtonStyle.PRIMARY),
                Button("See my plan", "plan"),
                Button("This week's challenge", "challenge"),
            )
        )
    )
    form = start_form(catalog, profile) if not given else None
    return Reply(
        title="Welcome aboard" if is_new else "Profile updated", blocks=tuple(blocks), form=form
    )


def start_form(catalog: Catalog, profile: Profile) -> Form:
    """The onboarding form chat platforms show as a modal."""
    return Form(
        title="Set up mentorbot",
        command="start",
        inputs=(
            SelectInput(
                "stage",
                "Your stage",
                tuple(
                    Option(f"{s.name} ({s.years.label()})", s.id) for s in catalog.ordered_stages()
                ),
                initial=profile.stage,
            ),
            SelectInput(
                "path",
                "Your path",
                tuple(Option(s.name, s.id) for s in catalog.specializations.values()),
                initial=profile.specialization,
            ),
            TextInput(
                "tz", "Timezone (IANA name)", initial=profile.timezone, placeholder="Europe/Berlin"
            ),
            SelectInput(
                "day",
                "Weekly nudge day",
                tuple(Option(d.capitalize(), d[:3]) for d in WEEKDAYS),
                initial=WEEKDAYS[profile.nudge_weekday][:3],
            ),
            TextInput(
                "time", "Nudge time (HH:MM)", initial=profile.nudge_time, placeholder="09:00"
            ),
        ),
    )


async def profile_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Show the profile."""
    return Reply(
        title="Your profile",
        blocks=(
            Fields(describe(learner.profile, learner.catalog)),
            Context(
                "Change a field: `profile set <field> <value>`; fields: "
                + ", ".join(f"`{f.value}`" for f in FIELDS)
            ),
        ),
    )


async def profile_set_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Change one profile field, checked; the plan follows a new stage, path or target."""
    session, catalog, profile, now = learner.session, learner.catalog, learner.profile, learner.now
    field, value = request.args["field"], request.args["value"]
    apply_field(profile, field, value, catalog=catalog)
    # A target below the new stage no longer makes sense.
    target = profile.target_stage
    if target and catalog.stages[target].rank < catalog.stages[profile.stage].rank:
        profile.target_stage = None
    profile.updated_at = now
    profile = await members.save_profile(session=session, profile=profile)
    blocks: list[Block] = [Fields(describe(profile, catalog))]
    if field in {"stage", "path", "target"}:
        await sync_plan(
            session=session, catalog=catalog, member_id=learner.member_id, profile=profile, now=now
        )
        blocks.append(Context("Your plan now follows this. Type `plan` to see it."))
    label = next(f.label for f in FIELDS if f.value == field)
    return Reply(title=f"{label} updated", blocks=tuple(blocks))


# The commands this module answers, as help lists them.
SPECS = (
    member_spec(
        ("start",),
        "Set up your profile: stage, path, timezone and nudge time.",
        start_command,
        args=(
            Arg("stage", ArgKind.STAGE, "your career stage", aliases=("level",)),
            Arg("path", ArgKind.PATH, "your path", aliases=("specialization", "track")),
            Arg("tz", ArgKind.WORD, "your IANA timezone", aliases=("timezone",)),
            Arg("day", ArgKind.WORD, "weekday for weekly nudges", aliases=("weekday",)),
            Arg("time", ArgKind.WORD, "local time for nudges, HH:MM"),
            Arg("years", ArgKind.WORD, "years of experience", aliases=("experience",)),
            Arg("country", ArgKind.WORD, "two-letter country code, for holidays"),
        ),
        details="Every field is optional; what you leave out gets a sensible default.",
        examples=(
            "start",
            "start stage=mid path=mlops-engineer tz=Europe/Berlin day=mon time=09:00",
            "start years=3",
        ),
        aliases=("onboard", "setup"),
        group=YOU,
    ),
    profile_spec(
        ("profile",),
        "Show your profile.",
        profile_command,
        aliases=("me", "settings"),
        group=YOU,
    ),
    profile_spec(
        ("profile", "set"),
        "Change one profile field.",
        profile_set_command,
        args=(
            Arg("field", ArgKind.CHOICE, "the field to change", required=True, choices=FIELDS),
            Arg("value", ArgKind.TEXT, "its new value", required=True, rest=True),
        ),
        examples=(
            "profile set tz America/New_York",
            "profile set path research-engineer",
            "profile set time 8:30",
            "profile set country DE",
        ),
        group=YOU,
    ),
)
