"""The payroll registers: runs (one row per monthly run: status, totals, budget line), payslips (one row per
employee per run) and pay profiles (each enrolled employee's step, allowances, corrections waiting for the next
run); and the payroll reports: payroll journal, staff cost by unit against the budget line, year-to-date per
employee, one payslip.

Money is int minor units (cents). A payslip's status is its run's: the run row lists its employees, so an
approval, payment or void updates each of its payslips.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from domain.errors import Message, Refused
from domain.payroll import PayProfile, PayrollRun
from domain.shown import amount_of
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult, bar


def cents(amount: Decimal) -> int:
    return int(amount * 100)


RUNS = Table("payroll_runs", (
    ("id", "text"), ("code", "text"), ("period", "text"), ("scope", "text"), ("budget_line", "text"),
    ("economic_code", "text"), ("employees", "int"), ("gross", "int"), ("tax", "int"), ("pension", "int"),
    ("net", "int"), ("status", "text"), ("computed_on", "text"), ("computed_by", "text"), ("approved_on", "text"),
    ("approved_by", "text"), ("paid_on", "text"), ("reference", "text"), ("members", "text"),
), key=("id",), indexes=(("period",), ("status",), ("code",)),
   search=("code", "period", "scope", "budget_line", "status", "computed_by", "approved_by", "paid_on"))
SLIPS = Table("payslips", (
    ("run_id", "text"), ("number", "text"), ("run", "text"), ("period", "text"), ("full_name", "text"),
    ("unit", "text"), ("grade", "text"), ("step", "int"), ("days", "int"), ("month_days", "int"), ("salary", "int"),
    ("allowances", "int"), ("correction", "int"), ("gross", "int"), ("tax", "int"), ("pension", "int"),
    ("net", "int"), ("status", "text"), ("budget_line", "text"), ("employee_id", "text"),
), key=("run_id", "number"), indexes=(("period", "number"), ("number",), ("unit",), ("status",)),
   search=("number", "run", "period", "full_name", "unit", "grade", "status"))
PROFILES = Table("pay_profiles", (
    ("id", "text"), ("number", "text"), ("step", "int"), ("allowances", "text"), ("effective", "text"),
    ("pending_corrections", "int"), ("pending", "int"), ("last_period", "text"),
), key=("id",), indexes=(("number",),), search=("number", "allowances", "effective", "last_period"))


class PayrollProjection(Projection):
    name = "payroll"
    version = 1
    tables = (RUNS, SLIPS, PROFILES)

    @staticmethod
    def _row(rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{key} missing from {table}"
        return dict(row)

    @on(PayrollRun.Computed)
    def computed(self, rows: Rows, position: int, e: Any) -> None:
        run = text(e.originator_id)
        rows.put("payroll_runs", {
            "id": run, "code": e.code, "period": e.period, "scope": e.scope, "budget_line": e.budget_line or None,
            "economic_code": e.economic_code, "employees": len(e.lines), "gross": cents(e.gross), "tax": cents(e.tax),
            "pension": cents(e.pension), "net": cents(e.net), "status": "computed", "computed_on": text(e.computed_on),
            "computed_by": e.envelope.actor_name, "approved_on": None, "approved_by": None, "paid_on": None,
            "reference": None, "members": " ".join(line.number for line in e.lines)})
        for line in e.lines:
            rows.put("payslips", {
                "run_id": run, "number": line.number, "run": e.code, "period": e.period, "full_name": line.full_name,
                "unit": line.unit, "grade": line.grade, "step": line.step, "days": line.days,
                "month_days": line.month_days, "salary": cents(line.salary), "allowances": cents(line.allowances),
                "correction": cents(line.correction), "gross": cents(line.gross), "tax": cents(line.tax),
                "pension": cents(line.pension), "net": cents(line.net), "status": "computed",
                "budget_line": e.budget_line or None, "employee_id": text(line.employee_id)})

    def _status(self, rows: Rows, run_id: Any, status: str, **changes: Any) -> None:
        run = self._row(rows, "payroll_runs", text(run_id))
        rows.put("payroll_runs", {**run, "status": status, **changes})
        for number in run["members"].split():
            slip = self._row(rows, "payslips", run["id"], number)
            rows.put("payslips", {**slip, "status": status})

    @on(PayrollRun.Approved)
    def approved(self, rows: Rows, position: int, e: Any) -> None:
        self._status(rows, e.originator_id, "approved", approved_on=text(e.approved_on),
                     approved_by=e.envelope.actor_name)

    @on(PayrollRun.Paid)
    def paid(self, rows: Rows, position: int, e: Any) -> None:
        self._status(rows, e.originator_id, "paid", paid_on=text(e.paid_on), reference=e.reference)

    @on(PayrollRun.Voided)
    def voided(self, rows: Rows, position: int, e: Any) -> None:
        self._status(rows, e.originator_id, "voided")

    @on(PayProfile.Enrolled)
    def enrolled(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("pay_profiles", {"id": text(e.originator_id), "number": e.number, "step": e.step,
                                  "allowances": ", ".join(e.allowances), "effective": text(e.effective),
                                  "pending_corrections": 0, "pending": 0, "last_period": None})

    @on(PayProfile.Changed)
    def changed(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "pay_profiles", text(e.originator_id))
        rows.put("pay_profiles", {**p, "step": e.step, "allowances": ", ".join(e.allowances),
                                  "effective": text(e.effective)})

    @on(PayProfile.CorrectionRecorded)
    def correction(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "pay_profiles", text(e.originator_id))
        rows.put("pay_profiles", {**p, "pending_corrections": p["pending_corrections"] + cents(e.amount),
                                  "pending": p["pending"] + 1})

    @on(PayProfile.Included)
    def included(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "pay_profiles", text(e.originator_id))
        if e.corrections:
            p.update(pending_corrections=0, pending=0)  # a run carries every correction then waiting
        rows.put("pay_profiles", {**p, "last_period": max(p["last_period"] or "", e.period)})

    @on(PayProfile.Released)
    def released(self, rows: Rows, position: int, e: Any) -> None:
        p = self._row(rows, "pay_profiles", text(e.originator_id))
        if e.amount:
            p.update(pending_corrections=p["pending_corrections"] + cents(e.amount), pending=p["pending"] + 1)
        rows.put("pay_profiles", p)


# ---- reports ------------------------------------------------------------------------------------

def _year(ctx: ReportContext) -> str:
    raw = ctx.param("year")
    if raw and not raw.isdigit():
        raise Refused("year must be a number like 2026, not {raw!r}", raw=raw)
    if raw:
        return raw
    latest = ctx.rows("SELECT MAX(period) FROM payroll_runs WHERE status <> 'voided'")
    return latest[0][0][:4] if latest and latest[0][0] else str(ctx.today.year)


_AMOUNTS = ("salary", "allowances", "correction", "gross", "tax", "pension", "net")


def _payroll_journal(ctx: ReportContext) -> ReportResult:
    run, period = ctx.param("run").upper(), ctx.param("period")
    if not run and not period:
        latest = ctx.rows("SELECT MAX(period) FROM payroll_runs WHERE status <> 'voided'")
        period = latest[0][0] if latest and latest[0][0] else ""
    where, params = ("run = ?", (run,)) if run else ("period = ?", (period,))
    rows = ctx.rows(f"SELECT run, number, full_name, unit, grade, step, days, {', '.join(_AMOUNTS)}, status "
                    f"FROM payslips WHERE {where} AND status <> 'voided' ORDER BY run, unit, number", params)
    totals = [sum(r[7 + i] for r in rows) for i in range(len(_AMOUNTS))]
    return ReportResult(("run", "number", "name", "unit", "grade", "step", "days", *_AMOUNTS, "status"), rows,
                        money=_AMOUNTS,
                        notes=(Message("payroll journal {run}: {count} payslip(s)", run=run or period, count=len(rows)),
                               *(Message("{column}: {amount}", column=Message(c), amount=amount_of(t))
                                 for c, t in zip(_AMOUNTS, totals, strict=True))))


def _staff_cost(ctx: ReportContext) -> ReportResult:
    year = _year(ctx)
    rows = ctx.rows("SELECT unit, budget_line, COUNT(DISTINCT number), SUM(gross), SUM(tax), SUM(pension), SUM(net) "
                    "FROM payslips WHERE substr(period, 1, 4) = ? AND status IN ('approved', 'paid') "
                    "GROUP BY unit, budget_line ORDER BY budget_line, unit", (year,))
    # The budget lines' amounts, as the ledger keeps them (projections/ledger.py).
    lines = {code: int(amount) for code, amount in ctx.rows("SELECT code, amount FROM ledger_budget")}
    charged: dict[str | None, int] = defaultdict(int)
    for r in rows:
        charged[r[1]] += int(r[3])
    out = []
    for unit, line, people, gross, tax, pension, net in rows:
        amount = lines.get(line) if line else None
        share = f"{100 * int(gross) // amount}%" if amount else "-"
        out.append((unit, line or Message("(no budget line)"), int(people), int(gross), int(tax), int(pension),
                    int(net), amount, share, bar(int(gross), max((int(r[3]) for r in rows), default=0), 10)))
    notes = [Message("staff cost {year} (approved and paid runs) by unit and the budget line charged",
                     year=str(year))]
    for line, total in sorted(charged.items(), key=lambda kv: kv[0] or ""):
        if line and line in lines:
            notes.append(Message("{line}: {charged} charged of {budget} ({percent}%)", line=line,
                                 charged=amount_of(total), budget=amount_of(lines[line]),
                                 percent=int(100 * total // lines[line]) if lines[line] else 0))
    return ReportResult(("unit", "budget_line", "employees", "gross", "tax", "pension", "net", "line_amount",
                         "share_of_line", "bars"), out, money=("gross", "tax", "pension", "net", "line_amount"),
                        bars="gross", notes=tuple(notes))


def _year_to_date(ctx: ReportContext) -> ReportResult:
    year = _year(ctx)
    number = ctx.param("number").upper()
    until = ctx.param("until") or f"{year}-12"
    where, params = ("AND number = ?", (number,)) if number else ("", ())
    rows = ctx.rows(f"SELECT number, MAX(full_name), COUNT(*), SUM(days), SUM(gross), SUM(tax), SUM(pension), "
                    f"SUM(net) FROM payslips WHERE substr(period, 1, 4) = ? AND period <= ? AND status IN "
                    f"('approved', 'paid') {where} GROUP BY number ORDER BY number", (year, until, *params))
    out = [(n, name, int(months), int(days), int(g), int(t), int(p), int(net))
           for n, name, months, days, g, t, p, net in rows]
    return ReportResult(("number", "name", "months", "days", "gross", "tax", "pension", "net"), out,
                        money=("gross", "tax", "pension", "net"),
                        notes=(Message("year to date {year} (to {until}): {count} employee(s), gross {gross}, "
                                       "net {net}",
                                       year=str(year), until=until, count=len(out),
                                       gross=amount_of(sum(r[4] for r in out)),
                                       net=amount_of(sum(r[7] for r in out))),))


def _payslip(ctx: ReportContext) -> ReportResult:
    number, period = ctx.param("number").upper(), ctx.param("period")
    if not number or not period:
        raise Refused("a payslip needs number=P-0001 and period=2026-01")
    rows = ctx.rows("SELECT run, full_name, unit, grade, step, days, month_days, salary, allowances, correction, "
                    "gross, tax, pension, net, status FROM payslips WHERE number = ? AND period = ? "
                    "AND status <> 'voided'", (number, period))
    if not rows:
        raise Refused("no payslip of {number} for {period}", number=number, period=period)
    r = rows[0]
    items = [(Message("run"), r[0]), (Message("employee"), f"{number} {r[1]}"), (Message("unit"), r[2]),
             (Message("grade, step"), Message("{grade}, step {step}", grade=r[3], step=r[4])),
             (Message("days paid"), Message("{days} of {month_days}", days=r[5], month_days=r[6])),
             (Message("monthly salary"), amount_of(r[7])), (Message("allowances"), amount_of(r[8])),
             (Message("corrections"), amount_of(r[9])), (Message("gross"), amount_of(r[10])),
             (Message("income tax"), amount_of(r[11])), (Message("pension"), amount_of(r[12])),
             (Message("net pay"), amount_of(r[13])), (Message("status"), Message(r[14]))]
    return ReportResult(("item", "value"), items,
                        notes=(Message("payslip of {number} for {period}", number=number, period=period),))


PROJECTIONS = (PayrollProjection,)
REGISTERS = (
    Register("payroll", "payroll", "payroll_runs", ("period", "code"),
             ("code", "period", "scope", "budget_line", "employees", "gross", "tax", "pension", "net", "status",
              "computed_by", "approved_by", "paid_on"), "Payroll runs", kind="payroll-run", descending=True,
             numeric=("employees",), money=("gross", "tax", "pension", "net"),
             fields={"period": "period = ?", "status": "status = ?", "year": "substr(period, 1, 4) = ?",
                     "unit": "scope = upper(?)"}),
    Register("payslips", "payroll", "payslips", ("period", "number", "run"),
             ("period", "number", "full_name", "unit", "grade", "step", "days", "gross", "tax", "pension", "net",
              "status", "run"), "Payslips", record="employee_id", key=("run_id", "number"), descending=True,
             numeric=("step", "days"), money=("gross", "tax", "pension", "net"),
             fields={"period": "period = ?", "number": "number = upper(?)", "unit": "unit = upper(?)",
                     "status": "status = ?", "run": "run = upper(?)"},
             office=("unit",)),
    Register("pay-profiles", "payroll", "pay_profiles", ("number",),
             ("number", "step", "allowances", "effective", "pending_corrections", "last_period"),
             "Pay profiles", numeric=("step", "pending"), money=("pending_corrections",),
             fields={"number": "number = upper(?)"}),
)
REPORTS = (
    Report("payroll-journal", "Payroll journal of a run or a month", _payroll_journal, params=("run", "period")),
    Report("staff-cost-by-unit", "Staff cost by unit against the budget line", _staff_cost, params=("year",)),
    Report("payroll-year-to-date", "Year to date per employee", _year_to_date, params=("year", "number", "until")),
    Report("payslip", "One employee's payslip for a month", _payslip, params=("number", "period")),
)
