"""`checkin <on-track|slow|blocked> [1-5] [note…] [share]`: parse, rule, store, view."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from bot.commands.declare import (
    GROW,
    profile_spec,
)
from bot.commands.learner import Learner
from bot.commands.registry import Arg, ArgKind
from bot.commands.request import Request
from bot.core.command import Source
from bot.core.errors import UserError
from bot.core.markup import user
from bot.core.reply import (
    Actions,
    Block,
    Button,
    Context,
    Fields,
    Form,
    Option,
    Reply,
    SelectInput,
    Text,
    TextInput,
)
from bot.domain.checkins import SHARE, STATUSES, check_note, parse_details, status_label
from bot.nudging.recipients import alert_managers
from bot.nudging.weeks import period
from content.schema import Catalog
from storage import learning as repo
from storage.tables import Checkin, Profile


def checkin_form() -> Form:
    """The check-in as a form: status, confidence, note, whether to share."""
    return Form(
        title="Weekly check-in",
        command="checkin",
        inputs=(
            SelectInput(
                "status",
                "How is your week going?",
                tuple(Option(c.label, c.value) for c in STATUSES),
            ),
            SelectInput(
                "confidence",
                "Confidence (1-5)",
                tuple(Option(str(n), str(n)) for n in range(1, 6)),
                required=False,
            ),
            TextInput("note", "A note (optional)", multiline=True, required=False),
            SelectInput(
                "share",
                "Who sees the note",
                (Option("Only me", "no"), Option("Me and my managers", "yes")),
                initial="no",
                required=False,
            ),
        ),
        submit="Check in",
    )


def prompt_for(catalog: Catalog, status: str, seed: str) -> str:
    """A check-in prompt from the pack that fits the status (stable within a week)."""
    pool = [c for c in catalog.checkins.values() if c.status == status] or [
        c for c in catalog.checkins.values() if c.status == "any"
    ]
    if not pool:
        return "Thanks for checking in."
    return pool[zlib.crc32(seed.encode()) % len(pool)].text


@dataclass(frozen=True)
class Said:
    """What a check-in command says: the status and, if given, confidence, note, share."""

    status: str
    confidence: int | None
    note: str | None
    shared: bool


@dataclass(frozen=True)
class Saved:
    """A check-in as saved: what it says now, what it replaced, and who heard of it."""

    said: Said
    week: str
    before: str | None  # the week's earlier check-in, described, if there was one
    same_status: bool
    alerted: int


async def checkin_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Record how the week is going; notes stay private unless you add `share`."""
    said = _parse(request)
    if said is None:
        return await _ask(learner)
    return _view(
        await _store(learner, said, editing=request.command.source is Source.BUTTON),
        learner,
    )


def _parse(request: Request) -> Said | None:
    """The check-in the command says, or None when it names no status (then it asks)."""
    status = request.args.get("status")
    if status is None and request.args.get("details"):
        word = str(request.args["details"]).split()[0]
        raise UserError(
            f"`{word}` is not a check-in status.",
            hint="Type `checkin on-track`, `checkin slow` or `checkin blocked`, then "
            "optionally a confidence 1-5, a note and `share`.",
        )
    if status is None:
        return None
    confidence, note, shared = parse_details(request.args.get("details"))
    return Said(
        status=status,
        confidence=request.args.get("confidence", confidence),
        note=check_note(request.args.get("note", note)),
        shared=shared or request.args.get("share") == "yes",
    )


async def _ask(learner: Learner[Profile]) -> Reply:
    """The status buttons and the form, saying what this week's check-in says so far."""
    label = period(learner.now, learner.profile.timezone)
    existing = await repo.checkin_for(
        session=learner.session, member_id=learner.member_id, period=label
    )
    head: tuple[Block, ...] = ()
    if existing is not None:
        head = (
            Text(f"You checked in for {label}: {_describe(existing)}."),
            Context("A button changes its status and keeps the rest."),
        )
    return Reply(
        title="How is your week going?",
        blocks=(
            *head,
            Actions(tuple(Button(c.label, f"checkin {c.value}") for c in STATUSES)),
            Context("Or type `checkin <on-track|slow|blocked> [1-5] [note…] [share]`."),
        ),
        form=checkin_form(),
    )


def _merged(said: Said, existing: Checkin | None, *, editing: bool) -> Said:
    """The rule for a second check-in in a week: a button (the check-in nudge's) edits the
    week's check-in, keeping what it doesn't say; typed or from the form, it replaces it."""
    if existing is None or not editing:
        return said
    return Said(
        status=said.status,
        confidence=said.confidence if said.confidence is not None else existing.confidence,
        note=said.note if said.note is not None else existing.note,
        shared=said.shared or existing.shared,
    )


