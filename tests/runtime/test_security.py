"""Privacy rules, formula-safe exports, odd input, logs and files, through the core and CLI."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import select

from adapters.console.app import ConsoleOutput, console_actor, run_lines
from bot.commands.dispatch import handle_text
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import Unexpected, UserError
from bot.core.reply import Attachment, Reply
from bot.domain.spreadsheet import csv_bytes, safe_cell
from content import PackError, load_catalog
from storage.tables import Member
from tests.support.console import mentorbot
from tests.support.services import MovableClock
from tests.support.teams import as_, mias_summary, setup_teams

FORMULA = '=HYPERLINK("http://evil.example","x")'


async def run(services: Services, actor: Actor, text: str) -> Reply:
    return await handle_text(text, actor=actor, services=services)


async def test_team_export_never_writes_a_live_formula(services: Services) -> None:
    await setup_teams(services)
    eve = replace(console_actor("eve"), display_name=FORMULA)
    await run(services, eve, "start stage=mid")
    await as_(services, "mia", "team add ml-platform @eve")
    reply = await run(services, console_actor("mia"), "team export ml-platform")
    data = next(b for b in reply.blocks if isinstance(b, Attachment)).data
    cells = [row[0] for row in csv.reader(io.StringIO(data.decode()))]
    assert "'" + FORMULA in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


@given(st.text())
def test_no_csv_cell_starts_like_a_formula(text: str) -> None:
    cell = safe_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == text or cell == text
    assert csv_bytes(["a"], [[text]]).decode().count("\n") >= 2


@given(st.integers(min_value=-4, max_value=4) | st.floats(allow_nan=False))
def test_a_computed_number_stays_a_number_even_when_negative(number: float) -> None:
    assert safe_cell(number) == str(number)  # '-1 would be text to a spreadsheet
    assert safe_cell(str(number)) in (str(number), "'" + str(number))  # text stays guarded


async def test_the_view_log_outlives_a_forgotten_manager(any_services: Services) -> None:
    await setup_teams(any_services)
    await mias_summary(any_services)
    await as_(any_services, "mia", "mydata forget confirm")
    seen = await as_(any_services, "ann", "mydata")
    assert "a former manager viewed the summary of ml-platform" in seen


async def test_only_admins_invite_people_who_never_used_the_bot(any_services: Services) -> None:
    await setup_teams(any_services)
    refused = await as_(any_services, "mia", "team add ml-platform @zed")
    assert "hasn't used mentorbot" in refused and "admin" in refused
    async with any_services.db.transaction() as session:
        users = {m.user_id for m in (await session.exec(select(Member))).all()}
    assert "zed" not in users
    invited = await as_(any_services, "root", "team add ml-platform @zed", admin=True)
    assert "Invited" in invited and "zed" in invited
    assert "You are invited" in await as_(any_services, "zed", "team privacy")


async def test_a_member_may_leave_a_team_unless_turned_off(services: Services) -> None:
    await setup_teams(services)
    strict = replace(
        services, settings=services.settings.model_copy(update={"allow_team_leave": False})
    )
    assert "turned off" in await as_(strict, "bob", "team leave ml-platform")
    assert "You left ml-platform" in await as_(services, "ann", "team leave ml-platform")
    assert "ml-platform" not in await as_(services, "ann", "team")
    assert "not a member" in await as_(services, "ann", "team leave ml-platform")


@pytest.mark.parametrize(
    "text",
    [
        "checkin slow ²",
        "checkin slow ٣ busy",
        "assess python ٣",
        "assess python ²",
        "nudges when mon ٩:٠٠",
        "nudges pause ٢w",
        "nudges pause until 9999-12-31",
        "plan \ud800",
        "checkin slow 3 broken \udfff note",
    ],
)
async def test_odd_input_gets_a_clear_error(services: Services, text: str) -> None:
    await as_(services, "ann", "start stage=mid path=mlops-engineer")
    with pytest.raises(UserError) as raised:
        await run(services, console_actor("ann"), text)
    assert not isinstance(raised.value, Unexpected), raised.value
    assert raised.value.hint, raised.value  # says what to type instead


def test_an_out_of_range_now_is_refused(tmp_path: Path) -> None:
    result = mentorbot("console", "--now", "9999-12-31", stdin="plan\n", cwd=tmp_path)
    assert result.returncode == 2
    assert "out of range" in result.stderr and "Traceback" not in result.stderr


async def test_private_notes_never_reach_the_logs(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # LOG_LEVEL=DEBUG: the SQLite driver logs statements
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # and SQL logging turned on
    await as_(services, "ann", "start")
    await as_(services, "ann", "checkin blocked 2 secret-note-about-my-manager")
    assert "INSERT INTO checkin" in caplog.text  # statements are logged…
    assert "secret-note-about-my-manager" not in caplog.text  # …their values never


def _pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    return root


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("latin1.yaml", lambda p: p.write_bytes(b"skills:\n- id: caf\xe9\n"), "not UTF-8"),
        ("folder.yaml", lambda p: p.mkdir(), "not a file"),
        ("deep.yaml", lambda p: p.write_text("x: " + "[" * 5000 + "]" * 5000), "nested too"),
        ("deep2.yaml", lambda p: p.write_text("x: " + "[" * 30 + "]" * 30), "nested too"),
        ("big.yaml", lambda p: p.write_text("# " + "x" * (3 * 1024 * 1024)), "bytes"),
        (
            "bomb.yaml",
            lambda p: p.write_text(
                "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                + "".join(
                    f"{c}: &{c} [*{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}, *{b}]\n"
                    for b, c in zip("abcdefg", "bcdefgh", strict=True)
                )
            ),
            "too many values",
        ),
    ],
)
def test_pack_file_problems_are_reported(
    tmp_path: Path, name: str, make: object, reason: str
) -> None:
    root = _pack(tmp_path)
    make(root / name)  # type: ignore[operator]
    with pytest.raises(PackError) as info:
        load_catalog([root])
    assert any(reason in str(p) for p in info.value.problems), info.value.problems


def test_a_bad_content_dir_at_startup_exits_2_with_the_list(tmp_path: Path) -> None:
    root = _pack(tmp_path)
    (root / "bad.yaml").write_bytes(b"\xff\xfe")
    (root / "dir.yaml").mkdir()
    result = mentorbot("console", stdin="help\n", cwd=tmp_path, env={"CONTENT_DIRS": str(root)})
    assert result.returncode == 2
    assert "not UTF-8" in result.stderr and "not a file" in result.stderr
    assert "Traceback" not in result.stderr


async def test_forget_deletes_the_members_files_in_the_terminal(
    services: Services, tmp_path: Path
) -> None:
    out = io.StringIO()
    ann = ConsoleOutput(out, rich=False, out_dir=tmp_path, owner="ann")
    bob = ConsoleOutput(out, rich=False, out_dir=tmp_path, owner="bob")
    for who, output in (("ann", ann), ("bob", bob)):
        await run_lines(
            ["start", "mydata export"], actor=console_actor(who), services=services, output=output
        )
    assert (tmp_path / "ann" / "mentorbot-ann.json").is_file()
    await run_lines(
        ["mydata forget confirm"], actor=console_actor("ann"), services=services, output=ann
    )
    assert not (tmp_path / "ann").exists()
    assert (tmp_path / "bob" / "mentorbot-bob.json").is_file()
    assert "were deleted too" in out.getvalue()


def _downgrade(connection: object, revision: str) -> None:
    from alembic import command

    from storage.migrate import alembic_config

    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_migration_0007_goes_down_and_up_again(any_services: Services) -> None:
    from sqlalchemy import inspect

    from storage.migrate import current_revision, head_revision, upgrade

    engine = any_services.db.engine

    async def table_names(engine: AsyncEngine) -> list[str]:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda c: inspect(c).get_table_names())

    async with engine.begin() as conn:
        await conn.run_sync(_downgrade, "0006")
    assert "slackrequest" not in await table_names(engine)
    await upgrade(engine)
    assert await current_revision(engine) == head_revision()
    assert "slackrequest" in await table_names(engine)


async def test_forget_removes_the_installer_from_slacks_installation_rows(
    any_services: Services,
) -> None:
    from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
    from sqlalchemy import text

    from tests.support.slack import installation

    store = AsyncSQLAlchemyInstallationStore(client_id="111.222", engine=any_services.db.engine)
    await store.async_save(installation("T1", "xoxb-T1-fake"))  # installed by U1
    await store.async_save(installation("T2", "xoxb-T2-fake"))  # the same id, another team
    ann = Actor("slack", "T1", "U1", "ann")
    await run(any_services, ann, "start stage=mid")
    await run(any_services, ann, "mydata forget confirm")
    async with any_services.db.engine.connect() as conn:
        rows = (await conn.execute(text("SELECT team_id, user_id FROM slack_installations"))).all()
    assert sorted(tuple(r) for r in rows) == [("T1", "former-member"), ("T2", "U1")]
    bot = await store.async_find_bot(enterprise_id=None, team_id="T1")
    assert bot is not None and bot.bot_token == "xoxb-T1-fake"  # the workspace keeps working


async def test_a_signature_is_refused_within_the_window_and_pruned_after(
    any_services: Services, clock: MovableClock
) -> None:
    """The replay check: one insert decides; old signatures go, at most once a minute."""
    from datetime import timedelta

    from bot.runtime.replay import ReplayGuard
    from storage.tables import SlackRequest

    guard = ReplayGuard(any_services)
    assert await guard.first_sight(signature="v0=a")
    assert not await guard.first_sight(signature="v0=a")  # a replay, by any worker
    assert not await ReplayGuard(any_services).first_sight(signature="v0=a")
    clock.at += timedelta(minutes=6)
    assert await guard.first_sight(signature="v0=b")  # prunes: a minute has passed
    async with any_services.db.transaction() as session:
        kept = (await session.exec(select(SlackRequest.signature))).all()
    assert sorted(kept) == ["v0=b"]
    clock.at += timedelta(seconds=30)
    await guard.first_sight(signature="v0=c")  # no prune within the minute
    clock.at += timedelta(minutes=6)
    async with any_services.db.transaction() as session:
        assert len((await session.exec(select(SlackRequest.signature))).all()) == 2
    await guard.first_sight(signature="v0=d")
    async with any_services.db.transaction() as session:
        assert (await session.exec(select(SlackRequest.signature))).all() == ["v0=d"]
