"""The error family: one root, a user-facing branch, and lookups that are also LookupErrors."""

from __future__ import annotations


class MentorError(Exception):
    """Root of every error mentorbot raises on purpose."""


class UserError(MentorError):
    """What the user sees when a command fails: what was wrong and what to type instead.

    The core raises it; each edge shows it privately through `bot.commands.edge.shown`
    (the nudge builder turns it into a nudge it can't build).
    """

    title = "That didn't work"

    def __init__(self, problem: str, *, hint: str | None = None) -> None:
        self.problem = problem
        self.hint = hint
        super().__init__(f"{problem} {hint}" if hint else problem)


class Unexpected(MentorError):
    """Anything else that failed inside a command: the cause is logged with `ref`, and the
    user sees only the ref (never a traceback). Not a UserError: it is not the member's
    mistake, and a form closes on it instead of pointing at a field."""

    title = "Something went wrong"

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self.problem = f"Something went wrong on my side (ref `{ref}`). Nothing you typed was lost."
        self.hint: str | None = (
            "Try again in a moment; if it keeps happening, give the ref to an admin."
        )
        super().__init__(f"{self.problem} {self.hint}")


class UnknownCommand(UserError, LookupError):
    """The text does not name a command we know."""

    def __init__(self, word: str, *, suggestion: str | None = None) -> None:
        self.word = word
        maybe = f" Did you mean `{suggestion}`?" if suggestion else ""
        super().__init__(
            f"I don't know the command `{word}`.{maybe}",
            hint="Type `help` to see every command.",
        )


class NotFound(UserError, LookupError):
    """A name (skill, stage, path, …) matched nothing in the catalog."""

    def __init__(self, kind: str, value: str, *, suggestions: list[str], list_command: str) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = suggestions
        maybe = " Did you mean " + " or ".join(f"`{s}`" for s in suggestions) + "?"
        super().__init__(
            f"I don't know the {kind} `{value}`." + (maybe if suggestions else ""),
            hint=f"Type `{list_command}` to see them all.",
        )


class Ambiguous(UserError, LookupError):
    """A name or prefix matched more than one thing."""

    def __init__(self, kind: str, value: str, *, matches: list[str]) -> None:
        self.matches = matches
        options = ", ".join(f"`{m}`" for m in matches[:6])
        super().__init__(
            f"`{value}` could be more than one {kind}: {options}.",
            hint="Type more of the name.",
        )


class DeliveryError(MentorError):
    """A message could not be delivered; says whether to retry and after how long."""

    def __init__(self, reason: str, *, retry: bool, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retry = retry
        self.retry_after = retry_after
        super().__init__(reason)
