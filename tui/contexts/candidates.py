"""Card actions, notes and form hints for candidates' files (merged into the card and the forms by
tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.candidates import CANDIDATE_STEPS, Candidate
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Parties department"


def candidate_actions(c: Any) -> list[Action]:
    this, fixed, on = {"election": c.election_code, "document": c.code}, frozenset({"election", "document"}), \
        {"on": date.today()}
    steps = (("s", N_("Receive signature sheets"), "candidates.submit-signatures"),
             ("c", N_("Record the signature check"), "candidates.check-signatures"),
             ("g", N_("Register (decision)"), "candidates.register"),
             ("x", N_("Refuse (decision, reasons)"), "candidates.refuse"),
             ("w", N_("Withdrawal"), "candidates.withdraw"))
    return [Action(key, label, command, {**this, **on}, fixed) for key, label, command in steps
            if c.allows(command) is None]


def candidate_notes(secretariat: Any, c: Any) -> list[str]:
    notes = [_("nominated by {party} on {on}, constituency {constituency}", party=c.party, on=c.nominated_on,
               constituency=c.constituency)]
    if c.estimated_valid is not None:
        verdict = _("enough to register") if c.passes else _("not enough: only a refusal is possible")
        notes.append(_("signature check: an estimated {estimated_valid} valid of {required} required ({verdict})",
                       estimated_valid=c.estimated_valid, required=c.required, verdict=verdict))
    return notes


PARTY = Reference("parties", "code", "name", active_only=False, where="status = 'registered'")
ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Candidate": candidate_actions}
NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Candidate": candidate_notes}
CREATE = {"candidates": "candidates.nominate"}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(name, "document"): Reference("candidates", "document", "full_name", active_only=False,
                                     where=allowing(Candidate, name)) for name in CANDIDATE_STEPS},
    ("candidates.nominate", "party"): PARTY,
}
NEW_NAMES = {("candidates.nominate", "document")}
LABELS = {"document": "Identity document no.", "nominated_on": "Nominated on", "sheets": "Sheets",
          "signatures": "Signatures submitted", "sampled": "Sample size", "valid": "Valid in the sample",
          "invalid": "Invalid in the sample", "required": "Valid signatures required",
          "decision": "Decision no.", "party": "Nominating party (empty: self-nominated)"}
