"""The dashboard in headless Chromium: signing in with Slack and Discord through local fake
providers, what managers and members see, two workspaces kept apart, CSRF, one-time links,
screenshots at 375 and 1440 px, and axe-core on every page."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.features.access.signin import issue_link
from tests.support.browser import (
    Site,
    member_id,
    seed_workspace,
    serious_violations,
    shoot,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

EVIL = "=SUM(1)<b>x</b>"
ACME = {"U1": "mia", "U2": "ann", "U3": "bob", "U4": EVIL}
GLOBEX = {"U1": "max", "U2": "zoe", "U3": "yan"}
OTTO, DEE = "400000000000000001", "424242424242424242"
GUILD = {OTTO: "otto", DEE: "dee"}


@pytest.fixture
async def acme(site: Site) -> Site:
    """Two Slack workspaces with a team of the same name and the same user ids, and a
    Discord server."""
    await seed_workspace(site.services, platform="slack", workspace="T1", people=ACME, blocked="U3")
    await seed_workspace(
        site.services, platform="slack", workspace="T2", people=GLOBEX, blocked="U3"
    )
    await seed_workspace(
        site.services, platform="discord", workspace="G1", people=GUILD, blocked=DEE
    )
    return site


async def test_a_manager_signs_in_with_slack_and_walks_the_team_pages(acme: Site) -> None:
    page = await acme.slack_page("T1", "U1")
    assert page.url.endswith("/web/teams")
    assert await page.get_by_role("link", name="Teams", exact=True).count() == 1
    card = page.get_by_role("region", name="ml-platform")
    await card.get_by_role("img", name="Participation and challenge completion").wait_for()
    assert await card.locator("polyline").count() == 2
    assert "waiting for GPU quota" in await card.inner_text()

    await card.get_by_role("link", name="Skill matrix of ml-platform").click()
    rows = page.locator("table.matrix tbody th[scope=row] a")
    assert await rows.all_inner_texts() == [EVIL, "ann", "bob"]  # by name
    python = acme.services.catalog.skills["python"].name
    await page.get_by_role("link", name=python, exact=True).click()
    assert "sort=skill" in page.url
    assert await rows.all_inner_texts() == [EVIL, "bob", "ann"]  # largest gap first

    async with page.expect_download() as download:
        await page.get_by_role("link", name="Download CSV").click()
    saved = await (await download.value).path()
    table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert table[0] == ["member", "skill", "level", "target", "level_minus_target"]
    names = {row[0] for row in table[1:]}
    assert names == {"ann", "bob", "'" + EVIL}  # formula-safe: never a leading '='
    assert table[[r[0] for r in table].index("bob")][:3] == ["bob", "python", "2"]

    await page.get_by_role("link", name="bob", exact=True).first.click()
    assert await page.get_by_role("heading", level=1).inner_text() == "bob's timeline"
    assert "waiting for GPU quota" in await page.locator("main").inner_text()


async def test_a_member_signs_in_with_discord_sees_their_timeline_not_the_team(
    acme: Site,
) -> None:
    page = await acme.discord_page(DEE)
    own = await member_id(acme.services, "discord", "G1", DEE)
    assert page.url.endswith(f"/web/members/{own}")
    assert await page.get_by_role("heading", level=1).inner_text() == "Your timeline"
    assert await page.get_by_role("link", name="Teams", exact=True).count() == 0
    for path in (
        "/web/teams",
        "/web/teams/ml-platform/matrix",
        "/web/teams/ml-platform/matrix.csv",
    ):
        answer = await page.goto(acme.url(path))
        assert answer is not None and answer.status == 404, path
        assert await page.get_by_role("heading", level=1).inner_text() == "Nothing here"


async def test_two_workspaces_share_nothing(acme: Site) -> None:
    page = await acme.slack_page("T2", "U1")  # the same user id as T1's manager
    text = await page.locator("main").inner_text()
    assert "ml-platform" in text and "ann" not in text and "bob" not in text
    await page.get_by_role("link", name="Skill matrix of ml-platform").click()
    rows = page.locator("table.matrix tbody th[scope=row] a")
    assert await rows.all_inner_texts() == ["yan", "zoe"]
    ann = await member_id(acme.services, "slack", "T1", "U2")
    zoe = await member_id(acme.services, "slack", "T2", "U2")
    for path in (
        f"/web/members/{ann}",
        f"/web/members/{ann}?skill=python",
        "/web/teams/ml-platform/matrix?workspace=T1&team=T1",
        "/web/teams/ml-platform/matrix.csv?workspace_id=1",
    ):
        answer = await page.context.request.get(acme.url(path))
        body = await answer.text()
        assert "ann" not in body and "bob" not in body, path
        assert answer.status == 404 or "zoe" in body, path
    answer = await page.goto(acme.url(f"/web/members/{zoe}"))
    assert answer is not None and answer.status == 200


async def test_slack_claims_for_an_unknown_workspace_or_another_app_are_refused(
    acme: Site,
) -> None:
    page = await acme.slack_page("T3", "U1")
    assert "That sign-in didn't work" in await page.locator("main").inner_text()
    acme.signin.claims_override = {"aud": "some-other-app"}
    page = await acme.slack_page("T1", "U1")
    assert "That sign-in didn't work" in await page.locator("main").inner_text()
    assert not [c for c in await page.context.cookies() if c["name"] == "mentorbot_session"]
    forged = await page.goto(acme.url("/web/auth/discord/callback?code=abc&state=forged"))
    assert forged is not None and forged.status == 403
    assert not acme.signin.of("discord.token")  # refused before any call to Discord


async def test_a_post_without_its_csrf_token_is_refused(acme: Site) -> None:
    page = await acme.slack_page("T1", "U2")
    await page.goto(acme.url("/web/plan"))
    await page.locator("form.act input[name=csrf]").evaluate("input => input.remove()")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Get this week's challenge").click()
    assert "nothing was done" in await page.locator("main").inner_text()
    await page.goto(acme.url("/web/plan"))
    await page.get_by_role("button", name="Get this week's challenge").click()
    await page.get_by_role("heading", name="This week's challenge").wait_for()
    assert await page.get_by_role("button", name="Done").count() == 1


async def test_a_used_or_expired_login_link_is_refused(acme: Site) -> None:
    link = await issue_link(acme.services, who="slack:T1:U1", now=acme.clock.now())
    first = await (await acme.context()).new_page()
    await first.goto(acme.url(f"/web/login/link/{link}"))
    assert first.url.endswith("/web/teams")
    again = await (await acme.context()).new_page()
    answer = await again.goto(acme.url(f"/web/login/link/{link}"))
    assert answer is not None and answer.status == 403
    assert "used, expired" in await again.locator("main").inner_text()

    late = await issue_link(acme.services, who="slack:T1:U1", now=acme.clock.now())
    acme.clock.at += timedelta(minutes=10, seconds=1)
    answer = await again.goto(acme.url(f"/web/login/link/{late}"))
    assert answer is not None and answer.status == 403
    await again.goto(acme.url("/web/teams"))
    assert again.url.endswith("/web/login")


async def test_every_page_reads_at_375_and_1440_px_and_passes_axe(acme: Site) -> None:
    manager = await acme.slack_page("T1", "U1")
    bob = await member_id(acme.services, "slack", "T1", "U3")
    pages = {
        "teams": "/web/teams",
        "matrix": "/web/teams/ml-platform/matrix?sort=skill&skill=python",
        "timeline-manager-view": f"/web/members/{bob}",
        "problem": "/web/teams/ml-platform/matrix?sort=height",
        "notfound": "/web/nope",
    }
    member = await acme.slack_page("T1", "U3")
    mine = {"timeline-own": f"/web/members/{bob}", "plan": "/web/plan"}
    outsider = await (await acme.context()).new_page()
    found: dict[str, list[str]] = {}
    for page, paths in ((manager, pages), (member, mine), (outsider, {"login": "/web/login"})):
        for name, path in paths.items():
            await page.goto(acme.url(path))
            await shoot(page, name)
            found[name] = await serious_violations(page)
            if name == "timeline-own":  # a finished plan step says which step it was
                assert "Plan step done: Data structures and algorithms, level 2 → 3" in (
                    await page.locator("main").inner_text()
                )
    assert found == {name: [] for name in found}


async def test_the_axe_check_finds_what_it_is_there_to_find(acme: Site) -> None:
    """The check above could pass by seeing nothing (say, a CSP that kept axe out): on one
    of our pages, an image without a text and a field without a label are reported."""
    page = await (await acme.context()).new_page()
    await page.goto(acme.url("/web/login"))
    await page.locator("main").evaluate(
        "main => main.insertAdjacentHTML('beforeend', '<img src=\"/x.png\"><input type=text>')"
    )
    found = " ".join(await serious_violations(page))
    assert "image-alt" in found and "label" in found


async def test_the_pages_work_with_javascript_off(acme: Site) -> None:
    context = await acme.context(java_script_enabled=False)
    page = await context.new_page()
    await page.goto(acme.url("/web/login"))
    await page.get_by_role("link", name="Sign in with Slack").click()
    await page.get_by_role("link", name="Skill matrix of ml-platform").click()
    await page.get_by_label("Path").select_option(value="mlops-engineer")
    await page.get_by_role("button", name="Filter").click()
    assert "path=mlops-engineer" in page.url
    rows = page.locator("table.matrix tbody th[scope=row] a")
    assert await rows.all_inner_texts() == [EVIL, "ann", "bob"]
    await page.goto(acme.url("/web/plan"))
    await page.get_by_role("button", name="Get this week's challenge").click()
    await page.get_by_role("heading", name="This week's challenge").wait_for()


async def test_keyboard_focus_is_visible(acme: Site) -> None:
    page = await acme.slack_page("T1", "U1")
    await page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert await focused.inner_text() == "Skip to content"
    outline = await focused.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    await page.keyboard.press("Enter")
    await page.keyboard.press("Tab")
    assert await page.locator(":focus").evaluate("e => e.closest('main') !== null")
