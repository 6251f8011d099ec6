"""Card actions and form hints for leave and timesheets: requests decided on the leave account's card, leave
requested from an employee's card, timesheets approved on their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain import leave
from domain.errors import Message
from domain.personnel import EMPLOYMENT_TYPES
from domain.rules import allows
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference, with_status

GROUP = "Human resources"

COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("leave.request", "number"): EMPLOYEE,
    **{(name, "request"): Reference("leave_requests", "request", "kind", active_only=False, where=with_status(statuses))
       for name, statuses in leave.REQUEST_STATUSES.items()},
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("leave.request", "kind"): leave.LEAVE_KINDS,
    ("leave.set-entitlement", "kind"): tuple(k for k in leave.LEAVE_KINDS if k not in leave.UNLIMITED),
    ("leave.set-entitlement", "employment_type"): EMPLOYMENT_TYPES,
}
CREATE = {"leave": "leave.request", "timesheets": "timesheets.submit", "leave-balances": "leave.set-entitlement"}
LABELS = {"days_worked": "Days worked (P-0001=20, ...)", "from_year": "From year"}


def _account(a: Any, find: Callable[[Any], Any]) -> list[Action]:
    pending = [n for n, r in a.requests.items() if r["status"] == "requested"]
    one = {"request": pending[0]} if len(pending) == 1 else {}
    decided = (Action("a", N_("Approve"), "leave.approve", one, frozenset()),
               Action("f", N_("Refuse"), "leave.refuse", one, frozenset()),
               Action("c", N_("Cancel a leave"), "leave.cancel", {}, frozenset()))
    employee = find(a.employee_id)
    requested = [] if employee is not None and allows(employee, "leave.request") is not None else [
        Action("n", N_("Request leave"), "leave.request", {"number": a.number}, frozenset({"number"}))]
    return [*requested, *(x for x in decided if a.allows(x.command) is None)]


def _account_notes(secretariat: Any, a: Any) -> list[str]:
    notes = [_("{kind}: {days} days, {taken} taken, {left} left ({carried} carried over)", kind=Message(kind),
               days=a.entitlements[kind], taken=a.used(kind), left=a.balance(kind), carried=a.carried)
             if kind == "annual" and a.carried else
             _("{kind}: {days} days, {taken} taken, {left} left", kind=Message(kind), days=a.entitlements[kind],
               taken=a.used(kind), left=a.balance(kind))
             for kind in sorted(a.entitlements)]
    for number, r in a.requests.items():
        notes.append(_("{number}: {kind} {start} to {end} ({days} day(s)), {status}", number=number, kind=r['kind'],
                       start=r['start'], end=r['end'], days=r['days'], status=r['status']))
    return notes


def _timesheet(t: Any) -> list[Action]:
    return [Action("a", N_("Approve"), "timesheets.approve", {"unit": t.unit, "period": t.period},
                   frozenset({"unit", "period"}))] if t.allows("timesheets.approve") is None else []


def _employee(e: Any) -> list[Action]:
    if allows(e, "leave.request") is not None:
        return []
    return [Action("v", N_("Request leave"), "leave.request", {"number": e.number}, frozenset({"number"}))]


ACTIONS = {"LeaveAccount": _account, "Timesheet": _timesheet, "personnel.Employee": _employee}
NOTES = {"LeaveAccount": _account_notes}
