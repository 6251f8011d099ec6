"""Every context named in `domain.contexts` has the same parts as its siblings, found by convention, and nothing
is wired outside that list: a context missing a part, or a part outside the list, fails here."""

from __future__ import annotations

import importlib
import inspect
import pathlib
import re

import pytest

from domain.commands import COMMANDS
from domain.contexts import CONTEXTS, modules
from projections.catalogue import projection_contexts, registers
from tests.contexts import story_modules
from tui.plugins import exported, groups


@pytest.mark.parametrize("layer", ["domain", "projections", "ui"])
def test_every_context_has_its_module_in_every_layer(layer: str) -> None:
    missing = []
    for name in modules(layer):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            missing.append(name)
    assert not missing, f"contexts without their {layer} module: {missing}"


@pytest.mark.parametrize("ctx", CONTEXTS)
def test_every_context_declares_registers_and_a_sidebar_group(ctx: str) -> None:
    module = importlib.import_module(f"projections.{ctx}")
    assert getattr(module, "PROJECTIONS", ()), f"projections.{ctx} declares no projection"
    assert getattr(module, "REGISTERS", ()), f"projections.{ctx} declares no register"
    assert groups()[ctx] != "Other", f"tui.contexts.{ctx} declares no GROUP"


def test_every_command_belongs_to_a_listed_context() -> None:
    outside = sorted({cmd.__module__ for cmd in COMMANDS.values()} - set(modules("domain")))
    assert not outside, f"commands declared outside the contexts of domain.contexts: {outside}"


def test_every_register_belongs_to_a_listed_context_or_the_engine() -> None:
    engine = {"event-log"}
    orphans = [r.name for r in registers().values()
               if r.projection not in projection_contexts() and r.projection not in engine]
    assert not orphans, f"registers of no context: {orphans}"


def test_every_create_key_opens_a_real_command_on_a_real_register() -> None:
    for register, command in exported("CREATE").items():
        assert register in registers(), f"CREATE names an unknown register {register}"
        assert command in COMMANDS, f"CREATE on {register} names an unknown command {command}"


def _command_classes(ctx: str) -> set[str]:
    module = importlib.import_module(f"domain.{ctx}")
    return {cls.__name__ for cls in COMMANDS.values() if cls.__module__ == module.__name__}


def test_every_context_is_driven_by_the_property_test() -> None:
    """Each context has at least one of its commands in some stories module of the property test (a context whose
    stories are told within a sibling's module counts)."""
    text = "\n".join(pathlib.Path(inspect.getfile(importlib.import_module(m))).read_text() for m in story_modules())
    text += (pathlib.Path(__file__).parent / "projections" / "test_property.py").read_text()
    used = set(re.findall(r"\b([A-Z][A-Za-z]+)\(", text))
    silent = [ctx for ctx in CONTEXTS if not (_command_classes(ctx) & used)]
    assert not silent, f"contexts whose commands the property test never runs: {silent}"
