"""Turn a core Reply into Block Kit messages and a Form into a modal, within Slack's limits.

Blocks are built with slack_sdk.models, whose validators enforce Slack's limits; we stay
under them by splitting long text, truncating labels and paging past 50 blocks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from adapters.slack.payloads import InputValue
from bot.core import reply as r
from bot.core.markup import Style, clip, convert, defang, plain_only, split_text, tag_style, unmark

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_FIELDS = 10
MAX_FIELD = 2000
MAX_BUTTONS = 25
MAX_OPTIONS = 100
MAX_MODAL_BLOCKS = 100
MAX_MODAL_TITLE = 24
MAX_HOME_BLOCKS = 100
ACTION_PREFIX = "mentor:"
FORM_PREFIX = "mentor:form:"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(label: str, url: str) -> str:
    # A `|` or `>` in the address would end it early and let the rest become the label.
    return f"<{_escape(url).replace('|', '%7C')}|{_escape(label).replace('|', '¦')}>"


MRKDWN = tag_style(_escape, bold="*{}*", italic="_{}_", code="`{}`", link=_link)


# The fallback `text` shows in notifications and is parsed for links and mentions too.
FALLBACK = Style(
    plain=_escape,
    bold=lambda s: s,
    italic=_escape,
    code=_escape,
    link=lambda label, url: f"{_escape(label)} ({_escape(url)})",
    user=lambda s: _escape(defang(s)),
)


def mrkdwn(text: str) -> str:
    """Our markup as Slack mrkdwn; user text is escaped and can't link or ping."""
    return convert(text, MRKDWN)


def plain(text: str) -> str:
    """Text for a plain_text object (titles, labels): marks removed, pings broken."""
    return defang(unmark(text))


def escaped(text: str) -> str:
    """Text for mrkdwn shown without markup (field names, table cells): all escaped."""
    return plain_only(text, MRKDWN)


def _md(text: str) -> MarkdownTextObject:
    # verbatim: Slack adds no links or mentions of its own; only our <url|label> are live.
    return MarkdownTextObject(text=text, verbatim=True)


def action_id(command: str, index: int) -> str:
    """`mentor:challenge.done:0`: the command a button runs, unique within its message."""
    return clip(f"{ACTION_PREFIX}{command.replace(' ', '.')}:{index}", 255)


def _sections(text: str) -> list[Block]:
    return [SectionBlock(text=_md(chunk)) for chunk in split_text(text, MAX_SECTION)]


def _blocks(block: r.Block, index: int) -> list[Block]:
    match block:
        case r.Text(text=t):
            return _sections(mrkdwn(t))
        case r.Context(text=t):
            return [ContextBlock(elements=[_md(clip(mrkdwn(t), MAX_SECTION))])]
        case r.Fields(items=items):
            out: list[Block] = []
            for start in range(0, len(items), MAX_FIELDS):
                fields = [
                    _md(clip(f"*{escaped(k)}*\n{mrkdwn(v)}", MAX_FIELD))
                    for k, v in items[start : start + MAX_FIELDS]
                ]
                out.append(SectionBlock(fields=fields))
            return out
        case r.Progress(label=label, value=v, total=t):
            cells = r.bar(v, t, width=10, full="▓", empty="░")
            return _sections(f"*{escaped(label)}*  {cells}  {v}/{t}")
        case r.Items(items=items, ordered=ordered):
            lines = [
                (f"{i}. " if ordered else "• ") + mrkdwn(item) for i, item in enumerate(items, 1)
            ]
            return _sections("\n".join(lines))
        case r.Table():
            lines = [escaped(defang(line)).replace("```", "ˋˋˋ") for line in block.lines()]
            return [
                SectionBlock(text=_md(f"```{chunk}```"))
                for chunk in split_text("\n".join(lines), MAX_SECTION - 6)
            ]
        case r.Actions(buttons=buttons):
            elements = [
                ButtonElement(
                    text=clip(plain(b.label), 75),
                    action_id=action_id(b.command, index * 100 + i),
                    value=clip(b.command, 2000),
                    style=None if b.style is r.ButtonStyle.DEFAULT else b.style.value,
                )
                for i, b in enumerate(buttons[:MAX_BUTTONS])
            ]
            return [ActionsBlock(elements=elements)] if elements else []
        case r.Select(placeholder=p, command=c, options=opts):
            options = [
                Option(text=clip(plain(o.label), 75), value=clip(f"{c} {o.value}", 150))
                for o in opts[:MAX_OPTIONS]
            ]
            if not options:
                return []
            select = StaticSelectElement(
                placeholder=clip(plain(p), 150),
                action_id=action_id(c, index * 100),
                options=options,
            )
            return [ActionsBlock(elements=[select])]
        case r.Divider():
            return [DividerBlock()]
        case r.Image(alt=alt) | r.Attachment(description=alt):
            # Files go up separately (files_upload_v2); the message says what follows.
            return [ContextBlock(elements=[_md(clip(escaped(alt), 2000))])]
    raise AssertionError(block)  # pragma: no cover


