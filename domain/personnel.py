"""Personnel context: employees (staff register), their movements, labour contracts and cards, military
registration, official trips, and the clearance before separation.

THE HOLDINGS CONTRACT (used by other contexts; keep these names and meanings stable):

- `employee_id(number)` derives an employee's id from the personnel number (so numbers are unique).
- `find_employee(ctx, number)` loads one or refuses with a message naming the number.
- `Employee.holdings`: item id (hex) -> {"kind": ..., "label": ...} of everything issued to the person and
  not yet given back: assets ("asset"), open trips ("trip"), confidential documents ("document").
- `Employee.check_can_receive(on, what)` refuses unless the employee is active and `on` is before the
  last working day of a pending separation ("from the last working day on, nothing new").
- `Employee.take(kind, item_id, label, on, envelope)` checks `check_can_receive` and records the item as
  held; `Employee.release(kind, item_id, envelope)` records it given back. Both are events of the
  employee, so the separation rule (nothing held) is checked on the employee alone.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from domain.commands import Context
from domain.envelope import Envelope
from domain.records import Record, require

_NS = uuid.UUID("4d6f0c1e-2a3b-4c5d-8e9f-a0b1c2d3e4f5")


def employee_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "employee/" + number.strip().upper())


class Employee(Record):
    class Hired(Record.Created):
        number: str
        full_name: str

        def apply(self, e: Employee) -> None:
            e.number, e.full_name = self.number, self.full_name
            e.active = True
            e.last_day = None
            e.holdings = {}

    class ItemTaken(Record.Event):
        kind: str
        item_id: UUID
        label: str
        on: date

        def apply(self, e: Employee) -> None:
            e.holdings[self.item_id.hex] = {"kind": self.kind, "label": self.label}

    class ItemReleased(Record.Event):
        kind: str
        item_id: UUID

        def apply(self, e: Employee) -> None:
            e.holdings.pop(self.item_id.hex, None)

    def check_can_receive(self, on: date, what: str) -> None:
        require(self.active, f"employee {self.number} has left; no {what} can go to them")
        last_day: Any = self.last_day
        require(last_day is None or on < last_day,
                f"employee {self.number} is leaving (last working day {last_day}); no {what} can go to them")

    def take(self, kind: str, item_id: UUID, label: str, on: date, envelope: Envelope) -> None:
        self.check_can_receive(on, kind)
        require(item_id.hex not in self.holdings, f"employee {self.number} already holds {label}")
        self.trigger_event(self.ItemTaken, kind=kind, item_id=item_id, label=label, on=on, envelope=envelope)

    def release(self, kind: str, item_id: UUID, envelope: Envelope) -> None:
        require(item_id.hex in self.holdings, f"employee {self.number} does not hold that {kind}")
        self.trigger_event(self.ItemReleased, kind=kind, item_id=item_id, envelope=envelope)


def find_employee(ctx: Context, number: str) -> Employee:
    return ctx.get(Employee, employee_id(number), f"no employee with personnel number {number.strip().upper()!r}")
