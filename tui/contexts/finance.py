"""Card actions, notes and form hints for finance and stakeholder records: budgets and their lines,
allocations, donor projects, accredited organisations and individuals, parties' financial reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import finance, stakeholders
from tui.screens.card import Action
from tui.widgets.fields import Reference


def _act(key: str, label: str, command: str, values: dict[str, Any], **suggested: Any) -> Action:
    """The record's own fields fixed; `suggested` values (the balance to transfer, say) filled in but editable."""
    return Action(key, label, command, {**values, **suggested}, frozenset(values))


def budget_actions(b: Any) -> list[Action]:
    return [_act("l", "Add line", "budgets.add-line", {"year": b.year, "source": b.source})]


def line_actions(line: Any) -> list[Action]:
    out = []
    if line.unallocated > 0:
        out.append(_act("a", "Allocate to a commission", "allocations.allocate", {"line": line.code}))
    out.append(_act("v", "Revise", "budgets.revise-line", {"line": line.code}))
    return out


def allocation_actions(a: Any) -> list[Action]:
    if a.status != "open":
        return []
    this = {"allocation": a.code}
    out = []
    if a.untransferred > 0:
        out.append(_act("t", "Transfer", "allocations.transfer", this, amount=a.untransferred))
    if a.transferred > 0 and a.reported is None and a.expected_refund > 0:
        out.append(_act("s", "Receive spending report", "allocations.submit-report", this))
    if a.reported is not None:
        out.append(_act("v", "Verify spending report", "allocations.verify-report", this, accepted=a.reported))
    if a.unaccounted > 0:
        out.append(_act("f", "Record refund", "allocations.refund", this, amount=a.unaccounted))
    # Closing an allocation nothing was transferred under would only strand its money: not offered.
    if a.transferred > 0 and a.reported is None and a.verified + a.refunded == a.transferred:
        out.append(_act("c", "Close", "allocations.close", this))
    out.append(_act("b", "Bank account", "accounts.register", {"commission": a.commission_label}))
    return out


def project_actions(p: Any) -> list[Action]:
    if not p.active:
        return []
    this = {"project": p.code}
    out = [_act("t", "Receive tranche", "donors.receive-tranche", this),
           _act("p", "Pay or advance", "donors.pay", this)]
    if p.advances:
        only = {"payment": next(iter(p.advances))} if len(p.advances) == 1 else {}
        out.append(_act("s", "Settle advance", "donors.settle-advance", this, **only))
    else:
        out.append(_act("c", "Close", "donors.close", this))
    return out


def organisation_actions(o: Any) -> list[Action]:
    this = {"election": o.election_code, "organisation": o.code}
    if o.status == "applied":
        return [_act("a", "Accredit", "accreditation.accredit-organisation", this),
                _act("x", "Refuse", "accreditation.refuse-organisation", this)]
    if o.status == "accredited":
        return [_act("i", "Add an individual's application", "accreditation.apply", this),
                _act("r", "Revoke", "accreditation.revoke-organisation", this)]
    return []


def individual_actions(i: Any) -> list[Action]:
    this = {"election": i.election_code, "document": i.code}
    if i.status == "applied":
        return [_act("a", "Accredit (issue badge)", "accreditation.accredit", this),
                _act("x", "Refuse", "accreditation.refuse", this)]
    if i.status == "accredited":
        return [_act("r", "Revoke (badge returned)", "accreditation.revoke", this)]
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
    "Budget": budget_actions, "BudgetLine": line_actions, "Allocation": allocation_actions,
    "DonorProject": project_actions, "Organisation": organisation_actions, "Individual": individual_actions,
    "PartyReport": party_report_actions,
}


# ---- notes ---------------------------------------------------------------------------------------

def line_notes(secretariat: Any, line: Any) -> list[str]:
    return [f"unallocated balance {finance.fmt(line.unallocated)} of {finance.fmt(line.amount)} "
            f"({finance.fmt(line.allocated)} allocated)"]


def allocation_notes(secretariat: Any, a: Any, today: date | None = None) -> list[str]:
    today = today or date.today()
    notes = [f"untransferred {finance.fmt(a.untransferred)} of {finance.fmt(a.amount)}; transferred "
             f"{finance.fmt(a.transferred)}, verified spending {finance.fmt(a.verified)}, refunded "
             f"{finance.fmt(a.refunded)}"]
    if a.status != "open":
        return notes
    if secretariat.find(finance.account_id(a.commission_id)) is None:
        notes.append(f"{a.commission_label} has no bank account registered: register it before transferring")
    if a.reported is not None:
        notes.append(f"spending report of {finance.fmt(a.reported)} awaits verification")
    elif a.transferred > 0 and a.verified == 0 and a.refunded == 0:
        late = " — OVERDUE" if a.report_due < today else ""
        notes.append(f"spending report due {a.report_due}{late}")
    if a.reported is None and a.expected_refund > 0 and a.refund_due is not None:
        late = " — OVERDUE" if a.refund_due < today else ""
        notes.append(f"expected refund {finance.fmt(a.expected_refund)} due {a.refund_due}{late}")
    if a.reported is not None or a.verified + a.refunded != a.transferred:
        notes.append(f"cannot close yet: verified spending plus refunds must equal the "
                     f"{finance.fmt(a.transferred)} transferred ({finance.fmt(a.expected_refund)} unaccounted for)")
    return notes


