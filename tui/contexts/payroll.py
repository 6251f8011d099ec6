"""Card actions and form hints for payroll: runs (approve by a second person, pay, void, correct), pay terms
offered on an employee's card."""

from __future__ import annotations

from typing import Any

from domain import payroll
from domain.rules import allows
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _, ngettext
from tui.i18n.formats import figure, show_amount
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference

GROUP = "Finance"

LINE = Reference("budget_lines", "code", "description", active_only=False)
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("payroll.set-terms", "number"): EMPLOYEE, ("payroll.correct", "number"): EMPLOYEE,
    **{(n, "run"): Reference("payroll_runs", "code", "period", active_only=False,
                             where=allowing(payroll.PayrollRun, n)) for n in payroll.RUN_STATUSES},
    ("payroll.compute", "budget_line"): LINE,
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("payroll.remit", "kind"): payroll.WITHHOLDING_KINDS}
CREATE = {"payroll": "payroll.compute", "pay-profiles": "payroll.set-terms", "payslips": "payroll.correct"}
LABELS = {"computed_on": "Computed on", "approved_on": "Approved on", "paid_on": "Paid on",
          "tax_free": "Tax-free amount", "tax_rate": "Tax rate %", "pension_rate": "Pension rate %",
          "budget_line": "Budget line charged"}
COMMAND_LABELS = {("payroll.set-scale", "steps"): "Monthly salary per step", ("payroll.compute", "unit"): "Unit (ALL)",
                  ("payroll.set-terms", "allowances"): "Allowances (comma-separated)"}


def _run(r: Any) -> list[Action]:
    this, fixed = {"run": r.code}, frozenset({"run"})
    offered = (Action("a", N_("Approve (second person)"), "payroll.approve", this, fixed),
               Action("v", N_("Void"), "payroll.void", this, fixed),
               Action("p", N_("Record paid"), "payroll.pay", this, fixed),
               Action("c", N_("Correct an employee's pay"), "payroll.correct", this, fixed))
    return [a for a in offered if r.allows(a.command) is None]


def _employee(e: Any) -> list[Action]:
    if allows(e, "payroll.set-terms") is not None:
        return []
    return [Action("y", N_("Pay terms"), "payroll.set-terms", {"number": e.number}, frozenset({"number"}))]


def _run_notes(secretariat: Any, r: Any) -> list[str]:
    notes = [ngettext("{n} payslip: gross {gross}, tax {tax}, pension {pension}, net {net}",
                      "{n} payslips: gross {gross}, tax {tax}, pension {pension}, net {net}", len(r.lines),
                      n=figure(len(r.lines)), gross=show_amount(r.gross), tax=show_amount(r.tax),
                      pension=show_amount(r.pension), net=show_amount(r.net))]
    if r.allows("payroll.approve") is None:  # computed, awaiting approval
        notes.append(_("computed by {computed_by}: another person approves it", computed_by=r.computed_by))
    return notes


ACTIONS = {"PayrollRun": _run, "personnel.Employee": _employee}
NOTES = {"PayrollRun": _run_notes}
