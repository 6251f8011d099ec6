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


def _in(module: str, context_module: str) -> bool:
    """A module is the context's own, or one of its package's (domain/supplies/stock.py is of `supplies`)."""
    return module == context_module or module.startswith(context_module + ".")


def test_every_command_belongs_to_a_listed_context() -> None:
    outside = sorted({m for m in (cmd.__module__ for cmd in COMMANDS.values())
                      if not any(_in(m, c) for c in modules("domain"))})
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
    return {cls.__name__ for cls in COMMANDS.values() if _in(cls.__module__, module.__name__)}


def test_every_context_is_driven_by_the_property_test() -> None:
    """Each context has at least one of its commands in some stories module of the property test (a context whose
    stories are told within a sibling's module counts)."""
    text = "\n".join(pathlib.Path(inspect.getfile(importlib.import_module(m))).read_text() for m in story_modules())
    text += (pathlib.Path(__file__).parent / "projections" / "test_property.py").read_text()
    used = set(re.findall(r"\b([A-Z][A-Za-z]+)\(", text))
    silent = [ctx for ctx in CONTEXTS if not (_command_classes(ctx) & used)]
    assert not silent, f"contexts whose commands the property test never runs: {silent}"


def _aggregates() -> dict[str, set[str]]:
    """Context -> the class names of the records its domain modules define."""
    import sys

    from eventsourcing.domain import Aggregate

    from tui.plugins import record_context

    out: dict[str, set[str]] = {}
    for name, m in list(sys.modules.items()):
        if name.startswith("domain."):
            for c in vars(m).values():
                if inspect.isclass(c) and issubclass(c, Aggregate) and c.__module__ == name:
                    out.setdefault(record_context(c), set()).add(c.__name__)
    return out


def test_card_offers_name_records_of_their_own_context_or_qualify_them() -> None:
    """A plain kind in ACTIONS/NOTES is one of the context's own records (a Commission session and a training
    session share a class name: each context's card actions must reach only its own); another context's
    record is named "<context>.<Class>"."""
    from tui.plugins import modules

    own = _aggregates()
    for ctx, m in zip(CONTEXTS, modules(), strict=True):
        for export in ("ACTIONS", "NOTES"):
            for kind in getattr(m, export, {}):
                home, _, cls = kind.rpartition(".")
                assert cls in own.get(home or ctx, set()), (ctx, export, kind)


def test_a_card_offers_only_its_own_contexts_actions_when_class_names_collide() -> None:
    from domain import sessions, training
    from tui.contexts import sessions as session_ui
    from tui.contexts import training as training_ui
    from tui.plugins import offers

    assert offers("ACTIONS", sessions.Session) == (session_ui.ACTIONS["Session"],)
    assert offers("ACTIONS", training.Session) == (training_ui.ACTIONS["Session"],)
