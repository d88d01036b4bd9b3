"""`admin ai on|off` (per workspace, who and when recorded) and `mydata ai on|off` (yours)."""

from __future__ import annotations

from bot.commands.declare import DATA, member_spec
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind, Audience, Choice
from bot.commands.request import Request
from bot.core.markup import user
from bot.core.reply import Context, Reply, Text
from bot.domain.asking import what_is_sent
from storage.mentor import ai
from storage.tables import Profile

_STATE = Arg(
    "state",
    ArgKind.CHOICE,
    "`on` or `off`",
    choices=(Choice("on", "On", ("yes", "enable")), Choice("off", "Off", ("no", "disable"))),
)


async def admin_ai_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Turn the AI mentor on or off for this workspace, or say how it stands."""
    session, settings = learner.session, request.services.settings
    state = request.args.get("state")
    if state is not None:
        await ai.switch_ai(
            session=session,
            workspace_id=learner.workspace_id,
            enabled=state == "on",
            by=learner.member_id,
            now=request.now,
        )
    switch = await ai.ai_switch(session=session, workspace_id=learner.workspace_id)
    enabled = switch is not None and switch.enabled
    if switch is None:
        history = "Nobody has turned it on yet: it is off until an admin does."
    else:
        who = await ai.switcher_name(session=session, switch=switch)
        history = (
            f"Turned {'on' if switch.enabled else 'off'} by "
            f"{user(who) if who else 'a former admin'} on {switch.changed_at:%Y-%m-%d %H:%M} UTC."
        )
    sent = what_is_sent(
        base_url=settings.llm_base_url, model=settings.llm_model, enabled=enabled, opted_out=False
    )
    return Reply(
        title=f"AI mentor: {'on' if enabled else 'off'}",
        blocks=(
            Text(history),
            Text(sent),
            Context("`admin ai on` or `admin ai off` changes it for the whole workspace."),
        ),
    )


async def mydata_ai_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Opt out of (or back into) having your text sent to the mentor's model."""
    session, settings = learner.session, request.services.settings
    state = request.args.get("state")
    if state is not None:
        await ai.set_opt_out(
            session=session, member_id=learner.member_id, off=state == "off", now=request.now
        )
    out = await ai.opted_out(session=session, member_id=learner.member_id)
    switch = await ai.ai_switch(session=session, workspace_id=learner.workspace_id)
    sent = what_is_sent(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        enabled=switch is not None and switch.enabled,
        opted_out=out,
    )
    return Reply(
        title="Your text and the AI mentor: " + ("opted out" if out else "opted in"),
        blocks=(
            Text(sent),
            Context("`mydata ai off` keeps your text from any model; `mydata ai on` undoes it."),
        ),
    )


SPECS = (
    member_spec(
        ("admin", "ai"),
        "Turn the AI mentor on or off for this workspace (off by default).",
        admin_ai_command,
        args=(_STATE,),
        details="Who changed it and when is recorded. With it off no request reaches a model.",
        examples=("admin ai", "admin ai on", "admin ai off"),
        audience=Audience.ADMIN,
        group=DATA,
    ),
    member_spec(
        ("mydata", "ai"),
        "Keep your text from the AI mentor's model (`off`), or allow it again (`on`).",
        mydata_ai_command,
        args=(_STATE,),
        examples=("mydata ai", "mydata ai off", "mydata ai on"),
        group=DATA,
    ),
)
