"""The election plan's register: every activity of every election's plan with its unit, dates, dependencies,
progress and status; and the report of activities late or at risk.

Whether an activity is late or at risk depends on the day it is asked: the `late:` filter word and the report
compute it from the stored dates against the day given, never in a handler.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import Message
from domain.plan import Activity
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import Report, ReportContext, ReportResult

COLUMNS = ("election_code", "code", "phase", "title", "unit_code", "starts", "ends", "legal", "depends_on",
           "progress", "status", "completed_on")
ACTIVITIES = Table("plan_activities", (
    ("id", "text"), ("election_code", "text"), ("code", "text"), ("phase", "text"), ("title", "text"),
    ("unit_code", "text"), ("starts", "text"), ("ends", "text"), ("legal", "text"), ("depends_on", "text"),
    ("progress", "int"), ("status", "text"), ("completed_on", "text"), ("last_report_on", "text"),
    ("last_note", "text"),
), key=("id",), indexes=(("election_code", "starts", "code"), ("unit_code",), ("ends",), ("status",), ("phase",)),
   search=("election_code", "code", "phase", "title", "unit_code", "starts", "ends", "legal", "depends_on", "status",
           "completed_on"))


class PlanProjection(Projection):
    name = "plan"
    version = 1
    tables = (ACTIVITIES,)

    def _activity(self, rows: Rows, e: Any, **changes: Any) -> None:
        row = rows.get("plan_activities", text(e.originator_id))
        assert row is not None, f"activity {e.originator_id} missing from the register"
        rows.put("plan_activities", {**row, **changes})

    @on(Activity.Planned)
    def planned(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("plan_activities", {
            "id": text(e.originator_id), "election_code": e.election_code, "code": e.code, "phase": e.phase,
            "title": e.title, "unit_code": e.unit_code, "starts": text(e.starts), "ends": text(e.ends),
            "legal": "legal deadline" if e.legal else "", "depends_on": ", ".join(e.depends_on) or None,
            "progress": 0, "status": "planned", "completed_on": None, "last_report_on": None, "last_note": None})

    @on(Activity.Rescheduled)
    def rescheduled(self, rows: Rows, position: int, e: Any) -> None:
        self._activity(rows, e, starts=text(e.starts), ends=text(e.ends))

    @on(Activity.ProgressReported)
    def progress(self, rows: Rows, position: int, e: Any) -> None:
        self._activity(rows, e, progress=e.percent, status="in progress", last_report_on=text(e.on),
                       last_note=e.note or None)

    @on(Activity.Completed)
    def completed(self, rows: Rows, position: int, e: Any) -> None:
        self._activity(rows, e, progress=100, status="completed", completed_on=text(e.on), last_report_on=text(e.on),
                       last_note=e.note or None)


PROJECTIONS = (PlanProjection,)
REGISTERS = (
    Register("election-plan", "plan", "plan_activities", ("election_code", "starts", "code"), COLUMNS,
             "Election plan", kind="activity", numeric=("progress",),
             fields={"election": "election_code = upper(?)", "unit": "unit_code = upper(?)",
                     "phase": prefix_match("phase"), "status": prefix_match("status"),
                     "late": "status <> 'completed' AND ends < ?"}, office=("unit_code",)),
)


# ---- reports ------------------------------------------------------------------------------------------

AT_RISK_DAYS = 14


def _late_or_at_risk(ctx: ReportContext) -> ReportResult:
    """Open activities past their end (late), and those ending within two weeks whose reported progress is behind
    the share of their time already spent (at risk)."""
    today = ctx.today
    election = ctx.param("election").upper()
    where, params = (" AND election_code = ?", [election]) if election else ("", [])
    found = ctx.rows("SELECT election_code, code, title, unit_code, starts, ends, progress, legal "
                     f"FROM plan_activities WHERE status <> 'completed'{where} ORDER BY ends, election_code, code",
                     params)
    out: list[tuple[Any, ...]] = []
    for election_code, code, title, unit, starts, ends, progress, legal in found:
        start, end = date.fromisoformat(starts), date.fromisoformat(ends)
        if end < today:
            out.append((election_code, code, title, unit, ends, int(progress), None, "late", (today - end).days, legal))
            continue
        if (end - today).days > AT_RISK_DAYS or today < start:
            continue
        spent = 100 * (today - start).days // max((end - start).days, 1)
        if int(progress) < spent:
            out.append((election_code, code, title, unit, ends, int(progress), spent, "at risk", 0, legal))
    late = sum(1 for r in out if r[7] == "late")
    return ReportResult(("election", "activity", "title", "unit", "ends", "progress_percent", "time_spent_percent",
                         "state", "days_late", "legal"), out,
                        notes=(Message("{late} late and {at_risk} at risk as of {today}", late=late,
                                       at_risk=len(out) - late,
                                       today=today),))


REPORTS = (
    Report("plan-late", "Election plan: activities late or at risk", _late_or_at_risk, params=("election",),
           description="open activities past their end, and those ending within two weeks behind schedule"),
)
