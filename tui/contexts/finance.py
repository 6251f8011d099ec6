"""Card actions, notes and form hints for finance records: budgets and their lines, allocations to commissions,
donor projects (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import finance
from domain.organisation import Commission
from domain.rules import allows
from projections.finance import allowing
from tui.i18n.catalogue import N_, _, ngettext
from tui.i18n.formats import figure, show_amount, show_day
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Finance"


def _act(key: str, label: str, command: str, values: dict[str, Any], **suggested: Any) -> Action:
    """The record's own fields fixed; `suggested` values (the balance to transfer, say) filled in but editable."""
    return Action(key, label, command, {**values, **suggested}, frozenset(values))


def budget_actions(b: Any) -> list[Action]:
    return [_act("l", N_("Add line"), "budgets.add-line", {"year": b.year, "source": b.source})]


def _allowed(record: Any, key: str, label: str, command: str, values: dict[str, Any],
             **suggested: Any) -> list[Action]:
    """The action when the domain says the record's state allows its command, else none."""
    return [_act(key, label, command, values, **suggested)] if record.allows(command) is None else []


def line_actions(line: Any) -> list[Action]:
    return [*_allowed(line, "a", N_("Allocate to a commission"), "allocations.allocate", {"line": line.code}),
            _act("v", N_("Revise"), "budgets.revise-line", {"line": line.code})]


def allocation_actions(a: Any, find: Callable[[Any], Any]) -> list[Action]:
    """What the allocation's state allows, and its commission's bank account while the commission allows one."""
    this = {"allocation": a.code}
    commission = find(a.commission_id)
    return [*_allowed(a, "t", N_("Transfer"), "allocations.transfer", this, amount=a.untransferred),
            *_allowed(a, "s", N_("Receive spending report"), "allocations.submit-report", this),
            *_allowed(a, "v", N_("Verify spending report"), "allocations.verify-report", this, accepted=a.reported),
            *_allowed(a, "f", N_("Record refund"), "allocations.refund", this, amount=a.unaccounted),
            *_allowed(a, "c", N_("Close"), "allocations.close", this),
            *([_act("b", N_("Bank account"), "accounts.register", {"commission": a.commission_label})]
              if commission is None or allows(commission, "accounts.register") is None else [])]


def project_actions(p: Any) -> list[Action]:
    this = {"project": p.code}
    only = {"payment": next(iter(p.advances))} if len(p.advances) == 1 else {}
    return [*_allowed(p, "t", N_("Receive tranche"), "donors.receive-tranche", this),
            *_allowed(p, "p", N_("Pay or advance"), "donors.pay", this),
            *_allowed(p, "s", N_("Settle advance"), "donors.settle-advance", this, **only),
            *_allowed(p, "c", N_("Close"), "donors.close", this)]


def commission_actions(c: Any) -> list[Action]:
    """A live commission's bank account (registered, or changed), from its own card."""
    if allows(c, "accounts.register") is not None:
        return []
    return [_act("b", N_("Bank account"), "accounts.register", {"commission": c.label})]


ACTIONS: dict[str, Callable[..., list[Action]]] = {
    "Budget": budget_actions, "BudgetLine": line_actions, "Allocation": allocation_actions,
    "DonorProject": project_actions, "organisation.Commission": commission_actions,
}


# ---- notes ---------------------------------------------------------------------------------------

def line_notes(secretariat: Any, line: Any) -> list[str]:
    return [_("unallocated balance {unallocated} of {amount} ({allocated} allocated)",
              unallocated=show_amount(line.unallocated), amount=show_amount(line.amount),
              allocated=show_amount(line.allocated))]


def allocation_notes(secretariat: Any, a: Any, today: date | None = None) -> list[str]:
    today = today or date.today()
    notes = [_("untransferred {untransferred} of {amount}; transferred {transferred}, verified spending {verified}, "
               "refunded {refunded}", untransferred=show_amount(a.untransferred), amount=show_amount(a.amount),
               transferred=show_amount(a.transferred), verified=show_amount(a.verified),
               refunded=show_amount(a.refunded))]
    if not a.active:
        return notes
    if secretariat.find(finance.account_id(a.commission_id)) is None:
        notes.append(_("{commission_label} has no bank account registered: register it before transferring",
                       commission_label=a.commission_label))
    if a.reported is not None:
        notes.append(_("spending report of {fmt} awaits verification", fmt=show_amount(a.reported)))
    elif a.transferred > 0 and a.verified == 0 and a.refunded == 0:
        late = " — " + _("overdue").upper() if a.report_due < today else ""
        notes.append(_("spending report due {report_due}{late}", report_due=show_day(a.report_due), late=late))
    if a.reported is None and a.expected_refund > 0 and a.refund_due is not None:
        late = " — " + _("overdue").upper() if a.refund_due < today else ""
        notes.append(_("expected refund {fmt} due {refund_due}{late}", fmt=show_amount(a.expected_refund),
                       refund_due=show_day(a.refund_due), late=late))
    refusal = a.allows("allocations.close")
    if refusal is not None:
        notes.append(_("cannot close yet: {refusal}", refusal=refusal))
    return notes


def project_notes(secretariat: Any, p: Any) -> list[str]:
    notes = [ngettext("received {received} of {amount} {currency} in {n} tranche; paid {paid}; cash {cash}",
                      "received {received} of {amount} {currency} in {n} tranches; paid {paid}; cash {cash}",
                      p.tranches, received=show_amount(p.received), amount=show_amount(p.amount),
                      currency=p.currency, n=figure(p.tranches), paid=show_amount(p.paid), cash=show_amount(p.cash))]
    refusal = p.allows("donors.close") if p.active else None
    if refusal is not None:
        notes.append(refusal)
    return notes


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {
    "BudgetLine": line_notes, "Allocation": allocation_notes, "DonorProject": project_notes,
}


# ---- form hints ------------------------------------------------------------------------------------

def _allowing(kind: type, command: str, table: str, value: str, label: str) -> Reference:
    """The records whose state the domain allows `command` on (the condition it declares, as the register's filter)."""
    return Reference(table, value, label, active_only=False, where=allowing(kind, command))


def _allocations(command: str) -> Reference:
    return _allowing(finance.Allocation, command, "allocations", "code", "commission")


def _projects(command: str) -> Reference:
    return _allowing(finance.DonorProject, command, "donor_projects", "code", "title")


LINES = Reference("budget_lines", "code", "description", active_only=False)
# live lower commissions: those taking a bank account (the central commission takes no allocation or account)
COMMISSIONS = _allowing(Commission, "accounts.register", "commissions", "label", "name")

COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("budgets.revise-line", "line"): LINES,
    ("allocations.allocate", "line"): _allowing(finance.BudgetLine, "allocations.allocate", "budget_lines", "code",
                                                "description"),
    ("allocations.allocate", "commission"): COMMISSIONS,
    ("accounts.register", "commission"): COMMISSIONS,
    **{(command, "allocation"): _allocations(command) for command in finance.ALLOCATION_RULES},
    **{(command, "project"): _projects(command) for command in finance.PROJECT_RULES},
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