async def _store(learner: Learner[Profile], said: Said, *, editing: bool) -> Saved:
    """Save the week's check-in; a shared blocker alerts the member's managers."""
    session, member_id, now = learner.session, learner.member_id, learner.now
    label = period(now, learner.profile.timezone)
    existing = await repo.checkin_for(session=session, member_id=member_id, period=label)
    before = _describe(existing) if existing else None
    same_status = existing is not None and existing.status == said.status
    said = _merged(said, existing, editing=editing)
    row = existing or Checkin(member_id=member_id, period=label, status=said.status, created_at=now)
    row.status, row.confidence, row.note, row.shared = (
        said.status,
        said.confidence,
        said.note,
        said.shared,
    )
    row.created_at = now
    await repo.save(session=session, row=row)
    assert row.id is not None
    alerted = 0
    if said.status == "blocked" and said.shared:
        alerted = await alert_managers(
            session=session, member_id=member_id, checkin_id=row.id, now=now
        )
    return Saved(said, label, before, same_status, alerted)


def _view(saved: Saved, learner: Learner[Profile]) -> Reply:
    """What the member sees of their saved check-in."""
    said, label, before = saved.said, saved.week, saved.before
    visible = "Shared with your managers." if said.shared else "Private: only you see the note."
    if saved.alerted:
        visible += " They get a message that you are blocked."
    prompt = prompt_for(learner.catalog, said.status, f"{learner.member_id}:{label}")
    blocks: list[Block] = []
    if before is not None and saved.same_status:
        blocks.append(Context(f"Updated your check-in for {label} (it was: {before})."))
    elif before is not None:
        blocks.append(
            Context(
                f"This replaces your check-in for {label} ({before}): one check-in a week counts."
            )
        )
    blocks += [
        Text(prompt),
        Fields(
            (
                ("Status", status_label(said.status)),
                (
                    "Confidence",
                    f"{said.confidence}/5" if said.confidence else "not given",
                ),
                ("Week", label),
            )
            + ((("Note", user(said.note)),) if said.note else ())
        ),
        Context(
            visible + (" Add `share` at the end to let them see it." if not said.shared else "")
        ),
    ]
    blocks += _next_steps(said, prompt)
    title = "Check-in updated" if before is not None else "Check-in saved"
    return Reply(title=title, blocks=tuple(blocks))


def _next_steps(said: Said, prompt: str) -> list[Block]:
    """How to answer the week's question, and for a blocker, a way out."""
    blocks: list[Block] = []
    if said.note is None and prompt.rstrip().endswith("?"):
        blocks.append(
            Context(
                f"To answer, check in again with a note: `checkin {said.status} <your answer>` "
                "(it replaces this one; add `share` for your managers to see it)."
            )
        )
    if said.status == "blocked":
        blocks.append(
            Actions(
                (
                    Button("A different challenge", "challenge another"),
                    Button("A reading tip", "tip"),
                )
            )
        )
    return blocks


def _describe(row: Checkin) -> str:
    """A check-in in a few words, e.g. `slow, 2/5, shared`."""
    parts = [status_label(row.status).lower()]
    if row.confidence:
        parts.append(f"{row.confidence}/5")
    if row.note:
        parts.append("with a note")
    if row.shared:
        parts.append("shared")
    return ", ".join(parts)


# The commands this module answers, as help lists them.
SPECS = (
    profile_spec(
        ("checkin",),
        "Say how your week is going.",
        checkin_command,
        args=(
            Arg("status", ArgKind.CHOICE, "how it is going", choices=STATUSES),
            Arg("details", ArgKind.TEXT, "confidence 1-5, a note, `share`", rest=True),
            Arg("confidence", ArgKind.INT, "how sure you feel, 1 to 5", minimum=1, maximum=5),
            Arg("note", ArgKind.TEXT, "a few words on your week"),
            Arg("share", ArgKind.CHOICE, "let your managers see the note", choices=SHARE),
        ),
        details="With no status, asks with buttons (and a form in Slack and Discord). "
        "Confidence and note are optional. Notes stay private unless you end with "
        "`share`, which lets your managers see them.",
        examples=(
            "checkin on-track",
            "checkin slow 3 busy sprint",
            "checkin blocked 2 no GPU access share",
        ),
        aliases=("check-in",),
        group=GROW,
    ),
)
