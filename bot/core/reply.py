"""A platform-neutral rich message. Renderers turn it into Block Kit, embeds or text.

Text inside blocks uses a tiny markup every renderer understands: **bold**, _italic_,
`code` and [label](https://link). Anything a member typed is wrapped with
`bot.core.markup.user()`: renderers show it literally and neutralised, never as markup, a
link or a ping.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from bot.core.markup import unmark


@dataclass(frozen=True)
class Text:
    """A paragraph of marked-up text."""

    text: str


@dataclass(frozen=True)
class Fields:
    """Short label/value pairs shown side by side where the platform can."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Progress:
    """A labelled progress bar: `value` out of `total`."""

    label: str
    value: int
    total: int


def bar(value: int, total: int, *, width: int, full: str, empty: str) -> str:
    """The cells of a progress bar, `value` out of `total` of `width` filled (no counts)."""
    filled = 0 if total <= 0 else round(width * min(value, total) / total)
    return full * filled + empty * (width - filled)


@dataclass(frozen=True)
class Items:
    """A bulleted or numbered list."""

    items: tuple[str, ...]
    ordered: bool = False


class ButtonStyle(StrEnum):
    """How prominent a button is."""

    DEFAULT = "default"
    PRIMARY = "primary"
    DANGER = "danger"


@dataclass(frozen=True)
class Button:
    """A button that runs `command` (text a user could type) when pressed."""

    label: str
    command: str
    style: ButtonStyle = ButtonStyle.DEFAULT


@dataclass(frozen=True)
class Actions:
    """A row of buttons."""

    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Option:
    """One choice of a select; `value` is appended to the select's command."""

    label: str
    value: str


@dataclass(frozen=True)
class Select:
    """A drop-down that runs `command value` with the chosen option."""

    placeholder: str
    command: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Table:
    """A small grid shown in a fixed-width font."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def lines(self) -> list[str]:
        """The table as aligned lines of fixed-width text (header first)."""
        every = [tuple(unmark(c) for c in row) for row in (self.headers, *self.rows)]
        widths = [max(len(row[i]) for row in every) for i in range(len(self.headers))]
        return [
            "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in every
        ]


@dataclass(frozen=True)
class Divider:
    """A horizontal rule."""


@dataclass(frozen=True)
class Context:
    """A small, muted note."""

    text: str


@dataclass(frozen=True)
class Image:
    """A picture (PNG bytes) to show or upload.

    A handler may give `draw` instead of `data`: the dispatcher calls it in a worker thread
    once the command's transaction has committed, so drawing never holds the database or
    the event loop.
    """

    filename: str
    alt: str
    data: bytes = b""
    draw: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Attachment:
    """A file for the user to keep (an export): uploaded, or written to disk in a terminal."""

    filename: str
    data: bytes
    description: str


Block = (
    Text
    | Fields
    | Progress
    | Items
    | Table
    | Actions
    | Select
    | Divider
    | Context
    | Image
    | Attachment
)


@dataclass(frozen=True)
class TextInput:
    """A text box in a form."""

    name: str
    label: str
    initial: str = ""
    placeholder: str = ""
    multiline: bool = False
    required: bool = True


@dataclass(frozen=True)
class SelectInput:
    """A drop-down in a form."""

    name: str
    label: str
    options: tuple[Option, ...]
    initial: str | None = None
    required: bool = True


@dataclass(frozen=True)
class Form:
    """A modal to open; on submit its values become the arguments of `command`."""

    title: str
    command: str
    inputs: tuple[TextInput | SelectInput, ...]
    submit: str = "Save"
    each_input: bool = False  # True: one `command <name> <value>` per filled input


class ReplyKind(StrEnum):
    """What a reply is, for the adapters that treat some apart."""

    INFO = "info"
    ERROR = "error"  # a UserError or an Unexpected: shown as a mistake, no Home refresh
    WARNING = "warning"
    WELCOME = "welcome"  # the first reply a new member gets
    HOME = "home"
    NUDGE = "nudge"
    # The reply to `mydata forget confirm`: an adapter that keeps files for the member
    # (the terminal chat) deletes them when it sees it.
    FORGOTTEN = "forgotten"


@dataclass(frozen=True)
class Reply:
    """What the core answers: a title, blocks, whether only the asker sees it, a form."""

    title: str
    blocks: tuple[Block, ...] = ()
    ephemeral: bool = True
    form: Form | None = None
    kind: ReplyKind = ReplyKind.INFO
    # Blocks that wait on a slow call (the mentor's model): the dispatcher makes them after
    # the command's transaction committed, so no database lock is held while the model
    # thinks, and appends them. A renderer never sees a Reply with `later` still set.
    later: Callable[[], Awaitable[tuple[Block, ...]]] | None = field(
        default=None, compare=False, repr=False
    )

    def linked(self, links: tuple[tuple[str, str], ...]) -> Reply:
        """The reply with a note linking to its pages on the web dashboard (label, URL)."""
        if not links:
            return self
        where = " · ".join(f"[{label}]({url})" for label, url in links)
        return replace(self, blocks=(*self.blocks, Context(f"On the dashboard: {where}")))

    def files(self) -> list[tuple[str, bytes, str]]:
        """(filename, bytes, description) of each image and attachment, for the adapters
        that upload them; the description may hold user text, marked."""
        return [
            (b.filename, b.data, b.alt if isinstance(b, Image) else b.description)
            for b in self.blocks
            if isinstance(b, Image | Attachment)
        ]

    def plain_text(self, *, marked: bool = False) -> str:
        """All text of the reply, for logs, search and tests (`marked`: keep user-text marks)."""
        parts = [self.title]
        for block in self.blocks:
            match block:
                case Text(text=t) | Context(text=t):
                    parts.append(t)
                case Fields(items=items):
                    parts.extend(f"{k}: {v}" for k, v in items)
                case Items(items=items):
                    parts.extend(items)
                case Progress(label=label, value=v, total=t):
                    parts.append(f"{label}: {v}/{t}")
                case Actions(buttons=buttons):
                    parts.extend(b.label for b in buttons)
                case Select(placeholder=p, options=opts):
                    parts.append(p)
                    parts.extend(o.label for o in opts)
                case Table(headers=headers, rows=rows):
                    parts.append("  ".join(headers))
                    parts.extend("  ".join(row) for row in rows)
                case Image(alt=alt) | Attachment(description=alt):
                    parts.append(alt)
                case Divider():
                    pass
        text = "\n".join(parts)
        return text if marked else unmark(text)
