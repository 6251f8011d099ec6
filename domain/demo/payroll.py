"""The demo history of payroll: continues after the personnel and leave parts (`demo.employees`).

Salary scales of grades 1 to 5 (five steps each) set by the Commission from 2025, raised by five per cent
from July 2026; a provincial hardship allowance and a management allowance; income tax and pension
parameters; every employee enrolled at a step by years of service; the salary and travel lines of the 2026
budget; and a year of monthly payroll runs for the whole secretariat (December 2025 to November 2026), each
computed by the Finance clerk, approved by the head of Finance and paid, its income tax and pension remitted
on the 10th of the next month; one correction carried into the next month's run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from domain import finance as f
from domain import payroll as pr
from domain.demo.base import Step

# Monthly salary (AFN) at step 1 of each grade; each further step adds 6%.
STEP_ONE = {"grade 1": Decimal("62000"), "grade 2": Decimal("48000"), "grade 3": Decimal("36000"),
            "grade 4": Decimal("27000"), "grade 5": Decimal("19000")}
MANAGERS = ("CEO", "DEPUTY", "DIR", "PD", "CHIEF-STAFF")
SALARY_LINE = f.line_code(2026, "STATE", "2110", "HQ")
MONTHS = [(2025, 12), *((2026, m) for m in range(1, 12))]


def _steps(base: Decimal, raise_: Decimal = Decimal("1")) -> str:
    return " ".join(str((base * raise_ * (Decimal("1.06") ** n)).quantize(Decimal("1"))) for n in range(5))


def history(demo: Any) -> Iterator[Step]:
    head = demo.heads["FIN"]
    clerk = demo.clerks.get("FIN", head)
    for grade, base in STEP_ONE.items():
        yield Step(head, pr.SetSalaryScale(grade=grade, steps=_steps(base), effective=date(2025, 1, 1),
                                           decision="Commission decision 2024/131"), "salary scales of 2025")
        yield Step(head, pr.SetSalaryScale(grade=grade, steps=_steps(base, Decimal("1.05")),
                                           effective=date(2026, 7, 1), decision="Commission decision 2026/64"),
                   "five per cent raise from July 2026")
    yield Step(head, pr.SetAllowance(kind="provincial hardship", amount=Decimal("3000"), effective=date(2025, 1, 1),
                                     decision="Commission decision 2024/131"), "allowances of 2025")
    yield Step(head, pr.SetAllowance(kind="management", amount=Decimal("5000"), effective=date(2025, 1, 1),
                                     decision="Commission decision 2024/131"), "allowances of 2025")
    yield Step(head, pr.SetPayParameters(tax_free=Decimal("5000"), tax_rate=Decimal("10"), pension_rate=Decimal("3"),
                                         effective=date(2025, 1, 1), decision="Income Tax Law art. 4; pension "
                                         "regulation"), "tax and pension of 2025")
    yield Step(head, f.AddBudgetLine(year=2026, source="STATE", economic_code="2110", cost_centre="HQ",
                                     amount=Decimal("115000000.00"), description="Salaries of the secretariat"))
    yield Step(head, f.AddBudgetLine(year=2026, source="STATE", economic_code="2220", cost_centre="HQ",
                                     amount=Decimal("60000.00"), description="Official travel and per diem"))
    for number, e in sorted(demo.employees.items()):
        if e["left"]:
            continue
        years = max(0, 2025 - e["hired"].year)
        allowances = [k for k, applies in (("provincial hardship", e["unit"].startswith("PO-")),
                                           ("management", e["post"].split("-")[0] in MANAGERS)) if applies]
        yield Step(clerk, pr.SetPayTerms(number=number, step=min(5, 1 + years // 2), allowances=", ".join(allowances),
                                         effective=max(e["hired"], date(2025, 12, 1))))
    corrected = next(n for n, e in sorted(demo.employees.items()) if e["unit"].startswith("PO-") and not e["left"])
    for year, month in MONTHS:
        period = f"{year:04d}-{month:02d}"
        code = f"PAY-{period}-ALL"
        yield Step(clerk, pr.ComputePayroll(period=period, computed_on=date(year, month, 22),
                                            budget_line=SALARY_LINE if year == 2026 else ""))
        yield Step(head, pr.ApprovePayroll(run=code, approved_on=date(year, month, 24)))
        yield Step(clerk, pr.PayPayroll(run=code, paid_on=date(year, month, 26), reference=f"PO-SAL-{period}"))
        if (year, month) < (2026, 11):  # November's are remitted in December
            remit_on = date(year + (month == 12), month % 12 + 1, 10)
            yield Step(clerk, pr.RemitWithholdings(kind="income tax", paid_on=remit_on, reference=f"TAX-{period}"))
            yield Step(clerk, pr.RemitWithholdings(kind="pension", paid_on=remit_on, reference=f"PEN-{period}"))
        if period == "2026-03":
            yield Step(clerk, pr.CorrectPay(number=corrected, run=code, amount=Decimal("3000"),
                                            note="hardship allowance omitted in March"),
                       "the provincial hardship allowance was not paid in March")
