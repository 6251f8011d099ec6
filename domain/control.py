"""Execution control of the Commission's decisions and the Chairman's orders: which units must carry a record
out, by when, and their reports of execution.

A controlled record (a `Controlled` aggregate) assigns executing units, each with an instruction and a due date
computed once from the working calendar in force (`domain.calendar.add_working_days`, as the registry computes a
letter's due date) and stored in the event, so replay never shifts a deadline. Each unit reports its execution;
the record stays "under control" until every assigned unit has reported, and is "controlled until" the latest due
date still open. Overdue is a question of the day it is asked: the registers compute it from the stored dates.
"""

from __future__ import annotations

from collections import UserDict
from datetime import date
from typing import Any

from domain.calendar import add_working_days, working_calendar
from domain.commands import Context
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Unit
from domain.records import Record, clean, require
from domain.shown import Told

DEFAULT_CONTROL_DAYS = 10


class Assignments(Told, UserDict[str, dict[str, Any]]):
    """unit code -> {"instruction", "assigned_on", "due", "executed_on", "report"}; shown as a readable line."""

    def told(self) -> list[Message]:
        return [Message("{unit} (executed {on})", unit=unit, on=a["executed_on"]) if a["executed_on"]
                else Message("{unit} (due {on})", unit=unit, on=a["due"]) for unit, a in self.items()] \
            or [Message("none")]


class Controlled(Record):
    """A record whose execution is controlled; subclasses call `_start_control()` in their creation event."""

    control: Assignments

    @property
    def label(self) -> str:
        """What messages call the record (e.g. "decision DEC-2026-0001")."""
        raise NotImplementedError

    def _start_control(self) -> None:
        self.control = Assignments()

    class ControlAssigned(Record.Event):
        unit_code: str
        instruction: str
        on: date
        due: date

        def apply(self, r: Controlled) -> None:
            r.control[self.unit_code] = {"instruction": self.instruction, "assigned_on": self.on, "due": self.due,
                                         "executed_on": None, "report": ""}

    class ExecutionReported(Record.Event):
        unit_code: str
        on: date
        report: str

        def apply(self, r: Controlled) -> None:
            r.control[self.unit_code] = {**r.control[self.unit_code], "executed_on": self.on, "report": self.report}

    @property
    def under_control(self) -> bool:
        return any(a["executed_on"] is None for a in self.control.values())

    @property
    def controlled_until(self) -> date | None:
        """The latest due date of the assignments not yet executed (None when nothing is open)."""
        return max((a["due"] for a in self.control.values() if a["executed_on"] is None), default=None)

    def control_from(self) -> date:
        """The first day execution may be assigned (the record's own date)."""
        raise NotImplementedError

    def check_controllable(self) -> None:
        """Refuse control of a record in a state that cannot be executed (a draft order, for instance)."""

    def assign(self, ctx: Context, unit: Unit, instruction: str, on: date, working_days: int) -> date:
        self.check_controllable()
        require(unit.active, "unit {unit_code} is dissolved", unit_code=unit.code)
        start = self.control_from()
        require(on >= start, "execution of {label} cannot be assigned ({on}) before its date ({start})",
                             label=self.label, on=on, start=start)
        current = self.control.get(unit.code)
        require(current is None or current["executed_on"] is not None,
                "{unit_code} already executes {label} (due {value})", unit_code=unit.code, label=self.label,
                value=current['due'] if current else '')
        due = add_working_days(working_calendar(ctx), on, working_days)
        self.trigger_event(self.ControlAssigned, unit_code=unit.code, instruction=clean(instruction, "instruction",
                           300), on=on, due=due, envelope=ctx.envelope)
        return due

    def report_execution(self, unit_code: str, on: date, report: str, envelope: Envelope) -> None:
        code = (unit_code or "").strip().upper()
        current = self.control.get(code)
        require(current is not None, "{value} is not an executing unit of {label}; executing units: {value2}",
                                     value=code or 'that unit', label=self.label,
                                     value2=', '.join(self.control) or 'none assigned')
        assert current is not None
        require(current["executed_on"] is None, "{code} already reported the execution of {label} on {executed_on}",
                                                code=code, label=self.label, executed_on=current['executed_on'])
        require(on >= current["assigned_on"], "execution cannot be reported ({on}) before it was assigned "
                                              "({assigned_on})", on=on, assigned_on=current['assigned_on'])
        self.trigger_event(self.ExecutionReported, unit_code=code, on=on, report=clean(report, "execution report",
                           500), envelope=envelope)