def render_messages(reply: r.Reply) -> list[dict[str, Any]]:
    """The reply as one or more message payloads (`text` + `blocks`), 50 blocks at most each."""
    blocks: list[Block] = [HeaderBlock(text=clip(plain(reply.title), 150))]
    for index, block in enumerate(reply.blocks):
        blocks.extend(_blocks(block, index))
    pages = [blocks[i : i + MAX_BLOCKS] for i in range(0, len(blocks), MAX_BLOCKS)]
    fallback = clip(convert(reply.plain_text(marked=True), FALLBACK), 3000)
    out = []
    for n, page in enumerate(pages):
        text = fallback if n == 0 else escaped(f"{reply.title} ({n + 1}/{len(pages)})")
        out.append({"text": text, "blocks": [b.to_dict() for b in page]})
    return out


def render_home(reply: r.Reply) -> dict[str, Any]:
    """A reply as an App Home view: the same blocks, up to Slack's 100 per view."""
    blocks: list[Block] = [HeaderBlock(text=clip(reply.title, 150))]
    for index, block in enumerate(reply.blocks):
        blocks.extend(_blocks(block, index))
    if len(blocks) > MAX_HOME_BLOCKS:
        more = ContextBlock(elements=[MarkdownTextObject(text="More with `/mentor home`.")])
        blocks = [*blocks[: MAX_HOME_BLOCKS - 1], more]
    return View(type="home", blocks=blocks).to_dict()


def render_modal(form: r.Form, *, private_metadata: Mapping[str, str]) -> dict[str, Any]:
    """A Form as a modal view, within 100 blocks and a 24-character title."""
    blocks: list[Block] = []
    for item in form.inputs[:MAX_MODAL_BLOCKS]:
        element: PlainTextInputElement | StaticSelectElement
        if isinstance(item, r.TextInput):
            element = PlainTextInputElement(
                action_id=item.name,
                initial_value=unmark(item.initial) or None,
                placeholder=clip(plain(item.placeholder), 150) if item.placeholder else None,
                multiline=item.multiline,
                max_length=1000,
            )
        else:
            options = [
                Option(text=clip(plain(o.label), 75), value=clip(o.value, 150))
                for o in item.options[:MAX_OPTIONS]
            ]
            initial = next((o for o in options if o.value == item.initial), None)
            element = StaticSelectElement(
                action_id=item.name, options=options, initial_option=initial
            )
        blocks.append(
            InputBlock(
                block_id=item.name,
                label=clip(plain(item.label), 2000),
                element=element,
                optional=not item.required,
            )
        )
    view = View(
        type="modal",
        callback_id=f"{FORM_PREFIX}{form.command.replace(' ', '.')}",
        title=PlainTextObject(text=clip(plain(form.title), MAX_MODAL_TITLE)),
        submit=PlainTextObject(text=clip(form.submit, MAX_MODAL_TITLE)),
        close=PlainTextObject(text="Cancel"),
        blocks=blocks,
        private_metadata=clip(json.dumps(dict(private_metadata)), 3000),
    )
    return view.to_dict()


def form_values(state: Mapping[str, Mapping[str, InputValue]]) -> dict[str, str]:
    """The submitted values of a modal, by input name (an empty input is left out)."""
    values: dict[str, str] = {}
    for block_id, actions in state.items():
        for payload in actions.values():
            picked, typed = payload.get("selected_option"), payload.get("value")
            if picked:
                values[block_id] = picked["value"]
            elif typed:
                values[block_id] = typed
    return values
