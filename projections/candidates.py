"""The candidates' registers: nomination files with their step and deadlines, and the signature checks; and their
reports (candidates by constituency and status, refusals with reasons, deadlines near).

Which deadlines are near depends on the day asked: the report reads the election plan's register against the
day given, never in a handler.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.candidates import Candidate
from domain.errors import Message
from domain.plan import DEADLINES
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import Report, ReportContext, ReportResult

CANDIDATE_COLUMNS = ("election_code", "constituency", "document", "full_name", "party", "status", "nominated_on",
                     "signatures", "estimated_valid", "required", "decision", "decided_on")
CHECK_COLUMNS = ("election_code", "document", "full_name", "checked_on", "signatures", "sampled", "valid",
                 "invalid", "estimated_valid", "required", "result")
CANDIDATES = Table("candidates", (
    ("id", "text"), ("election_code", "text"), ("constituency", "int"), ("document", "text"), ("full_name", "text"),
    ("party", "text"), ("status", "text"), ("nominated_on", "text"), ("signatures", "int"),
    ("estimated_valid", "int"), ("required", "int"), ("decision", "text"), ("decided_on", "text"),
    ("reasons", "text"), ("last_step_on", "text"),
), key=("id",), indexes=(("election_code", "constituency", "full_name"), ("document",), ("status",), ("party",),
                         ("full_name",)),
   search=("election_code", "document", "full_name", "party", "status", "nominated_on", "decision", "decided_on"))
CHECKS = Table("signature_checks", (
    ("id", "text"), ("election_code", "text"), ("document", "text"), ("full_name", "text"), ("checked_on", "text"),
    ("signatures", "int"), ("sampled", "int"), ("valid", "int"), ("invalid", "int"), ("estimated_valid", "int"),
    ("required", "int"), ("result", "text"),
), key=("id",), indexes=(("checked_on", "document"), ("result",)),
   search=("election_code", "document", "full_name", "checked_on", "result"))


class CandidatesProjection(Projection):
    name = "candidates"
    version = 1
    tables = (CANDIDATES, CHECKS)

    def _candidate(self, rows: Rows, e: Any, **changes: Any) -> dict[str, Any]:
        row = rows.get("candidates", text(e.originator_id))
        assert row is not None, f"candidate {e.originator_id} missing from the register"
        updated = {**row, **changes}
        rows.put("candidates", updated)
        return updated

    @on(Candidate.Nominated)
    def nominated(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("candidates", {
            "id": text(e.originator_id), "election_code": e.election_code, "constituency": e.constituency,
            "document": e.document, "full_name": e.full_name, "party": e.party, "status": "nominated",
            "nominated_on": text(e.nominated_on), "signatures": 0, "estimated_valid": None, "required": None,
            "decision": None, "decided_on": None, "reasons": None, "last_step_on": text(e.nominated_on)})

    @on(Candidate.SignaturesSubmitted)
    def submitted(self, rows: Rows, position: int, e: Any) -> None:
        self._candidate(rows, e, signatures=e.signatures, status="signatures submitted", last_step_on=text(e.on))

    @on(Candidate.SignaturesChecked)
    def checked(self, rows: Rows, position: int, e: Any) -> None:
        c = self._candidate(rows, e, estimated_valid=e.estimated_valid, required=e.required,
                            status="signatures checked", last_step_on=text(e.on))
        rows.put("signature_checks", {
            "id": text(e.originator_id), "election_code": c["election_code"], "document": c["document"],
            "full_name": c["full_name"], "checked_on": text(e.on), "signatures": c["signatures"],
            "sampled": e.sampled, "valid": e.valid, "invalid": e.invalid, "estimated_valid": e.estimated_valid,
            "required": e.required, "result": "enough" if e.estimated_valid >= e.required else "not enough"})

    @on(Candidate.Registered)
    def registered(self, rows: Rows, position: int, e: Any) -> None:
        self._candidate(rows, e, status="registered", decision=e.decision, decided_on=text(e.on),
                        last_step_on=text(e.on))

    @on(Candidate.Refused)
    def refused(self, rows: Rows, position: int, e: Any) -> None:
        self._candidate(rows, e, status="refused", decision=e.decision, decided_on=text(e.on), reasons=e.reasons,
                        last_step_on=text(e.on))

    @on(Candidate.Withdrawn)
    def withdrawn(self, rows: Rows, position: int, e: Any) -> None:
        self._candidate(rows, e, status="withdrawn", last_step_on=text(e.on))


PROJECTIONS = (CandidatesProjection,)
REGISTERS = (
    Register("candidates", "candidates", "candidates", ("election_code", "constituency", "full_name"),
             CANDIDATE_COLUMNS, "Candidates", kind="candidate", numeric=("signatures", "estimated_valid", "required"),
             fields={"election": "election_code = upper(?)", "constituency": "CAST(constituency AS TEXT) = ?",
                     "party": "party = upper(?)", "status": prefix_match("status")}),
    Register("signature-checks", "candidates", "signature_checks", ("checked_on", "document"), CHECK_COLUMNS,
             "Signature checks", kind="candidate", descending=True,
             numeric=("signatures", "sampled", "valid", "invalid", "estimated_valid", "required"),
             fields={"election": "election_code = upper(?)", "result": prefix_match("result")}),
)


# ---- reports ------------------------------------------------------------------------------------------

STATUSES = ("nominated", "signatures submitted", "signatures checked", "registered", "refused", "withdrawn")


def _election(ctx: ReportContext, column: str = "election_code") -> tuple[str, list[Any]]:
    election = ctx.param("election").upper()
    return (f" AND {column} = ?", [election]) if election else ("", [])


def _by_constituency(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    counts: dict[tuple[str, int], dict[str, int]] = {}
    for election, constituency, status, n in ctx.rows(
            "SELECT election_code, constituency, status, COUNT(*) FROM candidates WHERE 1 = 1"
            f"{where} GROUP BY election_code, constituency, status ORDER BY election_code, constituency", params):
        counts.setdefault((election, int(constituency)), {})[status] = int(n)
    out: list[tuple[Any, ...]] = [(election, constituency, *(by.get(s, 0) for s in STATUSES), sum(by.values()))
           for (election, constituency), by in counts.items()]
    return ReportResult(("election", "constituency", *(s.replace(" ", "_") for s in STATUSES), "total"), out,
                        bars="registered", notes=(Message("{count} candidates", count=int(sum(r[-1] for r in out))),))


def _refusals(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    rows = ctx.rows("SELECT election_code, constituency, document, full_name, party, decision, decided_on, reasons "
                    f"FROM candidates WHERE status = 'refused'{where} ORDER BY decided_on, document", params)
    return ReportResult(("election", "constituency", "document", "full_name", "party", "decision", "decided_on",
                         "reasons"), rows, notes=(Message("{count} refusals", count=len(rows)),))


_WAITING = {"NOMINATION": None, "SIGNATURES": "nominated", "CANDIDATE-REGISTRATION": "signatures checked",
            "WITHDRAWAL": None}


def _deadlines_near(ctx: ReportContext) -> ReportResult:
    """The candidates' deadlines of the election plan ending within the days given (default 14), with the
    candidates still waiting at that step."""
    days_text = ctx.param("days", "14")
    if not days_text.isdigit():
        from domain.errors import Refused

        raise Refused("days must be a whole number, not {days_text!r}", days_text=days_text)
    today, until = ctx.today.isoformat(), (ctx.today + timedelta(days=int(days_text))).isoformat()
    where, params = _election(ctx)
    codes = tuple(DEADLINES)
    found = ctx.rows(f"SELECT election_code, code, title, ends FROM plan_activities WHERE code IN "
                     f"({', '.join('?' for _ in codes)}) AND ends >= ? AND ends <= ?{where} ORDER BY ends",
                     [*codes, today, until, *params])
    out = []
    for election, code, title, ends in found:
        status = _WAITING.get(code)
        waiting = ctx.rows("SELECT COUNT(*) FROM candidates WHERE election_code = ? AND status = ?",
                           [election, status])[0][0] if status else None
        out.append((election, code, title, ends, DEADLINES[code], waiting))
    return ReportResult(("election", "activity", "title", "ends", "closes", "candidates_waiting"), out,
                        notes=(Message("deadlines from {today} to {until}", today=ctx.today,
                                       until=ctx.today + timedelta(days=int(days_text))),))


REPORTS = (
    Report("candidates-by-constituency", "Candidates by constituency and status", _by_constituency,
           params=("election",)),
    Report("candidate-refusals", "Candidates refused, with reasons", _refusals, params=("election",)),
    Report("candidate-deadlines", "Candidates' deadlines near (from the election plan)", _deadlines_near,
           params=("election", "days")),
)
