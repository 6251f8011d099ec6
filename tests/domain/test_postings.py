"""The posting rules (domain/postings.py): every money event of every context either posts by a rule or is
declared as posting nothing, with the reason; and the rules' entries balance."""

from __future__ import annotations

import importlib
import pkgutil
import typing
from datetime import date
from decimal import Decimal as D
from typing import Any
from uuid import uuid4

import domain
from domain import postings
from domain.records import Record


def _event_classes() -> list[type]:
    for info in pkgutil.iter_modules(domain.__path__):
        if info.name not in ("demo", "eventstore"):
            importlib.import_module(f"domain.{info.name}")
    found: set[type] = set()
    todo = list(Record.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        for value in vars(cls).values():
            if isinstance(value, type) and issubclass(value, Record.Event) and value.__module__.startswith("domain"):
                found.add(value)
    return sorted(found, key=lambda c: c.__qualname__)


def _carries_money(cls: type) -> bool:
    hints = typing.get_type_hints(cls)
    return any("Decimal" in repr(hint) or any("Decimal" in repr(typing.get_type_hints(arg))
                                               for arg in typing.get_args(hint) if isinstance(arg, type)
                                               and hasattr(arg, "__struct_fields__"))
               for name, hint in hints.items() if name != "envelope")


def test_every_money_event_posts_or_says_why_not() -> None:
    money_events = [c for c in _event_classes() if _carries_money(c)]
    assert len(money_events) > 15  # the scan finds them (a broken scan would pass vacuously)
    missing = [c.__qualname__ for c in money_events if c not in postings.RULES and c not in postings.NOT_POSTING]
    assert missing == [], f"money events without a posting rule or a declaration: {missing}"


def test_a_rule_and_a_declaration_never_both() -> None:
    assert not set(postings.RULES) & set(postings.NOT_POSTING)
    assert all(reason.strip() for reason in postings.NOT_POSTING.values())


def _event(cls: type, **values: Any) -> Any:
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", {"originator_id": uuid4(), **values})
    return event


def test_entries_balance_and_skip_zero_amounts() -> None:
    from domain.finance import DonorProject
    from domain.personnel import Trip

    facts = {"project": {"code": "UNDP-1", "currency": "USD"}, "trip": {"warrant": "W-1", "number": "E1",
                                                                        "advance": "100.00"}}

    def known(kind: str, key: Any) -> Any:
        return facts.get(kind)

    settled = postings.RULES[DonorProject.AdvanceSettled](
        _event(DonorProject.AdvanceSettled, number="A1", advance=D("100.00"), spent=D("60.00"),
               settled_on=date(2026, 5, 1)), known)
    assert settled is not None and settled.balanced
    assert {(leg.account, leg.debit, leg.credit) for leg in settled.legs} == {
        ("5900", D("60.00"), 0), ("1110", D("40.00"), 0), ("1330", 0, D("100.00"))}
    over = postings.RULES[Trip.Settled](_event(Trip.Settled, expenses=D("120.00"), balance=D("-20.00"),
                                               on=date(2026, 5, 1)), known)
    assert over is not None and over.balanced
    assert {(leg.account, leg.debit, leg.credit) for leg in over.legs} == {
        ("EXP-2220", D("120.00"), 0), ("1100", 0, D("20.00")), ("1320", 0, D("100.00"))}
    no_advance = postings.RULES[Trip.Planned](_event(Trip.Planned, advance=D("0"), start=date(2026, 5, 1),
                                                     number="E1", destination="Herat", warrant="W-2"), known)
    assert no_advance is None
