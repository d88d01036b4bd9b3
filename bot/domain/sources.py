"""The content catalog as numbered sources for the mentor: one per pack entry, typed ids."""

from __future__ import annotations

from bot.core.mentor import Source, SourceKind
from content.schema import Catalog


def pack_sources(catalog: Catalog) -> list[Source]:
    """Every skill, rubric level, challenge, tip, stage, path, growth step and industry."""
    found: list[Source] = []
    for skill in catalog.skills.values():
        topics = "; ".join(skill.topics)
        found.append(
            Source(
                id=f"skill:{skill.id}",
                kind=SourceKind.SKILL,
                title=skill.name,
                text=f"{skill.summary} {skill.why} Topics: {topics}.",
                url=skill.roadmap,
            )
        )
        for level, rubric in sorted(skill.rubric.items()):
            found.append(
                Source(
                    id=f"level:{skill.id}:{level}",
                    kind=SourceKind.LEVEL,
                    title=f"{skill.name}, level {level} ({catalog.level_name(level)})",
                    text=rubric,
                )
            )
    for c in catalog.challenges.values():
        found.append(
            Source(
                id=f"challenge:{c.id}",
                kind=SourceKind.CHALLENGE,
                title=c.title,
                text=f"{c.task} Deliverable: {c.deliverable}",
            )
        )
    for t in catalog.tips.values():
        found.append(
            Source(id=f"tip:{t.id}", kind=SourceKind.TIP, title=t.title, text=t.title, url=t.url)
        )
    found += _ladder_sources(catalog)
    return found


def _ladder_sources(catalog: Catalog) -> list[Source]:
    found: list[Source] = []
    for stage in catalog.ordered_stages():
        duties = "; ".join(stage.responsibilities)
        found.append(
            Source(
                id=f"stage:{stage.id}",
                kind=SourceKind.STAGE,
                title=f"{stage.name} ({stage.years.label()})",
                text=f"{stage.focus} Responsibilities: {duties}. {stage.advice}",
            )
        )
    for path in catalog.specializations.values():
        focus = "; ".join(path.focus)
        note = f" {path.note}" if path.note else ""
        found.append(
            Source(
                id=f"path:{path.id}",
                kind=SourceKind.PATH,
                title=path.name,
                text=f"{path.summary} Focus: {focus}.{note}",
            )
        )
    for step in sorted(catalog.growth.values(), key=lambda g: g.step):
        found.append(
            Source(
                id=f"growth:{step.id}",
                kind=SourceKind.GROWTH,
                title=step.title,
                text=step.detail,
            )
        )
    for industry in catalog.industries.values():
        uses = "; ".join(industry.use_cases)
        found.append(
            Source(
                id=f"industry:{industry.id}",
                kind=SourceKind.INDUSTRY,
                title=industry.name,
                text=f"{industry.summary} Uses AI for: {uses}." if uses else industry.summary,
            )
        )
    return found


def aliases(catalog: Catalog) -> dict[str, str]:
    """Lower-case names and aliases of skills, stages and paths -> the source id they name."""
    names: dict[str, str] = {}
    for skill in catalog.skills.values():
        for name in (skill.id, skill.name, *skill.aliases):
            names.setdefault(name.lower(), f"skill:{skill.id}")
    for stage in catalog.stages.values():
        for name in (stage.id, stage.name, *stage.aliases):
            names.setdefault(name.lower(), f"stage:{stage.id}")
    for path in catalog.specializations.values():
        for name in (path.id, path.name, *path.aliases):
            names.setdefault(name.lower(), f"path:{path.id}")
    return names


def pack_urls(catalog: Catalog) -> set[str]:
    """Every link the pack holds: the only links an answer may show."""
    urls = {t.url for t in catalog.tips.values()}
    return urls | {s.roadmap for s in catalog.skills.values() if s.roadmap}
