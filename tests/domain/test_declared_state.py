"""Every aggregate declares its state with types at class level, and sets nothing else: checked in the code (every
attribute an event's `apply` or a record's own method assigns on the record) and in a replayed history (the demo,
every record of it loaded from its events)."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import domain
from domain.application import open_store
from domain.demo.base import write_history
from domain.organisation import Unit
from domain.records import Record
from tests.identity import bootstrap_here

for _module in pkgutil.walk_packages(domain.__path__, "domain."):
    importlib.import_module(_module.name)


def _subclasses(cls: type[Record]) -> Iterator[type[Record]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


RECORDS = sorted(set(_subclasses(Record)), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _assigned(cls: type[Record]) -> dict[str, int]:
    """Attributes the class's own code assigns on the record (`r.x = ...` in an event's `apply(self, r: Cls)`,
    `self.x = ...` in the record's methods), with the line of the first assignment."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    found: dict[str, int] = {}

    def targets(fn: ast.FunctionDef, names: set[str]) -> None:
        for node in ast.walk(fn):
            assigned = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, ast.AnnAssign | ast.AugAssign) else []
            for target in assigned:
                for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                    if (isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id in names
                            and not t.attr.startswith("_")):
                        found.setdefault(t.attr, t.lineno)

    cdef = tree.body[0]
    assert isinstance(cdef, ast.ClassDef)
    for item in cdef.body:
        if isinstance(item, ast.FunctionDef):
            targets(item, {"self"})
        elif isinstance(item, ast.ClassDef):  # an event: its apply's aggregate parameter is annotated with the class
            for fn in (f for f in item.body if isinstance(f, ast.FunctionDef)):
                names = {a.arg for a in fn.args.args
                         if a.annotation is not None and ast.unparse(a.annotation).strip("'\"") == cls.__name__}
                targets(fn, names)
    return found


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_the_code_sets_only_declared_state(cls: type[Record]) -> None:
    undeclared = {name: line for name, line in _assigned(cls).items() if name not in cls.declared_fields()}
    assert not undeclared, f"{cls.__qualname__} sets attributes it does not declare: {undeclared}"


def test_the_static_check_sees_assignments() -> None:
    """The check above reads what it claims to read: a unit's events set its code, name and active flag."""
    assert {"code", "name", "active", "subunits"} <= set(_assigned(Unit))


def test_records_declare_their_state() -> None:
    bare = [c.__qualname__ for c in RECORDS if not c.declared_fields()]
    assert not bare, f"records without declared state: {bare}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    app = open_store(str(tmp_path_factory.mktemp("declared") / "demo.db"), create=True)
    bootstrap_here(app)
    write_history(app, "admin", events=3_000)
    yield app
    app.close()


def _records(app: Any) -> Iterator[Record]:
    """Every record of the store, replayed from its stored events in one pass over the history."""
    records: dict[Any, Record] = {}
    for notification in app.recorder.select_notifications(start=1, limit=10_000_000):
        event = app.mapper.to_domain_event(notification)
        records[event.originator_id] = event.mutate(records.get(event.originator_id))
    yield from records.values()


def test_replayed_records_hold_only_declared_state(demo: Any) -> None:
    kinds: set[type[Record]] = set()
    for record in _records(demo):
        kinds.add(type(record))
        state = {k for k in vars(record) if not k.startswith("_")}
        undeclared = state - set(record.declared_fields())
        assert not undeclared, f"{type(record).__qualname__} {record.id} holds undeclared {sorted(undeclared)}"
        assert list(record.declared_state()) == [k for k in record.declared_fields() if k in state]
    assert len(kinds) >= 70  # the demo writes records of (nearly) every kind: the check saw them


def test_declared_state_follows_the_events(tmp_path: Path) -> None:
    """The declared state is the record's fields with their current values; internal attributes (id, version,
    pending events) are not in it."""
    from domain.organisation import DissolveUnit, EstablishUnit, unit_id

    app = open_store(str(tmp_path / "store.db"), create=True)
    try:
        app.bootstrap("admin")
        app.handle(EstablishUnit(code="HQ", unit_name="Headquarters", kind="office"), user="admin")
        unit = app.find(unit_id("HQ"))
        assert unit is not None
        state = unit.declared_state()
        assert state["code"] == "HQ" and state["active"] is True
        assert not any(name.startswith("_") for name in state)
        app.handle(DissolveUnit(code="HQ", effective=date(2026, 1, 1)), user="admin", reason="merged")
        dissolved = app.find(unit_id("HQ"))
        assert dissolved is not None and dissolved.declared_state()["active"] is False
    finally:
        app.close()
