"""What each Slack listener does: /mentor, buttons and selects, form submissions and DMs
become core Commands, and their Replies go back the way Slack expects (in the ack, at the
response_url, beside a modal's field; a form submission runs the core before its ack),
then the Home tab follows. build_app (app.py) registers them."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.home import HomeTab
from adapters.slack.identity import Identities
from adapters.slack.payloads import (
    BlockActions,
    MessageEvent,
    Metadata,
    SlashCommand,
    ViewSubmission,
)
from adapters.slack.render import (
    form_values,
    render_messages,
)
from adapters.slack.showing import Later, ResponseUrls, response_type, show
from adapters.slack.text import command_text
from bot.commands.dispatch import error_reply, handle
from bot.commands.edge import shown, submit_form
from bot.commands.parser import parse
from bot.commands.services import Services
from bot.core.command import Actor, Source
from bot.core.errors import UserError
from bot.core.reply import Reply, ReplyKind
from bot.features.learner.dm import handle_dm

_log = logging.getLogger(__name__)

# A slash command's reply ready within this many seconds goes in the ack's body; Slack
# waits 3 s for the ack, so a slow core still leaves time to ack empty and answer later.
ACK_BUDGET = 1.5


class SlackBot:
    """The wiring between one Bolt app and the core.

    Every listener gets Bolt's per-request `client`, which carries the bot token of the
    workspace the request came from (one token, or each installation's own in OAuth mode).
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.identities = Identities()
        self.home = HomeTab(services, self.identities)
        self.responses = ResponseUrls()
        self.later = Later()

    async def command_actor(self, client: AsyncWebClient, body: SlashCommand) -> Actor:
        """The actor behind a slash command."""
        return await self.identities.actor(
            client, team_id=body["team_id"], user_id=body["user_id"], user_name=body["user_name"]
        )

    async def interaction_actor(
        self, client: AsyncWebClient, body: BlockActions | ViewSubmission
    ) -> Actor:
        """The actor behind a button, a select or a view submission."""
        user, team = body["user"], body["team"]
        return await self.identities.actor(
            client,
            team_id=team["id"] if team else user.get("team_id", ""),
            user_id=user["id"],
            user_name=user.get("username") or user.get("name") or "",
        )

    async def deliver(
        self,
        reply: Reply,
        *,
        client: AsyncWebClient,
        actor: Actor,
        response_url: str | None = None,
        trigger_id: str | None = None,
        channel_id: str | None = None,
        messages: list[dict[str, Any]] | None = None,
    ) -> None:
        """Show a reply where it belongs (showing.show)."""
        await show(
            reply,
            client=client,
            responses=self.responses,
            actor=actor,
            where=(response_url, trigger_id, channel_id),
            messages=messages,
        )

    async def on_command(
        self, ack: Callable[..., Awaitable[None]], body: SlashCommand, client: AsyncWebClient
    ) -> None:
        """`/mentor <text>`: the reply goes in the ack itself when the core has it within
        ACK_BUDGET seconds (Slack shows it at once, with no response_url round trip);
        otherwise the ack goes out empty and the reply follows at the response_url."""
        work = asyncio.ensure_future(self._command_reply(body, client))
        try:
            actor, reply, name = await asyncio.wait_for(asyncio.shield(work), ACK_BUDGET)
        except TimeoutError:
            await ack()
            self.later(self._reply_late(work, body, client))
            return
        messages = render_messages(reply) if reply.form is None else []
        if not messages:  # a form opens with the trigger, after the ack
            await ack()
            self.later(self._show(reply, name, body, client, actor=actor))
            return
        await ack(response_type=response_type(reply), **messages[0])
        rest = messages[1:]
        if rest or reply.files() or (name is not None and self.home.follows(name)):
            self.later(self._show(reply, name, body, client, actor=actor, messages=rest))

    async def _command_reply(
        self, body: SlashCommand, client: AsyncWebClient
    ) -> tuple[Actor, Reply, str | None]:
        """The actor, the reply and the command's name (None when it failed)."""
        actor = await self.command_actor(client, body)
        command_name, reply = await self._run(command_text(body["text"]), Source.SLASH, actor)
        return actor, reply, command_name

    async def _reply_late(
        self,
        work: asyncio.Future[tuple[Actor, Reply, str | None]],
        body: SlashCommand,
        client: AsyncWebClient,
    ) -> None:
        actor, reply, name = await work
        await self._show(reply, name, body, client, actor=actor)

    async def _show(
        self,
        reply: Reply,
        name: str | None,
        body: SlashCommand,
        client: AsyncWebClient,
        *,
        actor: Actor,
        messages: list[dict[str, Any]] | None = None,
    ) -> None:
        """What the ack did not carry of a slash command's reply (`messages`, when the ack
        carried the rest), then the Home tab."""
        await self.deliver(
            reply,
            client=client,
            actor=actor,
            response_url=body["response_url"],
            trigger_id=body["trigger_id"],
            channel_id=body["channel_id"],
            messages=messages,
        )
        if name is not None:
            await self.home.refresh_after(client, actor=actor, name=name)

    async def on_action(self, body: BlockActions, client: AsyncWebClient) -> None:
        """A button or select (in a message or the Home tab): its value is the command."""
        action = body["actions"][0]
        picked = action.get("selected_option")
        text = action.get("value") or (picked["value"] if picked else "")
        actor = await self.interaction_actor(client, body)
        channel = body.get("channel")
        show = partial(
            self.deliver,
            client=client,
            actor=actor,
            # A Home tab button has no response_url: the reply goes to the member's DM.
            response_url=body.get("response_url") or None,
            trigger_id=body["trigger_id"],
            channel_id=channel["id"] if channel else None,
        )
        await self._answer(text, Source.BUTTON, actor=actor, client=client, show=show)

    async def _answer(
        self,
        text: str,
        source: Source,
        *,
        actor: Actor,
        client: AsyncWebClient,
        show: Callable[[Reply], Awaitable[None]],
    ) -> None:
        """Run a command's text and show the reply; the Home tab follows a command that
        succeeded."""
        name, reply = await self._run(text, source, actor)
        await show(reply)
        if name is not None:
            await self.home.refresh_after(client, actor=actor, name=name)

    async def _run(self, text: str, source: Source, actor: Actor) -> tuple[str | None, Reply]:
        """The command's name and reply, or (None, the reply for the UserError raised)."""
        services = self.services
        try:
            command = parse(
                text,
                actor=actor,
                registry=services.registry,
                source=source,
                catalog=services.catalog,
            )
        except UserError as exc:
            return None, error_reply(exc)
        reply = await shown(handle(command, services=services))
        return (None if reply.kind == ReplyKind.ERROR else command.name), reply

    async def on_submit(
        self, ack: Callable[..., Awaitable[None]], body: ViewSubmission, client: AsyncWebClient
    ) -> None:
        """A modal submitted: run its command(s); a mistake is shown beside its field."""
        view = body["view"]
        meta: Metadata = json.loads(view["private_metadata"] or "{}")
        values = form_values(view["state"]["values"])
        actor = await self.interaction_actor(client, body)
        channel = meta.get("channel") or None
        done = await submit_form(
            meta.get("command") or "help",
            values,
            each_input=meta.get("each") == "1",
            actor=actor,
            services=self.services,
        )
        if done.mistake is not None:  # the member's: shown beside its field
            errors = {_field_for(done.mistake, values): done.mistake.problem[:150]}
            await ack(response_action="errors", errors=errors)
            return
        await ack()
        if done.failed and done.reply is not None:  # ours: the form closes, and says so
            self.later(
                self.deliver(
                    done.reply, client=client, actor=actor, response_url=None, channel_id=channel
                )
            )
        elif done.reply is not None and done.name is not None:
            # After the ack, off the request: the form closes at once.
            self.later(
                self._show_submitted(
                    done.reply, name=done.name, client=client, actor=actor, channel_id=channel
                )
            )

    async def _show_submitted(
        self,
        reply: Reply,
        *,
        name: str,
        client: AsyncWebClient,
        actor: Actor,
        channel_id: str | None,
    ) -> None:
        await self.deliver(reply, client=client, actor=actor, channel_id=channel_id)
        await self.home.refresh_after(client, actor=actor, name=name)

    async def close(self) -> None:
        """Close the kept reply connections (at shutdown)."""
        await self.responses.close()

    async def on_message(
        self, event: MessageEvent, context: AsyncBoltContext, client: AsyncWebClient
    ) -> None:
        """A message to the bot in its DM: a command, or the answer to a check-in nudge."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # edits, joins and our own messages are not a member writing to us
        actor = await self.identities.actor(
            client,
            team_id=context.team_id or event.get("team", ""),
            user_id=event.get("user", ""),
        )
        reply = await shown(
            handle_dm(_unescape(event.get("text", "")), actor=actor, services=self.services)
        )
        await self.deliver(reply, client=client, actor=actor)
        if reply.kind != ReplyKind.ERROR:
            await self.home.refresh_after(client, actor=actor, name=None)


def _unescape(text: str) -> str:
    """Message text as typed: Slack escapes `&`, `<` and `>` in what it sends us."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _field_for(exc: UserError, values: dict[str, str]) -> str:
    """The input whose value the error names, else the first one."""
    for name, value in values.items():
        if value and value in exc.problem:
            return name
    return next(iter(values), "form")
