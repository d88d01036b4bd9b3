"""Turn a core Reply into embeds and a View, and a Form into a Modal, within Discord's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from adapters.discord.components import MentorButton, MentorSelect
from bot.core import reply as r
from bot.core.markup import clip, convert, defang, plain_only, split_text, tag_style, unmark

TITLE = 256
DESCRIPTION = 4096
FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
MESSAGE_TOTAL = 6000
ROWS = 5
PER_ROW = 5
OPTIONS = 25
MODAL_INPUTS = 5
COLOUR = discord.Colour(0x7C3AED)

# The bot never pings anyone: every send passes this, whatever the text says.
NO_MENTIONS = discord.AllowedMentions.none()


def escape(text: str) -> str:
    """User text for Discord: markdown, links and mentions shown literally."""
    text = discord.utils.escape_markdown(defang(text), ignore_links=False)
    return discord.utils.escape_mentions(text.replace("<", "\\<"))


MARKDOWN = tag_style(
    lambda s: s,
    bold="**{}**",
    italic="*{}*",
    code="`{}`",
    link=lambda label, url: f"[{label}]({url})",
    user=escape,
)


def markdown(text: str) -> str:
    """Our markup as Discord markdown; user text is escaped."""
    return convert(text, MARKDOWN)


def literal(text: str) -> str:
    """Text for a place without markup (labels, message content): all of it escaped."""
    return plain_only(text, MARKDOWN)


def label(text: str) -> str:
    """Text for a button, select or input label: marks removed, pings broken."""
    return defang(unmark(text))


@dataclass
class Page:
    """One message: its embed and its components."""

    embed: discord.Embed
    view: discord.ui.View | None


def _text(block: r.Block) -> str | None:
    match block:
        case r.Text(text=t):
            return markdown(t)
        case r.Context(text=t):
            return "-# " + markdown(t).replace("\n", "\n-# ")
        case r.Items(items=items, ordered=ordered):
            return "\n".join(
                (f"{i}. " if ordered else "- ") + markdown(item) for i, item in enumerate(items, 1)
            )
        case r.Progress(label=label, value=v, total=t):
            return f"**{markdown(label)}** {r.bar(v, t, width=10, full='▓', empty='░')} {v}/{t}"
        case r.Table():
            # Inside a code block nothing renders, but keep mention syntax broken anyway.
            lines = [
                defang(line).replace("`", "ˋ").replace("<", "<\u200b") for line in block.lines()
            ]
            return "```\n" + "\n".join(lines) + "\n```"
        case r.Divider():
            return "​"
        case r.Image(alt=alt) | r.Attachment(description=alt):
            return f"-# {literal(alt)}"
    return None


def render(reply: r.Reply) -> list[Page]:
    """The reply as one or more messages, each within Discord's embed and component limits."""
    texts: list[str] = []
    fields: list[tuple[str, str]] = []
    components: list[r.Actions | r.Select] = []
    for block in reply.blocks:
        if isinstance(block, r.Fields):
            fields.extend(block.items)
        elif isinstance(block, r.Actions | r.Select):
            components.append(block)
        else:
            text = _text(block)
            if text:
                texts.append(text)
    chunks = split_text("\n\n".join(texts), DESCRIPTION - 200) or [""]
    pages: list[Page] = []
    for n, chunk in enumerate(chunks):
        title = literal(reply.title if n == 0 else f"{reply.title} ({n + 1}/{len(chunks)})")
        title = clip(title, TITLE)
        embed = discord.Embed(title=title, description=chunk or None, colour=COLOUR)
        pages.append(Page(embed, None))
    last = pages[-1].embed
    for name, value in fields[:FIELDS]:
        if len(last) + len(name) + len(value) > MESSAGE_TOTAL - 100:
            break
        last.add_field(
            name=clip(literal(name), FIELD_NAME),
            value=clip(markdown(value), FIELD_VALUE),
            inline=len(value) < 40,
        )
    pages[-1].view = _view(components) if components else None
    return pages


def _view(components: list[r.Actions | r.Select]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    row = 0
    for component in components:
        if row >= ROWS:
            break
        if isinstance(component, r.Actions):
            for start in range(0, len(component.buttons), PER_ROW):
                if row >= ROWS:
                    break
                for b in component.buttons[start : start + PER_ROW]:
                    view.add_item(
                        MentorButton(
                            b.command,
                            label=clip(label(b.label), 80),
                            style=_STYLES[b.style],
                            row=row,
                        )
                    )
                row += 1
        else:
            options = [
                discord.SelectOption(label=clip(label(o.label), 100), value=clip(o.value, 100))
                for o in component.options[:OPTIONS]
            ]
            if options:
                view.add_item(
                    MentorSelect(
                        component.command,
                        options=options,
                        placeholder=clip(label(component.placeholder), 150),
                        row=row,
                    )
                )
                row += 1
    return view


_STYLES = {
    r.ButtonStyle.DEFAULT: discord.ButtonStyle.secondary,
    r.ButtonStyle.PRIMARY: discord.ButtonStyle.primary,
    r.ButtonStyle.DANGER: discord.ButtonStyle.danger,
}


def modal_values(form: r.Form) -> list[tuple[str, discord.ui.TextInput[Any]]]:
    """Text inputs for a form (at most 5); a select becomes a text box naming its choices."""
    inputs: list[tuple[str, discord.ui.TextInput[Any]]] = []
    for item in form.inputs[:MODAL_INPUTS]:
        if isinstance(item, r.TextInput):
            placeholder, initial = item.placeholder, item.initial
        else:
            placeholder = ", ".join(o.value for o in item.options)
            initial = item.initial or ""
        inputs.append(
            (
                item.name,
                discord.ui.TextInput(
                    label=clip(label(item.label), 45),
                    default=clip(unmark(initial), 4000) or None,
                    placeholder=clip(label(placeholder), 100) or None,
                    required=item.required,
                    style=discord.TextStyle.long
                    if getattr(item, "multiline", False)
                    else discord.TextStyle.short,
                    max_length=1000,
                ),
            )
        )
    return inputs
