"""The async Bolt app: /mentor, buttons, selects, modals and DMs become core Commands; the
Home tab shows the core's `home` view; removal events pause a workspace.

A slash command's reply goes in the ack itself when the core has it within ACK_BUDGET
(Slack shows it at once); past that the ack goes out empty and the reply follows at the
response_url (over one kept session), so Slack's 3-second limit is never at risk. Buttons
and events acknowledge first and run in lazy listeners. Form submissions run the core
before acknowledging, because a mistake belongs beside the field. Whatever follows a
reply (more pages, files, the Home tab) runs after the ack, off the request.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from functools import partial
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.logger import get_bolt_logger
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.first_sight import first_sight_middleware, resent_after_refusal
from adapters.slack.home import HomeTab
from adapters.slack.identity import Identities, SlackDirectory
from adapters.slack.messenger import SlackMessenger, install_retry_handlers
from adapters.slack.oauth import InstalledTokens, Removals, installation_store, oauth_settings
from adapters.slack.payloads import (
    BlockActions,
    MessageEvent,
    Metadata,
    SlashCommand,
    ViewSubmission,
)
from adapters.slack.render import (
    ACTION_PREFIX,
    FORM_PREFIX,
    form_values,
    plain,
    render_messages,
    render_modal,
)
from adapters.slack.responses import ResponseUrls
from adapters.slack.text import command_text
from bot.commands.dispatch import ERROR, error_reply, handle
from bot.commands.edge import shown, submit_form
from bot.commands.parser import parse
from bot.commands.services import Services
from bot.core.command import Actor, Source
from bot.core.errors import UserError
from bot.core.reply import Reply
from bot.features.learner.dm import handle_dm

_log = logging.getLogger(__name__)

SLASH_COMMAND = "/mentor"
# A slash command's reply ready within this many seconds goes in the ack's body; Slack
# waits 3 s for the ack, so a slow core still leaves time to ack empty and answer later.
ACK_BUDGET = 1.5
# The SlackBot behind each app build_app made, so its kept connections can be closed.
_BOTS: weakref.WeakKeyDictionary[AsyncApp, SlackBot] = weakref.WeakKeyDictionary()


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
        self._later: set[asyncio.Future[None]] = set()

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
        """Show a reply: open its form, post its messages (or `messages`, what is left of
        them once the ack carried the first), upload its files."""
        # Borrowed for this reply only: it must neither open connections that nobody closes
        # nor swap the session of Bolt's client.
        messenger = SlackMessenger(client, keep=False)
        if reply.form is not None and trigger_id:
            meta = {"command": reply.form.command, "channel": channel_id or ""}
            if reply.form.each_input:
                meta["each"] = "1"
            await client.views_open(
                trigger_id=trigger_id, view=render_modal(reply.form, private_metadata=meta)
            )
        for message in render_messages(reply) if messages is None else messages:
            if response_url:
                await self.responses.post(
                    response_url,
                    {
                        "response_type": _response_type(reply),
                        "replace_original": False,
                        **message,
                    },
                )
            elif channel_id:
                await client.chat_postEphemeral(channel=channel_id, user=actor.user_id, **message)
            else:
                await messenger.send(user_id=actor.user_id, reply=reply)
                break
        for filename, data, about in reply.files():
            await messenger.upload(
                user_id=actor.user_id, data=data, filename=filename, title=plain(about)
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
        await ack(response_type=_response_type(reply), **messages[0])
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
        return (None if reply.kind == ERROR else command.name), reply

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

    def later(self, work: Coroutine[Any, Any, None]) -> None:
        """Run `work` after the response, as its own task (kept until it ends; a failure
        is logged)."""
        task = asyncio.ensure_future(work)
        self._later.add(task)
        task.add_done_callback(self._done_later)

    def _done_later(self, task: asyncio.Future[None]) -> None:
        self._later.discard(task)
        if not task.cancelled() and task.exception() is not None:
            _log.error("slack work after the ack failed", exc_info=task.exception())

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
        if reply.kind != ERROR:
            await self.home.refresh_after(client, actor=actor, name=None)


def _response_type(reply: Reply) -> str:
    return "ephemeral" if reply.ephemeral else "in_channel"


def _unescape(text: str) -> str:
    """Message text as typed: Slack escapes `&`, `<` and `>` in what it sends us."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _field_for(exc: UserError, values: dict[str, str]) -> str:
    """The input whose value the error names, else the first one."""
    for name, value in values.items():
        if value and value in exc.problem:
            return name
    return next(iter(values), "form")


