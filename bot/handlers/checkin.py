"""`checkin <on-track|slow|blocked> [1-5] [note…] [share]` and `progress`."""

from __future__ import annotations

import zlib
from collections import defaultdict
from itertools import pairwise

from bot.command import Source
from bot.errors import UserError
from bot.handlers.plan import current_plan
from bot.learner import Learner
from bot.markup import user
from bot.registry import Choice
from bot.reply import (
    Actions,
    Block,
    Button,
    Context,
    Fields,
    Form,
    Items,
    Option,
    Progress,
    Reply,
    SelectInput,
    Text,
    TextInput,
)
from bot.request import Request
from bot.weeks import period, streak
from content.schema import Catalog
from storage import learning as repo
from storage import teams as teams_repo
from storage.tables import Checkin, Profile

STATUSES = (
    Choice("on-track", "On track", ("ontrack", "good", "fine", "great", "ok")),
    Choice("slow", "Slow", ("behind", "busy", "meh")),
    Choice("blocked", "Blocked", ("stuck", "help")),
)
SHARE = (
    Choice("yes", "Share", ("y", "true", "share")),
    Choice("no", "Keep private", ("n", "false")),
)
MAX_NOTE = 1000


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


def parse_details(text: str | None) -> tuple[int | None, str | None, bool]:
    """Split `[1-5] [note…] [share]` into confidence, note and whether to share."""
    words = (text or "").split()
    confidence: int | None = None
    shared = False
    if words and words[-1].lower() in {"share", "shared", "--share"}:
        shared, words = True, words[:-1]
    if words and any(c.isdigit() for c in words[0]) and not words[0].isascii():
        raise UserError(
            f"Confidence is a number from 1 to 5 written with 0-9; `{words[0]}` is not.",
            hint="For example: `checkin slow 3 busy week at work`.",
        )
    if words and words[0].lstrip("-+").isdigit():
        value = int(words[0])
        if not 1 <= value <= 5:
            raise UserError(
                f"Confidence must be from 1 to 5; `{words[0]}` is not.",
                hint="For example: `checkin slow 3 busy week at work`.",
            )
        confidence, words = value, words[1:]
    note = " ".join(words) or None
    if note and len(note) > MAX_NOTE:
        raise UserError(
            f"That note is {len(note)} characters; I keep at most {MAX_NOTE}.",
            hint="Send a shorter note.",
        )
    return confidence, note, shared


def prompt_for(catalog: Catalog, status: str, seed: str) -> str:
    """A check-in prompt from the pack that fits the status (stable within a week)."""
    pool = [c for c in catalog.checkins.values() if c.status == status] or [
        c for c in catalog.checkins.values() if c.status == "any"
    ]
    if not pool:
        return "Thanks for checking in."
    return pool[zlib.crc32(seed.encode()) % len(pool)].text


