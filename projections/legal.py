"""The Law department's registers: legal opinions and court cases (with their hearings); and the reports of
court cases by status and next hearing and of legal opinions overdue (decided against the day they are asked)."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import Message
from domain.legal import OUTCOMES, CourtCase, LegalOpinion
from domain.shown import said
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult

OPINIONS = Table("legal_opinions", (
    ("id", "text"), ("number", "text"), ("unit", "text"), ("subject_kind", "text"), ("document", "text"),
    ("requested_on", "text"), ("due", "text"), ("lawyer", "text"), ("status", "text"), ("given_on", "text"),
    ("conclusion", "text"),
), key=("id",), indexes=(("number",), ("requested_on", "number"), ("due",), ("status",), ("unit",)),
   search=("number", "requested_on", "unit", "subject_kind", "document", "due", "lawyer", "status", "given_on",
           "conclusion"))
CASES = Table("court_cases", (
    ("id", "text"), ("number", "text"), ("court", "text"), ("case_number", "text"), ("parties", "text"),
    ("subject", "text"), ("standing", "text"), ("opened_on", "text"), ("representative", "text"),
    ("attorney_until", "text"), ("status", "text"), ("hearings", "int"), ("pending_hearings", "text"),
    ("next_hearing", "text"), ("last_outcome", "text"), ("judgment", "text"), ("appeal_until", "text"),
    ("closed_on", "text"),
), key=("id",), indexes=(("number",), ("opened_on", "number"), ("status",), ("next_hearing",), ("court",)),
   search=("number", "court", "case_number", "parties", "subject", "standing", "opened_on", "representative", "status",
           "next_hearing", "last_outcome", "judgment", "appeal_until"))


def _prefix(column: str) -> str:
    return f"substr({column}, 1, length(?)) = ?"


class LegalProjection(Projection):
    name = "legal"
    version = 2  # 2: representative, hearing outcome and judgment stored as sentences (domain.shown.said)
    tables = (OPINIONS, CASES)

    @staticmethod
    def _row(rows: Rows, table: str, e: Any) -> dict[str, Any]:
        row = rows.get(table, text(e.originator_id))
        assert row is not None, f"{table} row {e.originator_id} missing from the register"
        return dict(row)

    @on(LegalOpinion.Requested)
    def requested(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("legal_opinions", {"id": text(e.originator_id), "number": e.number, "unit": e.unit_code,
                                    "subject_kind": e.subject_kind, "document": e.document,
                                    "requested_on": text(e.requested_on), "due": text(e.due), "lawyer": None,
                                    "status": "requested", "given_on": None, "conclusion": None})

    @on(LegalOpinion.LawyerAssigned)
    def assigned(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("legal_opinions", {**self._row(rows, "legal_opinions", e), "lawyer": e.lawyer, "status": "assigned"})

    @on(LegalOpinion.Given)
    def given(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("legal_opinions", {**self._row(rows, "legal_opinions", e), "status": "given",
                                    "given_on": text(e.on), "conclusion": e.conclusion})

    @on(CourtCase.Registered)
    def registered(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("court_cases", {
            "id": text(e.originator_id), "number": e.number, "court": e.court, "case_number": e.case_number,
            "parties": e.parties, "subject": e.subject, "standing": e.standing, "opened_on": text(e.opened_on),
            "representative": None, "attorney_until": None, "status": "pending", "hearings": 0,
            "pending_hearings": None, "next_hearing": None, "last_outcome": None, "judgment": None,
            "appeal_until": None, "closed_on": None})

    def _case(self, rows: Rows, e: Any, **changes: Any) -> dict[str, Any]:
        row = {**self._row(rows, "court_cases", e), **changes}
        rows.put("court_cases", row)
        return row

    @on(CourtCase.RepresentativeAppointed)
    def representative(self, rows: Rows, position: int, e: Any) -> None:
        self._case(rows, e, representative=said(Message("{employee} (POA {number})", employee=e.employee,
                                                         number=e.power_of_attorney)),
                   attorney_until=text(e.valid_until))

    @staticmethod
    def _pending(days: list[str]) -> dict[str, Any]:
        days = sorted(days)
        return {"pending_hearings": ", ".join(days) or None, "next_hearing": days[0] if days else None}

    @on(CourtCase.HearingScheduled)
    def scheduled(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "court_cases", e)
        days = [d for d in (row["pending_hearings"] or "").split(", ") if d] + [text(e.on)]
        self._case(rows, e, hearings=row["hearings"] + 1, **self._pending(days))

    @on(CourtCase.HearingHeld)
    def held(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "court_cases", e)
        days = [d for d in (row["pending_hearings"] or "").split(", ") if d and d != text(e.on)]
        self._case(rows, e, last_outcome=said(Message("{on}: {outcome}", on=e.on, outcome=e.outcome)),
                   **self._pending(days))

    @on(CourtCase.Judged)
    def judged(self, rows: Rows, position: int, e: Any) -> None:
        outcome = Message(e.outcome) if e.outcome in OUTCOMES else e.outcome  # a word of the domain, or as typed
        self._case(rows, e, status="judged", judgment=said(Message("{outcome}, {on}", outcome=outcome, on=e.on)),
                   appeal_until=text(e.appeal_until))

    @on(CourtCase.Appealed)
    def appealed(self, rows: Rows, position: int, e: Any) -> None:
        self._case(rows, e, status="appealed", appeal_until=None)

    @on(CourtCase.Closed)
    def closed(self, rows: Rows, position: int, e: Any) -> None:
        self._case(rows, e, status="closed", closed_on=text(e.on))


PROJECTIONS = (LegalProjection,)
REGISTERS = (
    Register("legal-opinions", "legal", "legal_opinions", ("requested_on", "number"),
             ("number", "requested_on", "unit", "subject_kind", "document", "due", "lawyer", "status", "given_on",
              "conclusion"),
             "Legal opinions", kind="legal opinion", descending=True,
             fields={"year": "substr(requested_on, 1, 4) = ?", "status": _prefix("status"), "unit": "unit = upper(?)",
                     "due": "status <> 'given' AND due <= ?", "subject": _prefix("subject_kind")}, office=("unit",)),
    Register("court-cases", "legal", "court_cases", ("opened_on", "number"),
             ("number", "court", "case_number", "parties", "subject", "standing", "opened_on", "representative",
              "status", "next_hearing", "last_outcome", "judgment", "appeal_until"),
             "Court cases", kind="court case", descending=True,
             fields={"year": "substr(opened_on, 1, 4) = ?", "status": _prefix("status"),
                     "standing": _prefix("standing"), "hearing": "next_hearing <= ?"}),
)


# ---- reports ------------------------------------------------------------------------------------------


def _cases(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT status, number, court, case_number, subject, representative, next_hearing, "
                    "appeal_until FROM court_cases ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'appealed' THEN 1 "
                    "WHEN 'judged' THEN 2 ELSE 3 END, next_hearing IS NULL, next_hearing, number")
    out = []
    for status, number, court, theirs, subject, rep, hearing, appeal in rows:
        note: str = ""
        if hearing and hearing < today:
            note = Message("hearing date passed: record its outcome")
        elif status == "judged" and appeal and appeal >= today:
            note = Message("appeal possible for {days} more days", days=(date.fromisoformat(appeal) - ctx.today).days)
        out.append((status, number, f"{court} {theirs}", subject, rep, hearing, appeal, note))
    by_status: dict[str, int] = {}
    for r in out:
        by_status[r[0]] = by_status.get(r[0], 0) + 1
    return ReportResult(("status", "number", "court_case", "subject", "representative", "next_hearing",
                         "appeal_until", "attention"), out,
                        notes=(Message("{counts} (as of {today})", counts=_counts(by_status), today=ctx.today),))


def _counts(by_status: dict[str, int]) -> Message:
    """ "2 pending, 1 judged": a template of placeholders only (no words of its own to translate), each status a
    message of its own, so that the reader reads the statuses in their language and the counts in their digits."""
    template = ", ".join(f"{{count{i}}} {{status{i}}}" for i in range(len(by_status)))
    params: dict[str, object] = {}
    for i, (status, n) in enumerate(by_status.items()):
        params |= {f"count{i}": n, f"status{i}": Message(status)}
    return Message(template, **params)


def _opinions_overdue(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT number, requested_on, unit, subject_kind, document, lawyer, due FROM legal_opinions "
                    "WHERE status <> 'given' AND due < ? ORDER BY due, number", [today])
    out = [(*r, (ctx.today - date.fromisoformat(r[6])).days) for r in rows]
    return ReportResult(("number", "requested_on", "unit", "subject", "document", "lawyer", "due", "days_overdue"),
                        out,
                        notes=(Message("{count} legal opinions overdue as of {today}", count=len(out),
                                       today=ctx.today),))


REPORTS = (
    Report("court-cases", "Court cases by status and next hearing", _cases,
           description="open cases first, by their next hearing; judged cases with the days left to appeal"),
    Report("legal-opinions-overdue", "Legal opinions overdue", _opinions_overdue,
           description="opinions not given by their due date"),
)
