"""`explore` and `help` through the real dispatcher."""

from __future__ import annotations

import pytest

from bot.commands.dispatch import error_reply
from bot.core.errors import Unexpected, UserError
from bot.core.reply import Actions, Select, Table
from content import Catalog
from tests.support.services import Chat


async def test_overview_offers_every_topic(chat: Chat) -> None:
    reply = await chat("explore")
    assert reply.kind == "info"
    buttons = next(b for b in reply.blocks if isinstance(b, Actions)).buttons
    assert [b.command for b in buttons] == [
        "explore stages",
        "explore skills",
        "explore paths",
        "explore industries",
        "explore growth",
    ]
    assert "roadmap.sh/ai-engineer" in reply.plain_text()


async def test_stages_list_in_ladder_order_with_years(chat: Chat, catalog: Catalog) -> None:
    text = (await chat("explore stages")).plain_text()
    names = [s.name for s in catalog.ordered_stages()]
    assert [text.index(n) for n in names] == sorted(text.index(n) for n in names)
    for years in ("0-5 years", "5-8 years", "8-12 years", "12+ years"):
        assert years in text


async def test_principal_stage_names_executive_roles(chat: Chat) -> None:
    text = (await chat("explore stages principal")).plain_text()
    for role in ("Head of AI", "Director of Machine Learning", "Chief AI Officer"):
        assert role in text


async def test_skill_shows_rubric_prereqs_challenges_and_tips(chat: Chat, catalog: Catalog) -> None:
    reply = await chat("explore skills nlp")
    text = reply.plain_text()
    skill = catalog.skills["nlp-llms"]
    assert reply.title == skill.name
    for level in (1, 2, 3, 4):
        assert skill.rubric[level] in text
    assert catalog.skills["deep-learning"].name in text  # its prerequisite
    assert f"{len(catalog.challenges_for('nlp-llms'))} (" in text
    for tip in catalog.tips_for("nlp-llms"):
        assert tip.title in text


async def test_path_shows_targets_for_every_stage(chat: Chat, catalog: Catalog) -> None:
    reply = await chat("explore paths mlops engineer")
    table = next(b for b in reply.blocks if isinstance(b, Table))
    assert table.headers == ("Skill", "junior", "mid", "senior", "principal")
    assert len(table.rows) == len(catalog.skills)
    spec = catalog.specializations["mlops-engineer"]
    row = next(r for r in table.rows if r[0] == catalog.skills["mlops"].name)
    assert row[1:] == tuple(
        str(spec.targets[s]["mlops"]) for s in ("junior", "mid", "senior", "principal")
    )


@pytest.mark.parametrize(
    ("text", "title_of"),
    [
        ("explore ML Engineer", "ml-engineer"),
        ("explore ml-engineer", "ml-engineer"),
        ("explore paths Machine learning engineer", "ml-engineer"),
        ("EXPLORE PATHS research", "research-engineer"),
        ("explore k8s", "containers"),
        ("explore mlops", "mlops"),
    ],
)
async def test_forgiving_names(chat: Chat, catalog: Catalog, text: str, title_of: str) -> None:
    reply = await chat(text)
    entry = catalog.specializations.get(title_of) or catalog.skills[title_of]
    assert reply.title == entry.name, reply.plain_text()


async def test_industries_and_growth(chat: Chat, catalog: Catalog) -> None:
    text = (await chat("explore industries")).plain_text()
    for industry in catalog.industries.values():
        assert industry.name in text
    growth = await chat("explore growth")
    steps = sorted(catalog.growth.values(), key=lambda g: g.step)
    assert all(g.title in growth.plain_text() for g in steps)
    assert all(p.name in growth.plain_text() for p in catalog.pay_factors.values())


async def test_lists_offer_a_select_to_open_an_entry(chat: Chat) -> None:
    reply = await chat("explore paths")
    select = next(b for b in reply.blocks if isinstance(b, Select))
    assert select.command == "explore paths"
    assert "mlops-engineer" in [o.value for o in select.options]


@pytest.mark.parametrize(
    ("text", "says", "hint"),
    [
        ("explore qauntum", "I don't know", "explore"),
        ("explore skills pyhton", "Did you mean `python`", "explore skills"),
        ("explore paths d", "could be more than one", "Type more"),
        ("explore stagse", "Did you mean `stages`", "explore"),
        ("explore growth fast", "takes no name", "explore growth"),
        ("help nothing", "I don't know the command", "help"),
        ("frobnicate", "I don't know the command `frobnicate`", "help"),
    ],
)
async def test_bad_input_says_what_to_type(chat: Chat, text: str, says: str, hint: str) -> None:
    with pytest.raises(UserError) as raised:
        await chat(text)
    reply = error_reply(raised.value)
    assert reply.title == "That didn't work"
    assert says in reply.plain_text()
    assert hint in reply.plain_text()
    assert "Traceback" not in reply.plain_text()


async def test_help_lists_every_registered_command(chat: Chat) -> None:
    from bot.features.catalog import build_registry

    text = (await chat("help")).plain_text()
    for spec in build_registry().all():
        assert spec.usage in text


async def test_help_for_one_command_shows_usage_and_examples(chat: Chat) -> None:
    text = (await chat("help expl")).plain_text()
    assert "explore [topic] [name…]" in text
    assert "explore paths mlops-engineer" in text
    assert "stages" in text and "industries" in text


async def test_an_unexpected_error_shows_a_reference_not_a_traceback(
    chat: Chat, services, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.commands.registry import CommandSpec

    async def broken(request):  # a handler with a bug
        raise RuntimeError("boom")

    services.registry.add(CommandSpec(path=("broken",), summary="x", handler=broken))
    with pytest.raises(Unexpected) as raised:
        await chat("broken")
    assert isinstance(raised.value.__cause__, RuntimeError)  # chained for the log, not shown
    reply = error_reply(raised.value)
    assert reply.title == "Something went wrong"
    assert "ref `" in reply.plain_text()
    assert "boom" not in reply.plain_text() and "Traceback" not in reply.plain_text()
    assert any("ref" in r.getMessage() and r.exc_info for r in caplog.records)
