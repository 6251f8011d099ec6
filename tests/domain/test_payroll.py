"""Payroll rules (domain/payroll.py): scales, allowances and parameters with effective dates; pay terms; a
month's run (days paid, unpaid leave, timesheets, mid-month hires and last days, tax and pension), each person
paid once a month; approval by a second person, payment, voiding, corrections carried into the next run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from domain import leave as lv
from domain import organisation as o
from domain import payroll as pr
from domain import personnel as p
from domain.access import AddUser
from domain.errors import Refused
from domain.finance import AddBudgetLine, OpenBudget


def run(app: Any, command: Any, user: str = "admin") -> Any:
    return app.handle(command, user=user, reason="test")


def refused(app: Any, command: Any, match: str, user: str = "admin") -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, user)
    assert app.head() == head


def _run(app: Any, code: str) -> pr.PayrollRun:
    found = app.find(pr.run_id(code, 1))
    assert isinstance(found, pr.PayrollRun)
    return found


@pytest.fixture
def staff(app: Any) -> Any:
    """HQ with a G1 post (E1, permanent, from 2026-01-01) and a G2 post (E2, temporary, hired 2026-02-15)."""
    for command in (
        AddUser(user="boss", role="head"),
        o.EstablishUnit(code="HQ", unit_name="HQ", kind="office", parent=None),
        o.EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial", parent=None),
        o.EstablishPosition(unit="HQ", code="ACC", position_title="Accountant", grade="G1"),
        o.EstablishPosition(unit="KBL", code="DRV", position_title="Driver", grade="G2"),
        p.HireEmployee(number="E1", full_name="Ann", employment_type="permanent", unit="HQ", position="ACC",
                       order_number="1", order_date=date(2026, 1, 1), effective=date(2026, 1, 1)),
        p.HireEmployee(number="E2", full_name="Bob", employment_type="temporary", unit="KBL", position="DRV",
                       order_number="2", order_date=date(2026, 1, 1), effective=date(2026, 2, 15),
                       term_end=date(2026, 12, 31)),
        pr.SetSalaryScale(grade="G1", steps="3100 3410", effective=date(2026, 1, 1), decision="D1"),
        pr.SetSalaryScale(grade="G2", steps="2800", effective=date(2026, 1, 1), decision="D1"),
        pr.SetAllowance(kind="hardship", amount=D("310"), effective=date(2026, 1, 1), decision="D2"),
        pr.SetPayParameters(tax_free=D("1000"), tax_rate=D("10"), pension_rate=D("5"), effective=date(2026, 1, 1),
                            decision="D3"),
        pr.SetPayTerms(number="E1", step=1, allowances="hardship", effective=date(2026, 1, 1)),
        pr.SetPayTerms(number="E2", step=1, effective=date(2026, 2, 15)),
    ):
        run(app, command)
    return app


def test_a_month_pays_grade_step_and_allowances_less_tax_and_pension(staff: Any) -> None:
    run(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25)))
    r = _run(staff, "PAY-2026-01-ALL")
    [line] = r.lines  # E2 was not yet hired in January
    assert (line.number, line.days, line.salary, line.allowances) == ("E1", 31, D("3100"), D("310"))
    assert (line.gross, line.tax, line.pension, line.net) == (D("3410.00"), D("241.00"), D("170.50"), D("2998.50"))
    assert (r.gross, r.net, r.economic_code) == (D("3410.00"), D("2998.50"), "2110")


def test_days_paid_follow_the_hire_unpaid_leave_and_the_timesheet(staff: Any) -> None:
    run(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 2, 10), end=date(2026, 2, 16)))
    run(staff, lv.ApproveLeave(request="E1/2026/1", on=date(2026, 2, 1)))
    run(staff, pr.ComputePayroll(period="2026-02", computed_on=date(2026, 2, 25)))
    lines = {line.number: line for line in _run(staff, "PAY-2026-02-ALL").lines}
    assert lines["E1"].days == 21 and lines["E1"].gross == D("2557.50")  # 3410 x 21 / 28
    assert lines["E2"].days == 14 and lines["E2"].gross == D("1400.00")  # hired on the 15th: 14 of 28 days
    run(staff, lv.SubmitTimesheet(unit="KBL", period="2026-03", days_worked="E2=22"))
    run(staff, lv.ApproveTimesheet(unit="KBL", period="2026-03", on=date(2026, 3, 24)))
    run(staff, pr.ComputePayroll(period="2026-03", unit="KBL", computed_on=date(2026, 3, 25)))
    [line] = _run(staff, "PAY-2026-03-KBL").lines
    assert (line.days, line.gross) == (22, D("1987.10"))  # 2800 x 22 / 31


def test_a_new_scale_applies_from_its_date(staff: Any) -> None:
    run(staff, pr.SetSalaryScale(grade="G1", steps="6200 6500", effective=date(2026, 3, 1), decision="D9"))
    run(staff, pr.ComputePayroll(period="2026-02", unit="HQ", computed_on=date(2026, 2, 25)))
    run(staff, pr.ComputePayroll(period="2026-03", unit="HQ", computed_on=date(2026, 3, 25)))
    assert _run(staff, "PAY-2026-02-HQ").lines[0].salary == D("3100")
    assert _run(staff, "PAY-2026-03-HQ").lines[0].salary == D("6200")


def test_each_employee_is_paid_once_a_month(staff: Any) -> None:
    run(staff, pr.ComputePayroll(period="2026-03", unit="HQ", computed_on=date(2026, 3, 25)))
    refused(staff, pr.ComputePayroll(period="2026-03", computed_on=date(2026, 3, 25)),
            "employee E1 is already paid for 2026-03 by PAY-2026-03-HQ")
    run(staff, pr.VoidPayroll(run="PAY-2026-03-HQ", on=date(2026, 3, 26)))
    run(staff, pr.ComputePayroll(period="2026-03", computed_on=date(2026, 3, 26)))
    assert {line.number for line in _run(staff, "PAY-2026-03-ALL").lines} == {"E1", "E2"}


def test_a_run_needs_parameters_scales_steps_and_someone_to_pay(staff: Any) -> None:
    refused(staff, pr.ComputePayroll(period="2025-12", computed_on=date(2025, 12, 25)),
            "no tax and pension parameters in force on 2025-12-01")
    refused(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2025, 12, 31)),
            "cannot be computed before the month begins")
    refused(staff, pr.ComputePayroll(period="2026-01", unit="KBL", computed_on=date(2026, 1, 25)),
            "nobody to pay in 2026-01 in KBL")
    refused(staff, pr.ComputePayroll(period="2026-13", computed_on=date(2026, 1, 25)), "must be a month")
    run(staff, pr.SetPayTerms(number="E1", step=3, effective=date(2026, 4, 1)))
    refused(staff, pr.ComputePayroll(period="2026-04", computed_on=date(2026, 4, 25)),
            "grade 'G1' has 2 step\\(s\\); employee E1 is at step 3")
    run(staff, pr.SetPayTerms(number="E1", step=1, effective=date(2026, 5, 1)))
    run(staff, o.EstablishPosition(unit="HQ", code="NEW", position_title="New", grade="G9"))
    run(staff, p.TransferEmployee(number="E2", unit="HQ", position="NEW", order_number="3",
                                  order_date=date(2026, 5, 1), effective=date(2026, 5, 1)))
    refused(staff, pr.ComputePayroll(period="2026-05", unit="HQ", computed_on=date(2026, 5, 25)),
            "no salary scale for 'G9' in force on 2026-05-01 \\(employee E2")


def test_the_budget_line_charged_is_of_the_run_s_year(staff: Any) -> None:
    run(staff, OpenBudget(year=2027, source="STATE", budget_title="S"))
    run(staff, AddBudgetLine(year=2027, source="STATE", economic_code="2111", cost_centre="HQ", amount=D("1000")))
    refused(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25), budget_line="2027-STATE-2111-HQ"),
            "budget line 2027-STATE-2111-HQ is of 2027, not of 2026")
    refused(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25), budget_line="NOPE"),
            "no budget line 'NOPE'")


def test_approval_by_a_second_person_then_payment(staff: Any) -> None:
    run(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25)))
    refused(staff, pr.PayPayroll(run="PAY-2026-01-ALL", paid_on=date(2026, 1, 27), reference="PO"),
            "only an approved run is paid")
    refused(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)),
            "computed by admin; a second person approves it")
    refused(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 24)),
            "cannot be approved \\(2026-01-24\\) before it was computed", user="boss")
    run(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)), user="boss")
    refused(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)),
            "is approved; only a computed run", user="boss")
    refused(staff, pr.VoidPayroll(run="PAY-2026-01-ALL", on=date(2026, 1, 26)), "only a computed run is voided")
    refused(staff, pr.PayPayroll(run="PAY-2026-01-ALL", paid_on=date(2026, 1, 25), reference="PO"),
            "before its approval")
    run(staff, pr.PayPayroll(run="PAY-2026-01-ALL", paid_on=date(2026, 1, 27), reference="PO-1"))
    assert _run(staff, "PAY-2026-01-ALL").status == "paid"
    refused(staff, pr.ApprovePayroll(run="PAY-2026-09-ALL", approved_on=date(2026, 1, 26)), "no payroll run")


def test_corrections_of_a_paid_run_are_carried_into_the_next(staff: Any) -> None:
    run(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25)))
    refused(staff, pr.CorrectPay(number="E1", run="PAY-2026-01-ALL", amount=D("50")), "corrections are made to paid")
    run(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)), user="boss")
    run(staff, pr.PayPayroll(run="PAY-2026-01-ALL", paid_on=date(2026, 1, 27), reference="PO-1"))
    refused(staff, pr.CorrectPay(number="E2", run="PAY-2026-01-ALL", amount=D("50")), "E2 is not in payroll")
    refused(staff, pr.CorrectPay(number="E1", run="PAY-2026-01-ALL", amount=D("0")), "other than zero")
    run(staff, pr.CorrectPay(number="E1", run="PAY-2026-01-ALL", amount=D("100")))
    run(staff, pr.CorrectPay(number="E1", run="PAY-2026-01-ALL", amount=D("-30.50")))
    run(staff, pr.ComputePayroll(period="2026-02", unit="HQ", computed_on=date(2026, 2, 25)))
    [line] = _run(staff, "PAY-2026-02-HQ").lines
    assert (line.correction, line.gross) == (D("69.50"), D("3479.50"))
    run(staff, pr.VoidPayroll(run="PAY-2026-02-HQ", on=date(2026, 2, 26)))  # the corrections wait again
    run(staff, pr.ComputePayroll(period="2026-02", computed_on=date(2026, 2, 26)))
    lines = {line.number: line for line in staff.find(pr.run_id("PAY-2026-02-ALL", 1)).lines}
    assert lines["E1"].correction == D("69.50")
    run(staff, pr.ComputePayroll(period="2026-03", unit="HQ", computed_on=date(2026, 3, 25)))
    assert _run(staff, "PAY-2026-03-HQ").lines[0].correction == 0  # carried once only


def test_a_recovery_larger_than_the_pay_is_refused(staff: Any) -> None:
    run(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25)))
    run(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)), user="boss")
    run(staff, pr.PayPayroll(run="PAY-2026-01-ALL", paid_on=date(2026, 1, 27), reference="PO-1"))
    run(staff, pr.CorrectPay(number="E1", run="PAY-2026-01-ALL", amount=D("-5000")))
    refused(staff, pr.ComputePayroll(period="2026-02", unit="HQ", computed_on=date(2026, 2, 25)),
            "corrections \\(-5,000.00\\) exceed the month's pay")


def test_policy_and_terms_are_checked(staff: Any) -> None:
    refused(staff, pr.SetSalaryScale(grade="G3", steps="300 200", effective=date(2026, 1, 1), decision="D"),
            "the steps of G3 must not decrease")
    refused(staff, pr.SetSalaryScale(grade="G3", steps="abc", effective=date(2026, 1, 1), decision="D"),
            "salary of step 1 must be a decimal amount")
    refused(staff, pr.SetSalaryScale(grade="G3", steps="", effective=date(2026, 1, 1), decision="D"),
            "lists the monthly salary of each step")
    refused(staff, pr.SetPayParameters(tax_free=D("0"), tax_rate=D("100"), pension_rate=D("3"),
                                       effective=date(2026, 1, 1), decision="D"), "tax rate 100 must be a percentage")
    refused(staff, pr.SetPayTerms(number="E1", step=1, allowances="danger", effective=date(2026, 1, 1)),
            "unknown allowance 'danger'")
    refused(staff, pr.SetPayTerms(number="E1", step=1, allowances="hardship", effective=date(2026, 1, 1)),
            "those are already E1's pay terms")
    refused(staff, pr.SetPayTerms(number="E1", step=0, effective=date(2026, 1, 1)), "step 0 is out of range")
    run(staff, o.EstablishPosition(unit="HQ", code="NEW2", position_title="N", grade="G1"))
    run(staff, p.HireEmployee(number="E3", full_name="Cy", employment_type="permanent", unit="HQ", position="NEW2",
                              order_number="4", order_date=date(2026, 1, 1), effective=date(2026, 6, 1)))
    refused(staff, pr.SetPayTerms(number="E3", step=1, effective=date(2026, 5, 1)), "hired on 2026-06-01")


def test_withholdings_are_remitted_never_beyond_what_approved_runs_withheld(staff: Any) -> None:
    remit = pr.RemitWithholdings(kind="income tax", amount=D("241.00"), paid_on=date(2026, 2, 10), reference="T-1")
    refused(staff, remit, "remitting 241.00 of income tax exceeds the 0.00 withheld")
    run(staff, pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25)))
    refused(staff, remit, "exceeds the 0.00 withheld")  # computed, not approved: nothing withheld yet
    run(staff, pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)), user="boss")
    run(staff, remit)
    refused(staff, remit, "payment T-1 is already recorded")
    refused(staff, pr.RemitWithholdings(kind="pension", amount=D("170.51"), paid_on=date(2026, 2, 10),
                                        reference="P-1"), "exceeds the 170.50 withheld")
    refused(staff, pr.RemitWithholdings(kind="zakat", amount=D("1"), paid_on=date(2026, 2, 10), reference="Z-1"),
            "unknown withholding 'zakat'")
    run(staff, pr.RemitWithholdings(kind="pension", paid_on=date(2026, 2, 10), reference="P-1"))  # all of it
    assert staff.find(pr.WITHHOLDINGS_ID).outstanding("pension") == 0
    refused(staff, pr.RemitWithholdings(kind="pension", paid_on=date(2026, 2, 10), reference="P-2"),
            "no pension withheld is waiting")
