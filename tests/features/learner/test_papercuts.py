"""The learner papercuts: unquoted multi-word names, `plan show`, help of groups, plan
completion across a new target, the top stage, fixed-offset zones, mydata in words."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commands.parser import parse
from bot.commands.services import Services
from bot.core.command import Actor
from bot.core.errors import UserError
from bot.domain.fields import parse_timezone
from bot.features.catalog import build_registry
from content.schema import Catalog
from tests.support.teams import as_

REGISTRY = build_registry()
ACTOR = Actor(platform="console", workspace_id="local", user_id="alice")


def args(text: str, catalog: Catalog) -> tuple[tuple[str, ...], dict[str, str]]:
    command = parse(text, actor=ACTOR, registry=REGISTRY, catalog=catalog)
    return command.path, dict(command.args)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("start path=ML Engineer", {"path": "ML Engineer"}),
        ("start path=ML Engineer stage=mid", {"path": "ML Engineer", "stage": "mid"}),
        ("assess machine learning 2", {"skill": "machine learning", "level": "2"}),
        ("assess python 3", {"skill": "python", "level": "3"}),
        ("plan target lead and principal", {"stage": "lead and principal"}),
    ],
)
def test_names_with_spaces_work_unquoted(catalog: Catalog, text: str, expected: dict) -> None:
    assert args(text, catalog)[1] == expected


def test_an_ambiguous_run_of_words_is_left_to_say_so(catalog: Catalog) -> None:
    # "ML" alone could be two paths; it is not glued to the next argument's word.
    assert args("start path=ML stage=mid", catalog)[1] == {"path": "ML", "stage": "mid"}


@given(st.lists(st.sampled_from(["machine", "learning", "deep", "2", "ml", "x"]), max_size=6))
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_multi_word_names_never_crash_the_parser(catalog: Catalog, words: list[str]) -> None:
    try:
        path, got = args("assess " + " ".join(words), catalog)
    except UserError:
        return
    assert path == ("assess",)
    assert " ".join(got.values()).split() == words  # every word goes somewhere, in order


@pytest.mark.parametrize("text", ["plan show", "/mentor plan show", "nudges show"])
def test_discords_show_form_works_in_text(catalog: Catalog, text: str) -> None:
    path, got = args(text, catalog)
    assert len(path) == 1 and got == {}


async def test_help_of_a_group_lists_its_subcommands_with_examples(services: Services) -> None:
    for group in ("team", "nudges", "plan"):
        out = await as_(services, "ann", f"help {group}")
        subs = REGISTRY.children((group,))
        assert subs and f"**`{group}` also has these subcommands**" in out
        for word in subs:
            assert f"`{group} {word}" in out or f"{group} {word}" in out
        assert out.count("For example:") == len(subs)


async def test_plan_completion_survives_a_new_target_and_a_refresh(services: Services) -> None:
    await as_(services, "ann", "start stage=junior path=ml-engineer")
    await as_(services, "ann", "plan")
    await as_(services, "ann", "assess python 3")
    before = _completion(await as_(services, "ann", "plan"))
    assert before[0] > 0
    assert _completion(await as_(services, "ann", "plan refresh"))[0] == before[0]
    assert _completion(await as_(services, "ann", "plan target senior"))[0] == before[0]


def _completion(text: str) -> tuple[int, int]:
    line = next(x for x in text.splitlines() if "Plan completion" in x)
    done, total = line.rsplit(" ", 1)[-1].split("/")
    return int(done), int(total)


async def test_the_top_stage_is_not_aiming_at_a_next_one(services: Services) -> None:
    await as_(services, "ann", "start stage=mid")
    assert "Aiming at: the next stage, Senior" in await as_(services, "ann", "profile")
    out = await as_(services, "ann", "profile set stage principal")
    assert "the next stage" not in out and "it is the top one" in out


@pytest.mark.parametrize(
    ("zone", "suggestion"),
    [("EST", "America/New_York"), ("pst", "America/Los_Angeles"), ("CET", "Europe/Berlin")],
)
def test_fixed_offsets_are_refused_with_a_place_to_use(zone: str, suggestion: str) -> None:
    with pytest.raises(UserError) as info:
        parse_timezone(zone)
    assert "no daylight saving" in info.value.problem and suggestion in (info.value.hint or "")


@pytest.mark.parametrize("zone", ["UTC+2", "GMT-5", "Etc/GMT+5"])
def test_numeric_offsets_are_refused(zone: str) -> None:
    with pytest.raises(UserError):
        parse_timezone(zone)


def test_real_zones_and_utc_still_work() -> None:
    assert parse_timezone("europe/berlin") == "Europe/Berlin"
    assert parse_timezone("UTC") == parse_timezone("gmt") == "UTC"


async def test_mydata_names_what_is_stored_in_words(services: Services) -> None:
    await as_(services, "ann", "start")
    out = await as_(services, "ann", "mydata")
    for table in ("planitem", "challengeassignment", "tipdelivery", "skillrating", "outbox"):
        assert f"{table}:" not in out
    assert "Skill ratings you gave" in out and "Reading tips you were sent" in out


async def test_odd_text_reads_right(services: Services) -> None:
    await as_(services, "root", "team create ml-platform", admin=True)
    out = await as_(services, "root", "team managers ml-platform add @mia", admin=True)
    assert "mia now manages" in out
    both = await as_(services, "root", "team managers ml-platform add @mia @otto", admin=True)
    assert "mia, otto now manage" in both
    await as_(services, "bob", "start")
    gone = await as_(services, "bob", "mydata forget confirm")
    assert "records)" in gone or "1 record)" in gone
    assert "(1 records)" not in gone
    privacy = await as_(services, "ann", "team privacy")
    assert "What your managers can see" in privacy and "their managers" not in privacy
