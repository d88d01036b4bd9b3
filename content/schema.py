"""The pydantic schema of a content pack: one model per kind of entry, plus the Catalog."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, AnyHttpUrl, BaseModel, ConfigDict, Field, TypeAdapter

LEVELS = (1, 2, 3, 4)


def _check_id(value: str) -> str:
    import re

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", value):
        raise ValueError(
            f"'{value}' is not a valid id: use lowercase letters, digits and single dashes"
        )
    return value


Id = Annotated[str, AfterValidator(_check_id)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Level = Annotated[int, Field(ge=1, le=4)]


_HTTP_URL: TypeAdapter[AnyHttpUrl] = TypeAdapter(AnyHttpUrl)


def _check_url(value: str) -> str:
    url = _HTTP_URL.validate_python(value)
    if not url.host or "." not in url.host:
        raise ValueError(f"'{value}' is not a URL with a real host name")
    return value


Url = Annotated[str, AfterValidator(_check_url)]


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PackInfo(_Entry):
    """Who the pack is and what its four rubric levels are called."""

    id: Id
    name: Text
    description: Text
    levels: dict[Level, Text]


class Role(_Entry):
    """What the role this pack describes does, day to day."""

    name: Text
    summary: Text
    responsibilities: list[Text]
    examples: list[Text]
    contrast: Text
    outlook: Text | None = None


class Area(_Entry):
    """A group of skills: foundations, core AI, production."""

    id: Id
    name: Text
    summary: Text


class Years(_Entry):
    """A range of years of experience; `max` None means open-ended."""

    min: Annotated[int, Field(ge=0, le=60)]
    max: Annotated[int, Field(ge=0, le=60)] | None = None

    def label(self) -> str:
        """Render as '0-5 years' or '12+ years'."""
        return f"{self.min}+ years" if self.max is None else f"{self.min}-{self.max} years"


class Stage(_Entry):
    """One rung of the career ladder."""

    id: Id
    name: Text
    rank: Annotated[int, Field(ge=1, le=50)]
    years: Years
    focus: Text
    responsibilities: list[Text] = Field(min_length=1)
    advice: Text
    moves_on_to: list[Text] = []
    aliases: list[Text] = []


class Skill(_Entry):
    """A skill with its topics, prerequisites and a four-level rubric."""

    id: Id
    name: Text
    area: Id
    summary: Text
    why: Text
    topics: list[Text] = Field(min_length=1)
    prerequisites: list[Id] = []
    # A prerequisite listed here is needed only from that level of this skill on, so a
    # first level can start before it (LLM application work needs basic ML to practise,
    # not to begin).
    prerequisites_from_level: dict[Id, Level] = {}
    aliases: list[Text] = []
    roadmap: Url | None = None
    rubric: dict[Level, Text]

    def prerequisites_at(self, level: int) -> list[str]:
        """The prerequisites that hold for this skill's step to `level`."""
        return [p for p in self.prerequisites if self.prerequisites_from_level.get(p, 1) <= level]


class Specialization(_Entry):
    """A career path and the level it expects in every skill at every stage."""

    id: Id
    name: Text
    summary: Text
    focus: list[Text] = Field(min_length=1)
    note: Text | None = None
    aliases: list[Text] = []
    # The skills this path is about, in order: a plan puts their steps first, then the
    # skills they build on, then the rest.
    core: list[Id] = []
    targets: dict[Id, dict[Id, Level]]


class Challenge(_Entry):
    """A concrete task for one week that shows a skill at one level."""

    id: Id
    skill: Id
    level: Level
    title: Text
    task: Text
    deliverable: Text
    hours: Annotated[float, Field(gt=0, le=40)]


class TipKind(StrEnum):
    """What sort of resource a reading tip points at."""

    DOCS = "docs"
    BOOK = "book"
    PAPER = "paper"
    COURSE = "course"
    ARTICLE = "article"
    VIDEO = "video"
    TUTORIAL = "tutorial"


class Tip(_Entry):
    """A reading tip: a real, stable resource for one skill."""

    id: Id
    skill: Id
    title: Text
    url: Url
    kind: TipKind
    level: Level
    minutes: Annotated[int, Field(ge=1, le=10000)]


class CheckinPrompt(_Entry):
    """What the bot says when a member checks in with a given status."""

    id: Id
    status: Literal["on-track", "slow", "blocked", "any"]
    text: Text


class Industry(_Entry):
    """A sector that hires AI engineers, what it uses AI for and the skills it leans on."""

    id: Id
    name: Text
    summary: Text
    use_cases: list[Text] = []
    skills: list[Id] = []
    growing: bool = False
    aliases: list[Text] = []


class GrowthStep(_Entry):
    """One step of the career acceleration checklist."""

    id: Id
    step: Annotated[int, Field(ge=1, le=50)]
    title: Text
    detail: Text
    skills: list[Id] = []


class PayFactor(_Entry):
    """Something pay depends on (the pack holds no figures)."""

    id: Id
    name: Text
    detail: Text


# Section name -> entry model, for the sections that are lists of entries with ids.
SECTIONS: dict[str, type[_Entry]] = {
    "areas": Area,
    "stages": Stage,
    "skills": Skill,
    "specializations": Specialization,
    "challenges": Challenge,
    "tips": Tip,
    "checkins": CheckinPrompt,
    "industries": Industry,
    "growth": GrowthStep,
    "pay_factors": PayFactor,
}
SINGLE_SECTIONS: dict[str, type[_Entry]] = {"pack": PackInfo, "role": Role}


class Catalog(BaseModel):
    """Everything the bot knows about careers, validated and indexed by id."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    pack: PackInfo
    role: Role
    areas: dict[str, Area]
    stages: dict[str, Stage]
    skills: dict[str, Skill]
    specializations: dict[str, Specialization]
    challenges: dict[str, Challenge]
    tips: dict[str, Tip]
    checkins: dict[str, CheckinPrompt]
    industries: dict[str, Industry]
    growth: dict[str, GrowthStep]
    pay_factors: dict[str, PayFactor]

    def ordered_stages(self) -> list[Stage]:
        """Stages from first to last."""
        return sorted(self.stages.values(), key=lambda s: s.rank)

    def next_stage(self, stage_id: str) -> Stage | None:
        """The stage after `stage_id`, or None at the top of the ladder."""
        ladder = self.ordered_stages()
        ids = [s.id for s in ladder]
        i = ids.index(stage_id)
        return ladder[i + 1] if i + 1 < len(ladder) else None

    def challenges_for(self, skill_id: str, level: int | None = None) -> list[Challenge]:
        """The challenges of one skill, optionally of one level, in id order."""
        return sorted(
            (
                c
                for c in self.challenges.values()
                if c.skill == skill_id and (level is None or c.level == level)
            ),
            key=lambda c: (c.level, c.id),
        )

    def tips_for(self, skill_id: str) -> list[Tip]:
        """The reading tips of one skill, easiest first."""
        return sorted(
            (t for t in self.tips.values() if t.skill == skill_id),
            key=lambda t: (t.level, t.id),
        )

    def level_name(self, level: int) -> str:
        """The pack's name for a rubric level, or 'not rated' for 0."""
        return self.pack.levels.get(level, "not rated")

    def counts(self) -> dict[str, int]:
        """How many entries of each section the catalog holds."""
        return {name: len(getattr(self, name)) for name in SECTIONS}