async def _ack(ack: Callable[[], Awaitable[None]]) -> None:
    await ack()


def _not_token_skipped(record: logging.LogRecord) -> bool:
    # Bolt also reads SLACK_BOT_TOKEN from the environment, finds the client we pass, and
    # warns at every start that the client wins. It holds the same token: nothing is wrong.
    return record.getMessage() != warning_client_prioritized_and_token_skipped()


async def close_app(app: AsyncApp) -> None:
    """Close what an app from build_app keeps open, at shutdown."""
    bot = _BOTS.get(app)
    if bot is not None:
        await bot.close()


def build_app(
    services: Services,
    *,
    token: str | None = None,
    signing_secret: str,
    client: AsyncWebClient | None = None,
) -> AsyncApp:
    """The Bolt app with every mentorbot listener registered.

    With SLACK_CLIENT_ID/SLACK_CLIENT_SECRET set it installs through OAuth to any number
    of workspaces (and `token` is not used); otherwise it serves one workspace with `token`.
    """
    oauth = services.settings.slack_oauth_enabled
    if client is None:
        base_url = services.settings.slack_api_url or "https://slack.com/api/"
        client = AsyncWebClient(token=None if oauth else token, base_url=base_url)
    install_retry_handlers(client)
    store = installation_store(services) if oauth else None
    bolt_log = get_bolt_logger(AsyncApp)
    if _not_token_skipped not in bolt_log.filters:
        bolt_log.addFilter(_not_token_skipped)
    app = AsyncApp(
        signing_secret=signing_secret,
        client=client,
        # Listeners that ack run before the response (every one that takes time is lazy, or
        # hands its work to `SlackBot.later` after acking), so the ack goes out the moment
        # it is made instead of at Bolt's next 10 ms look for it.
        process_before_response=True,
        oauth_settings=oauth_settings(services, store) if store is not None else None,
    )
    bot = _BOTS[app] = SlackBot(services)
    tokens = InstalledTokens(store) if store is not None else None
    services.directories["slack"] = SlackDirectory(
        SlackMessenger(client, tokens=tokens, keep=False)
    )
    removals = Removals(services, store)

    app.middleware(first_sight_middleware)

    @app.middleware
    async def skip_slack_retries(
        req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        # Slack resends a request it thinks timed out; the first one already ran. One it
        # resends because we refused it (503: the database couldn't record it) runs now.
        if req.headers.get("x-slack-retry-num") and not resent_after_refusal(req.headers):
            _log.info("ignoring Slack retry %s", req.headers.get("x-slack-retry-num"))
            return BoltResponse(status=200, body="")
        return await next()

    app.command(SLASH_COMMAND)(bot.on_command)
    app.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(ack=_ack, lazy=[bot.on_action])
    app.view(re.compile(f"^{re.escape(FORM_PREFIX)}"))(bot.on_submit)
    app.event("app_home_opened")(ack=_ack, lazy=[bot.home.on_opened])
    app.event("message")(ack=_ack, lazy=[bot.on_message])
    app.event("app_uninstalled")(ack=_ack, lazy=[removals.on_app_uninstalled])
    app.event("tokens_revoked")(ack=_ack, lazy=[removals.on_tokens_revoked])

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> None:
        _log.exception("slack listener failed", exc_info=error)

    return app
