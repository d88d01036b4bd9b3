"""The check-in's vocabulary and rules: its statuses, the words that share a note, the note's
limit, and the `[1-5] [note…] [share]` details, parsed once for the command, DMs and forms."""

from __future__ import annotations

from bot.commands.matching import normalize
from bot.commands.registry import Choice
from bot.core.errors import UserError

STATUSES = (
    Choice("on-track", "On track", ("ontrack", "good", "fine", "great", "ok")),
    Choice("slow", "Slow", ("behind", "busy", "meh")),
    Choice("blocked", "Blocked", ("stuck", "help")),
)
SHARE = (
    Choice("yes", "Share", ("y", "true", "share")),
    Choice("no", "Keep private", ("n", "false")),
)
# The last word of a note that shares it with the member's managers.
SHARE_WORDS = frozenset({"share", "shared", "--share"})
MAX_NOTE = 1000
EXAMPLE = "For example: `checkin slow 3 busy week at work`."


def status_of(word: str) -> str | None:
    """The status a word names (`stuck` is blocked), or None."""
    key = normalize(word.strip(".,:;!"))
    for choice in STATUSES:
        if key in {normalize(choice.value), *(normalize(a) for a in choice.aliases)}:
            return choice.value
    return None


def status_label(value: str) -> str:
    """How a stored status reads: `on-track` is "On track"."""
    return next((c.label for c in STATUSES if c.value == value), value)


def check_note(note: str | None) -> str | None:
    """The note, or a UserError when it is longer than we keep."""
    if note and len(note) > MAX_NOTE:
        raise UserError(
            f"That note is {len(note)} characters; I keep at most {MAX_NOTE}.",
            hint="Send a shorter note.",
        )
    return note


def split_share(words: list[str]) -> tuple[list[str], bool]:
    """The words without a trailing share word, and whether there was one."""
    if words and words[-1].lower() in SHARE_WORDS:
        return words[:-1], True
    return words, False


def parse_details(text: str | None) -> tuple[int | None, str | None, bool]:
    """Split `[1-5] [note…] [share]` into confidence, note and whether to share."""
    words, shared = split_share((text or "").split())
    confidence: int | None = None
    if words and any(c.isdigit() for c in words[0]) and not words[0].isascii():
        raise UserError(
            f"Confidence is a number from 1 to 5 written with 0-9; `{words[0]}` is not.",
            hint=EXAMPLE,
        )
    if words and words[0].lstrip("-+").isdigit():
        value = int(words[0])
        if not 1 <= value <= 5:
            raise UserError(f"Confidence must be from 1 to 5; `{words[0]}` is not.", hint=EXAMPLE)
        confidence, words = value, words[1:]
    return confidence, check_note(" ".join(words) or None), shared
