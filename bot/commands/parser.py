"""Turn what a person typed into a Command, forgivingly.

Accepts `/mentor explore paths`, `explore paths`, `EXPLORE   Paths`, unambiguous prefixes
(`expl pa`), and `name=value` for any argument. Raises only UserError.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

from bot.commands.binding import resolve_industry, resolve_path, resolve_skill, resolve_stage
from bot.commands.matching import Candidate, normalize, resolve
from bot.commands.registry import Arg, ArgKind, CommandSpec, Registry
from bot.core.command import Actor, Command, Source
from bot.core.errors import NotFound, UnknownCommand, UserError
from content.schema import Catalog

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
    catalog: Catalog | None = None,
) -> Command:
    """Parse one line of input into a Command, or raise UserError saying what to type.

    With the catalog, a skill, stage, path or industry may be several words unquoted
    (`assess machine learning 2`, `start path=ML Engineer`) where the words name one thing.
    """
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
    if spec is not None and tokens and registry.children(path) and normalize(tokens[0]) == "show":
        # Discord names a group's own command `show` (`/mentor plan show`); typed in Slack or
        # the terminal it means the same as `plan`.
        tokens = tokens[1:]
    if spec is None:
        subs = registry.children(path)
        name = " ".join(path)
        options = ", ".join(f"`{name} {w}`" for w in subs)
        got = f" `{tokens[0]}` is not one of them." if tokens else ""
        raise UserError(f"`{name}` needs one more word.{got}", hint=f"Try {options}.")
    args = assign(spec, tokens, catalog=catalog)
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


def assign(
    spec: CommandSpec, tokens: list[str], *, catalog: Catalog | None = None
) -> dict[str, str]:
    """Give each token to an argument: `name=value` by name, the rest in order. A name-like
    argument takes as many words as name one thing in the catalog (if given)."""
    by_name = {a.name: a for a in spec.args}
    by_name.update({alias: a for a in spec.args for alias in a.aliases})

    def is_named(token: str) -> bool:
        key, sep, value = token.partition("=")
        return bool(sep and value) and normalize(key) in by_name

    named: dict[str, str] = {}
    positional: list[str] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        k += 1
        if not is_named(token):
            positional.append(token)
            continue
        key, _, value = token.partition("=")
        arg = by_name[normalize(key)]
        words = [value]
        while k + len(words) - 1 < len(tokens) and not is_named(tokens[k + len(words) - 1]):
            words.append(tokens[k + len(words) - 1])
        taken = _name_words(arg, words, catalog)
        named[arg.name] = " ".join(words[:taken])
        k += taken - 1

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
        taken = _name_words(arg, positional[i:], catalog)
        args[arg.name] = " ".join(positional[i : i + taken])
        i += taken
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


_NAME_WORDS = 5


def _name_words(arg: Arg, words: list[str], catalog: Catalog | None) -> int:
    """How many of `words` the argument takes: the longest run (up to five) that names one
    skill, stage, path or industry; one word otherwise (the binder then says what's wrong)."""
    resolver = _RESOLVERS.get(arg.kind)
    if catalog is None or resolver is None or arg.rest:
        return 1
    # A word that adds nothing a name could hold (`²`, `٣`, `-`) or reads as a number
    # (`2`) ends the name: it belongs to the next argument, or is left over.
    usable = 1
    while usable < min(len(words), _NAME_WORDS):
        word = words[usable]
        if word.isdigit() or not normalize(word):
            break
        usable += 1
    for n in range(usable, 1, -1):
        try:
            resolver(" ".join(words[:n]), catalog)
        except UserError:
            continue
        return n
    return 1


_RESOLVERS: dict[ArgKind, Callable[[str, Catalog], str]] = {
    ArgKind.SKILL: resolve_skill,
    ArgKind.STAGE: resolve_stage,
    ArgKind.PATH: resolve_path,
    ArgKind.INDUSTRY: resolve_industry,
}
