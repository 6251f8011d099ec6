"""How a record's collections read on its card: counted, not dumped (a payroll run's two hundred payslips are
one line, "211 payslip(s)", and the registers and card notes show them one by one)."""

from __future__ import annotations

from collections import UserDict, UserList
from collections.abc import Iterable, Mapping
from typing import Any


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
