"""The personnel registers: staff, their posts from and to, labour-card entries, what each person holds, and
official trips; and their reports (staff by unit, vacancies, contracts ending, the movements journal, the
clearance sheet).

Dates are stored as ISO text as the events carry them (when a movement takes effect, when an assignment ends);
what holds "today" (who is on which post, which contracts end soon) is computed by the reports and the `on:`
filter word when they are read, never when an event is folded.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.errors import Message
from domain.personnel import Employee, Trip
from domain.shown import said
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, cents, searchable_columns
from projections.reports import Report, ReportContext, ReportResult

STAFF_COLUMNS = ("number", "full_name", "employment_type", "unit_code", "position_code", "position_title", "since",
                 "status", "contract_end", "last_day", "holdings", "military_status")
ASSIGNMENT_COLUMNS = ("number", "full_name", "employment_type", "unit_code", "position_code", "position_title",
                      "start_on", "end_on")
MOVEMENT_COLUMNS = ("effective", "number", "full_name", "movement", "detail", "order_number", "order_date")
TRIP_COLUMNS = ("warrant", "number", "full_name", "destination", "start_on", "end_on", "purpose", "advance",
                "status", "departed_on", "returned_on", "expenses", "balance")


EMPLOYEES = Table("employees", (
    ("id", "text"), ("number", "text"), ("full_name", "text"), ("employment_type", "text"), ("unit_code", "text"),
    ("position_code", "text"), ("position_title", "text"), ("since", "text"), ("status", "text"),
    ("contract_number", "text"), ("contract_end", "text"), ("last_day", "text"), ("separation", "text"),
    ("holdings", "int"), ("military_status", "text"), ("military_office", "text"), ("military_category", "text"),
    ("assignments", "int"), ("movements", "int"), ("status_from", "text"),
), key=("id",), indexes=(("number",), ("full_name",), ("unit_code", "position_code"), ("status",),
                         ("employment_type",), ("contract_end",), ("since",)),
   search=searchable_columns(STAFF_COLUMNS, ("holdings",)))
ASSIGNMENTS = Table("staff_assignments", (
    ("employee_id", "text"), ("seq", "int"), ("number", "text"), ("full_name", "text"), ("employment_type", "text"),
    ("unit_code", "text"), ("position_code", "text"), ("position_title", "text"), ("start_on", "text"),
    ("end_on", "text"),
), key=("employee_id", "seq"), indexes=(("unit_code", "position_code", "start_on"), ("number",), ("start_on",)),
   search=ASSIGNMENT_COLUMNS)
MOVEMENTS = Table("staff_movements", (
    ("employee_id", "text"), ("seq", "int"), ("effective", "text"), ("number", "text"), ("full_name", "text"),
    ("movement", "text"), ("detail", "text"), ("order_number", "text"), ("order_date", "text"),
), key=("employee_id", "seq"), indexes=(("effective", "number"), ("number",), ("movement",)),
   search=MOVEMENT_COLUMNS)
HOLDINGS = Table("staff_holdings", (
    ("employee_id", "text"), ("item_id", "text"), ("number", "text"), ("full_name", "text"), ("kind", "text"),
    ("label", "text"), ("taken_on", "text"),
), key=("employee_id", "item_id"), indexes=(("number", "kind"),))
TRIPS = Table("trips", (
    ("id", "text"), ("warrant", "text"), ("number", "text"), ("full_name", "text"), ("destination", "text"),
    ("start_on", "text"), ("end_on", "text"), ("purpose", "text"), ("advance", "int"), ("status", "text"),
    ("departed_on", "text"), ("returned_on", "text"), ("expenses", "int"), ("balance", "int"),
), key=("id",), indexes=(("start_on", "warrant"), ("warrant",), ("number",), ("status",), ("destination",)),
   search=searchable_columns(TRIP_COLUMNS, ("advance", "expenses", "balance")))


def _day_before(day: date) -> str:
    return (day - timedelta(days=1)).isoformat()


class PersonnelProjection(Projection):
    name = "personnel"
    version = 4  # 2: assets moved to their own projection; 3: the search form column (domain.folding), fixed terms;
    # 4: a labour card's detail stored as sentences (domain.shown.said), said in the reader's language
    tables = (EMPLOYEES, ASSIGNMENTS, MOVEMENTS, HOLDINGS, TRIPS)

    @staticmethod
    def _row(rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{table} {key} missing from the register"
        return dict(row)

    def _movement(self, rows: Rows, emp: dict[str, Any], effective: Any, movement: str, detail: Message,
                  order_number: str | None, order_date: Any) -> None:
        emp["movements"] += 1
        rows.put("staff_movements", {
            "employee_id": emp["id"], "seq": emp["movements"], "effective": text(effective), "number": emp["number"],
            "full_name": emp["full_name"], "movement": movement, "detail": said(detail), "order_number": order_number,
            "order_date": text(order_date)})

    def _assign(self, rows: Rows, emp: dict[str, Any], position: str, title: str, start: date) -> None:
        unit_code, _, code = position.partition("/")
        emp["assignments"] += 1
        emp.update(unit_code=unit_code, position_code=code, position_title=title, since=text(start))
        rows.put("staff_assignments", {
            "employee_id": emp["id"], "seq": emp["assignments"], "number": emp["number"],
            "full_name": emp["full_name"], "employment_type": emp["employment_type"], "unit_code": unit_code,
            "position_code": code, "position_title": title, "start_on": text(start), "end_on": None})

    def _end_assignment(self, rows: Rows, emp: dict[str, Any], end: str) -> None:
        current = self._row(rows, "staff_assignments", emp["id"], emp["assignments"])
        rows.put("staff_assignments", {**current, "end_on": end})

    @on(Employee.Hired)
    def hired(self, rows: Rows, position: int, e: Any) -> None:
        emp = {"id": text(e.originator_id), "number": e.number, "full_name": e.full_name,
               "employment_type": e.employment_type, "status": "on staff", "contract_number": None,
               "contract_end": text(e.term_end), "last_day": None, "separation": None, "holdings": 0,
               "military_status": None, "military_office": None, "military_category": None, "assignments": 0,
               "movements": 0,  # a fixed-term hire ends with its term until a contract says otherwise
               "status_from": text(e.effective)}  # on staff from the hire's effective date, not the order's
        self._assign(rows, emp, e.position, e.position_title, e.effective)
        kind = Message(e.employment_type)
        detail = (Message("{kind} until {end}, as {title}, {position}", kind=kind, end=e.term_end,
                          title=e.position_title, position=e.position) if e.term_end
                  else Message("{kind}, as {title}, {position}", kind=kind, title=e.position_title,
                               position=e.position))
        self._movement(rows, emp, e.effective, "hire", detail, e.order_number, e.order_date)
        rows.put("employees", emp)

    @on(Employee.ContractSigned)
    def contract(self, rows: Rows, position: int, e: Any) -> None:
        emp = self._row(rows, "employees", text(e.originator_id))
        emp.update(contract_number=e.contract_number, contract_end=text(e.end))
        detail = (Message("contract {number} to {end}", number=e.contract_number, end=e.end) if e.end
                  else Message("contract {number}, open-ended", number=e.contract_number))
        self._movement(rows, emp, e.start, "contract", detail, None, None)
        rows.put("employees", emp)

    @on(Employee.Moved)
    def moved(self, rows: Rows, position: int, e: Any) -> None:
        emp = self._row(rows, "employees", text(e.originator_id))
        self._end_assignment(rows, emp, _day_before(e.effective))
        self._assign(rows, emp, e.position, e.position_title, e.effective)
        self._movement(rows, emp, e.effective, e.movement, Message(
            "from {before} to {title}, {position}", before=e.from_position, title=e.position_title,
            position=e.position), e.order_number, e.order_date)
        rows.put("employees", emp)

    @on(Employee.SeparationInitiated)
    def separation_initiated(self, rows: Rows, position: int, e: Any) -> None:
        emp = self._row(rows, "employees", text(e.originator_id))
        emp.update(status="leaving", last_day=text(e.last_day), separation=e.kind, status_from=None)
        self._end_assignment(rows, emp, text(e.last_day) or "")
        self._movement(rows, emp, e.last_day, "separation initiated", Message(
            "{kind}; last working day {day}", kind=Message(e.kind), day=e.last_day), e.order_number, e.order_date)
        rows.put("employees", emp)

    @on(Employee.SeparationCompleted)
    def separated(self, rows: Rows, position: int, e: Any) -> None:
        emp = self._row(rows, "employees", text(e.originator_id))
        emp.update(status="separated", status_from=None)
        self._movement(rows, emp, e.last_day, "separation", Message(
            "{kind} from {position}; clearance complete", kind=Message(e.kind), position=e.position), None, None)
        rows.put("employees", emp)

    @on(Employee.MilitaryRegistered)
    def military(self, rows: Rows, position: int, e: Any) -> None:
        emp = self._row(rows, "employees", text(e.originator_id))
        rows.put("employees", {**emp, "military_status": e.status, "military_office": e.office or None,
                               "military_category": e.category or None})

    @on(Employee.ItemTaken, Employee.ItemReleased)
    def holding(self, rows: Rows, position: int, e: Any) -> None:
        emp = self._row(rows, "employees", text(e.originator_id))
        taken = isinstance(e, Employee.ItemTaken)
        rows.put("employees", {**emp, "holdings": emp["holdings"] + (1 if taken else -1)})
        if taken:
            rows.put("staff_holdings", {"employee_id": emp["id"], "item_id": text(e.item_id), "number": emp["number"],
                                        "full_name": emp["full_name"], "kind": e.kind, "label": e.label,
                                        "taken_on": text(e.on)})
        else:
            rows.delete("staff_holdings", emp["id"], text(e.item_id))

    @on(Trip.Planned)
    def trip_planned(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("trips", {"id": text(e.originator_id), "warrant": e.warrant, "number": e.number,
                           "full_name": e.full_name, "destination": e.destination, "start_on": text(e.start),
                           "end_on": text(e.end), "purpose": e.purpose, "advance": cents(e.advance),
                           "status": "planned", "departed_on": None, "returned_on": None, "expenses": None,
                           "balance": None})

    @on(Trip.Departed, Trip.Arrived, Trip.Settled, Trip.Cancelled)
    def trip_marked(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "trips", text(e.originator_id))
        if isinstance(e, Trip.Departed):
            row.update(status="departed", departed_on=text(e.on))
        elif isinstance(e, Trip.Arrived):
            row.update(status="returned", returned_on=text(e.on))
        elif isinstance(e, Trip.Cancelled):
            row.update(status="cancelled")
        else:
            row.update(status="settled", expenses=cents(e.expenses), balance=cents(e.balance))
        rows.put("trips", row)


# ---- reports ------------------------------------------------------------------------------------

CURRENT = "start_on <= ? AND (end_on IS NULL OR end_on >= ?)"


def _staff_by_unit(ctx: ReportContext) -> ReportResult:
    day = ctx.today.isoformat()
    rows = ctx.rows(f"SELECT unit_code, employment_type, COUNT(*) FROM staff_assignments WHERE {CURRENT} "
                    "GROUP BY unit_code, employment_type ORDER BY unit_code, employment_type", (day, day))
    return ReportResult(("unit", "type", "staff"), rows, bars="staff",
                        notes=(Message("{count} on staff on {day}", count=int(sum(r[2] for r in rows)),
                                       day=ctx.today),))


def _vacancies(ctx: ReportContext) -> ReportResult:
    day = ctx.today.isoformat()
    rows = ctx.rows(
        "SELECT p.unit_code, p.code, p.title, p.grade, (SELECT MIN(a.start_on) FROM staff_assignments a "
        "WHERE a.unit_code = p.unit_code AND a.position_code = p.code AND a.start_on > ?) "
        "FROM positions p WHERE p.active = 1 AND NOT EXISTS (SELECT 1 FROM staff_assignments a "
        f"WHERE a.unit_code = p.unit_code AND a.position_code = p.code AND a.{CURRENT.replace('end_on', 'a.end_on')}) "
        "ORDER BY p.unit_code, p.code", (day, day, day))
    return ReportResult(("unit", "position", "title", "grade", "filled_from"), rows,
                        notes=(Message("{count} vacant on {day}; filled_from: an appointment already ordered",
                                       count=len(rows), day=ctx.today),))


def _contracts_ending(ctx: ReportContext) -> ReportResult:
    day, until = ctx.today.isoformat(), (ctx.today + timedelta(days=30)).isoformat()
    found = ctx.rows("SELECT number, full_name, employment_type, unit_code, position_code, contract_number, "
                     "contract_end FROM employees WHERE status <> 'separated' AND contract_end >= ? "
                     "AND contract_end <= ? ORDER BY contract_end, number", (day, until))
    rows = [(*r, (date.fromisoformat(r[6]) - ctx.today).days) for r in found]
    return ReportResult(("number", "full_name", "type", "unit", "position", "contract", "ends", "days_left"), rows,
                        notes=(Message("contracts ending from {day} to {until}", day=ctx.today,
                                       until=ctx.today + timedelta(days=30)),))


def _movements(ctx: ReportContext) -> ReportResult:
    person = ctx.param("person").upper()
    where, params = ("WHERE number = ?", (person,)) if person else ("", ())
    rows = ctx.rows(f"SELECT effective, number, full_name, movement, detail, order_number, order_date "
                    f"FROM staff_movements {where} ORDER BY effective, number, seq", params)
    return ReportResult(MOVEMENT_COLUMNS, rows)


def _clearance(ctx: ReportContext) -> ReportResult:
    person = ctx.param("person").upper()
    where, params = ("AND h.number = ?", (person,)) if person else ("", ())
    rows = ctx.rows("SELECT h.number, h.full_name, e.status, e.last_day, h.kind, h.label, h.taken_on "
                    "FROM staff_holdings h JOIN employees e ON e.id = h.employee_id "
                    f"WHERE e.status <> 'separated' {where} ORDER BY h.number, h.kind, h.label", params)
    people = len({r[0] for r in rows})
    notes = [Message("{count} item(s) held by {people} person(s); a separation completes when the list is empty",
                     count=len(rows), people=people)]
    if person and not rows:
        notes = [Message("{person} holds nothing: clearance is complete", person=person)]
    return ReportResult(("number", "full_name", "status", "last_day", "kind", "item", "since"), rows,
                        notes=tuple(notes))


PROJECTIONS = (PersonnelProjection,)
_ON = {"on": CURRENT}
REGISTERS = (
    Register("staff", "personnel", "employees", ("number",), STAFF_COLUMNS, "Staff", kind="employee",
             numeric=("holdings",), effective=("status", "status_from"), office=("unit_code",),
             fields={"unit": "unit_code = ?", "status": "substr(status, 1, length(?)) = ?",
                     "type": "employment_type = ?",
                     "number": "number = ?", "military": "military_status = ?",
                     "due": "status <> 'separated' AND contract_end <= ?"}),
    Register("staff-assignments", "personnel", "staff_assignments", ("unit_code", "position_code", "start_on"),
             ASSIGNMENT_COLUMNS, "Staff on posts (from, to)", record="employee_id", key=("employee_id", "seq"),
             kind="employee", office=("unit_code",), fields={**_ON, "unit": "unit_code = ?", "number": "number = ?"}),
    Register("labour-cards", "personnel", "staff_movements", ("effective", "number", "seq"), MOVEMENT_COLUMNS,
             "Labour-card entries", record="employee_id", key=("employee_id", "seq"), kind="employee",
             fields={"number": "number = ?", "movement": "movement = ?"}),
    Register("trips", "personnel", "trips", ("start_on", "warrant"), TRIP_COLUMNS, "Official trips", kind="trip",
             money=("advance", "expenses", "balance"),
             fields={"status": "status = ?", "number": "number = ?", "destination": "destination = ?"}),
)
REPORTS = (
    Report("staff-by-unit", "Staff by unit and type (today)", _staff_by_unit),
    Report("vacancies", "Vacant positions (today)", _vacancies),
    Report("contracts-ending", "Labour contracts ending in 30 days", _contracts_ending),
    Report("movements-journal", "Movements journal (labour-card entries)", _movements, params=("person",)),
    Report("clearance-sheet", "Clearance sheet: what each person holds", _clearance, params=("person",)),
)
