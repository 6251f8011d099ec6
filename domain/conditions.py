"""Conditions on a record's state that the domain declares once and reads two ways: evaluated on a record (the
rule a command enforces and a card asks) and translated by a projection into the filter of its register's rows
(the records a picker offers for that command), so both answer alike.

A condition compares a record's attributes by name: `Attr("transferred").gt(0)`, `Attr("reported").eq(None)`,
`Attr("received").lt(Attr("amount"))`, `Attr("active").is_true()`, `Attr("status").one_of(("planned", "held"))`.
A `StateRule` is a sequence of checks, each a condition and the refusal, in words, when it does not hold; it is
the rule's answer (`rule(record)`: the first refusal, or None) and its condition (all of them), and is declared
with `domain.rules`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# the comparisons a condition may make, each with how Python decides it
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq, "<>": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}


@dataclass(frozen=True)
class Attr:
    """A record's attribute, by name (a property counts): the left side of a comparison, or its right side."""

    name: str

    def read(self, record: Any) -> Any:
        return getattr(record, self.name)

    def eq(self, other: Any) -> Compare:
        return Compare(self, "=", other)

    def ne(self, other: Any) -> Compare:
        return Compare(self, "<>", other)

    def lt(self, other: Any) -> Compare:
        return Compare(self, "<", other)

    def gt(self, other: Any) -> Compare:
        return Compare(self, ">", other)

    def ge(self, other: Any) -> Compare:
        return Compare(self, ">=", other)

    def is_true(self) -> IsTrue:
        return IsTrue(self)

    def one_of(self, values: tuple[str, ...]) -> OneOf:
        return OneOf(self, values)


class Condition:
    """What a record's state must be: `holds(record)`; a projection reads its parts to write the same filter."""

    def holds(self, record: Any) -> bool:
        raise NotImplementedError

    def parts(self) -> tuple[Condition, ...]:
        """The conditions that must all hold (this one alone unless it is a conjunction)."""
        return (self,)


@dataclass(frozen=True)
class Compare(Condition):
    """An attribute compared with a constant (a number, a text; None only by = or <>) or with another attribute."""

    left: Attr
    op: str
    right: Any

    def __post_init__(self) -> None:
        if self.op not in COMPARISONS:
            raise ValueError(f"unknown comparison {self.op!r}")
        if self.right is None and self.op not in ("=", "<>"):
            raise ValueError(f"nothing compares {self.op} None")

    def holds(self, record: Any) -> bool:
        right = self.right.read(record) if isinstance(self.right, Attr) else self.right
        return COMPARISONS[self.op](self.left.read(record), right)


@dataclass(frozen=True)
class IsTrue(Condition):
    attr: Attr

    def holds(self, record: Any) -> bool:
        return bool(self.attr.read(record))


@dataclass(frozen=True)
class OneOf(Condition):
    """An attribute holding one of a few words (a status among those a command takes)."""

    attr: Attr
    values: tuple[str, ...]

    def holds(self, record: Any) -> bool:
        return self.attr.read(record) in self.values


@dataclass(frozen=True)
class All(Condition):
    conditions: tuple[Condition, ...]

    def holds(self, record: Any) -> bool:
        return all(c.holds(record) for c in self.conditions)

    def parts(self) -> tuple[Condition, ...]:
        return tuple(p for c in self.conditions for p in c.parts())


@dataclass(frozen=True)
class Check:
    """A condition a command needs, and why it is refused, in words, when the record's state fails it."""

    condition: Condition
    refusal: Callable[[Any], str]


class StateRule:
    """A command's rule on a record's state: its checks in order. Called on a record it gives the first refusal
    (None when every check holds); `condition` is all of them, for a projection to filter its rows by."""

    def __init__(self, *checks: Check) -> None:
        self.checks = checks
        self.condition = All(tuple(c.condition for c in checks))

    def __call__(self, record: Any) -> str | None:
        return next((c.refusal(record) for c in self.checks if not c.condition.holds(record)), None)
