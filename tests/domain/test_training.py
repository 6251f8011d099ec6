"""Training rules (domain/training.py): programmes with an audience and pass mark; sessions with ordered dates,
a capacity and a cost charged to a budget line; enrolment of employees (not leaving) and commission members
(members of that commission), once and within capacity; attendance from the first day; a certificate only after
attendance and a passing score, numbered gap-free per year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain import finance as f
from domain.application import Secretariat
from domain.organisation import AppointMember, EstablishCommission, EstablishPosition, EstablishUnit, ScheduleElection
from domain.personnel import HireEmployee, InitiateSeparation
from domain.training import (
    AddProgramme,
    Enrol,
    IssueCertificate,
    RecordAttendance,
    RecordScore,
    ScheduleSession,
    Session,
    session_id,
)
from tests.domain.rules import refused, run

D = date
S = {"session": "PEC-001"}


def session(app: Secretariat, code: str = "PEC-001") -> Session:
    found = app.find(session_id(code))
    assert isinstance(found, Session)
    return found


STARTS, ENDS = D(2026, 6, 1), D(2026, 6, 3)


def schedule(capacity: int = 2, cost: Decimal = Decimal("0"), line: str = "", starts: date = STARTS,
             ends: date = ENDS) -> ScheduleSession:
    return ScheduleSession(programme="PEC", place="Kabul", unit="HQ", starts=starts, ends=ends, trainers="Ahmadi",
                           capacity=capacity, cost=cost, line=line)


@pytest.fixture
def scheduled(app: Secretariat) -> Secretariat:
    run(app, EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"))
    run(app, ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=D(2026, 9, 1)))
    run(app, EstablishCommission(election="PE26", constituency=1, commission_name="Kabul"))
    for member in ("Karimi", "Nazari", "Aliyev"):
        run(app, AppointMember(election="PE26", constituency=1, member=member, role="member"))
    run(app, AddProgramme(code="PEC", programme_title="Polling day", audience="precinct commission members",
                          curriculum="Opening; counting", pass_mark=70))
    run(app, schedule())
    return app


def test_a_programme_names_its_audience_and_pass_mark(app: Secretariat) -> None:
    refused(app, AddProgramme(code="X", programme_title="X", audience="voters", curriculum="c"), "unknown audience")
    refused(app, AddProgramme(code="X", programme_title="X", audience="staff", curriculum="c", pass_mark=101),
            "the pass mark is 0-100")
    refused(app, AddProgramme(code="X Y", programme_title="X", audience="staff", curriculum="c"), "programme code")
    run(app, AddProgramme(code="X", programme_title="X", audience="staff", curriculum="c"))
    refused(app, AddProgramme(code="x", programme_title="X", audience="staff", curriculum="c"), "already exists")


def test_sessions_are_numbered_per_programme_with_ordered_dates_and_a_charged_cost(scheduled: Secretariat) -> None:
    refused(scheduled, schedule(starts=D(2026, 6, 5), ends=D(2026, 6, 1)), "cannot end")
    refused(scheduled, schedule(capacity=0), "capacity must be 1-500")
    refused(scheduled, schedule(cost=Decimal("100.00")), "names the budget line it is charged to")
    refused(scheduled, schedule(cost=Decimal("100.00"), line="2026-STATE-1-X"), "no budget line")
    refused(scheduled, schedule(cost=Decimal("-1")), "cost -1 must be zero or more")
    refused(scheduled, ScheduleSession(programme="NONE", place="K", unit="HQ", starts=D(2026, 6, 1),
                                       ends=D(2026, 6, 1), trainers="A", capacity=1), "no training programme 'NONE'")
    run(scheduled, f.OpenBudget(year=2026, source="STATE", budget_title="State"))
    run(scheduled, f.AddBudgetLine(year=2026, source="STATE", economic_code="2212", cost_centre="TRN",
                                   amount=Decimal("5000")))
    run(scheduled, schedule(cost=Decimal("300.00"), line="2026-STATE-2212-TRN"))
    assert (session(scheduled, "PEC-002").cost, session(scheduled, "PEC-002").line_code) == (
        Decimal("300.00"), "2026-STATE-2212-TRN")


def test_enrolment_once_within_capacity_of_real_members(scheduled: Secretariat) -> None:
    member = {**S, "kind": "commission member"}
    refused(scheduled, Enrol(**member, trainee="Karimi"), "a commission member is named as PE26/1-3:NAME")
    refused(scheduled, Enrol(**member, trainee="PE26/9:Karimi"), "no commission PE26/9")
    refused(scheduled, Enrol(**member, trainee="PE26/1:Ghani"), "Ghani is not a member of PE26/001")
    refused(scheduled, Enrol(**S, kind="guest", trainee="x"), "unknown trainee kind 'guest'")
    run(scheduled, Enrol(**member, trainee="PE26/1:karimi"))
    refused(scheduled, Enrol(**member, trainee="PE26/001:Karimi"), "already enrolled in session PEC-001")
    run(scheduled, Enrol(**member, trainee="PE26/1:Nazari"))
    refused(scheduled, Enrol(**member, trainee="PE26/1:Aliyev"), "session PEC-001 is full: 2 places taken")
    assert sorted(session(scheduled).trainees) == ["MEM:PE26/001:Karimi", "MEM:PE26/001:Nazari"]


def test_an_employee_leaving_is_not_enrolled(scheduled: Secretariat) -> None:
    run(scheduled, EstablishPosition(unit="HQ", code="P1", position_title="Clerk"))
    refused(scheduled, Enrol(**S, trainee="E1"), "no employee with personnel number 'E1'")
    run(scheduled, HireEmployee(number="E1", full_name="Ahmad", employment_type="permanent", unit="HQ",
                                position="P1", order_number="1", order_date=D(2026, 1, 1), effective=D(2026, 1, 2)))
    run(scheduled, InitiateSeparation(number="E1", kind="resignation", last_day=D(2026, 5, 15),
                                      order_number="2", order_date=D(2026, 5, 1)), "resigned")
    refused(scheduled, Enrol(**S, trainee="E1"), "employee E1 is leaving")


def test_certificates_follow_attendance_and_a_passing_score(scheduled: Secretariat) -> None:
    for member in ("Karimi", "Nazari"):
        run(scheduled, Enrol(**S, kind="commission member", trainee=f"PE26/1:{member}"))
    refused(scheduled, RecordAttendance(**S, trainee="PE26/001:Karimi", on=D(2026, 5, 31)),
            "starts on 2026-06-01; no attendance on 2026-05-31")
    refused(scheduled, RecordAttendance(**S, trainee="PE26/001:Aliyev", on=D(2026, 6, 1)), "is not enrolled")
    refused(scheduled, RecordScore(**S, trainee="PE26/001:Karimi", score=80), "did not attend session PEC-001")
    run(scheduled, RecordAttendance(**S, trainee="PE26/001:Karimi", on=D(2026, 6, 1)))
    run(scheduled, RecordAttendance(**S, trainee="PE26/001:Nazari", attended=False, on=D(2026, 6, 1)))
    refused(scheduled, IssueCertificate(**S, trainee="PE26/001:Nazari", on=D(2026, 6, 3)), "did not attend")
    refused(scheduled, IssueCertificate(**S, trainee="PE26/001:Karimi", on=D(2026, 6, 3)), "has no test score")
    refused(scheduled, RecordScore(**S, trainee="PE26/001:Karimi", score=101), "a score is 0-100")
    run(scheduled, RecordScore(**S, trainee="PE26/001:Karimi", score=60))
    refused(scheduled, IssueCertificate(**S, trainee="PE26/001:Karimi", on=D(2026, 6, 3)),
            "scored 60, below the pass mark 70")
    run(scheduled, RecordScore(**S, trainee="PE26/001:Karimi", score=85))  # a retake
    refused(scheduled, IssueCertificate(**S, trainee="PE26/001:Karimi", on=D(2026, 6, 2)),
            "issued from its last day")
    run(scheduled, IssueCertificate(**S, trainee="PE26/001:Karimi", on=D(2026, 6, 3)))
    assert session(scheduled).trainees["MEM:PE26/001:Karimi"]["certificate"] == "CERT-2026-00001"
    refused(scheduled, IssueCertificate(**S, trainee="PE26/001:Karimi", on=D(2026, 6, 4)),
            "already holds certificate CERT-2026-00001")
