"""The personnel part of the demo history (tui/demo_personnel.py): staff on HQ and provincial posts,
equipment issued across the 34 provincial offices, trips, a cleared separation and a blocked one."""

from __future__ import annotations

from datetime import date

import pytest

from domain.demo.base import PROVINCES
from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers


@pytest.fixture(scope="module")
def demo(demo_registers: Registers) -> Registers:
    """This module's copy of the demo store (tests/demo_store.py), its registers caught up."""
    return demo_registers


def test_staff_on_hq_and_every_provincial_office(demo: Registers) -> None:
    staff = read_register(demo.db, demo.conn, "staff")
    units = {r["unit_code"] for r in staff}
    assert {p.unit for p in PROVINCES} <= units and "SEC" in units
    assert {r["employment_type"] for r in staff} == {"permanent", "temporary", "election-period"}
    assert [r["status"] for r in staff].count("separated") >= 1 and "leaving" in {r["status"] for r in staff}
    movements = {r["movement"] for r in read_register(demo.db, demo.conn, "labour-cards")}
    assert {"hire", "contract", "transfer", "promotion", "separation initiated", "separation"} <= movements


def test_equipment_across_the_provinces_and_a_blocked_separation(demo: Registers) -> None:
    assets = read_register(demo.db, demo.conn, "assets")
    issued_units = {r["custodian"] for r in assets if r["custodian_kind"] == "unit"}
    assert len({a["location"] for a in assets if "provincial store" in a["location"]}) == 34
    assert {p.unit for p in PROVINCES} - issued_units == set()
    assert {"issued", "in store", "in maintenance", "written off"} <= {a["status"] for a in assets}
    ctx = ReportContext(demo.db, demo.conn, date(2026, 11, 23), True, {})
    sheet = run_report(ctx, "clearance-sheet", ["administrator"])
    leaving = [row for row in sheet.rows if row[2] == "leaving"]
    assert leaving and leaving[0][4] == "asset"
    trips = read_register(demo.db, demo.conn, "trips")
    assert len(trips) >= 10 and {"settled", "returned", "planned", "cancelled"} <= {t["status"] for t in trips}
    donor = [a for a in assets if a["funding"] == "donor project"]
    assert donor and {a["donor_project"] for a in donor} == {"UNDP-ELECT-II"}
    assert run_report(ctx, "write-off-acts", ["administrator"]).rows
    assert run_report(ctx, "count-discrepancies", ["administrator"]).rows

