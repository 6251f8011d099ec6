"""The demo's registry part (tui/demo_registry.py): letters and appeals across HQ and the provincial offices,
through every state, with the working calendar's holidays, all accepted by the domain's rules."""

from __future__ import annotations

from collections import Counter
from datetime import date

from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers


def test_the_demo_fills_the_registry_registers(demo_registers: Registers) -> None:
    registers = demo_registers
    letters = read_register(registers.db, registers.conn, "correspondence")
    appeals = read_register(registers.db, registers.conn, "appeals")
    receptions = read_register(registers.db, registers.conn, "receptions")
    holidays = read_register(registers.db, registers.conn, "holidays")
    assert {d["direction"] for d in letters} == {"incoming", "outgoing"}
    assert {"under control", "filed", "disposed"} <= {d["status"] for d in letters}
    assert any(d["holder"] for d in letters) and any(d["replies"] for d in letters)
    series = Counter(d["number"].split("-")[0] for d in letters)
    assert series["INC"] and series["OUT"] and series["CONF"]
    hidden = read_register(registers.db, registers.conn, "correspondence", cleared=False)
    assert len(hidden) == len(letters) - series["CONF"]
    assert {a["kind"] for a in appeals} >= {"inquiry", "application", "complaint", "electoral complaint"}
    assert {a["channel"] for a in appeals} == {"written", "oral", "electronic", "reception"}
    statuses = {a["status"] for a in appeals}
    assert {"closed", "under review"} <= statuses
    assert any(a["lead_unit"] and a["lead_unit"].startswith("PO-") for a in appeals)
    assert any(a["lead_unit"] and not a["lead_unit"].startswith("PO-") for a in appeals)
    assert any(r["appeal_count"] for r in receptions) and len(holidays) >= 8
    ctx = ReportContext(registers.db, registers.conn, date(2026, 11, 23), True)
    discipline = run_report(ctx, "execution-discipline", ["clerk"]).rows
    assert sum(r[1] for r in discipline) and sum(r[2] for r in discipline)  # some on time, some late
