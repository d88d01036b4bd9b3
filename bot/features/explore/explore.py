"""`explore [stages|skills|paths|industries|growth] [name]`: browse the career catalog."""

from __future__ import annotations

import difflib

from bot.commands.binding import (
    industry_candidates,
    path_candidates,
    resolve_industry,
    resolve_path,
    resolve_skill,
    resolve_stage,
    skill_candidates,
    stage_candidates,
)
from bot.commands.declare import (
    GETTING_AROUND,
    plain_spec,
)
from bot.commands.matching import Candidate, normalize, resolve
from bot.commands.registry import Arg, ArgKind, Choice
from bot.commands.request import Request
from bot.core.errors import NotFound, UserError
from bot.core.reply import Actions, Block, Button, Context, Items, Reply, Text
from bot.features.explore import views
from content.schema import Catalog

TOPICS = (
    Choice("stages", "Stages", ("stage", "levels", "ladder", "career")),
    Choice("skills", "Skills", ("skill",)),
    Choice("paths", "Paths", ("path", "specializations", "specialisations", "tracks", "roles")),
    Choice("industries", "Industries", ("industry", "sectors")),
    Choice("growth", "Growth", ("accelerate", "grow", "steps", "pay")),
)
ROADMAP = "https://roadmap.sh/ai-engineer"


async def explore_command(request: Request) -> Reply:
    """Show the overview, a topic's list, or one entry in full."""
    catalog = request.services.catalog
    topic: str | None = request.args.get("topic")
    name: str | None = request.args.get("name")
    if topic is None:
        if name is None:
            return overview(catalog)
        topic, entry_id = find_anywhere(name, catalog)
        return show(topic, entry_id, catalog)
    if name is None:
        return listing(topic, catalog)
    resolver = {
        "stages": resolve_stage,
        "skills": resolve_skill,
        "paths": resolve_path,
        "industries": resolve_industry,
    }.get(topic)
    if resolver is None:
        raise UserError(
            "`explore growth` shows the whole checklist and takes no name.",
            hint="Type `explore growth`.",
        )
    return show(topic, resolver(name, catalog), catalog)


def overview(catalog: Catalog) -> Reply:
    """The role in brief and the topics to explore."""
    role = catalog.role
    blocks: list[Block] = [
        Text(role.summary),
        Text("**Day to day**"),
        Items(tuple(role.responsibilities)),
        Text("**You will find it in**"),
        Items(tuple(role.examples)),
        Text(role.contrast),
        Actions(
            tuple(Button(t.label, f"explore {t.value}") for t in TOPICS),
        ),
        Context(
            f"Type `explore <topic>` or `explore <name>`. "
            f"A community roadmap to go with it: [roadmap.sh]({ROADMAP})"
        ),
    ]
    return Reply(title=f"Explore: the {role.name} career", blocks=tuple(blocks))


def listing(topic: str, catalog: Catalog) -> Reply:
    """The list view of one topic."""
    return {
        "stages": views.stages_list,
        "skills": views.skills_list,
        "paths": views.paths_list,
        "industries": views.industries_list,
        "growth": views.growth,
    }[topic](catalog)


def show(topic: str, entry_id: str, catalog: Catalog) -> Reply:
    """The detail view of one entry."""
    return {
        "stages": views.stage_detail,
        "skills": views.skill_detail,
        "paths": views.path_detail,
        "industries": views.industry_detail,
    }[topic](catalog, entry_id)


def find_anywhere(name: str, catalog: Catalog) -> tuple[str, str]:
    """Find `name` among stages, skills, paths and industries at once."""
    candidates: list[Candidate[tuple[str, str]]] = []
    for topic, group in (
        ("skills", skill_candidates(catalog)),
        ("paths", path_candidates(catalog)),
        ("stages", stage_candidates(catalog)),
        ("industries", industry_candidates(catalog)),
    ):
        candidates.extend(Candidate((topic, c.key), c.label, c.names) for c in group)
    try:
        return resolve(name, candidates, kind="topic, skill, path or stage", list_command="explore")
    except NotFound as exc:
        raise NotFound(
            "topic, skill, path or stage",
            name,
            suggestions=_topic_hint(name, exc),
            list_command="explore",
        ) from None


def _topic_hint(name: str, exc: NotFound) -> list[str]:
    topics = [t.value for t in TOPICS]
    close = difflib.get_close_matches(normalize(name), topics, n=1, cutoff=0.6)
    return list(dict.fromkeys([*close, *exc.suggestions]))[:3]


# The commands this module answers, as help lists them.
SPECS = (
    plain_spec(
        ("explore",),
        "Browse the career: stages, skills, paths, industries, growth.",
        explore_command,
        args=(
            Arg("topic", ArgKind.CHOICE, "what to browse", choices=TOPICS),
            Arg("name", ArgKind.TEXT, "a stage, skill, path or industry", rest=True),
        ),
        details="With no topic, an overview of the role. With a topic, its list. "
        "With a name, that entry in full: a skill shows its rubric, prerequisites, "
        "challenges and reading tips; a path shows its target levels at every stage.",
        examples=(
            "explore",
            "explore paths",
            "explore paths mlops-engineer",
            "explore skills nlp",
            "explore ML Engineer",
            "explore growth",
        ),
        aliases=("browse", "learn"),
        group=GETTING_AROUND,
    ),
)
