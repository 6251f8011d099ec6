"""Card actions, notes and form hints for stakeholder records: accredited organisations and individuals, parties'
annual financial reports (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import stakeholders
from tui.i18n.catalogue import _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "External relations"


def _act(key: str, label: str, command: str, values: dict[str, Any], **suggested: Any) -> Action:
    """The record's own fields fixed; `suggested` values (the balance to transfer, say) filled in but editable."""
    return Action(key, label, command, {**values, **suggested}, frozenset(values))


def organisation_actions(o: Any) -> list[Action]:
    this = {"election": o.election_code, "organisation": o.code}
    if o.status == "applied":
        return [_act("a", _("Accredit"), "accreditation.accredit-organisation", this),
                _act("x", _("Refuse"), "accreditation.refuse-organisation", this)]
    if o.status == "accredited":
        return [_act("i", _("Add an individual's application"), "accreditation.apply", this),
                _act("r", _("Revoke"), "accreditation.revoke-organisation", this)]
    return []


def individual_actions(i: Any) -> list[Action]:
    this = {"election": i.election_code, "document": i.code}
    if i.status == "applied":
        return [_act("a", _("Accredit (issue badge)"), "accreditation.accredit", this),
                _act("x", _("Refuse"), "accreditation.refuse", this)]
    if i.status == "accredited":
        return [_act("r", _("Revoke (badge returned)"), "accreditation.revoke", this)]
    return []


def party_report_actions(r: Any) -> list[Action]:
    this = {"party": r.party, "year": r.year}
    steps = {
        "expected": [("s", "Receive report", "party-reports.submit")],
        "deficiencies": [("s", "Receive resubmission", "party-reports.submit")],
        "submitted": [("u", "Start review", "party-reports.review")],
        "resubmitted": [("u", "Start review", "party-reports.review")],
        "under review": [("a", "Accept", "party-reports.accept"),
                         ("d", "Return with deficiencies", "party-reports.deficiencies")],
        "accepted": [("p", "Publish", "party-reports.publish")],
    }
    return [_act(k, label, cmd, this) for k, label, cmd in steps.get(r.status, [])]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {
    "Organisation": organisation_actions, "Individual": individual_actions, "PartyReport": party_report_actions,
}


# ---- notes ---------------------------------------------------------------------------------------

def individual_notes(secretariat: Any, i: Any, today: date | None = None) -> list[str]:
    today = today or date.today()
    if i.status == "accredited" and i.valid_until < today:
        return [f"badge {i.badge} expired on {i.valid_until}"]
    return []


def organisation_notes(secretariat: Any, o: Any) -> list[str]:
    if o.members:
        return [f"{len(o.members)} accredited individual(s); revoke them before revoking the organisation"]
    return []


def party_report_notes(secretariat: Any, r: Any, today: date | None = None) -> list[str]:
    today = today or date.today()
    if r.submitted_on is not None and r.submitted_on > r.due:
        return [f"submitted late: {r.submitted_on}, due {r.due}"]
    if r.submitted_on is None and r.due < today:
        return [f"late: due {r.due}, not submitted"]
    return []


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {
    "Individual": individual_notes, "Organisation": organisation_notes, "PartyReport": party_report_notes,
}


# ---- form hints ------------------------------------------------------------------------------------

def _organisations(status: str) -> Reference:
    return Reference("accreditations", "organisation", "organisation_name", active_only=False,
                     where=f"level = 'organisation' AND status = '{status}'")


def _individuals(status: str) -> Reference:
    return Reference("accreditations", "document", "name", active_only=False,
                     where=f"level = 'individual' AND status = '{status}'")


def _party_reports(states: str) -> Reference:
    return Reference("party_reports", "party", "party_name", active_only=False, where=f"status IN ({states})")


COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("accreditation.accredit-organisation", "organisation"): _organisations("applied"),
    ("accreditation.refuse-organisation", "organisation"): _organisations("applied"),
    ("accreditation.revoke-organisation", "organisation"): _organisations("accredited"),
    ("accreditation.apply", "organisation"): _organisations("accredited"),
    ("accreditation.accredit", "document"): _individuals("applied"),
    ("accreditation.refuse", "document"): _individuals("applied"),
    ("accreditation.revoke", "document"): _individuals("accredited"),
    ("party-reports.submit", "party"): _party_reports("'expected', 'deficiencies'"),
    ("party-reports.review", "party"): _party_reports("'submitted', 'resubmitted'"),
    ("party-reports.accept", "party"): _party_reports("'under review'"),
    ("party-reports.deficiencies", "party"): _party_reports("'under review'"),
    ("party-reports.publish", "party"): _party_reports("'accepted'"),
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("accreditation.apply-organisation", "kind"): stakeholders.ORGANISATION_KINDS,
}
_CODE = (r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$", "1-24 letters, digits or '-'")
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("accreditation.apply", "document"): _CODE, ("accreditation.accredit", "badge"): _CODE,
    ("party-reports.expect", "party"): _CODE,
}
LABELS = {
    "organisation_name": "Organisation name", "applied_on": "Applied on", "decided_on": "Decided on",
    "valid_from": "Valid from", "valid_until": "Valid until", "revoked_on": "Revoked on",
    "badge_returned_on": "Badge returned on", "party_name": "Party name",
}
CREATE = {"accreditations": "accreditation.apply-organisation", "party-reports": "party-reports.expect"}
# Enter on a report's row opens the register behind it, filtered to that row's records (a filter template).
DRILL = {"party-filings": ("party-reports", "party:{party}"), "accredited-list": ("accreditations", "{badge}")}
