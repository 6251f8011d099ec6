"""Card actions, notes and form hints for finance records: budgets and their lines, allocations to commissions,
donor projects (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import finance
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Finance"


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


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {
    "Budget": budget_actions, "BudgetLine": line_actions, "Allocation": allocation_actions,
    "DonorProject": project_actions,
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


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {
    "BudgetLine": line_notes, "Allocation": allocation_notes, "DonorProject": project_notes,
}


# ---- form hints ------------------------------------------------------------------------------------

def _allocations(where: str) -> Reference:
    return Reference("allocations", "code", "commission", active_only=False, where=f"status = 'open' AND {where}")


LINES = Reference("budget_lines", "code", "description", active_only=False)
COMMISSIONS = Reference("commissions", "label", "name", active_only=False, where="active = 1")
PROJECTS = Reference("donor_projects", "code", "title", active_only=False, where="status = 'active'")

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
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("donors.pay", "kind"): finance.PAYMENT_KINDS,
}
_CODE = (r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$", "1-24 letters, digits or '-'")
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("budgets.open", "source"): _CODE, ("budgets.add-line", "source"): _CODE,
    ("budgets.add-line", "economic_code"): _CODE, ("budgets.add-line", "cost_centre"): _CODE,
    ("donors.register", "currency"): (r"^[A-Za-z]{3}$", "a three-letter currency code like USD"),
    ("allocations.allocate", "commission"): (r"^[A-Za-z0-9][A-Za-z0-9-]*/\d{1,4}(-\d{1,5})?$",
                                             "a commission like PE26/001 or PE26/001-0003"),
}
LABELS = {
    "budget_title": "Title", "economic_code": "Economic code", "cost_centre": "Cost centre",
    "allocated_on": "Allocated on", "report_due": "Spending report due", "payment_order": "Payment order no.",
    "value_date": "Value date", "submitted_on": "Submitted on", "verified_on": "Verified on",
    "closed_on": "Closed on", "account_number": "Account number", "project_title": "Title",
    "paid_on": "Paid on", "settled_on": "Settled on",
}
CREATE = {"budget": "budgets.add-line", "allocations": "allocations.allocate", "donor-projects": "donors.register"}
# Enter on a report's row opens the register behind it, filtered to that row's records (a filter template).
DRILL = {"budget-execution": ("budget", "{line}"), "allocations-vs-transfers": ("allocations", "{commission}"),
         "outstanding-reports-and-refunds": ("allocations", "{allocation}"),
         "donor-projects-summary": ("donor-projects", "{project}")}
