"""The supplies and procurement parts of the demo (domain/demo/supplies.py, procurement.py): voter numbers for
every constituency and live precinct of the current election (WJ-2026), ballots printed per constituency with
serial ranges, dispatched to every live precinct commission of the 34 provinces and acknowledged (a few late, one
short), reconciled after voting day with two imbalances explained by acts; kits and ink bought and delivered."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

import pytest

from domain.demo.base import PROVINCES
from projections.reports import ReportContext, run_report
from projections.runner import Registers


@pytest.fixture(scope="module")
def demo(demo_registers: Registers) -> Registers:
    """This module's copy of the demo store (tests/demo_store.py), its registers caught up."""
    return demo_registers


def rows(registers: Any, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in registers.db.execute(registers.conn, sql)]


def report(registers: Any, name: str, **params: str) -> Any:
    return run_report(ReportContext(registers.db, registers.conn, date(2026, 12, 1), params=params), name, ["clerk"])


def test_every_live_precinct_has_voter_numbers_a_quota_and_an_acknowledged_dispatch(demo: Any) -> None:
    live = {r[0] for r in rows(demo, "SELECT label FROM commissions WHERE election_code = 'WJ-2026' "
                                     "AND level = 'precinct' AND active = 1")}
    assert len(live) > 34
    assert {r[0] for r in rows(demo, "SELECT commission FROM voter_numbers WHERE level = 'precinct'")} == live
    assert len(rows(demo, "SELECT 1 FROM voter_numbers WHERE level = 'constituency'")) == 34
    assert {r[0] for r in rows(demo, "SELECT commission FROM supply_quotas")} == live
    dispatched = rows(demo, "SELECT commission, status, acknowledged_on, acknowledge_by, discrepancies "
                            "FROM dispatches")
    assert {r[0] for r in dispatched} == live and {r[1] for r in dispatched} == {"returned"}
    assert len({r[0].split("/")[1][:3] for r in dispatched}) == len(PROVINCES)
    late = [r for r in dispatched if r[2] > r[3]]
    assert 1 <= len(late) <= 6
    assert len([r for r in dispatched if r[4]]) == 1


def test_ballots_were_printed_with_serial_ranges_that_never_overlap(demo: Any) -> None:
    printed = rows(demo, "SELECT item, serials FROM stock_moves WHERE kind = 'receipt' AND item LIKE 'BP-%'")
    assert len(printed) == 34
    sent = sorted((int(r[0].split("-")[0]), int(r[0].split("-")[1])) for r in rows(
        demo, "SELECT serials FROM stock_moves WHERE kind = 'dispatch' AND item LIKE 'BP-%'"))
    assert all(a[1] < b[0] for a, b in pairwise(sent))


def test_every_account_is_reconciled_two_after_imbalances_explained_by_acts(demo: Any) -> None:
    assert set(r[0] for r in rows(demo, "SELECT status FROM ballot_accounts")) == {"reconciled"}
    findings = report(demo, "ballot-findings", election="WJ-2026")
    assert len(findings.rows) == 2 and all(r[9] == 0 and r[10] for r in findings.rows)
    reconciliation = report(demo, "ballot-reconciliation", election="WJ-2026")
    assert len(reconciliation.rows) == 34 and sum(r[11] for r in reconciliation.rows) == 2


def test_kits_and_ink_were_bought_delivered_and_paid_through_finance(demo: Any) -> None:
    contracts = {r[0]: r[1:] for r in rows(demo, "SELECT items, status, paid FROM contracts")}
    assert any(k.startswith("KIT=") and v[0] == "paid" for k, v in contracts.items())
    assert any(k.startswith("INK=") and v[0] == "delivered" for k, v in contracts.items())
    assert len(report(demo, "late-deliveries").rows) == 1
    statuses = {r[0] for r in rows(demo, "SELECT status FROM purchase_requests")}
    assert {"contracted", "approved", "rejected"} <= statuses
    assert [r[0] for r in report(demo, "stock-below-reorder").rows] == ["INK"]
    committed = rows(demo, "SELECT allocated FROM budget_lines WHERE code = '2026-STATE-2214-LOG'")
    assert committed[0][0] == sum(r[0] for r in rows(demo, "SELECT amount FROM contracts"))
