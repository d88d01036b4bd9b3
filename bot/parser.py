"""Turn what a person typed into a Command, forgivingly.

Accepts `/mentor explore paths`, `explore paths`, `EXPLORE   Paths`, unambiguous prefixes
(`expl pa`), and `name=value` for any argument. Raises only UserError.
"""

from __future__ import annotations

import re
import shlex

from bot.command import Actor, Command, Source
from bot.errors import NotFound, UnknownCommand, UserError
from bot.matching import Candidate, normalize, resolve
from bot.registry import Arg, ArgKind, CommandSpec, Registry

MAX_INPUT = 4000
_PREFIXES = {"/mentor", "mentor", "/mentorbot", "mentorbot"}


def refuse_surrogates(text: str) -> None:
    """Raise UserError for a lone surrogate (broken text from a client): it can't be stored."""
    if re.search("[\ud800-\udfff]", text):
        raise UserError(
            "Part of that message is not valid text (a broken emoji or character).",
            hint="Type it again, or leave that character out.",
        )


def tokenize(text: str) -> list[str]:
    """Split on whitespace, honouring quotes when they balance."""
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'")
    text = text.replace("\u2019", "'")
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def parse(
    text: str,
    *,
    actor: Actor,
    registry: Registry,
    source: Source = Source.TEXT,
) -> Command:
    """Parse one line of input into a Command, or raise UserError saying what to type."""
    if len(text) > MAX_INPUT:
        raise UserError(
            f"That message is {len(text)} characters long; I read at most {MAX_INPUT}.",
            hint="Send a shorter message.",
        )
    refuse_surrogates(text)
    tokens = tokenize(text.replace("\x00", " "))
    if tokens and tokens[0].lower() in _PREFIXES:
        tokens = tokens[1:]
    if not tokens:
        return Command(actor=actor, path=("help",), source=source, text=text)

    path: tuple[str, ...] = ()
    while tokens:
        words = registry.children(path)
        if not words:
            break
        word = _match_word(tokens[0], path, words, registry)
        if word is None:
            if not path:
                _unknown(tokens[0], registry)
            break
        path = (*path, word)
        tokens = tokens[1:]

    spec = registry.get(path)
    if spec is None:
        subs = registry.children(path)
        name = " ".join(path)
        options = ", ".join(f"`{name} {w}`" for w in subs)
        got = f" `{tokens[0]}` is not one of them." if tokens else ""
        raise UserError(f"`{name}` needs one more word.{got}", hint=f"Try {options}.")
    args = assign(spec, tokens)
    return Command(actor=actor, path=path, args=args, source=source, text=text)


def _match_word(
    token: str, prefix: tuple[str, ...], words: list[str], registry: Registry
) -> str | None:
    candidates = [Candidate(key=w, label=w, names=registry.aliases_of(prefix, w)) for w in words]
    try:
        return resolve(token, candidates, kind="command", list_command="help")
    except NotFound:
        return None


def _unknown(word: str, registry: Registry) -> None:
    import difflib

    top = registry.children(())
    close = difflib.get_close_matches(normalize(word), top, n=1, cutoff=0.5)
    raise UnknownCommand(word, suggestion=close[0] if close else None)


def assign(spec: CommandSpec, tokens: list[str]) -> dict[str, str]:
    """Give each token to an argument: `name=value` by name, the rest in order."""
    by_name = {a.name: a for a in spec.args}
    by_name.update({alias: a for a in spec.args for alias in a.aliases})
    named: dict[str, str] = {}
    positional: list[str] = []
    for token in tokens:
        key, sep, value = token.partition("=")
        if sep and normalize(key) in by_name and value:
            named[by_name[normalize(key)].name] = value
        else:
            positional.append(token)

    args = dict(named)
    free = [a for a in spec.args if a.name not in named]
    i = 0
    for arg_index, arg in enumerate(free):
        if i >= len(positional):
            break
        if arg.rest:
            args[arg.name] = " ".join(positional[i:])
            i = len(positional)
            break
        # An optional choice that doesn't fit lets the word pass to the next argument.
        optional_choice = arg.kind is ArgKind.CHOICE and not arg.required
        if optional_choice and free[arg_index + 1 :] and not _fits_choice(positional[i], arg):
            continue
        args[arg.name] = positional[i]
        i += 1
    if i < len(positional):
        extra = " ".join(positional[i:])
        raise UserError(
            f"`{spec.name}` got more than it takes: `{extra}` was left over.",
            hint=f"Usage: `{spec.usage}`.",
        )
    return args


def _fits_choice(token: str, arg: Arg) -> bool:
    candidates = [Candidate(key=c.value, label=c.value, names=c.aliases) for c in arg.choices]
    try:
        resolve(token, candidates, kind=arg.name, list_command="help")
    except UserError:
        return False
    return True
