"""The Commission's part of the demo history (domain/demo/sessions.py): sessions twice a month and extraordinary
ones near voting day, absences with reasons, decisions and normative acts (published, in the State Register, one
amended, one repealed), orders through legal visa, execution control with overdue items, minutes, extracts, legal
opinions and two court cases."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.shown import english
from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers


@pytest.fixture(scope="module")
def demo(demo_registers: Registers) -> Registers:
    """This module's copy of the demo store (tests/demo_store.py), its registers caught up."""
    return demo_registers


def _report(demo: Registers, name: str, **params: str) -> list[dict[str, Any]]:
    result = run_report(ReportContext(demo.db, demo.conn, date(2026, 11, 30), True, params), name, ["clerk"])
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_the_commission_meets_through_the_election_cycle(demo: Registers) -> None:
    sessions = read_register(demo.db, demo.conn, "sessions")
    assert len(sessions) >= 22 and {s["kind"] for s in sessions} == {"regular", "extraordinary"}
    assert all(s["status"] == "closed" and s["present"] >= s["quorum"] for s in sessions)
    assert all("2026-01-01" <= s["held_on"] <= "2026-11-30" for s in sessions)
    absences = sum(s["absent"] for s in sessions) / sum(s["members"] for s in sessions)
    assert 0.03 < absences < 0.2
    assert any(s["continues_on"] for s in sessions) and all(s["minutes"] for s in sessions)
    items = read_register(demo.db, demo.conn, "agenda-items")
    assert {"adopted", "not adopted"} <= {i["status"] for i in items}


def test_decisions_acts_orders_and_control(demo: Registers) -> None:
    decisions = read_register(demo.db, demo.conn, "decisions")
    statuses = {d["status"].split(" from")[0] for d in decisions}
    assert {"adopted", "in force", "in force (amended)", "repealed"} <= statuses
    assert any(d["state_register"] and english(d["state_register"]).startswith("SR-") for d in decisions)
    assert [d["number"] for d in decisions] == [f"DEC-2026-{n:04d}" for n in range(1, len(decisions) + 1)]
    in_force = _report(demo, "acts-in-force", on="2026-08-01")
    assert any(a["edition"] == 2 for a in in_force)
    journal = _report(demo, "orders-journal")
    assert {o["kind"] for o in journal} >= {"general order", "decree"}
    orders = read_register(demo.db, demo.conn, "orders")
    assert any(o["returns"] for o in orders) and "draft" in {o["status"] for o in orders}
    control = _report(demo, "decisions-under-control")
    assert sum(r["late"] for r in control) and sum(r["open_overdue"] for r in control)
    assert read_register(demo.db, demo.conn, "extracts")


def test_legal_work(demo: Registers) -> None:
    assert len(_report(demo, "legal-opinions-overdue")) == 2
    cases = _report(demo, "court-cases")
    assert len(cases) == 2 and {c["status"] for c in cases} == {"pending", "appealed"}
    assert all(c["next_hearing"] for c in cases)


def test_staff_movements_cite_registered_personnel_orders(demo: Registers) -> None:
    cards = [c for c in read_register(demo.db, demo.conn, "labour-cards")
             if c["movement"] in ("hire", "transfer", "promotion", "separation initiated")]
    archival = [c for c in cards if not (c["order_number"] or "").startswith("PER-")]
    # Only those appointed before the register of orders was kept: the Law department's adviser who examines
    # the personnel orders, the registry's confidential officer and the Commission's counsel (December 2025).
    assert len(archival) == 3 and all(c["movement"] == "hire" for c in archival)
    orders = {o["number"]: o for o in read_register(demo.db, demo.conn, "orders") if o["kind"] == "personnel order"}
    cited = {c["order_number"] for c in cards} - {c["order_number"] for c in archival}
    assert cited <= set(orders) and all(orders[n]["status"] == "registered" for n in cited)
    assert all(c["order_date"] == orders[c["order_number"]]["signed_on"] for c in cards if c not in archival)
