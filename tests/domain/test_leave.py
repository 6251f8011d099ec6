"""Leave and attendance rules (domain/leave.py): entitlements by kind and employment type, requests within one
year and the employment, no overlaps, balances (approved and pending counted), carry-over into the next year,
decisions and cancellations; timesheets of temporary staff per unit and month."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain import leave as lv
from domain import organisation as o
from domain import personnel as p
from domain.errors import Refused
from domain.personnel import employee_id


def run(app: Any, command: Any) -> Any:
    return app.handle(command, user="admin", reason="test")


def refused(app: Any, command: Any, match: str) -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command)
    assert app.head() == head


def account(app: Any, number: str, year: int) -> lv.LeaveAccount:
    found = app.find(lv.account_id(employee_id(number), year))
    assert isinstance(found, lv.LeaveAccount)
    return found


@pytest.fixture
def staff(app: Any) -> Any:
    for command in (
        o.EstablishUnit(code="HQ", unit_name="HQ", kind="office", parent=None),
        o.EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial", parent=None),
        o.EstablishPosition(unit="HQ", code="ACC", position_title="Accountant"),
        o.EstablishPosition(unit="KBL", code="DRV", position_title="Driver"),
        p.HireEmployee(number="E1", full_name="Ann", employment_type="permanent", unit="HQ", position="ACC",
                       order_number="1", order_date=date(2025, 1, 1), effective=date(2025, 1, 1)),
        p.HireEmployee(number="E2", full_name="Bob", employment_type="temporary", unit="KBL", position="DRV",
                       order_number="2", order_date=date(2026, 1, 1), effective=date(2026, 2, 1),
                       term_end=date(2026, 12, 31)),
        lv.SetEntitlement(kind="annual", employment_type="permanent", days=20, from_year=2025),
        lv.SetEntitlement(kind="annual", employment_type="temporary", days=5, from_year=2025),
        lv.SetCarryOver(days=4, from_year=2026),
    ):
        run(app, command)
    return app


def test_requests_within_the_entitlement_and_without_overlaps(staff: Any) -> None:
    run(staff, lv.RequestLeave(number="E1", kind="annual", start=date(2026, 3, 2), end=date(2026, 3, 11)))
    refused(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 3, 11), end=date(2026, 3, 12)),
            "overlaps annual leave E1/2026/1 \\(2026-03-02 to 2026-03-11, requested\\)")
    refused(staff, lv.RequestLeave(number="E1", kind="annual", start=date(2026, 4, 1), end=date(2026, 4, 11)),
            "11 day\\(s\\) of annual leave exceed the 10 day\\(s\\) left")
    refused(staff, lv.RequestLeave(number="E1", kind="sick", start=date(2026, 5, 1), end=date(2026, 5, 2)),
            "a permanent employee has no sick leave entitlement in 2026")
    refused(staff, lv.RequestLeave(number="E1", kind="holiday", start=date(2026, 5, 1), end=date(2026, 5, 2)),
            "unknown leave kind 'holiday'")
    refused(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 5, 3), end=date(2026, 5, 2)),
            "cannot end \\(2026-05-02\\) before it starts")
    refused(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 12, 30), end=date(2027, 1, 2)),
            "crosses the year's end")
    refused(staff, lv.RequestLeave(number="E2", kind="unpaid", start=date(2026, 1, 20), end=date(2026, 1, 22)),
            "hired on 2026-02-01; no leave can be dated 2026-01-20")
    run(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 3, 12), end=date(2026, 3, 13)))
    assert account(staff, "E1", 2026).balance("annual") == 10


def test_decisions_and_cancellations(staff: Any) -> None:
    run(staff, lv.RequestLeave(number="E1", kind="annual", start=date(2026, 3, 2), end=date(2026, 3, 6)))
    run(staff, lv.ApproveLeave(request="E1/2026/1", on=date(2026, 2, 20)))
    refused(staff, lv.ApproveLeave(request="E1/2026/1", on=date(2026, 2, 20)), "already approved")
    refused(staff, lv.ApproveLeave(request="E1/2026/9", on=date(2026, 2, 20)), "no leave request E1/2026/9")
    refused(staff, lv.ApproveLeave(request="E1-2026", on=date(2026, 2, 20)), "numbered like P-0001/2026/1")
    refused(staff, lv.CancelLeave(request="E1/2026/1", on=date(2026, 3, 3)), "a leave already begun is not cancelled")
    run(staff, lv.CancelLeave(request="E1/2026/1", on=date(2026, 3, 1)))
    refused(staff, lv.CancelLeave(request="E1/2026/1", on=date(2026, 3, 1)), "is cancelled; only a requested")
    run(staff, lv.RequestLeave(number="E1", kind="annual", start=date(2026, 3, 2), end=date(2026, 3, 6)))  # free
    run(staff, lv.RefuseLeave(request="E1/2026/2", on=date(2026, 2, 25)))
    assert account(staff, "E1", 2026).balance("annual") == 20
    with pytest.raises(Refused, match="needs a reason"):
        staff.handle(lv.RefuseLeave(request="E1/2026/2", on=date(2026, 2, 25)), user="admin")


def test_annual_leave_left_carries_over_up_to_the_limit(staff: Any) -> None:
    run(staff, lv.RequestLeave(number="E1", kind="annual", start=date(2025, 6, 2), end=date(2025, 6, 11)))
    run(staff, lv.ApproveLeave(request="E1/2025/1", on=date(2025, 6, 1)))
    run(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 2, 2), end=date(2026, 2, 3)))
    a = account(staff, "E1", 2026)
    assert (a.carried, a.entitlements["annual"]) == (4, 24)  # 10 left in 2025, at most 4 carried


def test_no_leave_past_the_last_working_day(staff: Any) -> None:
    run(staff, p.InitiateSeparation(number="E1", kind="resignation", last_day=date(2026, 6, 30), order_number="9",
                                    order_date=date(2026, 6, 1)))
    refused(staff, lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 6, 25), end=date(2026, 7, 2)),
            "leaves on 2026-06-30; no leave runs past it")


def test_entitlements_and_carry_over_are_checked(staff: Any) -> None:
    refused(staff, lv.SetEntitlement(kind="unpaid", employment_type="permanent", days=5, from_year=2026),
            "takes no entitlement")
    refused(staff, lv.SetEntitlement(kind="annual", employment_type="seasonal", days=5, from_year=2026),
            "unknown employment type 'seasonal'")
    refused(staff, lv.SetEntitlement(kind="annual", employment_type="permanent", days=400, from_year=2026),
            "400 days a year is out of range")
    refused(staff, lv.SetCarryOver(days=-1, from_year=2026), "a carry-over of -1 days is out of range")


def test_timesheets_of_temporary_staff(staff: Any) -> None:
    refused(staff, lv.SubmitTimesheet(unit="HQ", period="2026-03", days_worked="E1=20"),
            "employee E1 is permanent; timesheets are for temporary")
    refused(staff, lv.SubmitTimesheet(unit="HQ", period="2026-03", days_worked="E2=20"), "E2 works in KBL, not HQ")
    refused(staff, lv.SubmitTimesheet(unit="KBL", period="2026-02", days_worked="E2=29"), "cannot work 29 days")
    refused(staff, lv.SubmitTimesheet(unit="KBL", period="2026-02", days_worked="E2=20, E2=3"), "appears twice")
    refused(staff, lv.SubmitTimesheet(unit="KBL", period="2026-02", days_worked="E2 20"), "must be written NUMBER=DAYS")
    refused(staff, lv.SubmitTimesheet(unit="KBL", period="Feb", days_worked="E2=20"), "must be a month")
    run(staff, lv.SubmitTimesheet(unit="KBL", period="2026-02", days_worked="E2=20"))
    refused(staff, lv.SubmitTimesheet(unit="KBL", period="2026-02", days_worked="E2=21"), "already submitted")
    refused(staff, lv.ApproveTimesheet(unit="KBL", period="2026-02", on=date(2026, 2, 10)), "from the 20th")
    run(staff, lv.ApproveTimesheet(unit="KBL", period="2026-02", on=date(2026, 2, 27)))
    refused(staff, lv.ApproveTimesheet(unit="KBL", period="2026-02", on=date(2026, 2, 27)), "already approved")
