"""`team alerts [on|off]`: whether a manager gets a message when a member shares being
blocked."""

from __future__ import annotations

from bot.errors import UserError
from bot.learner import Learner
from bot.registry import Request
from bot.reply import Context, Reply, Text
from storage import members
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
        if profile is None:
            raise UserError(
                "Set up your profile first, so I can keep your choice.", hint="Type `start`."
            )
        profile.alerts_off = switch == "off"
        profile.updated_at = learner.now
        await members.save_profile(session=session, profile=profile)
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
