"""The personnel and property registers and reports: future-dated movements take effect on their date (read
time, against the report's today), contracts ending in 30 days, the clearance sheet, maintenance due, write-off
acts and count discrepancies; and `secretariat report` printing one of them as JSON for a given day."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.assets import CountInventory, IssueAsset, RegisterAsset, StartMaintenance, WriteOffAsset
from domain.organisation import EstablishPosition, EstablishUnit
from domain.personnel import HireEmployee, InitiateSeparation, PlanTrip, SignContract, TransferEmployee
from projections.paging import RegisterQuery
from projections.registers import read_register
from projections.registers import registers as all_registers
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.identity import bootstrap_here


def story(app: Any) -> None:
    def run(command: Any, reason: str = "") -> None:
        app.handle(command, user="admin", reason=reason or "test")

    run(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"))
    for code in ("CLK", "SNR", "ITO"):
        run(EstablishPosition(unit="HQ", code=code, position_title=f"Post {code}"))
    run(HireEmployee(number="E1", full_name="Ana", employment_type="temporary", unit="HQ", position="CLK",
                     order_number="1", order_date=date(2026, 1, 1), effective=date(2026, 1, 5),
                     term_end=date(2026, 7, 1)))
    run(SignContract(number="E1", contract_number="LC-1", start=date(2026, 1, 5), end=date(2026, 7, 1)))
    run(HireEmployee(number="E2", full_name="Bek", employment_type="permanent", unit="HQ", position="SNR",
                     order_number="2", order_date=date(2026, 1, 1), effective=date(2026, 1, 5)))
    # Ordered in advance: E2 moves to ITO on 1 September, so SNR stays filled until then.
    run(TransferEmployee(number="E2", unit="HQ", position="ITO", order_number="3", order_date=date(2026, 6, 1),
                         effective=date(2026, 9, 1)))
    run(RegisterAsset(inventory="LT-1", category="computer", description="laptop", cost=Decimal("950.00"),
                      location="HQ store", acquired_on=date(2026, 1, 1), next_service=date(2026, 6, 20)))
    run(RegisterAsset(inventory="LT-2", category="computer", cost=Decimal("800.10"), location="HQ store",
                      acquired_on=date(2026, 1, 1)))
    run(RegisterAsset(inventory="PR-1", category="printer", cost=Decimal("300"), location="HQ store",
                      acquired_on=date(2026, 1, 1)))
    run(IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=date(2026, 2, 1)))
    run(PlanTrip(warrant="W-1", number="E1", destination="Herat", start=date(2026, 3, 1), end=date(2026, 3, 4),
                 purpose="training", advance=Decimal("120.50")))
    run(InitiateSeparation(number="E1", kind="contract end", last_day=date(2026, 7, 1), order_number="9",
                           order_date=date(2026, 6, 1)), "contract ends")
    run(StartMaintenance(inventory="PR-1", work="drum", on=date(2026, 6, 1)))
    run(WriteOffAsset(inventory="LT-2", act_number="WO-1", on=date(2026, 6, 2), write_off_reason="obsolete"), "act")
    run(CountInventory(count_number="IC-1", location="HQ store", counted_on=date(2026, 6, 3), found="LT-1 X-9"))


def report(registers: Registers, name: str, today: date, **params: str) -> list[dict[str, Any]]:
    ctx = ReportContext(registers.db, registers.conn, today, True, params)
    return run_report(ctx, name, ["administrator"]).as_dicts()


def test_reports_compute_today_from_stored_dates(app: Any) -> None:
    story(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        june, october = date(2026, 6, 15), date(2026, 10, 1)
        assert [(r["unit"], r["type"], r["staff"]) for r in report(registers, "staff-by-unit", june)] == [
            ("HQ", "permanent", 1), ("HQ", "temporary", 1)]
        assert [(r["unit"], r["type"], r["staff"]) for r in report(registers, "staff-by-unit", october)] == [
            ("HQ", "permanent", 1)]  # E1's last working day has passed
        assert [(r["position"], r["filled_from"]) for r in report(registers, "vacancies", june)] == [
            ("ITO", "2026-09-01")]
        assert [r["position"] for r in report(registers, "vacancies", october)] == ["CLK", "SNR"]
        ending = report(registers, "contracts-ending", june)
        assert [(r["number"], r["ends"], r["days_left"]) for r in ending] == [("E1", "2026-07-01", 16)]
        assert report(registers, "contracts-ending", date(2026, 5, 1)) == []
        journal = report(registers, "movements-journal", june, person="e2")
        assert [r["movement"] for r in journal] == ["hire", "transfer"]
        sheet = report(registers, "clearance-sheet", june, person="E1")
        assert [(r["kind"], r["item"]) for r in sheet] == [("asset", "asset LT-1 (computer, laptop)"),
                                                           ("trip", "trip W-1 to Herat")]
        assert [(r["custodian"], r["assets"], r["cost"]) for r in report(registers, "assets-by-custodian", june)] == [
            ("E1", 1, "950.00")]
        due = report(registers, "maintenance-due", june)
        assert [(r["inventory"], r["status"], r["days_left"]) for r in due] == [
            ("PR-1", "in maintenance", None), ("LT-1", "issued", 5)]
        assert [(r["act"], r["cost"]) for r in report(registers, "write-off-acts", june)] == [("WO-1", "800.10")]
        assert [(r["inventory"], r["result"]) for r in report(registers, "count-discrepancies", june)] == [
            ("PR-1", "missing"), ("X-9", "unexpected")]
        staff = read_register(registers.db, registers.conn, "staff")
        assert [(r["number"], r["status"], r["position_code"], r["holdings"]) for r in staff] == [
            ("E1", "leaving", "CLK", 2), ("E2", "on staff", "ITO", 0)]
        posts = {r["code"]: r["occupant"] for r in read_register(registers.db, registers.conn, "staff-table")}
        assert posts == {"CLK": "E1 Ana", "SNR": None, "ITO": "E2 Bek"}  # reserved from the transfer order on
        units = read_register(registers.db, registers.conn, "units")
        assert [(u["code"], u["positions_total"], u["positions_vacant"]) for u in units] == [("HQ", 3, 1)]
        trips = read_register(registers.db, registers.conn, "trips")
        assert trips[0]["advance"] == 12050 and trips[0]["status"] == "planned"
        for name, words, first_column in (("staff", "type:temporary", ["E1"]), ("staff", "status:leaving", ["E1"]),
                                          ("staff-assignments", "on:2026-06-15", ["E1", "E2"]),
                                          ("staff-assignments", "on:2026-10-01 unit:HQ", ["E2"]),
                                          ("assets", "status:issued custodian:E1", ["LT-1"]),
                                          ("trips", "number:E1", ["W-1"])):
            query = RegisterQuery(registers.db, registers.conn, all_registers()[name])
            query.set(filter=words)
            assert [r[0] for r in query.page(0, 10)] == first_column, (name, words)
    finally:
        registers.close()


def test_cli_report_prints_json_for_a_given_day(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from domain.application import open_store
    from tui.cli.main import main

    app = open_store(store_url, create=True)
    bootstrap_here(app)
    story(app)
    app.close()
    assert main(["--store", store_url, "--user", "admin", "report"]) == 0
    names = capsys.readouterr().out.splitlines()
    for name in ("staff-by-unit", "vacancies", "contracts-ending", "movements-journal", "assets-by-custodian",
                 "assets-by-location", "clearance-sheet", "maintenance-due", "write-off-acts", "count-discrepancies"):
        assert name in names
    assert main(["--store", store_url, "--user", "admin", "report", "contracts-ending", "--json",
                 "--today", "2026-06-15"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [{"number": "E1", "full_name": "Ana", "type": "temporary", "unit": "HQ", "position": "CLK",
                     "contract": "LC-1", "ends": "2026-07-01", "days_left": 16}]
    assert main(["--store", store_url, "--user", "admin", "report", "clearance-sheet", "--param", "person=E2"]) == 0
    assert "E2 holds nothing" in capsys.readouterr().out


def test_a_fixed_term_hire_is_listed_as_ending_without_a_contract(app: Any) -> None:
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    app.handle(EstablishPosition(unit="HQ", code="PW", position_title="Polling worker"), user="admin")
    app.handle(HireEmployee(number="T1", full_name="Nazira", employment_type="election-period", unit="HQ",
                            position="PW", order_number="9", order_date=date(2026, 8, 1),
                            effective=date(2026, 8, 1), term_end=date(2026, 10, 31)), user="admin")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        ending = report(registers, "contracts-ending", date(2026, 10, 15))
        assert [(r["number"], r["ends"], r["days_left"]) for r in ending] == [("T1", "2026-10-31", 16)]
        [card] = report(registers, "movements-journal", date(2026, 10, 15), person="T1")
        assert "until 2026-10-31" in card["detail"]
    finally:
        registers.close()


def test_one_notion_of_effective_dates_in_register_card_and_reports(app: Any) -> None:
    from domain.organisation import Position, position_id
    from domain.personnel import Employee, employee_id
    from tui.contexts.organisation import position_notes
    from tui.contexts.personnel import employee_notes

    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    app.handle(EstablishPosition(unit="HQ", code="CLK", position_title="Clerk"), user="admin")
    later = date.today() + timedelta(days=30)  # ordered now, effective next month
    app.handle(HireEmployee(number="F1", full_name="Farid", employment_type="permanent", unit="HQ", position="CLK",
                            order_number="5", order_date=date.today(), effective=later), user="admin")
    post = app.find(position_id("HQ", "CLK"))
    assert isinstance(post, Position) and post.free_from is None and post.occupied_from == later
    assert not post.filled_on(date.today()) and post.filled_on(later)
    assert position_notes(app, post) == [f"Vacant until {later}: F1 Farid is appointed from that day."]
    hired = app.find(employee_id("F1"))
    assert isinstance(hired, Employee)
    assert employee_notes(app, hired)[0].startswith(f"On staff from {later}: the hire takes effect that day")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        staff = all_registers()["staff"]
        status = staff.columns.index("status")
        for today, shown in ((date.today(), f"on staff from {later}"), (later, "on staff")):
            query = RegisterQuery(registers.db, registers.conn, staff, today=today)
            [row] = query.page(0, 10)
            assert row[status] == shown and len(row) == len(staff.columns) + 1, today
            # the status: word agrees with what is shown: not yet on staff until the hire takes effect
            query.set(filter="status:on")  # the start of a status: "on staff"
            assert query.problem is None and query.count() == (1 if today == later else 0), today
        vacant = [r["position"] for r in report(registers, "vacancies", date.today())]
        assert vacant == ["CLK"]  # the report agrees: vacant today, filled from `later`
        assert report(registers, "vacancies", later) == []
        assert [r["staff"] for r in report(registers, "staff-by-unit", later)] == [1]
        assert report(registers, "staff-by-unit", date.today()) == []
    finally:
        registers.close()


def test_show_prints_a_hire_not_yet_in_effect_with_its_date(app: Any) -> None:
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    app.handle(EstablishPosition(unit="HQ", code="CLK", position_title="Clerk"), user="admin")
    later = date.today() + timedelta(days=10)
    app.handle(HireEmployee(number="F2", full_name="Farida", employment_type="permanent", unit="HQ", position="CLK",
                            order_number="6", order_date=date.today(), effective=later), user="admin")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        [row] = read_register(registers.db, registers.conn, "staff", record_id=True)
        assert row["status"] == f"on staff from {later}" and "status_from" not in row and row["record_id"]
    finally:
        registers.close()
