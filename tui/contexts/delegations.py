"""Card actions, notes and form hints for delegations' visits and Commission members' trips abroad (merged into
the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.delegations import GIFT_LIMIT, VISIT_RULES, TripAbroad, Visit
from projections.delegations import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference

GROUP = "External relations"


def visit_actions(v: Any) -> list[Action]:
    return visit_actions_on(v, date.today())


def visit_actions_on(v: Any, today: date) -> list[Action]:
    """What the visit allows today (the domain's answer for the day: no cancelling once it has begun)."""
    this, fixed = {"visit": v.code}, frozenset({"visit"})
    on = min(max(today, v.arrives), v.departs)
    offered = (Action("i", N_("Assign an interpreter"), "delegations.assign-interpreter", this, fixed),
               Action("m", N_("Record a meeting"), "delegations.meeting", {**this, "held_on": on}, fixed),
               Action("g", N_("Record a gift"), "delegations.gift", this, fixed),
               Action("c", N_("Close the visit"), "delegations.close-visit",
                      {**this, "on": max(today, v.departs)}, fixed),
               Action("x", N_("Cancel the visit"), "delegations.cancel-visit", {**this, "on": today}, fixed))
    return [a for a in offered if v.allows_on(a.command, today) is None]


def trip_actions(t: Any) -> list[Action]:
    if t.allows("delegations.report-trip") is not None:
        return []
    return [Action("r", N_("Record the report"), "delegations.report-trip",
                   {"trip": t.code, "on": max(date.today(), t.returns)}, frozenset({"trip"}))]


def visit_notes(secretariat: Any, v: Any) -> list[str]:
    notes = [_("programme: {programme}", programme=v.programme)]
    if v.protocol:
        notes.append(_("protocol: {protocol}", protocol=v.protocol))
    interpreters = ", ".join(f"{n} ({k})" for k, n in v.interpreters.items())
    notes.append(_("interpreters: {names}", names=interpreters) if interpreters else _("interpreters: none yet"))
    notes += [_("gift: {description} ({value}), inventory {inventory}", description=g["description"], value=g["value"],
                inventory=g["inventory"]) if g["inventory"] else
              _("gift: {description} ({value})", description=g["description"], value=g["value"]) for g in v.gifts]
    notes.append(_("a gift worth more than {gift_limit} is the secretariat's property: register it as an asset",
                   gift_limit=GIFT_LIMIT))
    return notes


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Visit": visit_actions, "TripAbroad": trip_actions}
NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Visit": visit_notes}
CREATE = {"delegations": "delegations.plan-visit", "meetings": "delegations.meeting"}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(name, "visit"): Reference("delegations", "number", "organisation", active_only=False,
                                  where=allowing(Visit, name)) for name in VISIT_RULES},
    ("delegations.assign-interpreter", "employee"): EMPLOYEE,
    ("delegations.report-trip", "trip"): Reference("delegations", "number", "delegates", active_only=False,
                                                   where=allowing(TripAbroad, "delegations.report-trip")),
}
LABELS = {"arrives": "Arrives", "departs": "Departs", "programme": "Programme", "members": "Members",
          "protocol": "Protocol arrangements", "counterpart": "Counterpart", "discussion": "Record of the discussion",
          "value": "Estimated value", "inventory": "Inventory number (above the limit)", "returns": "Returns",
          "destination": "Destination", "member": "Commission member"}
