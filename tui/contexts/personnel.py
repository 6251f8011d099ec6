"""Card actions, notes and form hints for staff and official trips (merged into the card and the forms by
tui.plugins). A vacant post's card offers hiring into it."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import personnel
from domain.commands import COMMANDS
from domain.errors import Message
from domain.organisation import Position
from domain.rules import allows
from projections.organisation import allowing
from tui.i18n.catalogue import N_, _
from tui.i18n.formats import show_said
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference, with_status

GROUP = "Staff and property"

VACANT = Reference("positions", "code", "title", active_only=False, where=allowing(Position, "staff.hire"),
                   scope=("unit_code", "unit"))  # a code like DIR names a post in every unit
_STAFF_COMMANDS = [n for n in COMMANDS if n.startswith("staff.")] + ["trips.plan"]
_TRIP_COMMANDS = ["trips.depart", "trips.arrive", "trips.settle", "trips.cancel"]


def _in_status(statuses: tuple[str, ...]) -> Reference:
    """The employees in the states a command takes them in (personnel.EMPLOYEE_STATUSES)."""
    return Reference("employees", "number", "full_name", active_only=False, where=with_status(statuses))


COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(n, "number"): EMPLOYEE for n in _STAFF_COMMANDS if n != "staff.hire"},
    **{(n, "number"): _in_status(statuses) for n, statuses in personnel.EMPLOYEE_STATUSES.items()},
    **{(n, "position"): VACANT for n in ("staff.hire", "staff.transfer", "staff.promote")},
    **{(n, "warrant"): Reference("trips", "warrant", "destination", active_only=False,
                                 where=f"status = '{personnel.TRIP_STATUSES[n]}'") for n in _TRIP_COMMANDS},
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("staff.hire", "employment_type"): personnel.EMPLOYMENT_TYPES,
    ("staff.separate", "kind"): personnel.SEPARATION_KINDS,
    ("staff.military", "status"): personnel.MILITARY_STATUSES,
}
CREATE = {"staff": "staff.hire", "trips": "trips.plan"}
NEW_NAMES = {("staff.hire", "number"), ("trips.plan", "warrant")}
_NUMBER = (r"^[A-Za-z0-9][A-Za-z0-9/.-]{0,23}$", "1-24 letters, digits, '-', '/' or '.'")
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("staff.hire", "number"): _NUMBER, ("trips.plan", "warrant"): _NUMBER,
}
LABELS = {
    "employment_type": "Employment", "order_number": "Order no.", "order_date": "Order date",
    "contract_number": "Contract no.", "last_day": "Last working day", "military_office": "Military office",
    "term_end": "Fixed term ends",
}


def _employee(e: Any) -> list[Action]:
    """What the person's state allows (the employee's own rules, and the rule the assets context declares on an
    employee custodian), in the card's order."""
    who = {"number": e.number}
    fixed = frozenset({"number"})
    offered = (Action("c", N_("Sign contract"), "staff.contract", who, fixed),
               Action("t", N_("Transfer"), "staff.transfer", who, fixed),
               Action("p", N_("Promote"), "staff.promote", who, fixed),
               Action("m", N_("Military registration"), "staff.military", who, fixed),
               Action("w", N_("Trip warrant"), "trips.plan", who, fixed),
               Action("i", N_("Issue asset"), "assets.issue", {"custodian_kind": "employee", "custodian": e.number},
                      frozenset({"custodian_kind", "custodian"})),
               Action("s", N_("Initiate separation"), "staff.separate", who, fixed),
               Action("x", N_("Complete separation"), "staff.complete-separation", who, fixed))
    return [a for a in offered if allows(e, a.command) is None]


def _trip(t: Any) -> list[Action]:
    w = {"warrant": t.warrant}
    fixed = frozenset({"warrant"})
    steps = (("d", N_("Mark departure"), "trips.depart"), ("c", N_("Cancel trip"), "trips.cancel"),
             ("a", N_("Mark return"), "trips.arrive"), ("s", N_("Settle"), "trips.settle"))
    return [Action(key, label, command, w, fixed) for key, label, command in steps if t.allows(command) is None]


def _position(p: Any) -> list[Action]:
    """A vacant, live post on the staff table can be filled from its card."""
    if p.allows("staff.hire") is not None:
        return []
    return [Action("h", N_("Hire into this post"), "staff.hire", {"unit": p.unit_code, "position": p.code},
                   frozenset({"unit", "position"}))]


ACTIONS = {"Employee": _employee, "Trip": _trip, "organisation.Position": _position}


_CLEARS = {"asset": N_("return it or report it lost"), "trip": N_("settle it, or cancel it if not departed"),
           "document": N_("hand it over")}


def employee_notes(secretariat: Any, e: Any) -> list[str]:
    notes = []
    if e.hired_on > date.today():
        notes.append(_("On staff from {hired_on}: the hire takes effect that day; the post is vacant until then.",
                       hired_on=e.hired_on))
    if e.active and e.separation is not None:
        held = e.blockers()
        notes.append(_("Leaving: last working day {last_day}; from that day on nothing is issued to them.",
                       last_day=e.last_day))
        if held:
            notes.append(_("Separation blocked until clearance — still held ({held_count}):", held_count=len(held)))
            notes += [_("  holds {label} — {how}", label=item["label"], how=Message(_CLEARS.get(item["kind"],
                                                                                               N_("give it back"))))
                      for item in e.holdings.values()]
        else:
            notes.append(_("Clearance complete: the separation can be completed."))
    elif e.active and e.holdings:
        notes.append(_("Holds: {holdings}", holdings="; ".join(e.blockers())))
    notes.append(_("Labour card:"))
    notes += [f"  {show_said(line)}" for line in e.card]
    return notes


def trip_notes(secretariat: Any, t: Any) -> list[str]:
    if t.status == "settled":
        if t.balance > 0:
            return [_("Settled: expenses {expenses}, balance {balance} to refund.", expenses=t.expenses,
                      balance=t.balance)]
        if t.balance < 0:
            return [_("Settled: expenses {expenses}, balance {balance} to pay the traveller.", expenses=t.expenses,
                      balance=abs(t.balance))]
        return [_("Settled: expenses {expenses}, balance 0 nothing due.", expenses=t.expenses)]
    if t.status == "cancelled":
        return [_("Cancelled before departure: {number} no longer holds it and its dates are free again.",
                  number=t.number)]
    return [_("Open until settled: it keeps {number}'s separation from completing.", number=t.number)]


NOTES = {"Employee": employee_notes, "Trip": trip_notes}
# Enter on a report's row opens the register behind it, filtered to that row's records (a filter template).
DRILL = {"staff-by-unit": ("staff", "unit:{unit} type:{type}"), "contracts-ending": ("staff", "number:{number}"),
         "movements-journal": ("labour-cards", "number:{number}"), "clearance-sheet": ("staff", "number:{number}")}
