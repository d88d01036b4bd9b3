"""Run a Command through its handler, with the member's Learner when it needs one.

Failures leave as UserError (bad input) or Unexpected (anything else, with a logged
reference); the edges show both through `bot.commands.edge`.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.commands.binding import bind
from bot.commands.learner import Built, Keep, Learner, Recipient
from bot.commands.parser import parse, refuse_surrogates
from bot.commands.registry import Audience, CommandSpec, Needs
from bot.commands.request import Request
from bot.commands.services import Services
from bot.core.command import Actor, Command, Source
from bot.core.errors import Unexpected, UserError
from bot.core.markup import clean
from bot.core.reply import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Context,
    Image,
    Reply,
    ReplyKind,
    Text,
)
from bot.nudging.index import reindex, schedule_key
from bot.runtime import dberrors, metrics
from bot.runtime.dberrors import CantSave, db_cause
from bot.runtime.logs import log_ids
from storage import members
from storage.db import StaleSnapshot
from storage.tables import Member, Profile

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

_log = logging.getLogger(__name__)


async def handle_text(
    text: str, *, actor: Actor, services: Services, source: Source = Source.TEXT
) -> Reply:
    """Parse `text` and run it. Raises UserError, like `handle`."""
    command = parse(
        text, actor=actor, registry=services.registry, source=source, catalog=services.catalog
    )
    return await handle(command, services=services)


async def handle(command: Command, *, services: Services) -> Reply:
    """Run one command, the one rule for errors: bad input raises UserError, and anything
    else is logged with a short reference and raised as `Unexpected`. Each edge shows
    either through `bot.commands.edge`."""
    actor = command.actor
    started, outcome = time.perf_counter(), "error"
    with log_ids(
        member=f"{actor.platform}:{actor.user_id}",
        workspace=actor.workspace_id,
        command=command.name,
        request=secrets.token_hex(4),
    ):
        try:
            reply = await run(command, services=services)
            outcome = "ok"
            return reply
        except UserError:
            outcome = "user_error"
            raise
        except Exception as exc:
            cause = db_cause(exc)
            if cause is None:
                raise unexpected(f"command {command.name!r}") from exc
            outcome = "db_error"
            dberrors.note(cause, what=f"command {command.name!r}")
            raise CantSave(cause) from exc
        finally:
            known = services.registry.get(command.path) is not None
            metrics.command_done(
                command=command.name if known else "unknown",
                platform=actor.platform,
                outcome=outcome,
                seconds=time.perf_counter() - started,
            )


def unexpected(what: str, error: BaseException | None = None) -> Unexpected:
    """Log `error` (by default the exception being handled) with a short reference, and
    the Unexpected that shows the member only that reference."""
    ref = secrets.token_hex(4)
    _log.error("%s failed (ref %s)", what, ref, exc_info=error or True)
    return Unexpected(ref)


async def run(command: Command, *, services: Services) -> Reply:
    """Check, bind and run a command; raises UserError for bad input (no catch-all here)."""
    for value in command.args.values():
        refuse_surrogates(value)
    spec = services.registry.get(command.path)
    if spec is None:
        raise UserError(f"I don't know the command `{command.name}`.", hint="Type `help`.")
    if spec.audience is Audience.ADMIN and not is_admin(command.actor, services):
        raise UserError(
            f"`{spec.name}` is for workspace admins only.",
            hint="Ask an admin of your workspace to run it.",
        )
    args = bind(spec, command.args, catalog=services.catalog, registry=services.registry)
    request = Request(command=command, args=args, services=services, now=services.clock.now())
    if spec.needs is Needs.NOTHING:
        return await draw_images(await spec.handler(request))
    actor = command.actor
    name = clean(actor.display_name)[:200]
    async with services.db.transaction() as session:
        known = await members.known_member(session=session, **actor.identity())
        if known is not None and (not name or known[0].display_name == name):
            member, profile = known
        else:  # first contact, or a new display name to keep
            member = await members.get_or_create_member(
                session=session, **actor.identity(), display_name=name, now=request.now
            )
            profile = await members.get_profile(session=session, member_id=member.id or 0)
        reply = await _as_member(spec, request, session=session, member=member, profile=profile)
    return await draw_images(reply)  # the transaction has committed by now


async def draw_images(reply: Reply) -> Reply:
    """Make the reply's `later` blocks (a model's answer), then draw its pending images in
    worker threads, so the event loop stays free. Runs after the transaction committed."""
    if reply.later is not None:
        reply = replace(reply, blocks=(*reply.blocks, *await reply.later()), later=None)
    if not any(isinstance(b, Image) and b.draw is not None for b in reply.blocks):
        return reply
    blocks: list[Block] = []
    for block in reply.blocks:
        if isinstance(block, Image) and block.draw is not None:
            block = replace(block, data=await asyncio.to_thread(block.draw), draw=None)
        blocks.append(block)
    return replace(reply, blocks=tuple(blocks))


async def run_as_member(
    path: tuple[str, ...],
    *,
    member_id: int,
    services: Services,
    now: datetime,
    recipient: Recipient | None = None,
    snapshot: bool = False,
) -> Built | None:
    """Run a command for a member loaded by id (a nudge), as that member: None if they are
    gone. Raises whatever the handler raises; it never creates a member.

    `recipient` is the member as the caller loaded them already (the dispatcher does, for
    a whole batch): it saves a query per nudge.

    With `snapshot`, the command runs on a read snapshot, and what it gives the member is
    returned in `Built.keeps` for the caller to write (Learner.keep). On SQLite the
    snapshot holds no write lock, so builds run side by side with every other
    transaction. Should the command write anyway and SQLite refuse (another connection
    wrote since it read), it runs again in a transaction, writing at once, keeping nothing.
    """
    spec = services.registry.get(path)
    if spec is None:
        raise LookupError(f"no command {' '.join(path)!r}")
    args = bind(spec, {}, catalog=services.catalog, registry=services.registry)
    run = _Run(spec, args, path, services, now, recipient)
    if snapshot:
        kept: list[Keep] = []
        try:
            async with services.db.snapshot() as session:
                built = await run.on(session, member_id, kept)
        except StaleSnapshot:
            _log.info("a nudge for member %s wrote while building; built again", member_id)
        else:
            return await _drawn(built, tuple(kept))
    async with services.db.transaction() as session:
        built = await run.on(session, member_id, None)
    return await _drawn(built, ())  # committed by now


async def _drawn(built: Built | None, keeps: tuple[Keep, ...]) -> Built | None:
    if built is None:
        return None
    return replace(built, reply=await draw_images(built.reply), keeps=keeps)


@dataclass(frozen=True)
class _Run:
    """A command to run for a member loaded by id, in the session it is given."""

    spec: CommandSpec
    args: dict[str, Any]
    path: tuple[str, ...]
    services: Services
    now: datetime
    recipient: Recipient | None

    async def on(
        self, session: AsyncSession, member_id: int, kept: list[Keep] | None
    ) -> Built | None:
        recipient = self.recipient
        if recipient is not None and recipient.member.id == member_id:
            # A copy bound to this session; no SELECT (the batch's claim just loaded it).
            member = await session.merge(recipient.member, load=False)
            recipient = Recipient(member, recipient.workspace)
        else:
            found = await members.member_with_workspace(session=session, member_id=member_id)
            if found is None:
                return None
            recipient = Recipient(*found)
        command = Command(actor=recipient.actor, path=self.path, source=Source.DM)
        request = Request(command=command, args=self.args, services=self.services, now=self.now)
        profile = await members.get_profile(session=session, member_id=member_id)
        if self.spec.needs is Needs.PROFILE and profile is None:
            return Built(welcome(command.name), newcomer=True)
        reply = await _as_member(
            self.spec,
            request,
            session=session,
            member=recipient.member,
            profile=profile,
            kept=kept,
        )
        return Built(reply)


async def _as_member(
    spec: CommandSpec,
    request: Request,
    *,
    session: AsyncSession,
    member: Member,
    profile: Profile | None,
    kept: list[Keep] | None = None,
) -> Reply:
    """Run the handler for the member's Learner (`profile` is theirs, as loaded with them);
    keep the schedule index in step with it."""
    if member.id is None:
        raise LookupError("a member row without an id")  # only before a flush; never here
    member_id = member.id
    if spec.needs is Needs.PROFILE and profile is None:
        return welcome(request.command.name)
    before = schedule_key(profile)
    learner = Learner(
        session=session,
        catalog=request.services.catalog,
        member_id=member_id,
        workspace_id=member.workspace_id,
        profile=profile,
        now=request.now,
        kept=kept,
    )
    reply = await spec.handler(request, learner)
    reply = reply.linked(spec.links(request.args, member_id, request.services.settings.public_url))
    after = await members.get_profile(session=session, member_id=member_id)
    if schedule_key(after) != before:
        await reindex(session=session, member_id=member_id, profile=after, now=request.now)
    return reply


def welcome(wanted: str) -> Reply:
    """What a newcomer sees when they try a command that needs a profile."""
    return Reply(
        title="Welcome to mentorbot",
        blocks=(
            Text(
                f"`{wanted}` works once you have told me where you are in your career. "
                "It takes one line, and every part is optional:"
            ),
            Text("`start stage=mid path=mlops-engineer tz=Europe/Berlin day=mon time=09:00`"),
            Actions((Button("Start", "start", ButtonStyle.PRIMARY),)),
            Context("`explore stages` and `explore paths` list the stages and paths."),
        ),
        kind=ReplyKind.WELCOME,
    )


def is_admin(actor: Actor, services: Services) -> bool:
    """An actor is an admin if the platform says so or the settings list them."""
    key = f"{actor.platform}:{actor.workspace_id}:{actor.user_id}"
    return actor.is_admin or key in services.settings.admin_ids


def error_reply(exc: UserError | Unexpected) -> Reply:
    """How an edge shows what stopped a command: privately, the problem and what to type."""
    blocks: list[Text | Context] = [Text(exc.problem)]
    if exc.hint:
        blocks.append(Context(exc.hint))
    return Reply(title=exc.title, blocks=tuple(blocks), kind=ReplyKind.ERROR)
