"""Every registered handler takes what the dispatcher gives it for its `needs`."""

from __future__ import annotations

import inspect

import pytest

from bot.commands.registry import CommandSpec, Needs
from bot.features.catalog import build_registry

# The annotation of the second parameter, by what the command needs loaded.
LEARNER = {Needs.MEMBER: "Learner[Profile | None]", Needs.PROFILE: "Learner[Profile]"}
SPECS = build_registry().all()


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_the_handler_takes_the_learner_its_needs_promise(spec: CommandSpec) -> None:
    params = list(inspect.signature(spec.handler).parameters.values())
    assert params[0].annotation == "Request", spec.name
    if spec.needs is Needs.NOTHING:
        assert len(params) == 1, f"{spec.name} gets no learner"
    else:
        assert len(params) == 2, f"{spec.name} needs a learner"
        assert params[1].annotation == LEARNER[spec.needs], spec.name
