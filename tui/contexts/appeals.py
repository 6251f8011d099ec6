"""Card actions, notes and form hints for appeals and the citizens' reception (merged into the card and the
forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.appeals import APPEAL_STATUSES, CHANNELS, KINDS, Appeal
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "General department"

# ---- card actions --------------------------------------------------------------------------------


def _today() -> str:
    return date.today().isoformat()


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


# The card's steps on an appeal, in the order it shows them; offered when the appeal's state allows them.
_APPEAL_STEPS = (("a", N_("Assign (chairman)"), "appeals.assign"),
                 ("i", N_("Declare inadmissible"), "appeals.declare-inadmissible"),
                 ("o", N_("Refer out"), "appeals.refer-out"),
                 ("s", N_("Start review"), "appeals.start-review"),
                 ("x", N_("Expert opinion"), "appeals.expert-opinion"), ("d", N_("Decide"), "appeals.decide"),
                 ("w", N_("Answer (link the outgoing response)"), "appeals.answer"),
                 ("e", N_("Extend the term"), "appeals.extend"),
                 ("u", N_("Escalate to a higher body"), "appeals.escalate"),
                 ("c", N_("Close"), "appeals.close"))


def appeal_actions(a: Any) -> list[Action]:
    ref = {"appeal": a.number}
    dated = {**ref, "on": _today()}
    return [_act(key, label, command, ref if command == "appeals.extend" else dated, "appeal")
            for key, label, command in _APPEAL_STEPS if a.allows(command) is None]


def reception_actions(r: Any) -> list[Action]:
    return [_act("p", N_("Register an appeal from this reception"), "appeals.register",
                 {"reception": r.number, "channel": "reception", "applicant": r.citizen, "contact": r.contact,
                  "received_on": r.held_on.isoformat(), "subject": r.topic}, "reception", "channel")]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Appeal": appeal_actions, "Reception": reception_actions}


# ---- notes -----------------------------------------------------------------------------------------


def appeal_notes(secretariat: Any, a: Any) -> list[str]:
    notes = []
    today = date.today()
    if a.allows("appeals.extend") is None and a.due is not None:  # its term runs
        if a.due < today:
            notes.append(_("overdue by {days} days: due {due}, lead unit {lead_unit}", days=(today - a.due).days,
                           due=a.due, lead_unit=a.lead_unit))
        else:
            notes.append(_("due {due} ({days} days left), lead unit {lead_unit}", due=a.due,
                           days=(a.due - today).days, lead_unit=a.lead_unit))
    if not a.response and a.allows("appeals.close") is not None:
        notes.append(_("cannot close yet: no registered outgoing response or referral notice is linked"))
    if a.extensions:
        notes.append(_("term extended {extensions} time(s)", extensions=a.extensions))
    return notes


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Appeal": appeal_notes}


# ---- form hints ------------------------------------------------------------------------------------


def _appeals(where: str) -> Reference:
    return Reference("appeals", "number", "applicant", active_only=False, where=where)


UNIT = Reference("units", "code", "name")
OUTGOING = Reference("correspondence", "number", "subject", active_only=False,
                     where="direction = 'outgoing' AND status <> 'disposed'", confidential="confidential")

COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("appeals.register", "reception"): Reference("receptions", "number", "citizen", active_only=False),
    **{(command, "appeal"): _appeals(allowing(Appeal, command)) for command in APPEAL_STATUSES},
    ("appeals.assign", "lead_unit"): UNIT,
    ("appeals.answer", "response"): OUTGOING,
    ("appeals.refer-out", "notice"): OUTGOING,
    ("appeals.escalate", "notice"): OUTGOING,
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("appeals.register", "kind"): KINDS,
    ("appeals.register", "channel"): CHANNELS,
}
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("appeals.assign", "co_units"): (r"^[A-Za-z0-9-]+(\s*[,;]\s*[A-Za-z0-9-]+)*$", "unit codes separated by commas"),
}
LABELS = {
    "received_on": "Received on", "lead_unit": "Lead unit", "co_units": "Co-units (codes, comma-separated)",
    "held_on": "Held on", "body": "Body (addressee)", "notice": "Notice (outgoing number)",
    "response": "Response (outgoing number)", "official": "Official receiving", "contact": "Address or contact",
}
CREATE = {"appeals": "appeals.register", "receptions": "appeals.reception"}
# Enter on a report's row opens the register behind it, filtered to that row's records (a filter template).
DRILL = {"appeals-by-kind": ("appeals", "kind:{kind}"), "appeals-by-channel": ("appeals", "channel:{channel}"),
         "appeals-by-unit": ("appeals", "unit:{unit}"), "appeals-by-month": ("appeals", "month:{month}"),
         "overdue-appeals": ("appeals", "{number}")}
