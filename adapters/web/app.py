"""The dashboard's aiohttp application, mounted at /web on the server that also answers
Slack and /healthz: templates, static files, the pages and the sign-in routes."""

from __future__ import annotations

import aiohttp_jinja2
import jinja2
from aiohttp import web

from adapters.web import oauth, pages
from adapters.web.base import HERE, PREFIX, SERVICES, SIGNER, guard, signer_of
from bot.commands.services import Services


def dashboard_app(services: Services) -> web.Application:
    """The dashboard as an aiohttp sub-application, to mount at PREFIX."""
    app = web.Application(middlewares=[guard], client_max_size=64 * 1024)
    app[SERVICES] = services
    app[SIGNER] = signer_of(services)
    aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=jinja2.select_autoescape(default=True),
        undefined=jinja2.StrictUndefined,
    )
    pages.add_routes(app)
    oauth.add_routes(app)
    app.router.add_static("/static", HERE / "static", append_version=True)
    return app


def add_dashboard(parent: web.Application, services: Services) -> None:
    """Mount the dashboard at /web on `parent`, with / sending people there."""

    async def home(_: web.Request) -> web.StreamResponse:
        raise web.HTTPFound(f"{PREFIX}/")

    parent.router.add_get("/", home)
    parent.add_subapp(PREFIX, dashboard_app(services))


def standalone_app(services: Services) -> web.Application:
    """`mentorbot web`: the dashboard alone, with /healthz."""
    app = web.Application()
    add_dashboard(app, services)
    return app
