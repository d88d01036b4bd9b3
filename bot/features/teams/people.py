"""Who a `team add/remove/managers` names: real platform ids only, never a made-up member.

A mention arrives as the platform's id (`<@U123|ann>` from Slack, `<@123…>` from Discord);
a bare name is looked up among the people of this workspace who used the bot, or
refused. Only admins may add someone who never used the bot: they get an invitation,
and managers see their data only after they `start`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.declare import (
    TEAMS,
    member_spec,
)
from bot.commands.dispatch import is_admin
from bot.commands.learner import Learner
from bot.commands.request import Request
from bot.core.errors import UserError
from bot.core.markup import user
from bot.core.reply import Reply, Text
from bot.domain.teams import TEAM_NAME
from storage import members
from storage import teams as repo
from storage.kinds import TeamRole
from storage.tables import Member, Profile

_MENTION = re.compile(r"<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>")
# What a real user id looks like on each platform; the terminal's ids are the names typed.
_IDS = {
    "slack": re.compile(r"[UW][A-Z0-9]{1,20}"),
    "discord": re.compile(r"[0-9]{15,21}"),
}
_NAME = re.compile(r"@?([\w.-]{1,80})")


@dataclass(frozen=True)
class Person:
    """A resolved person: their member row id, a name to show, whether just invited."""

    member_id: int
    name: str
    invited: bool = False


def parse_mentions(text: str, *, platform: str = "console") -> list[tuple[str, str, bool]]:
    """(id or name, label, is_id) for each person named, in order, without repeats."""
    found: list[tuple[str, str, bool]] = []
    for word in re.findall(r"<[^>]*>|[^\s,]+", text):
        mention = _MENTION.fullmatch(word)
        if mention is not None:
            uid, label = mention.group(1), mention.group(2) or ""
            pattern = _IDS.get(platform)
            if pattern is not None and not pattern.fullmatch(uid):
                raise UserError(
                    f"{user(word)} is not a person's id here.",
                    hint="Pick the person from the list your chat app shows when you type @.",
                )
            item = (uid, label, True)
        else:
            name = _NAME.fullmatch(word)
            if name is None:
                raise UserError(
                    f"{user(word)} is not a person I can add.", hint="Mention them: `@name`."
                )
            # The terminal has no other ids than names; elsewhere a name must be looked up.
            item = (name.group(1), name.group(1), platform not in _IDS)
        if item[0] not in [f[0] for f in found]:
            found.append(item)
    if not found:
        raise UserError(
            "Name at least one person.", hint="For example: `team add ml-platform @ann @bob`."
        )
    return found


async def resolve(
    request: Request, learner: Learner[Profile | None], text: str, *, invite: bool
) -> list[Person]:
    """The members named in `text`, in the asker's workspace; with `invite`, admins may add
    people not seen before."""
    session, workspace_id = learner.session, learner.workspace_id
    actor = request.command.actor
    out: list[Person] = []
    for key, label, is_id in parse_mentions(text, platform=actor.platform):
        if is_id:
            found = await members.get_member(
                session=session, platform=actor.platform, workspace_id=workspace_id, user_id=key
            )
        else:
            found = await _by_name(learner, key)
        if found is not None:
            out.append(_person(found, found.display_name or found.user_id))
            continue
        if not invite or not is_admin(actor, request.services):
            raise UserError(
                f"{user(label or key)} hasn't used mentorbot here yet.",
                hint="Ask them to type `start` first, or ask a workspace admin to invite them.",
            )
        if is_id:
            await _check_workspace(request, key, label)
        person = await members.get_or_create_member(
            session=session,
            platform=actor.platform,
            workspace_external_id=actor.workspace_id,
            user_id=key,
            display_name=label,
            now=learner.now,
        )
        out.append(_person(person, person.display_name or key, invited=True))
    return out


async def _check_workspace(request: Request, user_id: str, label: str | None) -> None:
    """An invited id must be a member of the asker's workspace, by the platform's word."""
    actor = request.command.actor
    directory = request.services.directories.get(actor.platform)
    if directory is None:  # the terminal chat: one local workspace
        return
    belongs = await directory.in_workspace(workspace_id=actor.workspace_id, user_id=user_id)
    if belongs is None:
        raise UserError(
            f"I couldn't check with {actor.platform.title()} whether {user(label or user_id)} "
            "is in this workspace just now.",
            hint="Nothing was changed; try again in a minute.",
        )
    if not belongs:
        raise UserError(
            f"{user(label or user_id)} isn't a member of this workspace, so I can't invite them.",
            hint="Invite people of this workspace: mention them with @ so their id comes along.",
        )


def _person(row: Member, name: str, *, invited: bool = False) -> Person:
    if row.id is None:  # a row read back or flushed always has its id
        raise LookupError(f"member {row.user_id!r} has no id")
    return Person(row.id, name, invited)


async def _by_name(learner: Learner[Profile | None], name: str) -> Member | None:
    found = await members.find_by_name(
        session=learner.session, workspace_id=learner.workspace_id, name=name
    )
    if len(found) > 1:
        raise UserError(
            f"More than one person here is called {user(name)}.",
            hint="Mention the one you mean with @, so your chat app sends their id.",
        )
    if not found:
        raise UserError(
            f"I don't know who {user(name)} is.",
            hint="Mention them with @ and pick them from the list, so your chat app sends "
            "their id.",
        )
    return found[0]


async def team_leave_command(request: Request, learner: Learner[Profile | None]) -> Reply:
    """Leave a team you are a member of, unless the admins turned that off."""
    session = learner.session
    name = request.args["name"]
    if not request.services.settings.allow_team_leave:
        raise UserError(
            "Leaving a team yourself is turned off in this workspace.",
            hint=f"Ask a manager of `{name}` or an admin to take you out.",
        )
    team = await repo.find_team(session=session, workspace_id=learner.workspace_id, name=name)
    left = (
        team is not None
        and team.id is not None
        and await repo.remove(
            session=session, team_id=team.id, member_id=learner.member_id, role=TeamRole.MEMBER
        )
    )
    if not left:
        raise UserError(f"You are not a member of a team called `{name}`.", hint="Type `team`.")
    return Reply(
        title=f"You left {name}",
        blocks=(Text(f"Its managers no longer see your data in **{name}**."),),
    )


# The commands this module answers, as help lists them.
SPECS = (
    member_spec(
        ("team", "leave"),
        "Leave a team you are a member of.",
        team_leave_command,
        args=(TEAM_NAME,),
        examples=("team leave ml-platform",),
        group=TEAMS,
    ),
)
