"""The leave and attendance registers: leave requests with their status, each employee's balances per year and
kind (entitled, approved, pending, left), and the units' monthly timesheets of temporary staff; the report of
absences by month."""

from __future__ import annotations

from typing import Any

from domain.errors import Message, Refused
from domain.leave import UNLIMITED, LeaveAccount, Timesheet
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult

REQUESTS = Table("leave_requests", (
    ("request", "text"), ("account_id", "text"), ("number", "text"), ("year", "int"), ("kind", "text"),
    ("start", "text"), ("end_on", "text"), ("days", "int"), ("status", "text"), ("note", "text"),
    ("decided_on", "text"), ("decided_by", "text"),
), key=("request",), indexes=(("number", "start"), ("status",), ("start",), ("kind",)),
   search=("request", "number", "kind", "start", "end_on", "status", "note", "decided_by"))
BALANCES = Table("leave_balances", (
    ("number", "text"), ("year", "int"), ("kind", "text"), ("account_id", "text"), ("entitled", "int"),
    ("carried", "int"), ("approved", "int"), ("pending", "int"), ("remaining", "int"),
), key=("number", "year", "kind"), indexes=(("year", "number"),), search=("number", "kind"))
TIMESHEETS = Table("timesheets", (
    ("id", "text"), ("unit", "text"), ("period", "text"), ("employees", "int"), ("days", "int"),
    ("month_days", "int"), ("entries", "text"), ("status", "text"), ("approved_on", "text"),
), key=("id",), indexes=(("unit", "period"), ("period",), ("status",)), search=("unit", "period", "entries", "status"))


class LeaveProjection(Projection):
    name = "leave"
    version = 1
    tables = (REQUESTS, BALANCES, TIMESHEETS)

    def _balance(self, rows: Rows, number: str, year: int, kind: str, account: str) -> dict[str, Any]:
        return dict(rows.get("leave_balances", number, year, kind) or {
            "number": number, "year": year, "kind": kind, "account_id": account, "entitled": None, "carried": 0,
            "approved": 0, "pending": 0, "remaining": None})

    def _put_balance(self, rows: Rows, row: dict[str, Any]) -> None:
        limited = row["kind"] not in UNLIMITED and row["entitled"] is not None
        rows.put("leave_balances", {**row, "remaining": row["entitled"] - row["approved"] - row["pending"]
                                    if limited else None})

    @on(LeaveAccount.Opened)
    def opened(self, rows: Rows, position: int, e: Any) -> None:
        for kind, days in e.entitlements.items():
            row = self._balance(rows, e.number, e.year, kind, text(e.originator_id))
            self._put_balance(rows, {**row, "entitled": days, "carried": e.carried if kind == "annual" else 0})

    @on(LeaveAccount.Requested)
    def requested(self, rows: Rows, position: int, e: Any) -> None:
        number, year = e.request.split("/")[0], e.start.year
        rows.put("leave_requests", {
            "request": e.request, "account_id": text(e.originator_id), "number": number, "year": year, "kind": e.kind,
            "start": text(e.start), "end_on": text(e.end), "days": e.days, "status": "requested", "note": e.note,
            "decided_on": None, "decided_by": None})
        row = self._balance(rows, number, year, e.kind, text(e.originator_id))
        self._put_balance(rows, {**row, "pending": row["pending"] + e.days})

    @on(LeaveAccount.Decided)
    def decided(self, rows: Rows, position: int, e: Any) -> None:
        request = rows.get("leave_requests", e.request)
        assert request is not None
        before = request["status"]
        rows.put("leave_requests", {**request, "status": e.status, "decided_on": text(e.on),
                                    "decided_by": e.envelope.actor_name})
        row = self._balance(rows, request["number"], request["year"], request["kind"], request["account_id"])
        days = request["days"]
        if before == "requested":
            row["pending"] -= days
        elif before == "approved":
            row["approved"] -= days
        if e.status == "approved":
            row["approved"] += days
        self._put_balance(rows, row)

    @on(Timesheet.Submitted)
    def timesheet(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("timesheets", {
            "id": text(e.originator_id), "unit": e.unit, "period": e.period, "employees": len(e.days),
            "days": sum(e.days.values()), "month_days": e.month_days,
            "entries": ", ".join(f"{n}={d}" for n, d in sorted(e.days.items())), "status": "submitted",
            "approved_on": None})

    @on(Timesheet.Approved)
    def timesheet_approved(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("timesheets", text(e.originator_id))
        assert row is not None
        rows.put("timesheets", {**row, "status": "approved", "approved_on": text(e.on)})


def _absences(ctx: ReportContext) -> ReportResult:
    month = ctx.param("month") or ctx.today.isoformat()[:7]
    if len(month) != 7 or month[4] != "-" or not (month[:4] + month[5:]).isdigit():
        raise Refused("month must be written like 2026-03, not {month!r}", month=month)
    first, last = f"{month}-01", f"{month}-31"
    rows = ctx.rows("SELECT number, kind, start, end_on, days, status FROM leave_requests WHERE status = 'approved' "
                    "AND start <= ? AND end_on >= ? ORDER BY start, number", (last, first))
    return ReportResult(("number", "kind", "start", "end", "days", "status"), rows,
                        notes=(Message("{count} approved leave(s) touching {month}", count=len(rows), month=month),))


PROJECTIONS = (LeaveProjection,)
REGISTERS = (
    Register("leave", "leave", "leave_requests", ("start", "number"),
             ("request", "number", "kind", "start", "end_on", "days", "status", "note", "decided_by"),
             "Leave requests", record="account_id", key=("request",), descending=True, numeric=("days", "year"),
             fields={"number": "number = upper(?)", "status": "status = ?", "kind": "kind = ?",
                     "year": "CAST(year AS TEXT) = ?", "on": "start <= ? AND end_on >= ?"}),
    Register("leave-balances", "leave", "leave_balances", ("number", "year", "kind"),
             ("number", "year", "kind", "entitled", "carried", "approved", "pending", "remaining"), "Leave balances",
             record="account_id", key=("number", "year", "kind"),
             numeric=("year", "entitled", "carried", "approved", "pending", "remaining"),
             fields={"number": "number = upper(?)", "year": "CAST(year AS TEXT) = ?", "kind": "kind = ?"}),
    Register("timesheets", "leave", "timesheets", ("period", "unit"),
             ("unit", "period", "employees", "days", "month_days", "status", "entries"),
             "Timesheets", kind="timesheet", descending=True,
             numeric=("employees", "days", "month_days"),
             fields={"unit": "unit = upper(?)", "period": "period = ?", "status": "status = ?"},
             office=("unit",)),
)
REPORTS = (
    Report("absences", "Approved leave in a month", _absences, params=("month",)),
)
