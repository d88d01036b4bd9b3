"""`mentorbot web`: serve the web dashboard alone, and `web login`'s one-time links."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from bot.cli import common
from bot.cli.common import examples, group

web_app = group(
    "The web dashboard: serve it, or print a one-time sign-in link.",
    "mentorbot web --port 8080         # the dashboard at http://localhost:8080/web/",
    "mentorbot web login --as alice    # a link that signs alice in, once, for 10 minutes",
    invoke_without_command=True,
)


@web_app.callback()
def web(
    ctx: typer.Context,
    port: Annotated[
        int | None, typer.Option(help="Port to serve on (default: PORT, else 3000).")
    ] = None,
) -> None:
    """Serve the web dashboard alone, with /healthz, /readyz and /metrics."""
    if ctx.invoked_subcommand is not None:
        return
    from bot.cli.serve import serve

    settings = common.settings()
    services = common.services(settings, default_level="INFO")
    port = port or settings.port or 3000
    serve(services, slack=None, discord=False, worker=None, port=port, web=True)


@web_app.command(
    "login",
    epilog=examples(
        "mentorbot web login --as alice              # the terminal chat's alice",
        "mentorbot web login --as slack:T0123:U0456  # a member of any platform",
        "mentorbot web login --as alice --port 8080  # for `mentorbot web --port 8080`",
    ),
)
def login(
    who: Annotated[
        str, typer.Option("--as", help="A terminal chat name, or platform:workspace:user.")
    ],
    port: Annotated[
        int | None,
        typer.Option(help="The port `mentorbot web` serves on, when PUBLIC_URL is not set."),
    ] = None,
    now: Annotated[
        str | None, typer.Option(hidden=True, help="Pretend it is this ISO-8601 instant.")
    ] = None,
) -> None:
    """Print a sign-in link for one member: it works once, within 10 minutes."""
    from bot.core.errors import UserError
    from bot.features.access.signin import LINK_MINUTES, issue_link

    settings = common.settings()
    services = common.fixed(common.services(settings), now)

    async def make() -> str:
        return await issue_link(services, who=who, now=services.clock.now())

    try:
        token = common.run_on(services, make)
    except UserError as exc:
        print(f"error: {exc.problem} {exc.hint or ''}".strip(), file=sys.stderr)
        raise typer.Exit(2) from None
    local = f"http://localhost:{port or settings.port or 3000}"
    base = (settings.public_url or local).rstrip("/")
    print(f"{base}/web/login/link/{token}")
    print(f"It signs in {who} once, within {LINK_MINUTES} minutes.", file=sys.stderr)
