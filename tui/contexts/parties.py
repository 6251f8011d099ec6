"""Card actions, notes and form hints for the register of parties and public organisations and the meetings
with them (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import parties
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _, ngettext
from tui.screens.card import Action
from tui.widgets.fields import Reference, with_status

GROUP = "Parties department"


def party_actions(p: Any) -> list[Action]:
    this, fixed, on = {"party": p.code}, frozenset({"party"}), {"on": date.today()}
    steps = (("l", N_("New leader"), "parties.change-leader"), ("a", N_("New address"), "parties.change-address"),
             ("s", N_("Suspend"), "parties.suspend"), ("r", N_("Reinstate"), "parties.reinstate"),
             ("g", N_("Merge into another"), "parties.merge"), ("d", N_("Dissolve"), "parties.dissolve"))
    # a meeting held while the party was live may still be recorded after its end: the form proposes its last day
    held_on = date.today() if p.ended_on is None else p.ended_on
    return [Action("m", N_("Record a meeting"), "parties.meeting", {**this, "held_on": held_on}, fixed),
            *(Action(key, label, command, {**this, **on}, fixed) for key, label, command in steps
              if p.allows(command) is None)]


def party_notes(secretariat: Any, p: Any) -> list[str]:
    if p.status == "merged":
        return [_("merged into {party} on {on}: it files nothing and is accredited for nothing", party=p.merged_into,
                  on=p.ended_on)]
    if p.status == "dissolved":
        return [_("dissolved on {on}: it files nothing and is accredited for nothing", on=p.ended_on)]
    if p.status == "suspended":
        return [_("suspended: its financial reports are still due, but its agents are not accredited")]
    return [ngettext("{n} meeting with the secretariat recorded", "{n} meetings with the secretariat recorded",
                     p.meetings, n=p.meetings)]


LIVE = Reference("parties", "code", "name", active_only=False, where=with_status(parties.LIVE))
REGISTERED = Reference("parties", "code", "name", active_only=False, where="status = 'registered'")
ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Party": party_actions}
NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Party": party_notes}
CREATE = {"parties": "parties.register", "party-meetings": "parties.meeting"}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(name, "party"): LIVE for name in ("parties.meeting", "party-reports.expect")},
    **{(name, "party"): Reference("parties", "code", "name", active_only=False, where=allowing(parties.Party, name))
       for name in parties.Party.STATE_RULES},
    ("parties.merge", "into"): REGISTERED,
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("parties.register", "kind"): parties.KINDS}
NEW_NAMES = {("parties.register", "code")}
LABELS = {"party_name": "Name", "registration_number": "Justice registration no.", "registered_on": "Registered on",
          "leader": "Leader", "participants": "Participants", "record": "Record of the discussion",
          "into": "Merged into (party code)"}
