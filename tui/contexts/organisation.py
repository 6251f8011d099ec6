"""Card actions and create commands for the organisation: units, the staff table's positions, elections,
commissions and their members (merged into the card and the shell by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tui.i18n.catalogue import N_, _
from tui.screens.card import Action

GROUP = "Organisation"


def unit_actions(u: Any) -> list[Action]:
    code = {"code": u.code}
    offered = (Action("r", N_("Rename"), "units.rename", code, frozenset({"code"})),
               Action("n", N_("Add sub-unit"), "units.establish", {"parent": u.code}, frozenset({"parent"})),
               Action("p", N_("Add position"), "positions.establish", {"unit": u.code}, frozenset({"unit"})),
               Action("d", N_("Dissolve"), "units.dissolve", code, frozenset({"code"})))
    return [a for a in offered if u.allows(a.command) is None]


def position_actions(p: Any) -> list[Action]:
    if p.allows("positions.abolish") is not None:
        return []
    return [Action("x", N_("Abolish"), "positions.abolish", {"unit": p.unit_code, "code": p.code},
                   frozenset({"unit", "code"}))]


def election_actions(e: Any) -> list[Action]:
    return [Action("c", N_("Add commission"), "commissions.establish", {"election": e.code}, frozenset({"election"}))]


def commission_actions(c: Any) -> list[Action]:
    where = {"election": c.election_code, "constituency": c.constituency, "precinct": c.precinct}
    fixed = frozenset(where)
    offered = (Action("a", N_("Appoint member"), "commissions.appoint", where, fixed),
               Action("m", N_("Remove member"), "commissions.remove", where, fixed),
               Action("p", N_("Add precinct commission"), "commissions.establish",
                      {"election": c.election_code, "constituency": c.constituency},
                      frozenset({"election", "constituency"})),
               Action("d", N_("Dissolve"), "commissions.dissolve", where, fixed))
    return [a for a in offered if c.allows(a.command) is None]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {
    "Unit": unit_actions, "Position": position_actions, "Election": election_actions,
    "Commission": commission_actions,
}
def position_notes(secretariat: Any, p: Any) -> list[str]:
    """The post as it stands today, by the one notion of effective dates the registers and reports use."""
    today = date.today()
    if p.filled_on(today):
        return [_("Filled since {on} by {occupant}.", on=p.occupied_from, occupant=p.occupant)]
    if p.occupant_id is not None:
        return [_("Vacant until {on}: {occupant} is appointed from that day.", on=p.occupied_from,
                  occupant=p.occupant)]
    if p.active and p.free_from is not None and p.free_from > today:
        return [_("Held until {on}, when its holder leaves; vacant from then.", on=p.free_from)]
    return [_("Vacant.")] if p.active else []


NOTES = {"Position": position_notes}
CREATE = {"units": "units.establish", "elections": "elections.schedule", "commissions": "commissions.establish",
          "commission-members": "commissions.appoint", "staff-table": "positions.establish"}
