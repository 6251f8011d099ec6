"""The appeals registers of the General department: appeals, complaints, inquiries and applications through
assignment, review, expert opinion, decision and response, and the citizens' reception; and their reports
(appeals by kind, channel, unit and month, overdue appeals, execution discipline per unit).

Everything a row shows comes from the events of its own record (an appeal's reception link is an event of the
reception too). Whether something is overdue depends on the day it is asked: reports compute it from the stored
due dates and ReportContext.today, never in a handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.appeals import Appeal, Reception
from domain.errors import Message
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import (
    Report,
    ReportContext,
    ReportResult,
    days_late,
    execution_counts,
    month_key,
    visible_clause,
    year_clause,
)

APPEALS = Table("appeals", (
    ("id", "text"), ("number", "text"), ("kind", "text"), ("channel", "text"), ("received_on", "text"),
    ("applicant", "text"), ("contact", "text"), ("subject", "text"), ("reception", "text"), ("status", "text"),
    ("lead_unit", "text"), ("co_units", "text"), ("assigned_on", "text"), ("due", "text"), ("extensions", "int"),
    ("answered_on", "text"), ("response", "text"), ("addressee", "text"), ("closed_on", "text"), ("outcome", "text"),
), key=("id",), indexes=(("number",), ("received_on", "number"), ("kind",), ("channel",), ("applicant",),
                         ("subject",), ("status",), ("lead_unit", "due"), ("due",), ("response",)),
   search=("number", "received_on", "kind", "channel", "applicant", "subject", "status", "lead_unit", "co_units",
           "due", "response", "answered_on", "closed_on"))
RECEPTIONS = Table("receptions", (
    ("id", "text"), ("number", "text"), ("held_on", "text"), ("citizen", "text"), ("contact", "text"),
    ("official", "text"), ("topic", "text"), ("appeals", "text"), ("appeal_count", "int"),
), key=("id",), indexes=(("number",), ("held_on", "number"), ("citizen",), ("official",), ("topic",)),
   search=("number", "held_on", "citizen", "official", "topic", "appeals"))


class AppealsProjection(Projection):
    name = "appeals"
    version = 2  # 2: the search form column (domain.folding)
    tables = (APPEALS, RECEPTIONS)

    @staticmethod
    def _row(rows: Rows, table: str, record_id: Any) -> dict[str, Any]:
        row = rows.get(table, text(record_id))
        assert row is not None, f"{table} row {record_id} missing from the register"
        return dict(row)

    def _appeal(self, rows: Rows, e: Any, **changes: Any) -> None:
        rows.put("appeals", {**self._row(rows, "appeals", e.originator_id), **changes})

    # ---- appeals and receptions -------------------------------------------------------------------

    @on(Appeal.Received)
    def appeal_received(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("appeals", {
            "id": text(e.originator_id), "number": e.number, "kind": e.kind, "channel": e.channel,
            "received_on": text(e.received_on), "applicant": e.applicant, "contact": e.contact, "subject": e.subject,
            "reception": e.reception, "status": "received", "lead_unit": None, "co_units": None, "assigned_on": None,
            "due": None, "extensions": 0, "answered_on": None, "response": None, "addressee": None,
            "closed_on": None, "outcome": None,
        })

    @on(Appeal.Assigned)
    def appeal_assigned(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, lead_unit=e.lead_unit, co_units=", ".join(e.co_units) or None,
                     assigned_on=text(e.on), due=text(e.due), status="assigned")

    @on(Appeal.ReviewStarted)
    def appeal_review(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, status="under review")

    @on(Appeal.ExpertOpinionGiven)
    def appeal_opinion(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, status="expert opinion")

    @on(Appeal.Decided)
    def appeal_decided(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, status="decided", outcome="decided")

    @on(Appeal.DeclaredInadmissible)
    def appeal_inadmissible(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, status="inadmissible", outcome="inadmissible")

    @on(Appeal.Extended)
    def appeal_extended(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "appeals", e.originator_id)
        rows.put("appeals", {**row, "due": text(e.due), "extensions": row["extensions"] + 1})

    @on(Appeal.Answered)
    def appeal_answered(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, response=e.response, answered_on=text(e.on), status="answered")

    @on(Appeal.ReferredOut, Appeal.Escalated)
    def appeal_sent_on(self, rows: Rows, position: int, e: Any) -> None:
        status = "referred out" if isinstance(e, Appeal.ReferredOut) else "escalated"
        self._appeal(rows, e, response=e.notice, addressee=e.body, answered_on=text(e.on), status=status,
                     outcome=status)

    @on(Appeal.Closed)
    def appeal_closed(self, rows: Rows, position: int, e: Any) -> None:
        self._appeal(rows, e, closed_on=text(e.on), status="closed")

    @on(Reception.Held)
    def reception_held(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("receptions", {"id": text(e.originator_id), "number": e.number, "held_on": text(e.held_on),
                                "citizen": e.citizen, "contact": e.contact, "official": e.official, "topic": e.topic,
                                "appeals": None, "appeal_count": 0})

    @on(Reception.AppealLinked)
    def reception_appeal(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "receptions", e.originator_id)
        appeals = f"{row['appeals']}, {e.appeal_number}" if row["appeals"] else e.appeal_number
        rows.put("receptions", {**row, "appeals": appeals, "appeal_count": row["appeal_count"] + 1})


PROJECTIONS = (AppealsProjection,)
OPEN_DUE = "status IN ('assigned', 'under review', 'expert opinion', 'decided') AND due <= ?"  # due: open only
REGISTERS = (
    Register("appeals", "appeals", "appeals", ("received_on", "number"),
             ("number", "received_on", "kind", "channel", "applicant", "subject", "status", "lead_unit", "co_units",
              "due", "extensions", "response", "answered_on", "closed_on"),
             "Appeals", kind="appeal", descending=True, numeric=("extensions",), office=("lead_unit",),
             fields={"status": prefix_match("status"), "kind": prefix_match("kind"), "channel": prefix_match("channel"),
                     "unit": "lead_unit = upper(?)", "due": OPEN_DUE, "month": "substr(received_on, 1, 7) = ?",
                     "since": "received_on >= ?", "until": "received_on <= ?"}),
    Register("receptions", "appeals", "receptions", ("held_on", "number"),
             ("number", "held_on", "citizen", "official", "topic", "appeals", "appeal_count"),
             "Citizens' reception", kind="reception", descending=True, numeric=("appeal_count",),
             fields={"official": prefix_match("official"), "month": "substr(held_on, 1, 7) = ?"}),
)


# ---- reports ------------------------------------------------------------------------------------------

def _appeals_by(column: str, label: str) -> Callable[[ReportContext], ReportResult]:
    def build(ctx: ReportContext) -> ReportResult:
        today = ctx.today.isoformat()
        year, params = year_clause(ctx, "received_on")
        by_day = column == "month" and ctx.calendar != "gregorian"  # months of another calendar: folded below
        group = "received_on" if by_day else "substr(received_on, 1, 7)" if column == "month" else column
        rows = ctx.rows(
            f"SELECT {group} AS g, COUNT(*), "
            "SUM(CASE WHEN status IN ('received', 'assigned', 'under review', 'expert opinion', 'decided') "
            "THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN answered_on IS NOT NULL THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN outcome = 'inadmissible' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status IN ('assigned', 'under review', 'expert opinion', 'decided') AND due < ? "
            "THEN 1 ELSE 0 END) "
            f"FROM appeals WHERE 1 = 1{year} GROUP BY {group} ORDER BY {group}", [today, *params])
        out: list[tuple[Any, ...]] = [
            ("(unassigned)" if g is None else g, int(n), int(o or 0), int(a or 0), int(i or 0), int(late or 0))
            for g, n, o, a, i, late in rows]
        if by_day:
            months: dict[str, list[int]] = {}
            for day, *counts in out:
                month = months.setdefault(month_key(ctx, day), [0] * len(counts))
                month[:] = [m + c for m, c in zip(month, counts, strict=True)]
            out = [(m, *counts) for m, counts in sorted(months.items())]
        return ReportResult((label, "appeals", "open", "answered", "inadmissible", "overdue"), out, bars="appeals",
                            notes=(Message("{count} appeals; overdue as of {today}", count=sum(r[1] for r in out),
                                           today=ctx.today),))
    return build


def _overdue_appeals(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT number, kind, applicant, subject, status, lead_unit, due, extensions FROM appeals "
                    "WHERE status IN ('assigned', 'under review', 'expert opinion', 'decided') AND due < ? "
                    "ORDER BY due, number", [today])
    out = [(*r, days_late(r[6], ctx.today)) for r in rows]
    return ReportResult(("number", "kind", "applicant", "subject", "status", "lead_unit", "due", "extensions",
                         "days_overdue"), out,
                        notes=(Message("{count} appeals overdue as of {today}", count=len(out), today=ctx.today),))


def _discipline(ctx: ReportContext) -> ReportResult:
    """Per unit: appeals and resolved documents answered on time, late, still open (and of those overdue)."""
    rows = ctx.rows("SELECT lead_unit, due, answered_on FROM appeals WHERE due IS NOT NULL "
                    "AND status <> 'inadmissible'")
    rows += ctx.rows("SELECT unit, due, executed_on FROM correspondence WHERE due IS NOT NULL" + visible_clause(ctx))
    counts = execution_counts(rows, ctx.today)
    out = []
    for unit in sorted(counts):
        on_time, late, open_, overdue = counts[unit]
        finished = on_time + late
        share = 100 * on_time // finished if finished else None
        out.append((unit, on_time, late, open_, overdue, share))
    return ReportResult(("unit", "on_time", "late", "open", "open_overdue", "on_time_share"), out, bars="late",
                        percent=("on_time_share",),
                        notes=(Message("appeals and documents under control, as of {today}", today=ctx.today),))


REPORTS = (
    Report("appeals-by-kind", "Appeals by kind", _appeals_by("kind", "kind"), params=("year",)),
    Report("appeals-by-channel", "Appeals by channel", _appeals_by("channel", "channel"), params=("year",)),
    Report("appeals-by-unit", "Appeals by lead unit", _appeals_by("lead_unit", "unit"), params=("year",)),
    Report("appeals-by-month", "Appeals by month received", _appeals_by("month", "month"), params=("year",)),
    Report("overdue-appeals", "Overdue appeals", _overdue_appeals,
           description="assigned appeals past their due date and not yet answered"),
    Report("execution-discipline", "Execution discipline by unit", _discipline,
           description="appeals and resolved documents answered on time, late, or still open, per unit"),
)
