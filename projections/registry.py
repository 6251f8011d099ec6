"""The registers of the General department: correspondence (with disposal acts and the holiday calendar),
appeals and receptions, and their reports (journals, documents under control, appeals by kind, channel,
unit and month, overdue appeals, execution discipline).

Everything a row shows comes from the events of its own record (a reply link is an event of both letters, an
appeal's reception link an event of the reception too), so the projection never reads another one. Whether
something is overdue depends on the day it is asked: reports compute it from the stored due dates and
ReportContext.today, never in a handler.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.appeals import Appeal, Reception
from domain.calendar import Calendar
from domain.correspondence import DisposalAct, Document
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult, execution_counts

CORRESPONDENCE = Table("correspondence", (
    ("id", "text"), ("number", "text"), ("series", "text"), ("direction", "text"), ("registered_on", "text"),
    ("correspondent", "text"), ("their_number", "text"), ("their_date", "text"), ("subject", "text"),
    ("classification", "text"), ("unit", "text"), ("instruction", "text"), ("due", "text"), ("executed_on", "text"),
    ("status", "text"), ("case_file", "text"), ("reply_to", "text"), ("replies", "text"), ("holder", "text"),
    ("disposal_act", "text"), ("confidential", "int"),
), key=("id",), indexes=(("number",), ("registered_on", "number"), ("correspondent",), ("subject",), ("unit", "due"),
                         ("due",), ("status",), ("series",), ("direction",), ("case_file",), ("holder",)),
   search=("number", "registered_on", "direction", "correspondent", "their_number", "subject", "classification",
           "unit", "due", "status", "case_file", "reply_to", "replies", "holder"))
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
DISPOSAL_ACTS = Table("disposal_acts", (
    ("id", "text"), ("number", "text"), ("drafted_on", "text"), ("basis", "text"), ("status", "text"),
    ("approved_on", "text"), ("documents", "int"), ("case_files", "text"),
), key=("id",), indexes=(("number",), ("drafted_on",), ("status",)),
   search=("number", "drafted_on", "basis", "status", "approved_on", "case_files"))
HOLIDAYS = Table("holidays", (
    ("day", "text"), ("calendar_id", "text"), ("holiday", "text"),
), key=("day",), indexes=(("holiday",),), search=("day", "holiday"))


def _prefix(column: str) -> str:
    """A filter word matching values that start with the typed word (`status:under` finds 'under review')."""
    return f"substr({column}, 1, length(?)) = ?"


class RegistryProjection(Projection):
    name = "registry"
    version = 2  # 2: disposal acts list the case files they disposed of
    tables = (CORRESPONDENCE, APPEALS, RECEPTIONS, DISPOSAL_ACTS, HOLIDAYS)

    @staticmethod
    def _row(rows: Rows, table: str, record_id: Any) -> dict[str, Any]:
        row = rows.get(table, text(record_id))
        assert row is not None, f"{table} row {record_id} missing from the register"
        return dict(row)

    def _doc(self, rows: Rows, e: Any, **changes: Any) -> None:
        rows.put("correspondence", {**self._row(rows, "correspondence", e.originator_id), **changes})

    def _appeal(self, rows: Rows, e: Any, **changes: Any) -> None:
        rows.put("appeals", {**self._row(rows, "appeals", e.originator_id), **changes})

    # ---- correspondence ---------------------------------------------------------------------------

    @on(Document.Registered)
    def registered(self, rows: Rows, position: int, e: Any) -> None:
        confidential = e.series == "CONF"
        rows.put("correspondence", {
            "id": text(e.originator_id), "number": e.number, "series": e.series, "direction": e.direction,
            "registered_on": text(e.registered_on), "correspondent": e.correspondent, "their_number": e.their_number,
            "their_date": text(e.their_date), "subject": e.subject, "classification": e.classification,
            "unit": None, "instruction": None, "due": None, "executed_on": None,
            "status": "sealed" if confidential and e.direction == "incoming" else "registered",
            "case_file": None, "reply_to": e.reply_to, "replies": None, "holder": None, "disposal_act": None,
            "confidential": 1 if confidential else 0,
        })

    @on(Document.Resolved)
    def resolved(self, rows: Rows, position: int, e: Any) -> None:
        self._doc(rows, e, unit=e.unit_code, instruction=e.instruction, due=text(e.due), status="under control")

    @on(Document.ExecutionReported)
    def executed(self, rows: Rows, position: int, e: Any) -> None:
        self._doc(rows, e, executed_on=text(e.on), status="executed")

    @on(Document.ReplyLinked)
    def reply_linked(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "correspondence", e.originator_id)
        replies = f"{row['replies']}, {e.reply_number}" if row["replies"] else e.reply_number
        rows.put("correspondence", {**row, "replies": replies})

    @on(Document.HandedOver)
    def handed_over(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "correspondence", e.originator_id)
        status = "registered" if row["status"] == "sealed" else row["status"]
        rows.put("correspondence", {**row, "holder": f"{e.employee_number} {e.employee_name}", "status": status})

    @on(Document.Returned)
    def returned(self, rows: Rows, position: int, e: Any) -> None:
        self._doc(rows, e, holder=None)

    @on(Document.Filed)
    def filed(self, rows: Rows, position: int, e: Any) -> None:
        self._doc(rows, e, case_file=e.case_file, status="filed")

    @on(Document.Disposed)
    def disposed(self, rows: Rows, position: int, e: Any) -> None:
        self._doc(rows, e, disposal_act=e.act_number, status="disposed")

    @on(DisposalAct.Drafted)
    def act_drafted(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("disposal_acts", {"id": text(e.originator_id), "number": e.number, "drafted_on": text(e.drafted_on),
                                   "basis": e.basis, "status": "draft", "approved_on": None, "documents": 0,
                                   "case_files": None})

    @on(DisposalAct.Approved)
    def act_approved(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "disposal_acts", e.originator_id)
        rows.put("disposal_acts", {**row, "status": "approved", "approved_on": text(e.on)})

    @on(DisposalAct.DocumentDisposed)
    def act_document(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "disposal_acts", e.originator_id)
        files = [f for f in (row["case_files"] or "").split(", ") if f]
        if e.case_file and e.case_file not in files:
            files.append(e.case_file)
        rows.put("disposal_acts", {**row, "documents": row["documents"] + 1, "case_files": ", ".join(files) or None})

    # ---- the working calendar -------------------------------------------------------------------

    @on(Calendar.HolidayDeclared)
    def holiday(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("holidays", {"day": text(e.day), "calendar_id": text(e.originator_id), "holiday": e.holiday})

    @on(Calendar.HolidayRemoved)
    def holiday_removed(self, rows: Rows, position: int, e: Any) -> None:
        rows.delete("holidays", text(e.day))

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


PROJECTIONS = (RegistryProjection,)
REGISTERS = (
    Register("correspondence", "registry", "correspondence", ("registered_on", "number"),
             ("number", "registered_on", "direction", "correspondent", "their_number", "subject", "classification",
              "unit", "due", "status", "case_file", "reply_to", "replies", "holder"),
             "Correspondence", kind="document", descending=True, confidential="confidential",
             fields={"status": _prefix("status"), "series": "series = upper(?)", "unit": "unit = upper(?)",
                     "direction": _prefix("direction"), "file": "case_file = ?", "due": "due <= ?",
                     "year": "substr(registered_on, 1, 4) = ?"}),
    Register("appeals", "registry", "appeals", ("received_on", "number"),
             ("number", "received_on", "kind", "channel", "applicant", "subject", "status", "lead_unit", "co_units",
              "due", "extensions", "response", "answered_on", "closed_on"),
             "Appeals", kind="appeal", descending=True, numeric=("extensions",),
             fields={"status": _prefix("status"), "kind": _prefix("kind"), "channel": _prefix("channel"),
                     "unit": "lead_unit = upper(?)", "due": "due <= ?", "month": "substr(received_on, 1, 7) = ?"}),
    Register("receptions", "registry", "receptions", ("held_on", "number"),
             ("number", "held_on", "citizen", "official", "topic", "appeals", "appeal_count"),
             "Citizens' reception", kind="reception", descending=True, numeric=("appeal_count",),
             fields={"official": _prefix("official"), "month": "substr(held_on, 1, 7) = ?"}),
    Register("disposal-acts", "registry", "disposal_acts", ("drafted_on", "number"),
             ("number", "drafted_on", "basis", "status", "approved_on", "documents", "case_files"), "Disposal acts",
             kind="disposal act", numeric=("documents",), fields={"status": _prefix("status")}),
    Register("holidays", "registry", "holidays", ("day",), ("day", "holiday"), "Holidays (working calendar)",
             record="calendar_id", key=("day",), kind="calendar"),
)


# ---- reports ------------------------------------------------------------------------------------------

def _visible(ctx: ReportContext) -> str:
    return "" if ctx.cleared else " AND confidential = 0"


def _year(ctx: ReportContext, column: str) -> tuple[str, list[Any]]:
    year = ctx.param("year")
    if not year:
        return "", []
    if not (year.isdigit() and len(year) == 4):
        from domain.errors import Refused

        raise Refused(f"year must be like 2026, not {year!r}")
    return f" AND substr({column}, 1, 4) = ?", [year]


def _days_late(due: str | None, today: date) -> int:
    return (today - date.fromisoformat(due)).days if due else 0


def _journal(direction: str) -> Callable[[ReportContext], ReportResult]:
    def build(ctx: ReportContext) -> ReportResult:
        year, params = _year(ctx, "registered_on")
        who = "sender" if direction == "incoming" else "addressee"
        rows = ctx.rows("SELECT number, registered_on, correspondent, their_number, subject, classification, unit, "
                        f"due, status, reply_to, replies, case_file FROM correspondence WHERE direction = ?"
                        f"{_visible(ctx)}{year} ORDER BY registered_on, number", [direction, *params])
        if direction == "incoming":
            columns = ("number", "registered_on", who, "their_number", "subject", "classification", "unit", "due",
                       "status", "replies", "case_file")
            out = [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[10], r[11]) for r in rows]
        else:
            columns = ("number", "registered_on", who, "subject", "classification", "in_reply_to", "status",
                       "case_file")
            out = [(r[0], r[1], r[2], r[4], r[5], r[9], r[8], r[11]) for r in rows]
        return ReportResult(columns, out, notes=(f"{len(out)} {direction} documents",))
    return build


def _under_control(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT number, registered_on, correspondent, subject, unit, due FROM correspondence "
                    f"WHERE status = 'under control'{_visible(ctx)} ORDER BY due, number")
    if ctx.param("overdue") in ("yes", "1", "true"):
        rows = [r for r in rows if r[5] < today]
    out = [(*r, max(_days_late(r[5], ctx.today), 0)) for r in rows]
    overdue = sum(1 for r in out if r[6] > 0)
    return ReportResult(("number", "registered_on", "sender", "subject", "unit", "due", "days_overdue"), out,
                        notes=(f"{len(out)} under control, {overdue} overdue as of {today}",))


def _appeals_by(column: str, label: str) -> Callable[[ReportContext], ReportResult]:
    def build(ctx: ReportContext) -> ReportResult:
        today = ctx.today.isoformat()
        year, params = _year(ctx, "received_on")
        group = "substr(received_on, 1, 7)" if column == "month" else column
        rows = ctx.rows(
            f"SELECT {group} AS g, COUNT(*), "
            "SUM(CASE WHEN status IN ('received', 'assigned', 'under review', 'expert opinion', 'decided') "
            "THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN answered_on IS NOT NULL THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN outcome = 'inadmissible' THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN status IN ('assigned', 'under review', 'expert opinion', 'decided') AND due < ? "
            "THEN 1 ELSE 0 END) "
            f"FROM appeals WHERE 1 = 1{year} GROUP BY {group} ORDER BY {group}", [today, *params])
        out = [("(unassigned)" if g is None else g, int(n), int(o or 0), int(a or 0), int(i or 0), int(late or 0))
               for g, n, o, a, i, late in rows]
        return ReportResult((label, "appeals", "open", "answered", "inadmissible", "overdue"), out, bars="appeals",
                            notes=(f"{sum(r[1] for r in out)} appeals; overdue as of {today}",))
    return build


def _overdue_appeals(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT number, kind, applicant, subject, status, lead_unit, due, extensions FROM appeals "
                    "WHERE status IN ('assigned', 'under review', 'expert opinion', 'decided') AND due < ? "
                    "ORDER BY due, number", [today])
    out = [(*r, _days_late(r[6], ctx.today)) for r in rows]
    return ReportResult(("number", "kind", "applicant", "subject", "status", "lead_unit", "due", "extensions",
                         "days_overdue"), out, notes=(f"{len(out)} appeals overdue as of {today}",))


def _discipline(ctx: ReportContext) -> ReportResult:
    """Per unit: appeals and resolved documents answered on time, late, still open (and of those overdue)."""
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT lead_unit, due, answered_on FROM appeals WHERE due IS NOT NULL "
                    "AND status <> 'inadmissible'")
    rows += ctx.rows("SELECT unit, due, executed_on FROM correspondence WHERE due IS NOT NULL" + _visible(ctx))
    counts = execution_counts(rows, ctx.today)
    out = []
    for unit in sorted(counts):
        on_time, late, open_, overdue = counts[unit]
        finished = on_time + late
        share = f"{100 * on_time // finished}%" if finished else "-"
        out.append((unit, on_time, late, open_, overdue, share))
    return ReportResult(("unit", "on_time", "late", "open", "open_overdue", "on_time_share"), out, bars="late",
                        notes=(f"appeals and documents under control, as of {today}",))


REPORTS = (
    Report("incoming-journal", "Incoming documents journal", _journal("incoming"), params=("year",),
           description="every incoming document in order of registration"),
    Report("outgoing-journal", "Outgoing documents journal", _journal("outgoing"), params=("year",),
           description="every outgoing document, with the letter it answers"),
    Report("documents-under-control", "Documents under control", _under_control, params=("overdue",),
           description="resolved documents not yet executed, with days overdue (--param overdue=yes: only those)"),
    Report("appeals-by-kind", "Appeals by kind", _appeals_by("kind", "kind"), params=("year",)),
    Report("appeals-by-channel", "Appeals by channel", _appeals_by("channel", "channel"), params=("year",)),
    Report("appeals-by-unit", "Appeals by lead unit", _appeals_by("lead_unit", "unit"), params=("year",)),
    Report("appeals-by-month", "Appeals by month received", _appeals_by("month", "month"), params=("year",)),
    Report("overdue-appeals", "Overdue appeals", _overdue_appeals,
           description="assigned appeals past their due date and not yet answered"),
    Report("execution-discipline", "Execution discipline by unit", _discipline,
           description="appeals and resolved documents answered on time, late, or still open, per unit"),
)
