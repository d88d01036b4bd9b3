"""The dashboard's pages: each turns a request into a core use case and its answer into a
template. Bad query parameters get a page saying what was wrong and what to use."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from aiohttp import web

from adapters.web.base import SERVICES, SIGNER, render, signed_in
from adapters.web.charts import trend_chart
from bot.commands.dispatch import handle_text
from bot.commands.edge import shown
from bot.core.reply import ReplyKind
from bot.domain.dashboard import MatrixSort, MatrixView, teams_path, timeline_path
from bot.features.learner.timeline import my_plan, timeline
from bot.features.teams.board import matrix_csv, team_matrix, teams_page
from content.schema import Catalog


async def home(request: web.Request) -> web.StreamResponse:
    """The start page: the Teams page for managers, the member's own timeline for others."""
    viewer, _ = await signed_in(request)
    # Only a redirect: nothing is read (nor written to the view log) for it.
    raise web.HTTPFound(
        teams_path() if viewer.manages or viewer.admin else timeline_path(viewer.member_id)
    )


async def teams(request: web.Request) -> web.StreamResponse:
    """Every team the viewer manages: this week, 12 weeks of trends, blockers, notes."""
    viewer, _ = await signed_in(request)
    services = request.app[SERVICES]
    cards = await teams_page(services, viewer, now=services.clock.now())
    if not cards and not viewer.admin:
        raise web.HTTPNotFound()  # the same answer as for a page that doesn't exist
    charts = {card.team.id: trend_chart(card.weeks) for card in cards}
    return await render(
        request, "teams.html", cards=cards, charts=charts, skills=services.catalog.skills
    )


async def _bad(request: web.Request, problem: str, hint: str) -> web.Response:
    return await render(request, "problem.html", status=400, problem=problem, hint=hint)


PAGE_ROWS = 100  # members per page of the matrix: a 1,000-member team is ten pages


def _matrix_problem(query: Mapping[str, str], catalog: Catalog) -> tuple[str, str] | None:
    """What is wrong with a matrix's query parameters, and what to use instead."""
    sort, skill = query.get("sort", "member"), query.get("skill") or None
    stage, path = query.get("stage") or None, query.get("path") or None
    page = query.get("page", "1")
    if sort not in MatrixSort.__members__.values():
        return f"`sort={sort}` isn't a way to sort.", "Use sort=member or sort=skill."
    if skill is not None and skill not in catalog.skills:
        return f"There is no skill `{skill}`.", "Pick one from the matrix's columns."
    if stage is not None and stage not in catalog.stages:
        return f"There is no stage `{stage}`.", "Pick one from the stage filter."
    if path is not None and path not in catalog.specializations:
        return f"There is no path `{path}`.", "Pick one from the path filter."
    if not page.isdigit() or not 1 <= int(page) <= 10_000:
        return f"`page={page}` isn't a page number.", "Use page=1, page=2, …"
    return None


async def _asked(request: web.Request) -> MatrixView | web.Response:
    """The matrix the query asks for, or the 400 page saying what to use instead."""
    query = request.query
    problem = _matrix_problem(query, request.app[SERVICES].catalog)
    if problem is not None:
        return await _bad(request, *problem)
    return MatrixView(
        sort=MatrixSort(query.get("sort", "member")),
        skill=query.get("skill") or None,
        stage=query.get("stage") or None,
        path=query.get("path") or None,
    )


async def matrix(request: web.Request) -> web.StreamResponse:
    """A team's skill matrix, sorted by member or by one skill, filtered by stage or path,
    a hundred members a page."""
    viewer, _ = await signed_in(request)
    services, query = request.app[SERVICES], request.query
    view = await _asked(request)
    if isinstance(view, web.Response):
        return view
    found = await team_matrix(
        services, viewer, request.match_info["team"], view, now=services.clock.now()
    )
    if found is None:
        raise web.HTTPNotFound()
    team, shaped = found
    pages = max(1, -(-len(shaped.rows) // PAGE_ROWS))
    page = min(int(query.get("page", "1")), pages)
    rows = shaped.rows[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]
    return await render(
        request,
        "matrix.html",
        team=team,
        matrix=shaped,
        rows=rows,
        page=page,
        pages=pages,
        first=(page - 1) * PAGE_ROWS + 1,
        catalog=services.catalog,
    )


async def matrix_download(request: web.Request) -> web.StreamResponse:
    """The matrix as a formula-safe CSV file."""
    viewer, _ = await signed_in(request)
    services = request.app[SERVICES]
    view = await _asked(request)
    if isinstance(view, web.Response):
        return view
    found = await matrix_csv(
        services, viewer, request.match_info["team"], view, now=services.clock.now()
    )
    if found is None:
        raise web.HTTPNotFound()
    team, data = found
    name = quote(f"team-{team.name}.csv")
    return web.Response(
        body=data,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"},
    )


async def member(request: web.Request) -> web.StreamResponse:
    """A member's timeline: everything for themselves, what `team privacy` allows others."""
    viewer, _ = await signed_in(request)
    services = request.app[SERVICES]
    raw = request.match_info["member"]
    skill = request.query.get("skill") or None
    if not raw.isdigit() or (skill is not None and skill not in services.catalog.skills):
        raise web.HTTPNotFound()
    found = await timeline(services, viewer, int(raw), now=services.clock.now(), skill=skill)
    if found is None:
        raise web.HTTPNotFound()
    return await render(request, "timeline.html", page=found, catalog=services.catalog)


async def plan(request: web.Request) -> web.StreamResponse:
    """My plan: its steps, this week's challenge, and buttons to finish it or get another."""
    viewer, _ = await signed_in(request)
    services = request.app[SERVICES]
    page = await my_plan(services, viewer, now=services.clock.now())
    return await render(request, "plan.html", page=page, catalog=services.catalog, said="")


ACTIONS = {"done": "challenge done", "another": "challenge another", "get": "challenge"}


async def plan_action(request: web.Request) -> web.StreamResponse:
    """Finish this week's challenge (with an optional link) or ask for another."""
    viewer, session = await signed_in(request)
    form = await request.post()
    if not request.app[SIGNER].csrf_ok(session, str(form.get("csrf", ""))):
        return await render(
            request,
            "problem.html",
            status=403,
            problem="That form had no valid token, so nothing was done.",
            hint="Reload the page and try again.",
        )
    action = str(form.get("action", ""))
    if action not in ACTIONS:
        return await _bad(
            request, f"`{action}` isn't something this page does.", "Use its buttons."
        )
    text = ACTIONS[action]
    evidence = " ".join(str(form.get("evidence", "")).split())[:900]
    if action == "done" and evidence:
        text = f"{text} {evidence}"
    services = request.app[SERVICES]
    # Shown through the edge like every adapter's: a mistake says what to do instead.
    reply = await shown(handle_text(text, actor=viewer.actor, services=services))
    said = reply.plain_text() if reply.kind is ReplyKind.ERROR else reply.title
    page = await my_plan(services, viewer, now=services.clock.now())
    return await render(request, "plan.html", page=page, catalog=services.catalog, said=said)


def add_routes(app: web.Application) -> None:
    """The pages, under the dashboard's prefix."""
    app.router.add_get("/", home)
    app.router.add_get("/teams", teams)
    app.router.add_get("/teams/{team}/matrix", matrix)
    app.router.add_get("/teams/{team}/matrix.csv", matrix_download)
    app.router.add_get("/members/{member}", member)
    app.router.add_get("/plan", plan)
    app.router.add_post("/plan", plan_action)
