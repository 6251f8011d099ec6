"""The correspondence registers of the General department: incoming, outgoing and confidential documents
(with replies, resolutions and their control, case files and holders) and disposal acts, and their reports
(the incoming and outgoing journals, documents under control).

Everything a row shows comes from the events of its own record (a reply link is an event of both letters).
Whether something is overdue depends on the day it is asked: reports compute it from the stored due dates and
ReportContext.today, never in a handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.correspondence import DisposalAct, Document
from domain.errors import Message
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import Report, ReportContext, ReportResult, days_late, visible_clause, year_clause

CORRESPONDENCE = Table("correspondence", (
    ("id", "text"), ("number", "text"), ("series", "text"), ("direction", "text"), ("registered_on", "text"),
    ("correspondent", "text"), ("their_number", "text"), ("their_date", "text"), ("subject", "text"),
    ("classification", "text"), ("unit", "text"), ("instruction", "text"), ("due", "text"), ("executed_on", "text"),
    ("status", "text"), ("case_file", "text"), ("reply_to", "text"), ("replies", "text"), ("holder", "text"),
    ("disposal_act", "text"), ("confidential", "int"), ("office", "text"),
), key=("id",), indexes=(("number",), ("registered_on", "number"), ("correspondent",), ("subject",), ("unit", "due"),
                         ("due",), ("status",), ("series",), ("direction",), ("case_file",), ("holder",)),
   search=("number", "registered_on", "direction", "correspondent", "their_number", "subject", "classification",
           "unit", "due", "status", "case_file", "reply_to", "replies", "holder"))
DISPOSAL_ACTS = Table("disposal_acts", (
    ("id", "text"), ("number", "text"), ("drafted_on", "text"), ("basis", "text"), ("status", "text"),
    ("approved_on", "text"), ("documents", "int"), ("case_files", "text"),
), key=("id",), indexes=(("number",), ("drafted_on",), ("status",)),
   search=("number", "drafted_on", "basis", "status", "approved_on", "case_files"))


# How the domain's attributes of these records read in their rows, where the row says it otherwise: a sealed
# letter is registered (the row tells it apart until it is handed over).
READS: dict[type, dict[str, str]] = {
    Document: {"status": "CASE WHEN status = 'sealed' THEN 'registered' ELSE status END"}}


def allowing(kind: type, command: str) -> str:
    """The filter of the register rows whose record's state allows `command`, from the domain's condition."""
    return conditions.allowing(kind, command, READS.get(kind))

class CorrespondenceProjection(Projection):
    name = "correspondence"
    # 2: the search form column (domain.folding); 3: the office that registered each document (office scope)
    version = 3
    tables = (CORRESPONDENCE, DISPOSAL_ACTS)

    @staticmethod
    def _row(rows: Rows, table: str, record_id: Any) -> dict[str, Any]:
        row = rows.get(table, text(record_id))
        assert row is not None, f"{table} row {record_id} missing from the register"
        return dict(row)

    def _doc(self, rows: Rows, e: Any, **changes: Any) -> None:
        rows.put("correspondence", {**self._row(rows, "correspondence", e.originator_id), **changes})

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
            "confidential": 1 if confidential else 0, "office": e.envelope.office,
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


PROJECTIONS = (CorrespondenceProjection,)
REGISTERS = (
    Register("correspondence", "correspondence", "correspondence", ("registered_on", "number"),
             ("number", "registered_on", "direction", "correspondent", "their_number", "subject", "classification",
              "unit", "due", "status", "case_file", "reply_to", "replies", "holder"),
             "Correspondence", kind="document", descending=True, confidential="confidential", office=("office", "unit"),
             fields={"status": prefix_match("status"), "series": "series = upper(?)", "unit": "unit = upper(?)",
                     "direction": prefix_match("direction"), "file": "case_file = ?",
                     "due": "status = 'under control' AND due <= ?", "year": "substr(registered_on, 1, 4) = ?",
                     "since": "registered_on >= ?", "until": "registered_on <= ?"}),
    Register("disposal-acts", "correspondence", "disposal_acts", ("drafted_on", "number"),
             ("number", "drafted_on", "basis", "status", "approved_on", "documents", "case_files"), "Disposal acts",
             kind="disposal act", numeric=("documents",), fields={"status": prefix_match("status")}),
)


# ---- reports ------------------------------------------------------------------------------------------

def _journal(direction: str) -> Callable[[ReportContext], ReportResult]:
    def build(ctx: ReportContext) -> ReportResult:
        year, params = year_clause(ctx, "registered_on")
        who = "sender" if direction == "incoming" else "addressee"
        rows = ctx.rows("SELECT number, registered_on, correspondent, their_number, subject, classification, unit, "
                        f"due, status, reply_to, replies, case_file FROM correspondence WHERE direction = ?"
                        f"{visible_clause(ctx)}{year} ORDER BY registered_on, number", [direction, *params])
        columns: tuple[str, ...]
        out: list[tuple[Any, ...]]
        if direction == "incoming":
            columns = ("number", "registered_on", who, "their_number", "subject", "classification", "unit", "due",
                       "status", "replies", "case_file")
            out = [(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[10], r[11]) for r in rows]
        else:
            columns = ("number", "registered_on", who, "subject", "classification", "in_reply_to", "status",
                       "case_file")
            out = [(r[0], r[1], r[2], r[4], r[5], r[9], r[8], r[11]) for r in rows]
        note = (Message("{count} incoming documents", count=len(out)) if direction == "incoming"
                else Message("{count} outgoing documents", count=len(out)))
        return ReportResult(columns, out, notes=(note,))
    return build


def _under_control(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT number, registered_on, correspondent, subject, unit, due FROM correspondence "
                    f"WHERE status = 'under control'{visible_clause(ctx)} ORDER BY due, number")
    if ctx.param("overdue") in ("yes", "1", "true"):
        rows = [r for r in rows if r[5] < today]
    out = [(*r, max(days_late(r[5], ctx.today), 0)) for r in rows]
    overdue = sum(1 for r in out if r[6] > 0)
    return ReportResult(("number", "registered_on", "sender", "subject", "unit", "due", "days_overdue"), out,
                        notes=(Message("{count} under control, {overdue} overdue as of {today}", count=len(out),
                                        overdue=overdue, today=ctx.today),))


REPORTS = (
    Report("incoming-journal", "Incoming documents journal", _journal("incoming"), params=("year",),
           description="every incoming document in order of registration"),
    Report("outgoing-journal", "Outgoing documents journal", _journal("outgoing"), params=("year",),
           description="every outgoing document, with the letter it answers"),
    Report("documents-under-control", "Documents under control", _under_control, params=("overdue",),
           description="resolved documents not yet executed, with days overdue (--param overdue=yes: only those)"),
)
