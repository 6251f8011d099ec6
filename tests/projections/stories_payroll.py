"""Payroll's part of the projection property test: scales, allowances, parameters, pay terms, monthly runs
for a unit or everyone, voids and payments (approval needs a second person, so in this single-user test it
is refused, as it must be; tests/projections/test_ledger_property.py covers approved and paid runs)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain import organisation as o
from domain import payroll as pr
from domain import personnel as p

MONTHS = st.integers(1, 12)
SCOPES = st.sampled_from(["ALL", "HQ", "KBL", "FIN"])
NUMBERS = st.sampled_from(["E8", "E9", "E1"])


def _compute(month: int, scope: str) -> pr.ComputePayroll:
    return pr.ComputePayroll(period=f"2026-{month:02d}", unit=scope, computed_on=date(2026, month, 25))


def _run(month: int, scope: str) -> str:
    return f"PAY-2026-{month:02d}-{scope}"


PREAMBLE: list[Any] = [
    o.EstablishPosition(unit="HQ", code="BUD", position_title="Budget officer", grade="G1"),
    o.EstablishPosition(unit="KBL", code="FAO", position_title="Finance officer", grade="G2"),
    p.HireEmployee(number="E8", full_name="Employee E8", employment_type="permanent", unit="HQ", position="BUD",
                   order_number="8/2026", order_date=date(2026, 1, 1), effective=date(2026, 1, 1)),
    p.HireEmployee(number="E9", full_name="Employee E9", employment_type="temporary", unit="KBL", position="FAO",
                   order_number="9/2026", order_date=date(2026, 3, 1), effective=date(2026, 3, 10),
                   term_end=date(2026, 12, 31)),
    pr.SetSalaryScale(grade="G1", steps="1000 1100", effective=date(2026, 1, 1), decision="D-1"),
    pr.SetSalaryScale(grade="G2", steps="800", effective=date(2026, 1, 1), decision="D-1"),
    pr.SetAllowance(kind="hardship", amount=Decimal("100"), effective=date(2026, 1, 1), decision="D-2"),
    pr.SetPayParameters(tax_free=Decimal("500"), tax_rate=Decimal("10"), pension_rate=Decimal("3"),
                        effective=date(2026, 1, 1), decision="D-3"),
    pr.SetPayTerms(number="E8", step=1, allowances="hardship", effective=date(2026, 1, 1)),
    pr.SetPayTerms(number="E9", step=1, effective=date(2026, 3, 10)),
]
CHANGES: Any = st.one_of(
    st.builds(_compute, MONTHS, SCOPES),
    st.builds(lambda m, s, d: pr.VoidPayroll(run=_run(m, s), on=d), MONTHS, SCOPES, st.dates(date(2026, 1, 1))),
    st.builds(lambda m, s: pr.PayPayroll(run=_run(m, s), paid_on=date(2026, m, 28), reference="PO"), MONTHS, SCOPES),
    st.builds(pr.SetPayTerms, number=NUMBERS, step=st.sampled_from([1, 2, 3]),
              allowances=st.sampled_from(["", "hardship", "unknown"]), effective=st.dates(date(2026, 1, 1))),
    st.builds(pr.RemitWithholdings, kind=st.sampled_from(pr.WITHHOLDING_KINDS), amount=st.none(),
              paid_on=st.dates(date(2026, 1, 1)), reference=st.sampled_from(["T-1", "T-2"])),
    st.builds(pr.SetSalaryScale, grade=st.sampled_from(["G1", "G2"]), steps=st.sampled_from(["1200 1300", "x", "5 1"]),
              effective=st.dates(date(2026, 1, 1), date(2026, 12, 1)), decision=st.just("D-4")),
)
STORIES: Any = st.one_of(
    st.builds(lambda m: [_compute(m, "ALL"), pr.VoidPayroll(run=_run(m, "ALL"), on=date(2026, m, 26)),
                         _compute(m, "HQ")], MONTHS),
)
