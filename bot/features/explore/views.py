"""The list and detail views of `explore`, one function per view."""

from __future__ import annotations

from bot.core.reply import (
    Actions,
    Block,
    Button,
    Context,
    Divider,
    Fields,
    Items,
    Option,
    Reply,
    Select,
    Table,
    Text,
)
from content.schema import LEVELS, Catalog


def _short(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def stages_list(catalog: Catalog) -> Reply:
    """The ladder, first rung to last."""
    blocks: list[Block] = []
    for stage in catalog.ordered_stages():
        blocks.append(Text(f"**{stage.name}** · {stage.years.label()}\n{stage.focus}"))
    stages = catalog.ordered_stages()
    blocks.append(
        Select(
            "Open a stage",
            "explore stages",
            tuple(Option(s.name, s.id) for s in stages),
        )
    )
    blocks.append(Context("Type `explore stages <stage>` for a stage's responsibilities."))
    return Reply(title="Career stages", blocks=tuple(blocks))


def stage_detail(catalog: Catalog, stage_id: str) -> Reply:
    """One stage: years, focus, responsibilities, advice, what comes next."""
    stage = catalog.stages[stage_id]
    blocks: list[Block] = [
        Fields((("Experience", stage.years.label()), ("Focus", stage.focus))),
        Text("**Responsibilities**"),
        Items(tuple(stage.responsibilities)),
        Text(stage.advice),
    ]
    following = catalog.next_stage(stage_id)
    if stage.moves_on_to:
        blocks.append(Text("**Where people go from here:** " + ", ".join(stage.moves_on_to)))
    elif following is not None:
        blocks.append(Text(f"**Next stage:** {following.name} ({following.years.label()})"))
    if following is not None:
        blocks.append(
            Actions((Button(f"Next: {following.name}", f"explore stages {following.id}"),))
        )
    return Reply(title=stage.name, blocks=tuple(blocks))


def skills_list(catalog: Catalog) -> Reply:
    """Every skill, grouped by area."""
    blocks: list[Block] = []
    for area in catalog.areas.values():
        skills = [s for s in catalog.skills.values() if s.area == area.id]
        if not skills:
            continue
        blocks.append(Text(f"**{area.name}** — {area.summary}"))
        blocks.append(Items(tuple(f"`{s.id}` {s.name}: {_short(s.summary, 110)}" for s in skills)))
    blocks.append(Context("Type `explore skills <skill>` for its rubric, challenges and tips."))
    return Reply(title="Skills", blocks=tuple(blocks))


def skill_detail(catalog: Catalog, skill_id: str) -> Reply:
    """One skill: why it matters, topics, prerequisites, rubric, challenges and tips."""
    skill = catalog.skills[skill_id]
    area = catalog.areas[skill.area]
    prereqs = ", ".join(catalog.skills[p].name for p in skill.prerequisites) or "none"
    per_level = [len(catalog.challenges_for(skill_id, level)) for level in LEVELS]
    blocks: list[Block] = [
        Text(skill.summary),
        Text(skill.why),
        Fields(
            (
                ("Area", area.name),
                ("Builds on", prereqs),
                (
                    "Challenges",
                    f"{sum(per_level)} ("
                    + ", ".join(
                        f"{n} at level {lvl}" for lvl, n in zip(LEVELS, per_level, strict=True)
                    )
                    + ")",
                ),
            )
        ),
        Text("**Topics**"),
        Items(tuple(skill.topics)),
        Text("**Rubric** — what someone at each level can be seen doing"),
        Items(tuple(f"**{lvl} {catalog.level_name(lvl)}**: {skill.rubric[lvl]}" for lvl in LEVELS)),
        Divider(),
        Text("**Reading tips**"),
        Items(
            tuple(
                f"[{t.title}]({t.url}) — {t.kind.value}, level {t.level}, ~{_minutes(t.minutes)}"
                for t in catalog.tips_for(skill_id)
            )
        ),
    ]
    used_by = [i.name for i in catalog.industries.values() if skill_id in i.skills]
    if used_by:
        blocks.append(Context("Industries that lean on it: " + ", ".join(used_by)))
    if skill.roadmap:
        blocks.append(Context(f"Community roadmap: [roadmap.sh]({skill.roadmap})"))
    return Reply(title=skill.name, blocks=tuple(blocks))


def _minutes(minutes: int) -> str:
    if minutes < 90:
        return f"{minutes} min"
    return f"{round(minutes / 60)} h"


def paths_list(catalog: Catalog) -> Reply:
    """Every specialization and what it focuses on."""
    blocks: list[Block] = []
    for spec in catalog.specializations.values():
        blocks.append(Text(f"**{spec.name}** (`{spec.id}`)\n" + "; ".join(spec.focus)))
    blocks.append(
        Select(
            "Open a path",
            "explore paths",
            tuple(Option(s.name, s.id) for s in catalog.specializations.values()),
        )
    )
    blocks.append(Context("Type `explore paths <path>` for its targets at every stage."))
    return Reply(title="Career paths", blocks=tuple(blocks))


def path_detail(catalog: Catalog, path_id: str) -> Reply:
    """One specialization: its focus and its target level per skill per stage."""
    spec = catalog.specializations[path_id]
    stages = catalog.ordered_stages()
    headers = ("Skill", *(s.id for s in stages))
    rows = tuple(
        (skill.name, *(str(spec.targets[s.id][skill.id]) for s in stages))
        for skill in catalog.skills.values()
    )
    blocks: list[Block] = [
        Text(spec.summary),
        Text("**Focus**"),
        Items(tuple(spec.focus)),
    ]
    if spec.note:
        blocks.append(Context(spec.note))
    blocks.append(Text("**Target level per stage** (1 Learning … 4 Leading)"))
    blocks.append(Table(headers, rows))
    return Reply(title=spec.name, blocks=tuple(blocks))


def industries_list(catalog: Catalog) -> Reply:
    """The sectors that hire AI engineers and what they use AI for."""
    blocks: list[Block] = []
    growing = []
    for industry in catalog.industries.values():
        if industry.growing:
            growing.append(industry.name)
            continue
        blocks.append(Text(f"**{industry.name}** — " + ", ".join(industry.use_cases)))
    if growing:
        blocks.append(Context("Hiring is also growing in: " + ", ".join(growing)))
    blocks.append(Context("Type `explore industries <industry>` for the skills it leans on."))
    return Reply(title="Industries", blocks=tuple(blocks))


def industry_detail(catalog: Catalog, industry_id: str) -> Reply:
    """One industry: summary, use cases and the skills it leans on."""
    industry = catalog.industries[industry_id]
    blocks: list[Block] = [Text(industry.summary)]
    if industry.use_cases:
        blocks += [Text("**What AI does there**"), Items(tuple(industry.use_cases))]
    if industry.skills:
        names = tuple(f"{catalog.skills[s].name} (`{s}`)" for s in industry.skills)
        blocks += [Text("**Skills it leans on**"), Items(names)]
    return Reply(title=industry.name, blocks=tuple(blocks))


def growth(catalog: Catalog) -> Reply:
    """The acceleration checklist and what pay depends on."""
    steps = sorted(catalog.growth.values(), key=lambda g: g.step)
    blocks: list[Block] = [
        Text("A structured plan, step by step:"),
        Items(tuple(f"**{g.title}** — {g.detail}" for g in steps), ordered=True),
        Divider(),
        Text("**What pay depends on**"),
        Items(tuple(f"**{p.name}**: {p.detail}" for p in catalog.pay_factors.values())),
        Context("mentorbot holds no salary figures; it points you at the factors instead."),
    ]
    return Reply(title="Grow faster", blocks=tuple(blocks))
