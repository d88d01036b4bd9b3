"""`team alerts [on|off]`: whether a manager gets a message when a member shares being
blocked."""

from __future__ import annotations

from bot.commands.declare import (
    TEAMS,
    member_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.reply import Context, Reply, Text
from bot.features.teams.teams import SWITCH, turn
from storage import teams as repo
from storage.tables import Profile


async def team_alerts_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Blocker alerts for the teams you manage: see whether they are on, or turn them on/off."""
    session, profile = learner.session, learner.profile
    if not await repo.managed_teams(session=session, member_id=learner.member_id):
        raise UserError(
            "You don't manage a team, so there are no alerts to get.",
            hint="Type `team` to see your teams.",
        )
    switch = request.args.get("switch")
    if switch is not None:
        why = "can keep your choice"
        profile = await turn(learner, "alerts_off", off=switch == "off", why=why)
    off = profile is not None and profile.alerts_off
    state = (
        "off: you see blockers in `team <name>` and the weekly digest only"
        if off
        else "on: when a member of your team checks in `blocked … share`, you get one message"
    )
    return Reply(
        title="Blocker alerts",
        blocks=(
            Text(f"Blocker alerts are {state}."),
            Context("`team alerts off` stops them; `team alerts on` brings them back."),
        ),
    )


# The commands this module answers, as help lists them.
SPECS = (
    member_spec(
        ("team", "alerts"),
        "A message when a member of your team shares being blocked (on/off).",
        team_alerts_command,
        args=(Arg("switch", ArgKind.CHOICE, "on or off", choices=SWITCH),),
        examples=("team alerts", "team alerts off"),
        group=TEAMS,
    ),
)
