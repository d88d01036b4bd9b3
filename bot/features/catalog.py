"""The one command registry: it gathers every feature's specs, in the order help lists
them. Help, the console, Discord's tree and Slack's manifest read it."""

from __future__ import annotations

from types import ModuleType

from bot.commands.registry import Registry
from bot.features.explore import explore
from bot.features.explore import help as help_
from bot.features.learner import (
    assess,
    challenge,
    checkin,
    home,
    mydata,
    onboarding,
    plan,
    progress,
)
from bot.features.mentor import ask, control, review
from bot.features.nudges import commands as nudges
from bot.features.teams import alerts, monthly, people, teams, view

# Each module ends with its SPECS: its commands, declared beside their handlers.
FEATURES: tuple[ModuleType, ...] = (
    help_,
    home,
    explore,
    onboarding,
    assess,
    plan,
    challenge,
    checkin,
    progress,
    mydata,
    ask,
    review,
    control,
    nudges,
    view,
    monthly,
    teams,
    people,
    alerts,
)


def build_registry() -> Registry:
    """Every command mentorbot knows, with its arguments and help."""
    registry = Registry()
    for feature in FEATURES:
        for spec in feature.SPECS:
            registry.add(spec)
    return registry