def project_notes(secretariat: Any, p: Any) -> list[str]:
    notes = [f"received {finance.fmt(p.received)} of {finance.fmt(p.amount)} {p.currency} in {p.tranches} "
             f"tranche(s); paid {finance.fmt(p.paid)}; cash {finance.fmt(p.cash)}"]
    if p.active and p.advances:
        notes.append(f"cannot close: {len(p.advances)} advance(s) open ({', '.join(sorted(p.advances))})")
    return notes


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
    "BudgetLine": line_notes, "Allocation": allocation_notes, "DonorProject": project_notes,
    "Individual": individual_notes, "Organisation": organisation_notes, "PartyReport": party_report_notes,
}


# ---- form hints ------------------------------------------------------------------------------------

def _allocations(where: str) -> Reference:
    return Reference("allocations", "code", "commission", active_only=False, where=f"status = 'open' AND {where}")


LINES = Reference("budget_lines", "code", "description", active_only=False)
COMMISSIONS = Reference("commissions", "label", "name", active_only=False, where="active = 1")
PROJECTS = Reference("donor_projects", "code", "title", active_only=False, where="status = 'active'")


def _organisations(status: str) -> Reference:
    return Reference("accreditations", "organisation", "organisation_name", active_only=False,
                     where=f"level = 'organisation' AND status = '{status}'")


def _individuals(status: str) -> Reference:
    return Reference("accreditations", "document", "name", active_only=False,
                     where=f"level = 'individual' AND status = '{status}'")


def _party_reports(states: str) -> Reference:
    return Reference("party_reports", "party", "party_name", active_only=False, where=f"status IN ({states})")


COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("budgets.revise-line", "line"): LINES,
    ("allocations.allocate", "line"): Reference("budget_lines", "code", "description", active_only=False,
                                                where="unallocated > 0"),
    ("allocations.allocate", "commission"): COMMISSIONS,
    ("accounts.register", "commission"): COMMISSIONS,
    ("allocations.transfer", "allocation"): _allocations("untransferred > 0"),
    ("allocations.submit-report", "allocation"): _allocations("transferred > 0 AND reported IS NULL"),
    ("allocations.verify-report", "allocation"): _allocations("reported IS NOT NULL"),
    ("allocations.refund", "allocation"): _allocations("expected_refund > 0"),
    ("allocations.close", "allocation"): _allocations("reported IS NULL AND expected_refund = 0"),
    ("donors.receive-tranche", "project"): PROJECTS,
    ("donors.pay", "project"): PROJECTS,
    ("donors.settle-advance", "project"): Reference("donor_projects", "code", "title", active_only=False,
                                                    where="status = 'active' AND open_advances > 0"),
    ("donors.close", "project"): PROJECTS,
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
    ("donors.pay", "kind"): finance.PAYMENT_KINDS,
    ("accreditation.apply-organisation", "kind"): stakeholders.ORGANISATION_KINDS,
}
_CODE = (r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$", "1-24 letters, digits or '-'")
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("budgets.open", "source"): _CODE, ("budgets.add-line", "source"): _CODE,
    ("budgets.add-line", "economic_code"): _CODE, ("budgets.add-line", "cost_centre"): _CODE,
    ("donors.register", "currency"): (r"^[A-Za-z]{3}$", "a three-letter currency code like USD"),
    ("allocations.allocate", "commission"): (r"^[A-Za-z0-9][A-Za-z0-9-]*/\d{1,4}(-\d{1,5})?$",
                                             "a commission like PE26/001 or PE26/001-0003"),
    ("accreditation.apply", "document"): _CODE, ("accreditation.accredit", "badge"): _CODE,
    ("party-reports.expect", "party"): _CODE,
}
LABELS = {
    "budget_title": "Title", "economic_code": "Economic code", "cost_centre": "Cost centre",
    "allocated_on": "Allocated on", "report_due": "Spending report due", "payment_order": "Payment order no.",
    "value_date": "Value date", "submitted_on": "Submitted on", "verified_on": "Verified on",
    "closed_on": "Closed on", "account_number": "Account number", "project_title": "Title",
    "paid_on": "Paid on", "settled_on": "Settled on", "organisation_name": "Organisation name",
    "applied_on": "Applied on", "decided_on": "Decided on", "valid_from": "Valid from", "valid_until": "Valid until",
    "revoked_on": "Revoked on", "badge_returned_on": "Badge returned on", "party_name": "Party name",
}
# What the shell's "n" (new) key opens on each of these registers.
CREATE = {"budget": "budgets.add-line", "allocations": "allocations.allocate", "donor-projects": "donors.register",
          "accreditations": "accreditation.apply-organisation", "party-reports": "party-reports.expect"}
