"""The finance part of the demo (domain/demo/finance.py, stakeholders.py): the 2026 budget allocated to the
constituency commissions of all 34 provinces of the 2026 election, transfers before voting day, reports and
refunds after it with some outstanding, a donor project with an open advance, observers and media accredited,
parties' reports; every step accepted by the domain, and all of it within the demo's one election cycle."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.demo.base import PROVINCES
from projections.reports import ReportContext, run_report
from projections.runner import Registers


@pytest.fixture(scope="module")
def demo(demo_registers: Registers) -> Registers:
    """This module's copy of the demo store (tests/demo_store.py), its registers caught up."""
    return demo_registers


TODAY = date(2026, 12, 1)  # the day after the demo's history ends
VOTING_DAY = date(2026, 10, 17)


def rows(registers: Any, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in registers.db.execute(registers.conn, sql)]


def report(registers: Any, name: str, **params: str) -> Any:
    ctx = ReportContext(registers.db, registers.conn, TODAY, params=params)
    return run_report(ctx, name, ["clerk"])


def test_allocations_reach_every_province(demo: Any) -> None:
    commissions = rows(demo, "SELECT DISTINCT constituency FROM allocations WHERE election_code = 'WJ-2026'")
    assert len(commissions) == len(PROVINCES) == 34
    statuses = dict(rows(demo, "SELECT status, COUNT(*) FROM allocations GROUP BY status"))
    assert statuses["open"] > 0 and statuses["closed"] > 0


def test_money_adds_up_in_the_demo(demo: Any) -> None:
    for amount, allocated, unallocated in rows(demo, "SELECT amount, allocated, unallocated FROM budget_lines"):
        assert amount == allocated + unallocated and unallocated >= 0
    for amount, transferred, untransferred in rows(demo, "SELECT amount, transferred, untransferred FROM allocations"):
        assert amount == transferred + untransferred and untransferred >= 0


def test_the_reports_have_something_to_show(demo: Any) -> None:
    outstanding = report(demo, "outstanding-reports-and-refunds")
    assert any(r[5] == "OVERDUE" for r in outstanding.rows) and any(r[2] == "refund" for r in outstanding.rows)
    assert len(report(demo, "accredited-list", election="WJ-2026").rows) == 0  # all expired a month after voting
    accredited = run_report(ReportContext(demo.db, demo.conn, VOTING_DAY, params={"election": "WJ-2026"}),
                            "accredited-list", ["clerk"])
    categories = {r[1] for r in accredited.rows}
    assert {"international observer", "domestic observer", "media representative", "party agent"} <= categories
    assert len(report(demo, "party-filings").rows) == 8
    projects = rows(demo, "SELECT code, open_advances FROM donor_projects")
    assert projects == [("UNDP-ELECT-II", 1)]


def test_the_money_follows_the_election_cycle(demo: Any) -> None:
    lines = rows(demo, "SELECT DISTINCT year FROM budget_lines")
    assert lines == [(2026,)]
    for allocated_on, due in rows(demo, "SELECT allocated_on, report_due FROM allocations"):
        assert "2026-07-01" <= allocated_on < VOTING_DAY.isoformat() < due <= TODAY.isoformat()
    dates = rows(demo, "SELECT MIN(on_date), MAX(on_date) FROM finance_movements WHERE kind = 'transfer'")
    assert dates[0][1] < VOTING_DAY.isoformat()  # the money reached the commissions before voting day


def test_demo_history_is_modest() -> None:
    from domain.demo import finance as demo_finance
    from domain.demo.base import DemoHistory

    steps = list(demo_finance.history(DemoHistory(seed=1, admin="admin")))
    assert 300 < len(steps) < 1_000
