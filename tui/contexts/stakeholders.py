"""Card actions, notes and form hints for stakeholder records: accredited organisations and individuals, parties'
annual financial reports (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import stakeholders
from tui.i18n.catalogue import N_, _, ngettext
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "External relations"


def _act(key: str, label: str, command: str, values: dict[str, Any], **suggested: Any) -> Action:
    """The record's own fields fixed; `suggested` values (the balance to transfer, say) filled in but editable."""
    return Action(key, label, command, {**values, **suggested}, frozenset(values))


def organisation_actions(o: Any) -> list[Action]:
    this = {"election": o.election_code, "organisation": o.code}
    steps = (("a", N_("Accredit"), "accreditation.accredit-organisation"),
             ("x", N_("Refuse"), "accreditation.refuse-organisation"),
             ("i", N_("Add an individual's application"), "accreditation.apply"),
             ("r", N_("Revoke"), "accreditation.revoke-organisation"))
    return [_act(k, label, cmd, this) for k, label, cmd in steps if o.allows(cmd) is None]


def individual_actions(i: Any) -> list[Action]:
    this = {"election": i.election_code, "document": i.code}
    steps = (("a", N_("Accredit (issue badge)"), "accreditation.accredit"), ("x", N_("Refuse"), "accreditation.refuse"),
             ("r", N_("Revoke (badge returned)"), "accreditation.revoke"))
    return [_act(k, label, cmd, this) for k, label, cmd in steps if i.allows(cmd) is None]


def party_report_actions(r: Any) -> list[Action]:
    this = {"party": r.party, "year": r.year}
    steps = (("s", N_("Receive resubmission") if r.status == "deficiencies" else N_("Receive report"),
              "party-reports.submit"),
             ("u", N_("Start review"), "party-reports.review"), ("a", N_("Accept"), "party-reports.accept"),
             ("d", N_("Return with deficiencies"), "party-reports.deficiencies"),
             ("p", N_("Publish"), "party-reports.publish"))
    return [_act(k, label, cmd, this) for k, label, cmd in steps if r.allows(cmd) is None]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {
    "Organisation": organisation_actions, "Individual": individual_actions, "PartyReport": party_report_actions,
}


# ---- notes ---------------------------------------------------------------------------------------

def individual_notes(secretariat: Any, i: Any, today: date | None = None) -> list[str]:
    today = today or date.today()
    if i.allows("accreditation.revoke") is None and i.valid_until < today:  # accredited, badge expired
        return [_("badge {badge} expired on {on}", badge=i.badge, on=i.valid_until)]
    return []


def organisation_notes(secretariat: Any, o: Any) -> list[str]:
    if o.members:
        return [ngettext("{n} accredited individual; revoke them before revoking the organisation",
                         "{n} accredited individuals; revoke them before revoking the organisation",
                         len(o.members), n=len(o.members))]
    return []


def party_report_notes(secretariat: Any, r: Any, today: date | None = None) -> list[str]:
    today = today or date.today()
    if r.submitted_on is not None and r.submitted_on > r.due:
        return [_("submitted late: {on}, due {due}", on=r.submitted_on, due=r.due)]
    if r.submitted_on is None and r.due < today:
        return [_("late: due {due}, not submitted", due=r.due)]
    return []


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {
    "Individual": individual_notes, "Organisation": organisation_notes, "PartyReport": party_report_notes,
}


# ---- form hints ------------------------------------------------------------------------------------

def _in(statuses: tuple[str, ...]) -> str:
    return "status IN ({})".format(", ".join(f"'{s}'" for s in statuses))


# A picker lists the records in the statuses the domain takes the command in (stakeholders.*_STATUSES).
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(name, "organisation"): Reference("accreditations", "organisation", "organisation_name", active_only=False,
                                         where=f"level = 'organisation' AND {_in(statuses)}")
       for name, statuses in stakeholders.ORGANISATION_STATUSES.items()},
    **{(name, "document"): Reference("accreditations", "document", "name", active_only=False,
                                     where=f"level = 'individual' AND {_in(statuses)}")
       for name, statuses in stakeholders.INDIVIDUAL_STATUSES.items()},
    **{(name, "party"): Reference("party_reports", "party", "party_name", active_only=False, where=_in(statuses))
       for name, statuses in stakeholders.REPORT_STATUSES.items()},
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
