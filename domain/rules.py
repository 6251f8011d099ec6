"""What a record's state allows, asked in one way whichever context owns the rule.

A record answers for its own commands: `record.allows(command)` for its `RULED_COMMANDS`. A command of another
context may hang on a record's state too (a leave request on an employee, a post's qualification requirement on
a position): that context declares the rule where its command lives, with `@rule(Employee, "leave.request")`, and
its command enforces it through the same function. `allows(record, command)` answers both ways, so the card and
the pickers ask here and never test the state again.

A rule written as a `domain.conditions.StateRule` (a record's `STATE_RULES`, or one given to `@rule`) also declares
its condition: `condition(kind, command)` hands it to a projection, which filters its rows by it, so a picker offers
exactly the records the rule allows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from domain.conditions import Condition, StateRule

R = TypeVar("R")
Rule = Callable[[Any], "str | None"]

_RULES: dict[type, dict[str, Rule]] = {}


def rule(kind: type[R], command: str) -> Callable[[Callable[[R], str | None]], Callable[[R], str | None]]:
    """Declare that `command` (of the declaring context) is refused, in words, when a `kind` record's state says so:
    the decorated function returns the refusal, or None when the state allows it."""

    def declare(answer: Callable[[R], str | None]) -> Callable[[R], str | None]:
        rules = _RULES.setdefault(kind, {})
        if command in rules or command in getattr(kind, "RULED_COMMANDS", ()):
            raise TypeError(f"{kind.__name__} already has a rule for {command}")
        rules[command] = answer
        return answer

    return declare


def declared_rules() -> set[tuple[type, str]]:
    """(record kind, command) for each rule a context declared on another's record kind."""
    return {(kind, command) for kind, rules in _RULES.items() for command in rules}


def ruled_commands(record: Any) -> frozenset[str]:
    """The commands a record's state rules on: its own RULED_COMMANDS and those other contexts declared on it."""
    kind = type(record)
    own: frozenset[str] = getattr(kind, "RULED_COMMANDS", frozenset())
    return own.union(*(_RULES.get(k, {}) for k in kind.__mro__))


def allows(record: Any, command: str, on: date | None = None, actor: UUID | None = None) -> str | None:
    """Why the record's state refuses `command`, in words; None when it allows it (or does not rule on it). Given
    a day `on`, a record whose rule also reads the day the command is dated (`allows_on`: a visit is cancelled
    before it begins) answers for that day; given the acting user's id, a record whose rule also reads who acts
    (`allows_for`: nobody deactivates themselves) answers for them."""
    kind = type(record)
    if command in getattr(kind, "RULED_COMMANDS", ()):
        answer: str | None = record.allows(command)
        if answer is None and on is not None and hasattr(record, "allows_on"):
            answer = record.allows_on(command, on)
        if answer is None and actor is not None and hasattr(record, "allows_for"):
            answer = record.allows_for(command, actor)
        return answer
    for k in kind.__mro__:
        declared = _RULES.get(k, {}).get(command)
        if declared is not None:
            return declared(record)
    return None


def condition(kind: type, command: str) -> Condition | None:
    """The condition a `kind` record's state must meet for `command`, where its rule declares one (a StateRule);
    None where the rule is written as a function (or there is none)."""
    own = getattr(kind, "STATE_RULES", {}).get(command)
    declared = own if own is not None else next(
        (_RULES[k][command] for k in kind.__mro__ if command in _RULES.get(k, {})), None)
    return declared.condition if isinstance(declared, StateRule) else None