async def checkin_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Record how the week is going; notes stay private unless you add `share`."""
    session, member_id, profile = learner.session, learner.member_id, learner.profile
    now = learner.now
    status = request.args.get("status")
    if status is None and request.args.get("details"):
        word = str(request.args["details"]).split()[0]
        raise UserError(
            f"`{word}` is not a check-in status.",
            hint="Type `checkin on-track`, `checkin slow` or `checkin blocked`, then "
            "optionally a confidence 1-5, a note and `share`.",
        )
    if status is None:
        label = period(now, profile.timezone)
        existing = await repo.checkin_for(session=session, member_id=member_id, period=label)
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
    confidence, note, shared = parse_details(request.args.get("details"))
    confidence = request.args.get("confidence", confidence)
    note = request.args.get("note", note)
    shared = shared or request.args.get("share") == "yes"
    if note and len(note) > MAX_NOTE:
        raise UserError(
            f"That note is {len(note)} characters; I keep at most {MAX_NOTE}.",
            hint="Send a shorter note.",
        )
    label = period(now, profile.timezone)
    existing = await repo.checkin_for(session=session, member_id=member_id, period=label)
    before = _describe(existing) if existing else None
    existing_status = existing.status if existing else None
    # A button (the check-in nudge's) edits this week's check-in: what it doesn't say is kept.
    # Typed or from the form, the check-in replaces this week's as a whole.
    editing = existing is not None and request.command.source is Source.BUTTON
    if existing is not None and editing:
        confidence = confidence if confidence is not None else existing.confidence
        note = note if note is not None else existing.note
        shared = shared or existing.shared
    row = existing or Checkin(member_id=member_id, period=label, status=status, created_at=now)
    row.status, row.confidence, row.note, row.shared = status, confidence, note, shared
    row.created_at = now
    await repo.save(session=session, row=row)
    assert row.id is not None
    alerted = 0
    if status == "blocked" and shared:
        alerted = await teams_repo.alert_managers(
            session=session, member_id=member_id, checkin_id=row.id, now=now
        )
    visible = "Shared with your managers." if shared else "Private: only you see the note."
    if alerted:
        visible += " They get a message that you are blocked."
    prompt = prompt_for(learner.catalog, status, f"{member_id}:{label}")
    blocks: list[Block] = []
    if before is not None and existing_status == status:
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
                ("Status", next(c.label for c in STATUSES if c.value == status)),
                ("Confidence", f"{confidence}/5" if confidence else "not given"),
                ("Week", label),
            )
            + ((("Note", user(note)),) if note else ())
        ),
        Context(visible + (" Add `share` at the end to let them see it." if not shared else "")),
    ]
    if note is None and prompt.rstrip().endswith("?"):
        blocks.append(
            Context(
                f"To answer, check in again with a note: `checkin {status} <your answer>` "
                "(it replaces this one; add `share` for your managers to see it)."
            )
        )
    if status == "blocked":
        blocks.append(
            Actions(
                (
                    Button("A different challenge", "challenge another"),
                    Button("A reading tip", "tip"),
                )
            )
        )
    title = "Check-in updated" if before is not None else "Check-in saved"
    return Reply(title=title, blocks=tuple(blocks))


def _describe(row: Checkin) -> str:
    """A check-in in a few words, e.g. `slow, 2/5, shared`."""
    label = next((c.label for c in STATUSES if c.value == row.status), row.status)
    parts = [label.lower()]
    if row.confidence:
        parts.append(f"{row.confidence}/5")
    if row.note:
        parts.append("with a note")
    if row.shared:
        parts.append("shared")
    return ", ".join(parts)


async def progress_command(request: Request, learner: Learner[Profile]) -> Reply:
    """Streak, challenges done, level changes over time and plan completion."""
    session, catalog, member_id = learner.session, learner.catalog, learner.member_id
    history = await repo.assignments(session=session, member_id=member_id)
    done = [a for a in history if a.status == "done"]
    label = period(learner.now, learner.profile.timezone)
    weeks = streak({a.period for a in done}, label)
    _, items = await current_plan(learner)
    by_skill: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for rating in await repo.ratings(session=session, member_id=member_id):
        by_skill[rating.skill].append((rating.rated_at.date().isoformat(), rating.level))
    changes = []
    for skill, trail in by_skill.items():
        steps = [trail[0]] + [t for prev, t in pairwise(trail) if t[1] != prev[1]]
        path = " → ".join(f"{lvl} ({day})" for day, lvl in steps)
        changes.append(f"{catalog.skills[skill].name}: {path}" if skill in catalog.skills else path)
    checkins = await repo.checkins(session=session, member_id=member_id)
    blocks: list[Block] = [
        Fields(
            (
                ("Streak", f"{weeks} week{'s' if weeks != 1 else ''} in a row"),
                ("Challenges done", str(len(done))),
                ("Check-ins", str(len(checkins))),
            )
        ),
        Progress("Plan completion", sum(1 for i in items if i.done_at), len(items)),
    ]
    if changes:
        blocks += [Text("**Your levels over time**"), Items(tuple(changes))]
    else:
        blocks.append(Context("Rate your skills with `assess` to see them move over time."))
    recent = [
        f"{a.period}: {catalog.challenges[a.challenge_id].title}"
        for a in done[-5:]
        if a.challenge_id in catalog.challenges
    ]
    if recent:
        blocks += [Text("**Recently finished**"), Items(tuple(reversed(recent)))]
    return Reply(title="Your progress", blocks=tuple(blocks))
