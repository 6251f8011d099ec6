"""The foreign relations registers: delegations (visits of foreign election bodies and international
organisations, and Commission members' trips abroad, in one list by direction) and the meetings held with
visiting delegations; and the report of interpreters' bookings."""

from __future__ import annotations

from typing import Any

from domain.delegations import Interpreter, Meeting, TripAbroad, Visit
from domain.errors import Message
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, cents, prefix_match
from projections.reports import Report, ReportContext, ReportResult

DELEGATIONS = Table("delegations", (
    ("id", "text"), ("number", "text"), ("direction", "text"), ("organisation", "text"), ("country", "text"),
    ("starts", "text"), ("ends", "text"), ("delegates", "text"), ("interpreters", "text"), ("meetings", "int"),
    ("gifts_value", "int"), ("status", "text"),
), key=("id",), indexes=(("starts", "number"), ("number",), ("status",), ("country",), ("direction",)),
   search=("number", "direction", "organisation", "country", "starts", "ends", "delegates", "interpreters",
           "status"))
MEETINGS = Table("delegation_meetings", (
    ("id", "text"), ("code", "text"), ("visit", "text"), ("held_on", "text"), ("counterpart", "text"),
    ("participants", "text"), ("discussion", "text"),
), key=("id",), indexes=(("held_on", "code"), ("visit",)),
   search=("code", "visit", "held_on", "counterpart", "participants"))
BOOKINGS = Table("interpreter_bookings", (
    ("employee", "text"), ("visit", "text"), ("starts", "text"), ("ends", "text"),
), key=("employee", "visit"), indexes=(("starts",),))

_DIRECTIONS = {Visit: "incoming visit", TripAbroad: "trip abroad"}


def allowing(kind: type[Visit] | type[TripAbroad], command: str) -> str:
    """The delegations rows of that kind (visits and trips share the register) whose state allows the command,
    by the condition the domain declares for it."""
    return f"direction = '{_DIRECTIONS[kind]}' AND {conditions.allowing(kind, command)}"


class DelegationsProjection(Projection):
    name = "delegations"
    version = 1
    tables = (DELEGATIONS, MEETINGS, BOOKINGS)

    def _row(self, rows: Rows, e: Any, **changes: Any) -> None:
        row = rows.get("delegations", text(e.originator_id))
        assert row is not None, f"delegation {e.originator_id} missing from the register"
        rows.put("delegations", {**row, **changes})

    @on(Visit.Planned)
    def visit(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("delegations", {
            "id": text(e.originator_id), "number": e.number, "direction": "incoming visit",
            "organisation": e.organisation, "country": e.country, "starts": text(e.arrives),
            "ends": text(e.departs), "delegates": e.members, "interpreters": None, "meetings": 0, "gifts_value": 0,
            "status": "planned"})

    @on(Visit.InterpreterAssigned)
    def interpreter(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("delegations", text(e.originator_id))
        assert row is not None
        who = f"{e.name} ({e.employee})"
        self._row(rows, e, interpreters=f"{row['interpreters']}, {who}" if row["interpreters"] else who)

    @on(Visit.MeetingHeld)
    def meeting_counted(self, rows: Rows, position: int, e: Any) -> None:
        self._row(rows, e, meetings=e.number, status="held")

    @on(Visit.GiftReceived)
    def gift(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("delegations", text(e.originator_id))
        assert row is not None
        self._row(rows, e, gifts_value=row["gifts_value"] + (cents(e.value) or 0))

    @on(Visit.Closed, Visit.Cancelled)
    def ended(self, rows: Rows, position: int, e: Any) -> None:
        self._row(rows, e, status="closed" if isinstance(e, Visit.Closed) else "cancelled")

    @on(Meeting.Recorded)
    def meeting(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("delegation_meetings", {
            "id": text(e.originator_id), "code": f"{e.visit}/{e.number}", "visit": e.visit, "held_on": text(e.held_on),
            "counterpart": e.counterpart, "participants": e.participants, "discussion": e.discussion})

    @on(Interpreter.VisitBooked)
    def booked(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("interpreter_bookings", {"employee": e.employee, "visit": e.visit, "starts": text(e.starts),
                                          "ends": text(e.ends)})

    @on(Interpreter.VisitReleased)
    def released(self, rows: Rows, position: int, e: Any) -> None:
        rows.delete("interpreter_bookings", e.employee, e.visit)

    @on(TripAbroad.Planned)
    def trip(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("delegations", {
            "id": text(e.originator_id), "number": e.number, "direction": "trip abroad", "organisation": e.purpose,
            "country": e.destination, "starts": text(e.departs), "ends": text(e.returns), "delegates": e.member,
            "interpreters": None, "meetings": 0, "gifts_value": 0, "status": "planned"})

    @on(TripAbroad.Reported)
    def trip_reported(self, rows: Rows, position: int, e: Any) -> None:
        self._row(rows, e, status="reported")


PROJECTIONS = (DelegationsProjection,)
REGISTERS = (
    Register("delegations", "delegations", "delegations", ("starts", "number"),
             ("number", "direction", "organisation", "country", "starts", "ends", "delegates", "interpreters",
              "meetings", "gifts_value", "status"), "Delegations and trips abroad", kind="delegation",
             descending=True, numeric=("meetings",), money=("gifts_value",),
             fields={"status": prefix_match("status"), "direction": prefix_match("direction"),
                     "country": prefix_match("country"), "year": "substr(starts, 1, 4) = ?"}),
    Register("meetings", "delegations", "delegation_meetings", ("held_on", "code"),
             ("code", "visit", "held_on", "counterpart", "participants"), "Meetings with delegations",
             kind="delegation meeting", descending=True,
             fields={"visit": "visit = upper(?)", "month": "substr(held_on, 1, 7) = ?"}),
)


def _interpreters(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT b.visit, d.organisation, b.starts, b.ends, d.interpreters FROM interpreter_bookings b "
                    "JOIN delegations d ON d.number = b.visit ORDER BY b.starts, b.visit")
    seen: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        seen.setdefault(row[0], row)
    return ReportResult(("visit", "organisation", "from", "to", "interpreters"), list(seen.values()),
                        notes=(Message("{count} visits with interpreters booked", count=len(seen)),))


REPORTS = (
    Report("interpreter-bookings", "Interpreters booked on visits", _interpreters),
)
