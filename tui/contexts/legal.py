"""Card actions, notes and form hints for legal opinions and court cases (merged by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.errors import Message
from domain.legal import (
    CASE_RULES,
    CONCLUSIONS,
    DEFAULT_APPEAL_DAYS,
    OUTCOMES,
    STANDINGS,
    SUBJECTS,
    CourtCase,
    LegalOpinion,
)
from domain.personnel import EMPLOYED
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference, with_status

GROUP = "Law department"


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


def opinion_actions(o: Any) -> list[Action]:
    ref = {"opinion": o.number, "on": date.today().isoformat()}
    steps = (("l", N_("Assign a lawyer"), "legal.assign-lawyer"), ("g", N_("Give the opinion"), "legal.give-opinion"))
    return [_act(key, label, command, ref, "opinion") for key, label, command in steps if o.allows(command) is None]


def case_actions(c: Any) -> list[Action]:
    today = date.today().isoformat()
    ref = {"case": c.number}
    steps: tuple[tuple[str, str, str, dict[str, Any]], ...]
    steps = (("r", N_("Appoint the representative"), "legal.appoint-representative", {"on": today}),
             ("h", N_("Schedule a hearing"), "legal.schedule-hearing", {}),
             ("o", N_("Record the hearing's outcome"), "legal.record-hearing",
              {"on": c.next_hearing.isoformat() if c.next_hearing else ""}),
             ("j", N_("Record the judgment"), "legal.judgment", {"on": today, "appeal_days": DEFAULT_APPEAL_DAYS}),
             ("a", N_("Record an appeal"), "legal.appeal", {"on": today}),
             ("c", N_("Close the case"), "legal.close-case", {"on": today}))
    return [_act(key, label, command, {**ref, **values}, "case") for key, label, command, values in steps
            if c.allows(command) is None]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"LegalOpinion": opinion_actions, "CourtCase": case_actions}


def opinion_notes(secretariat: Any, o: Any) -> list[str]:
    today = date.today()
    if o.given_on is not None:
        if o.given_on > o.due:
            return [_("given on {on}, {days} days late: {conclusion}", on=o.given_on, days=(o.given_on - o.due).days,
                      conclusion=Message(o.conclusion))]
        return [_("given on {on}: {conclusion}", on=o.given_on, conclusion=Message(o.conclusion))]
    if o.due < today:
        return [_("overdue by {days} days (due {due})", days=(today - o.due).days, due=o.due)]
    return [_("due {due}", due=o.due)]


def case_notes(secretariat: Any, c: Any) -> list[str]:
    today = date.today()
    notes = [_("hearing {on}: {outcome}", on=h["on"], outcome=h["outcome"] or Message("scheduled"))
             for h in c.hearings]
    rep = c.representative
    if rep is None:
        notes.append(_("no representative yet: hearings are scheduled once one holds a power of attorney"))
    elif rep["valid_until"] < today:
        notes.append(_("the power of attorney {attorney} ended on {valid_until}", attorney=rep['attorney'],
                       valid_until=rep['valid_until']))
    if c.judgment:
        notes.append(_("judgment {outcome} of {on}; appeal until {appeal_until}", outcome=c.judgment['outcome'],
                       on=c.judgment['on'], appeal_until=c.judgment['appeal_until']))
    return notes


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"LegalOpinion": opinion_notes, "CourtCase": case_notes}

LAWYER = Reference("employees", "number", "full_name", active_only=False,
                   where=f"{with_status(EMPLOYED)} AND unit_code = 'LEGAL'")
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(c, "opinion"): Reference("legal_opinions", "number", "document", active_only=False,
                                 where=allowing(LegalOpinion, c)) for c in LegalOpinion.STATE_RULES},
    ("legal.assign-lawyer", "lawyer"): LAWYER,
    ("legal.appoint-representative", "employee"): EMPLOYEE,
    **{(c, "case"): Reference("court_cases", "number", "parties", active_only=False, where=allowing(CourtCase, c))
       for c in CASE_RULES},
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("legal.request-opinion", "subject_kind"): SUBJECTS,
    ("legal.give-opinion", "conclusion"): CONCLUSIONS,
    ("legal.register-case", "standing"): STANDINGS,
    ("legal.judgment", "outcome"): OUTCOMES,
}
LABELS = {"subject_kind": "Subject", "requested_on": "Requested on", "case_number": "Court's case number",
          "power_of_attorney": "Power of attorney", "valid_until": "Valid until", "appeal_days": "Appeal period (days)",
          "opened_on": "Opened on"}
CREATE = {"legal-opinions": "legal.request-opinion", "court-cases": "legal.register-case"}
