"""`mydata`, `mydata export` and `mydata forget [confirm]`: your data, yours to take or erase."""

from __future__ import annotations

import json

from bot.commands.ai import sent_to_model
from bot.commands.declare import (
    DATA,
    member_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind, Choice
from bot.commands.request import Request
from bot.core.markup import user
from bot.core.reply import (
    Actions,
    Attachment,
    Button,
    ButtonStyle,
    Context,
    Fields,
    Items,
    Reply,
    ReplyKind,
    Text,
)
from storage import members, team_reads
from storage.tables import Profile

# What each stored kind of row is, in words a person uses (not table names).
KINDS = {
    "profile": "Your profile (stage, path, time zone, nudge times)",
    "skillrating": "Skill ratings you gave, each with its date",
    "plan": "Learning plans, the current one and earlier ones",
    "planitem": "Steps in those plans",
    "challengeassignment": "Challenges you were given",
    "tipdelivery": "Reading tips you were sent",
    "checkin": "Weekly check-ins (status, confidence, notes)",
    "outbox": "Messages queued for you or sent to you",
    "nudgeschedule": "When your next nudges are due",
    "teammembership": "Teams you are in or manage",
    "managerview": "Times you looked at a team's summary",
    "aioptout": "Your opt-out from the AI mentor's model",
    "askcount": "How many questions you sent the model, per day",
    "weblogin": "One-time sign-in links made for the web dashboard",
}


def _records(n: int) -> str:
    return f"{n} record{'s' if n != 1 else ''}"


async def mydata_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """What is stored about you, table by table."""
    session, member_id = learner.session, learner.member_id
    data = await members.export_member(session=session, member_id=member_id)
    counts = tuple(
        (KINDS.get(table, table), str(len(rows)))
        for table, rows in data.items()
        if table != "member"
    )
    views = await team_reads.views_of_my_teams(session=session, member_id=member_id)
    seen = tuple(
        f"{user(who) if who else 'a former manager'} viewed the {what} of {team} "
        f"on {when:%Y-%m-%d %H:%M} UTC"
        for who, team, what, when in views
    )
    return Reply(
        title="Your data",
        blocks=(
            Text("This is everything mentorbot keeps about you, and how many of each:"),
            Fields(counts),
            Text("**Who looked at your teams**"),
            Items(seen) if seen else Context("No manager has viewed your teams yet."),
            Text("**What is sent to a model**"),
            Text(await sent_to_model(request, learner)),
            Actions(
                (
                    Button("Export as JSON", "mydata export"),
                    Button("Delete everything", "mydata forget", ButtonStyle.DANGER),
                )
            ),
        ),
    )


async def mydata_export_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Everything stored about you, as one JSON file."""
    session, member_id = learner.session, learner.member_id
    data = await members.export_member(session=session, member_id=member_id)
    data["exported_at"] = learner.now.isoformat()
    payload = json.dumps(data, indent=2, sort_keys=True).encode("utf-8")
    rows = sum(len(v) for k, v in data.items() if isinstance(v, list))
    return Reply(
        title="Your data export",
        blocks=(
            Text(f"Your profile and {_records(rows)} more, as JSON."),
            Attachment(
                f"mentorbot-{request.command.actor.user_id}.json", payload, "your data as JSON"
            ),
        ),
    )


async def mydata_forget_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Ask for confirmation, then delete every row that holds your data."""
    session, member_id = learner.session, learner.member_id
    if request.args.get("confirm") != "confirm":
        return Reply(
            title="Delete everything about you?",
            blocks=(
                Text(
                    "This deletes your profile, ratings, plan, challenges, tips, check-ins and "
                    "queued nudges. It cannot be undone. `mydata export` first if you want a copy."
                ),
                Text("To go ahead, send `mydata forget confirm`."),
                Actions(
                    (Button("Yes, delete it all", "mydata forget confirm", ButtonStyle.DANGER),)
                ),
            ),
            kind=ReplyKind.WARNING,
        )
    removed = await members.forget_member(session=session, member_id=member_id)
    return Reply(
        title="Deleted",
        blocks=(
            Text(f"Everything about you is gone ({_records(removed)})."),
            Context("If you come back, `start` begins afresh."),
        ),
        kind=ReplyKind.FORGOTTEN,
    )


# The commands this module answers, as help lists them.
SPECS = (
    member_spec(
        ("mydata",),
        "See what mentorbot stores about you.",
        mydata_command,
        aliases=("privacy", "data"),
        group=DATA,
    ),
    member_spec(
        ("mydata", "export"),
        "Everything stored about you, as JSON.",
        mydata_export_command,
        group=DATA,
    ),
    member_spec(
        ("mydata", "forget"),
        "Delete everything stored about you (asks to confirm).",
        mydata_forget_command,
        args=(
            Arg(
                "confirm",
                ArgKind.CHOICE,
                "send `confirm` to go ahead",
                choices=(Choice("confirm", "Confirm"),),
            ),
        ),
        examples=("mydata forget", "mydata forget confirm"),
        aliases=("delete",),
        group=DATA,
    ),
)
