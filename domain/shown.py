"""How a record's collections read on its card. Counted ones (`Listed`, `Keyed`: a payroll run's two hundred
payslips) are shown as their count under the field's label; told ones (`Told`: a session's agenda with its votes,
its attendance, an order's amendments) are sentences, each a `Message` the interface translates and fills in the
reader's digits and calendar. `str()` of either is the English text (logs, JSON, tests)."""

from __future__ import annotations

from collections import UserDict, UserList
from collections.abc import Iterable, Mapping
from typing import Any

from domain.errors import Message


class Listed(UserList[Any]):
    def __init__(self, items: Iterable[Any] = (), noun: str = "item") -> None:
        super().__init__(items)
        self.noun = noun

    def __str__(self) -> str:
        return f"{len(self)} {self.noun}(s)" if self else "none"


class Keyed(UserDict[Any, Any]):
    def __init__(self, items: Mapping[Any, Any] | None = None, noun: str = "item") -> None:
        self.noun = noun
        super().__init__(items or {})

    def __str__(self) -> str:
        return f"{len(self)} {self.noun}(s)" if self else "none"


class Told:
    """A collection that tells itself as sentences (mixed in before UserDict or UserList)."""

    def told(self) -> list[Message]:
        raise NotImplementedError

    def __str__(self) -> str:
        return "; ".join(self.told())
