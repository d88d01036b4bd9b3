"""The dashboard over plain HTTP: sign-in links, who sees what, headers, CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.web import pages
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import UserError
from tests.support.services import MovableClock, seen
from tests.support.web import browsing, configured, csrf_of, dashboard, link_for, seed_team


@pytest.fixture
async def team(services: Services, clock: MovableClock) -> Services:
    await seed_team(services, clock)
    return services


async def test_a_one_time_link_signs_in_once(team: Services) -> None:
    link = await link_for(team, "mia")
    async with dashboard(team) as server:
        async with browsing(server, link) as http, http.get("/web/teams") as page:
            assert page.status == 200
            assert "ml-platform" in await page.text()
        async with browsing(server) as again, again.get(link, allow_redirects=False) as used:
            assert used.status == 403
            assert "used, expired" in await used.text()
            assert "mentorbot_session" not in used.cookies


async def test_an_expired_link_is_refused(team: Services, clock: MovableClock) -> None:
    link = await link_for(team, "mia")
    clock.at += timedelta(minutes=10, seconds=1)
    async with dashboard(team) as server, browsing(server) as http:
        async with http.get(link, allow_redirects=False) as response:
            assert response.status == 403
        async with http.get("/web/teams", allow_redirects=False) as response:
            assert response.status == 302
            assert response.headers["Location"] == "/web/login"


async def test_a_session_ends_after_web_session_hours(team: Services, clock: MovableClock) -> None:
    async with dashboard(team) as server, browsing(server, await link_for(team, "mia")) as http:
        clock.at += timedelta(hours=11, minutes=59)
        async with http.get("/web/teams", allow_redirects=False) as page:
            assert page.status == 200
        clock.at += timedelta(minutes=2)
        async with http.get("/web/teams", allow_redirects=False) as page:
            assert page.status == 302


async def test_a_link_for_someone_unknown_says_how_they_start(team: Services) -> None:
    with pytest.raises(UserError, match="doesn't know `zed`") as raised:
        await link_for(team, "zed")
    assert raised.value.hint == "They chat first, e.g. `mentorbot console --as zed`."


async def test_pages_carry_the_security_headers(team: Services) -> None:
    async with dashboard(team) as server, browsing(server, await link_for(team, "mia")) as http:
        for path in ("/web/teams", "/web/teams/ml-platform/matrix", "/web/login", "/web/nope"):
            async with http.get(path, allow_redirects=False) as page:
                csp = page.headers["Content-Security-Policy"]
                assert "unsafe-inline" not in csp and "default-src 'none'" in csp, path
                assert page.headers["X-Frame-Options"] == "DENY"
                assert page.headers["Referrer-Policy"] == "same-origin"
        async with http.get("/web/login/link/nope", allow_redirects=False) as refused:
            assert refused.headers["X-Frame-Options"] == "DENY"


async def test_the_session_cookie_is_httponly_lax_and_secure_behind_https(
    team: Services,
) -> None:
    async with dashboard(team) as server, browsing(server) as http:
        async with http.get(await link_for(team, "mia"), allow_redirects=False) as signed:
            cookie = signed.cookies["mentorbot_session"]
            assert cookie["httponly"] and cookie["samesite"] == "Lax"
            assert not cookie["secure"]  # plain http on loopback
            assert cookie["max-age"] == str(12 * 3600)
        behind = {"X-Forwarded-Proto": "https"}
        async with http.get(
            await link_for(team, "mia"), allow_redirects=False, headers=behind
        ) as signed:
            assert signed.cookies["mentorbot_session"]["secure"]


async def test_a_member_is_refused_team_pages_as_if_they_did_not_exist(team: Services) -> None:
    async with dashboard(team) as server, browsing(server, await link_for(team, "ann")) as http:
        bodies = set()
        for path in (
            "/web/teams",
            "/web/teams/ml-platform/matrix",
            "/web/teams/ml-platform/matrix.csv",
            "/web/teams/no-such-team/matrix",
            "/web/members/999999",
            "/web/whatever",
        ):
            async with http.get(path, allow_redirects=False) as page:
                assert page.status == 404, path
                bodies.add(await page.text())
        assert len(bodies) == 1
        async with browsing(server) as outsider, outsider.get("/web/whatever") as page:
            assert {await page.text()} == bodies


async def test_a_post_without_its_csrf_token_is_refused(team: Services) -> None:
    async with dashboard(team) as server, browsing(server, await link_for(team, "ann")) as http:
        async with http.get("/web/plan") as page:
            token = csrf_of(await page.text())
        # One character changed where every bit counts (a base64 tail may carry spare bits,
        # so a changed last character can decode to the same token).
        forged = ("B" if token[0] == "A" else "A") + token[1:]
        for form in ({"action": "get"}, {"action": "get", "csrf": forged}):
            async with http.post("/web/plan", data=form) as refused:
                assert refused.status == 403
                assert "nothing was done" in await refused.text()
        async with http.post("/web/logout", data={}, allow_redirects=False) as refused:
            assert refused.status == 404
        async with http.post("/web/plan", data={"action": "get", "csrf": token}) as done:
            assert done.status == 200
            assert "This week's challenge" in await done.text()


async def test_bad_query_parameters_say_what_to_use(team: Services) -> None:
    link = await link_for(team, "mia")
    async with (
        dashboard(team) as server,
        browsing(server, link) as http,
        http.get("/web/teams/ml-platform/matrix?sort=height") as page,
    ):
        assert page.status == 400
        assert "Use sort=member or sort=skill." in await page.text()


async def test_the_csv_is_formula_safe(team: Services) -> None:
    evil = Actor("console", "local", "eve", display_name="=HYPERLINK(1)")
    await seen("start stage=mid path=mlops-engineer", actor=evil, services=team)
    root = Actor("console", "local", "root", is_admin=True)
    added = await seen("team add ml-platform @eve", actor=root, services=team)
    assert "Added" in added.plain_text()
    link = await link_for(team, "mia")
    async with (
        dashboard(team) as server,
        browsing(server, link) as http,
        http.get("/web/teams/ml-platform/matrix.csv") as csv,
    ):
        assert csv.status == 200
        assert csv.headers["Content-Disposition"].startswith("attachment")
        text = await csv.text()
    lines = text.splitlines()
    assert lines[0] == "member,skill,level,target,level_minus_target"
    assert "ann,python,3,3,0" in lines
    assert any(line.startswith("'=HYPERLINK(1),") for line in lines)
    assert not any(line.startswith("=") for line in lines)


async def test_the_csv_is_the_matrix_as_filtered_and_sorted_on_the_page(team: Services) -> None:
    junior = Actor("console", "local", "jo", display_name="jo")
    await seen("start stage=junior path=mlops-engineer", actor=junior, services=team)
    root = Actor("console", "local", "root", is_admin=True)
    await seen("team add ml-platform @jo", actor=root, services=team)
    async with dashboard(team) as server, browsing(server, await link_for(team, "mia")) as http:
        async with http.get("/web/teams/ml-platform/matrix?stage=junior") as page:
            html = await page.text()
        csv_link = "/web/teams/ml-platform/matrix.csv?sort=member&amp;stage=junior&amp;path="
        assert csv_link in html  # the page's Download CSV carries its filter
        async with http.get(csv_link.replace("&amp;", "&")) as csv:
            members = {line.split(",")[0] for line in (await csv.text()).splitlines()[1:]}
        assert members == {"jo"}
        async with http.get("/web/teams/ml-platform/matrix.csv") as csv:
            everyone = {line.split(",")[0] for line in (await csv.text()).splitlines()[1:]}
        assert {"jo", "ann"} <= everyone
        async with http.get("/web/teams/ml-platform/matrix.csv?stage=wizard") as bad:
            assert bad.status == 400 and "There is no stage `wizard`." in await bad.text()


async def test_the_matrix_comes_a_page_at_a_time(
    team: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "PAGE_ROWS", 1)  # two members, so two pages
    link = await link_for(team, "mia")
    async with dashboard(team) as server, browsing(server, link) as http:
        async with http.get("/web/teams/ml-platform/matrix") as first:
            text = await first.text()
        assert "Members 1–1 of 2" in text and ">ann</a>" in text and ">bob</a>" not in text
        assert (
            'href="/web/teams/ml-platform/matrix?sort=member&amp;stage=&amp;path=&amp;page=2"'
            in text
        )
        async with http.get("/web/teams/ml-platform/matrix?page=99") as last:
            text = await last.text()
        assert "Page 2 of 2" in text and ">bob</a>" in text and ">ann</a>" not in text
        async with http.get("/web/teams/ml-platform/matrix?page=two") as bad:
            assert bad.status == 400
            assert "Use page=1, page=2" in await bad.text()


async def test_an_admin_with_no_teams_yet_is_told_how_to_make_one(services: Services) -> None:
    for name in ("root", "ann"):
        who = Actor("console", "local", name, display_name=name)
        await seen("start stage=mid path=mlops-engineer", actor=who, services=services)
    admins = configured(services, admin_ids=["console:local:root"])
    async with dashboard(admins) as server:
        root, ann = await link_for(admins, "root"), await link_for(admins, "ann")
        async with browsing(server, root) as http, http.get("/web/teams") as page:
            assert page.status == 200
            assert "no teams yet" in " ".join((await page.text()).split())
        async with (
            browsing(server, ann) as http,
            http.get("/web/teams", allow_redirects=False) as page,
        ):
            assert page.status == 404  # a member: as if the page weren't there


async def test_done_with_no_challenge_says_what_to_do_instead(services: Services) -> None:
    fresh = Actor("console", "local", "qq", display_name="qq")
    await seen("start stage=mid path=ml-engineer", actor=fresh, services=services)
    async with (
        dashboard(services) as server,
        browsing(server, await link_for(services, "qq")) as http,
    ):
        async with http.get("/web/plan") as page:
            token = csrf_of(await page.text())
        async with http.post("/web/plan", data={"action": "done", "csrf": token}) as answer:
            assert answer.status == 200
            text = " ".join((await answer.text()).split())
    assert "no challenge this week to mark done yet" in text
    assert "to get this week" in text  # the hint, not only the problem
