"""`mentorbot db` and `mentorbot content`: the schema and the career content packs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bot.cli import common
from bot.cli.common import examples, group

db_app = group("Manage the database schema.", "mentorbot db upgrade")
content_app = group(
    "Work with career content packs.",
    "mentorbot content check",
    "mentorbot content check ./our-ladder",
)


@db_app.command("upgrade", epilog=examples("mentorbot db upgrade", "mentorbot db upgrade 0003"))
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Apply the database migrations (run this before starting on PostgreSQL)."""
    from sqlalchemy.exc import DBAPIError

    from bot.cli.progress import progress
    from bot.cli.startup import bad_setting, where
    from storage.migrate import current_revision, steps_to, upgrade

    settings = common.settings()
    services = common.services(settings)
    db = services.db

    async def migrate() -> str | None:
        steps = steps_to(revision, await current_revision(db.engine))
        with progress("Migrating the database", total=len(steps)) as advance:
            for step in steps:
                await upgrade(db.engine, step)
                advance(1)
        return await current_revision(db.engine)

    try:
        reached = common.run_on(services, migrate, ready=False)
    except (OSError, TimeoutError, DBAPIError) as exc:
        url = settings.database_url
        reason = type(getattr(exc, "orig", None) or exc).__name__
        bad_setting("DATABASE_URL", url, f"cannot reach the database at {where(url)} ({reason})")
    except ValueError as exc:
        print(f"error: cannot upgrade to {revision!r}: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    print(f"database at revision {reached}")


@content_app.command(
    "check", epilog=examples("mentorbot content check", "mentorbot content check ./our-ladder")
)
def content_check(
    directory: Annotated[
        Path | None, typer.Argument(help="A pack folder; default: the packs in use.")
    ] = None,
) -> None:
    """Validate a content pack; print a count summary, or every problem and exit 1."""
    from bot.cli.progress import progress
    from content import PackError, is_whole_pack, load_catalog

    settings = common.settings()
    if directory is None:
        dirs, builtin, what = settings.content_dirs, True, "built-in pack"
        if dirs:
            what += " + " + ", ".join(str(d) for d in dirs)
    else:
        # A folder with its own `pack:` section is a whole pack; otherwise it is checked
        # as an overlay on the built-in pack, the way the bot would load it.
        builtin = not is_whole_pack(directory)
        dirs, what = [directory], str(directory) + (" (over the built-in pack)" if builtin else "")
    try:
        with progress(f"Checking {what}"):
            catalog = load_catalog(dirs, builtin=builtin)
    except PackError as exc:
        for problem in exc.problems:
            print(problem)
        print(f"{len(exc.problems)} problem(s) in {what}", file=sys.stderr)
        raise typer.Exit(1) from None
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in catalog.counts().items())
    print(f"ok: {what}: {counts}")
