"""The finance registers: budget (one row per budget line, with what was allocated, transferred, verified and
refunded under it), allocations, donor projects; a journal of money movements by business date for the
financial statements; and their reports.

Money is stored as int minor units (cents). Nothing here depends on the day it is read: overdue reports and
refunds are decided by the reports (and filter words) against the day they are given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.errors import Message, Refused
from domain.finance import Allocation, BudgetLine, DonorProject
from domain.shown import amount_of
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, cents
from projections.reports import Report, ReportContext, ReportResult

LINES = Table("budget_lines", (
    ("id", "text"), ("budget_id", "text"), ("code", "text"), ("year", "int"), ("source", "text"),
    ("economic_code", "text"), ("cost_centre", "text"), ("description", "text"), ("amount", "int"),
    ("allocated", "int"), ("unallocated", "int"), ("transferred", "int"), ("verified", "int"), ("refunded", "int"),
    ("revisions", "int"), ("allocations", "int"),
), key=("id",), indexes=(("code",), ("year", "source"), ("economic_code",), ("cost_centre",), ("description",)),
   search=("code", "source", "economic_code", "cost_centre", "description"))
ALLOCATIONS = Table("allocations", (
    ("id", "text"), ("code", "text"), ("budget_code", "text"), ("line_id", "text"), ("line_code", "text"),
    ("commission", "text"), ("election_code", "text"), ("constituency", "int"), ("precinct", "int"),
    ("amount", "int"), ("transferred", "int"), ("untransferred", "int"), ("reported", "int"), ("verified", "int"),
    ("refunded", "int"), ("expected_refund", "int"), ("status", "text"), ("report_status", "text"),
    ("allocated_on", "text"), ("report_due", "text"), ("refund_due", "text"), ("closed_on", "text"),
    ("bank", "text"), ("account", "text"), ("transfers", "int"),
), key=("id",), indexes=(("code",), ("line_code",), ("commission",), ("election_code", "constituency"),
                         ("status",), ("report_due",), ("refund_due",)),
   search=("code", "line_code", "commission", "status", "report_status", "allocated_on", "report_due",
           "refund_due"))
MOVEMENTS = Table("finance_movements", (
    ("position", "int"), ("on_date", "text"), ("kind", "text"), ("reference", "text"), ("line_code", "text"),
    ("allocation_code", "text"), ("commission", "text"), ("project", "text"), ("amount", "int"),
), key=("position",), indexes=(("on_date",), ("kind",)))
PROJECTS = Table("donor_projects", (
    ("id", "text"), ("code", "text"), ("title", "text"), ("donor", "text"), ("agreement", "text"),
    ("currency", "text"), ("amount", "int"), ("received", "int"), ("paid", "int"), ("cash", "int"),
    ("advances_open", "int"), ("open_advances", "int"), ("tranches", "int"), ("starts", "text"), ("ends", "text"),
    ("status", "text"), ("closed_on", "text"),
), key=("id",), indexes=(("code",), ("donor",), ("status",)),
   search=("code", "title", "donor", "agreement", "currency", "starts", "ends", "status"))

# How the domain's attributes of these records read in their rows, where no column bears the attribute's name.
READS: dict[type, dict[str, str]] = {
    Allocation: {"unaccounted": "expected_refund - COALESCE(reported, 0)"},
    DonorProject: {"active": "status = 'active'"},
}


def allowing(kind: type, command: str) -> str:
    """The filter of the register rows (budget lines, allocations, donor projects, commissions) whose record's
    state allows `command`, from the condition the domain declares for it: what a finance picker lists."""
    return conditions.allowing(kind, command, READS.get(kind))


class FinanceProjection(Projection):
    name = "finance"
    # 2: accreditations and party reports moved to the stakeholders projection;
    # 3: the search form column (domain.folding)
    version = 3
    tables = (LINES, ALLOCATIONS, MOVEMENTS, PROJECTS)

    @staticmethod
    def _row(rows: Rows, table: str, key: Any) -> dict[str, Any]:
        row = rows.get(table, text(key))
        assert row is not None, f"{key} missing from {table}"
        return dict(row)

    def _move(self, rows: Rows, position: int, on_date: date, kind: str, amount: Decimal, reference: str = "",
              allocation: dict[str, Any] | None = None, project: str | None = None) -> None:
        rows.put("finance_movements", {
            "position": position, "on_date": text(on_date), "kind": kind, "reference": reference,
            "line_code": allocation["line_code"] if allocation else None,
            "allocation_code": allocation["code"] if allocation else None,
            "commission": allocation["commission"] if allocation else None, "project": project,
            "amount": cents(amount)})

    # ---- budget lines ----

    @on(BudgetLine.Added)
    def line_added(self, rows: Rows, position: int, e: Any) -> None:
        amount = cents(e.amount)
        rows.put("budget_lines", {
            "id": text(e.originator_id), "budget_id": text(e.budget_id), "code": e.code, "year": e.year,
            "source": e.source, "economic_code": e.economic_code, "cost_centre": e.cost_centre,
            "description": e.description, "amount": amount, "allocated": 0, "unallocated": amount,
            "transferred": 0, "verified": 0, "refunded": 0, "revisions": 0, "allocations": 0})

    @on(BudgetLine.Revised)
    def line_revised(self, rows: Rows, position: int, e: Any) -> None:
        line = self._row(rows, "budget_lines", e.originator_id)
        amount = cents(e.amount)
        rows.put("budget_lines", {**line, "amount": amount, "unallocated": amount - line["allocated"],
                                  "revisions": line["revisions"] + 1})

    @on(BudgetLine.Allocated)
    def line_allocated(self, rows: Rows, position: int, e: Any) -> None:
        line = self._row(rows, "budget_lines", e.originator_id)
        allocated = line["allocated"] + cents(e.amount)
        rows.put("budget_lines", {**line, "allocated": allocated, "unallocated": line["amount"] - allocated,
                                  "allocations": line["allocations"] + 1})

    def _line_add(self, rows: Rows, line_id: str, column: str, amount: int) -> None:
        line = self._row(rows, "budget_lines", line_id)
        rows.put("budget_lines", {**line, column: line[column] + amount})

    # ---- allocations ----

    @on(Allocation.Made)
    def allocation_made(self, rows: Rows, position: int, e: Any) -> None:
        tail = f"-{e.precinct:04d}" if e.precinct is not None else ""
        amount = cents(e.amount)
        row = {
            "id": text(e.originator_id), "code": e.code, "budget_code": e.budget_code, "line_id": text(e.line_id),
            "line_code": e.line_code, "commission": f"{e.election_code}/{e.constituency:03d}{tail}",
            "election_code": e.election_code, "constituency": e.constituency, "precinct": e.precinct,
            "amount": amount, "transferred": 0, "untransferred": amount, "reported": None, "verified": 0,
            "refunded": 0, "expected_refund": 0, "status": "open", "report_status": "not submitted",
            "allocated_on": text(e.allocated_on), "report_due": text(e.report_due), "refund_due": None,
            "closed_on": None, "bank": None, "account": None, "transfers": 0}
        rows.put("allocations", row)
        self._move(rows, position, e.allocated_on, "allocation", e.amount, e.code, row)

    @on(Allocation.Transferred)
    def allocation_transferred(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "allocations", e.originator_id)
        amount = cents(e.amount)
        transferred = a["transferred"] + amount
        rows.put("allocations", {**a, "transferred": transferred, "untransferred": a["amount"] - transferred,
                                 "expected_refund": a["expected_refund"] + amount, "bank": e.bank,
                                 "account": e.account, "transfers": a["transfers"] + 1})
        self._line_add(rows, a["line_id"], "transferred", amount)
        self._move(rows, position, e.value_date, "transfer", e.amount, e.payment_order, a)

    @on(Allocation.ReportSubmitted)
    def report_submitted(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "allocations", e.originator_id)
        rows.put("allocations", {**a, "reported": cents(e.amount), "report_status": "submitted"})

    @on(Allocation.ReportVerified)
    def report_verified(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "allocations", e.originator_id)
        accepted = cents(e.accepted)
        rows.put("allocations", {**a, "reported": None, "verified": a["verified"] + accepted,
                                 "expected_refund": a["expected_refund"] - accepted, "report_status": "verified",
                                 "refund_due": text(e.refund_due)})
        self._line_add(rows, a["line_id"], "verified", accepted)
        self._move(rows, position, e.verified_on, "verified spending", e.accepted, "", a)

    @on(Allocation.Refunded)
    def refunded(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "allocations", e.originator_id)
        amount = cents(e.amount)
        rows.put("allocations", {**a, "refunded": a["refunded"] + amount,
                                 "expected_refund": a["expected_refund"] - amount})
        self._line_add(rows, a["line_id"], "refunded", amount)
        self._move(rows, position, e.received_on, "refund", e.amount, e.reference, a)

    @on(Allocation.Closed)
    def allocation_closed(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "allocations", e.originator_id)
        rows.put("allocations", {**a, "status": "closed", "closed_on": text(e.closed_on)})

    # ---- donor projects ----

    @on(DonorProject.Registered)
    def project_registered(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("donor_projects", {
            "id": text(e.originator_id), "code": e.code, "title": e.title, "donor": e.donor,
            "agreement": e.agreement, "currency": e.currency, "amount": cents(e.amount), "received": 0, "paid": 0,
            "cash": 0, "advances_open": 0, "open_advances": 0, "tranches": 0, "starts": text(e.starts),
            "ends": text(e.ends), "status": "active", "closed_on": None})

    @on(DonorProject.TrancheReceived)
    def tranche(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "donor_projects", e.originator_id)
        amount = cents(e.amount)
        rows.put("donor_projects", {**p, "received": p["received"] + amount, "cash": p["cash"] + amount,
                                    "tranches": p["tranches"] + 1})
        self._move(rows, position, e.received_on, "tranche", e.amount, e.reference, project=p["code"])

    @on(DonorProject.Paid)
    def paid(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "donor_projects", e.originator_id)
        amount = cents(e.amount)
        advance = e.kind == "advance"
        rows.put("donor_projects", {**p, "paid": p["paid"] + amount, "cash": p["cash"] - amount,
                                    "advances_open": p["advances_open"] + (amount if advance else 0),
                                    "open_advances": p["open_advances"] + (1 if advance else 0)})
        self._move(rows, position, e.paid_on, e.kind, e.amount, e.number, project=p["code"])

    @on(DonorProject.AdvanceSettled)
    def settled(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "donor_projects", e.originator_id)
        returned = cents(e.advance) - cents(e.spent)
        rows.put("donor_projects", {**p, "paid": p["paid"] - returned, "cash": p["cash"] + returned,
                                    "advances_open": p["advances_open"] - cents(e.advance),
                                    "open_advances": p["open_advances"] - 1})
        self._move(rows, position, e.settled_on, "advance returned", e.advance - e.spent, e.number,
                   project=p["code"])

    @on(DonorProject.Closed)
    def project_closed(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "donor_projects", e.originator_id)
        rows.put("donor_projects", {**p, "status": "closed", "closed_on": text(e.on)})


# ---- reports ------------------------------------------------------------------------------------

def _year(ctx: ReportContext) -> int | None:
    raw = ctx.param("year")
    if not raw:
        return None
    if not raw.isdigit():
        raise Refused("year must be a number like 2026, not {raw!r}", raw=raw)
    return int(raw)


def _budget_execution(ctx: ReportContext) -> ReportResult:
    year = _year(ctx)
    where, params = ("WHERE year = ?", (year,)) if year is not None else ("", ())
    rows = ctx.rows("SELECT code, amount, allocated, transferred, verified, refunded, unallocated "
                    f"FROM budget_lines {where} ORDER BY code", params)
    # Each line's execution: the whole percentage of its budget transferred (drawn as its bar, printed as 45%).
    out = [(*r, (100 * r[3] // r[1]) if r[1] else 0) for r in rows]
    totals = [sum(r[i] for r in rows) for i in range(1, 7)]
    notes = (Message("{count} line(s); budget {budget}, allocated {allocated}, transferred {transferred}, "
                     "verified {verified}, refunded {refunded}, unallocated balance {balance}", count=len(rows),
                     budget=amount_of(totals[0]), allocated=amount_of(totals[1]),
                     transferred=amount_of(totals[2]), verified=amount_of(totals[3]),
                     refunded=amount_of(totals[4]), balance=amount_of(totals[5])),)
    return ReportResult(("line", "budget", "allocated", "transferred", "verified", "refunded", "balance", "executed"),
                        out, money=("budget", "allocated", "transferred", "verified", "refunded", "balance"),
                        bars="executed", percent=("executed",), notes=notes)


def _allocations_vs_transfers(ctx: ReportContext) -> ReportResult:
    election = ctx.param("election").upper()
    where, params = ("WHERE election_code = ?", (election,)) if election else ("", ())
    rows = ctx.rows("SELECT commission, COUNT(*), SUM(amount), SUM(transferred), SUM(untransferred) "
                    f"FROM allocations {where} GROUP BY commission ORDER BY commission", params)
    rows = [(c, int(n), int(a), int(t), int(u)) for c, n, a, t, u in rows]  # PostgreSQL sums are numeric
    out = [(c, n, a, t, u, (100 * t // a) if a else 0) for c, n, a, t, u in rows]
    total_a, total_t = sum(r[2] for r in rows), sum(r[3] for r in rows)
    return ReportResult(("commission", "allocations", "allocated", "transferred", "untransferred", "transferred_pct"),
                        out, money=("allocated", "transferred", "untransferred"), percent=("transferred_pct",),
                        notes=(Message("{count} commission(s); allocated {allocated}, transferred {transferred}",
                                       count=len(rows), allocated=amount_of(total_a),
                                       transferred=amount_of(total_t)),))


def _outstanding(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT code, commission, transferred, reported, verified, refunded, expected_refund, "
                    "report_status, report_due, refund_due FROM allocations "
                    "WHERE status = 'open' AND transferred > 0 ORDER BY code")
    out = []
    for code, commission, transferred, reported, _v, _r, expected, status, report_due, refund_due in rows:
        if reported is not None:
            out.append((code, commission, "report awaiting verification", report_due, reported, ""))
        elif status == "not submitted":
            out.append((code, commission, "spending report", report_due, transferred,
                        "OVERDUE" if report_due < today else ""))
        elif expected > 0:
            out.append((code, commission, "refund", refund_due, expected,
                        "OVERDUE" if refund_due and refund_due < today else ""))
    overdue = sum(1 for r in out if r[5])
    return ReportResult(("allocation", "commission", "outstanding", "due", "amount", "overdue"), out,
                        money=("amount",),
                        notes=(Message("{count} outstanding, {overdue} overdue as of {today}", count=len(out),
                                       overdue=overdue, today=ctx.today),))


def _financial_statement(ctx: ReportContext) -> ReportResult:
    """The financial statement by month, quarter or year, read from the ledger (projections/ledger.py)."""
    from projections.ledger import financial_statement

    return financial_statement(ctx)


def _donor_project_assets(ctx: ReportContext) -> ReportResult:
    project = ctx.param("project").upper()
    projects = ctx.rows("SELECT code, title, currency, amount, received, paid, advances_open, status "
                        "FROM donor_projects ORDER BY code")
    # The property context's equipment register (table `assets`) names each asset's donor project.
    assets = ctx.rows("SELECT donor_project, COUNT(*), SUM(cost) FROM assets WHERE donor_project IS NOT NULL "
                      "GROUP BY donor_project")
    by_project = {p: (int(n), int(cost or 0)) for p, n, cost in assets}
    out = [(code, title, currency, amount, received, paid, advances, status, *by_project.get(code, (0, 0)))
           for code, title, currency, amount, received, paid, advances, status in projects
           if not project or code == project]
    notes: tuple[Message, ...] = ()
    if project:
        linked = [r[0] for r in ctx.rows("SELECT inventory FROM assets WHERE donor_project = ? ORDER BY inventory",
                                         (project,))]
        notes = (Message("assets of {project}: none", project=project) if not linked
                 else Message("assets of {project}: {assets}", project=project, assets=", ".join(linked))
                 if len(linked) <= 50 else
                 Message("assets of {project}: {assets} and {more} more", project=project,
                         assets=", ".join(linked[:50]), more=len(linked) - 50),)
    return ReportResult(("project", "title", "currency", "agreed", "received", "paid", "advances_open", "status",
                         "assets", "assets_cost"), out,
                        money=("agreed", "received", "paid", "advances_open", "assets_cost"), notes=notes)


PROJECTIONS = (FinanceProjection,)
REGISTERS = (
    Register("budget", "finance", "budget_lines", ("code",),
             ("code", "year", "source", "economic_code", "cost_centre", "description", "amount", "allocated",
              "unallocated", "transferred", "verified", "refunded", "revisions"), "Budget lines",
             kind="budget-line", numeric=("year", "revisions"),
             money=("amount", "allocated", "unallocated", "transferred", "verified", "refunded"),
             fields={"year": "CAST(year AS TEXT) = ?", "source": "source = upper(?)",
                     "centre": "cost_centre = upper(?)", "economic": "economic_code = upper(?)"}),
    Register("allocations", "finance", "allocations", ("code",),
             ("code", "line_code", "commission", "amount", "transferred", "untransferred", "verified", "refunded",
              "expected_refund", "status", "report_status", "allocated_on", "report_due", "refund_due"),
             "Allocations to commissions", kind="allocation",
             money=("amount", "transferred", "untransferred", "verified", "refunded", "expected_refund"),
             fields={"status": "status = ?", "report": "report_status = ?", "election": "election_code = upper(?)",
                     "line": "line_code = upper(?)", "commission": "commission = upper(?)",
                     "constituency": "CAST(constituency AS TEXT) = ?",
                     "due": "status = 'open' AND report_status = 'not submitted' AND report_due <= ?"}),
    Register("donor-projects", "finance", "donor_projects", ("code",),
             ("code", "title", "donor", "agreement", "currency", "amount", "received", "paid", "cash",
              "advances_open", "open_advances", "starts", "ends", "status"), "Donor projects", kind="donor-project",
             numeric=("open_advances",), money=("amount", "received", "paid", "cash", "advances_open"),
             fields={"status": "status = ?", "donor": "donor = ?", "currency": "currency = upper(?)"}),
)
REPORTS = (
    Report("budget-execution", "Budget execution by line (allocated, transferred, verified, refunded, balance)",
           _budget_execution, params=("year",)),
    Report("allocations-vs-transfers", "Allocations and transfers per commission", _allocations_vs_transfers,
           params=("election",)),
    Report("outstanding-reports-and-refunds", "Spending reports and refunds outstanding (overdue flagged)",
           _outstanding),
    Report("financial-statement", "Financial statement by month, quarter or year", _financial_statement,
           params=("period", "year")),
    Report("donor-projects-summary", "Donor projects: receipts, payments, open advances, linked assets",
           _donor_project_assets, params=("project",)),
)
