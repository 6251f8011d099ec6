"""The training registers and reports (projections/training.py) on both stores: sessions with places taken and
cost, trainees with attendance, score and certificate, coverage of commission members trained before voting day,
certificates, cost per trainee."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain import finance as f
from domain import training as t
from domain.organisation import AppointMember, EstablishCommission, EstablishUnit, ScheduleElection
from domain.plan import PlanActivity
from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers

D = date


@pytest.fixture
def registers(app: Any) -> Any:
    commands: list[Any] = [
        EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"),
        ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=D(2026, 9, 1)),
        EstablishCommission(election="PE26", constituency=1, commission_name="Kabul"),
        EstablishCommission(election="PE26", constituency=1, precinct=1, commission_name="School 1"),
        AppointMember(election="PE26", constituency=1, precinct=1, member="Karimi", role="chair"),
        AppointMember(election="PE26", constituency=1, precinct=1, member="Nazari", role="secretary"),
        AppointMember(election="PE26", constituency=1, precinct=1, member="Aliyev", role="member"),
        f.OpenBudget(year=2026, source="STATE", budget_title="State"),
        f.AddBudgetLine(year=2026, source="STATE", economic_code="2212", cost_centre="TRN", amount=Decimal("5000")),
        t.AddProgramme(code="PEC", programme_title="Polling day", audience="precinct commission members",
                       curriculum="c", pass_mark=70),
        t.ScheduleSession(programme="PEC", place="Kabul", unit="HQ", starts=D(2026, 6, 1), ends=D(2026, 6, 3),
                          trainers="Ahmadi", capacity=3, cost=Decimal("300.00"), line="2026-STATE-2212-TRN"),
        t.Enrol(session="PEC-001", kind="commission member", trainee="PE26/1-1:Karimi"),
        t.Enrol(session="PEC-001", kind="commission member", trainee="PE26/1-1:Nazari"),
        t.RecordAttendance(session="PEC-001", trainee="PE26/001-0001:Karimi", on=D(2026, 6, 1)),
        t.RecordAttendance(session="PEC-001", trainee="PE26/001-0001:Nazari", attended=False, on=D(2026, 6, 1)),
        t.RecordScore(session="PEC-001", trainee="PE26/001-0001:Karimi", score=90),
        t.IssueCertificate(session="PEC-001", trainee="PE26/001-0001:Karimi", on=D(2026, 6, 3)),
    ]
    for command in commands:
        app.handle(command, user="admin")
    found = Registers(app)
    found.setup()
    found.catch_up()
    yield found
    found.close()


def report(registers: Any, name: str, **params: str) -> Any:
    return run_report(ReportContext(registers.db, registers.conn, D(2026, 11, 1), params=params), name, ["clerk"])


def test_sessions_and_trainees(registers: Any) -> None:
    [s] = read_register(registers.db, registers.conn, "training-sessions")
    assert (s["code"], s["enrolled"], s["attended"], s["certified"], s["cost"]) == ("PEC-001", 2, 1, 1, 30000)
    trainees = {r["name"]: r for r in read_register(registers.db, registers.conn, "trainees")}
    assert (trainees["Karimi"]["attended"], trainees["Karimi"]["score"], trainees["Karimi"]["certificate"]) == (
        1, 90, "CERT-2026-00001")
    assert (trainees["Nazari"]["attended"], trainees["Nazari"]["certificate"]) == (0, None)
    [p] = read_register(registers.db, registers.conn, "trainings")
    assert p["sessions"] == 1


def test_coverage_counts_training_by_the_election_plans_deadline(app: Any, registers: Any) -> None:
    """The deadline is read from the plan's TRAINING activity (else voting day): a session ending after it
    trains nobody in time."""
    assert "before voting day" in report(registers, "training-coverage", election="PE26").notes[0]
    app.handle(PlanActivity(election="PE26", code="TRAINING", activity_title="Training", phase="training",
                            unit="HQ", starts=D(2026, 5, 1), ends=D(2026, 6, 2)), user="admin")
    registers.catch_up()
    coverage = report(registers, "training-coverage", election="PE26")
    assert [r[3] for r in coverage.rows] == [0, 0, 0]  # Karimi's session ended on 3 June, after the deadline
    assert "by the election plan's training deadline 2026-06-02" in coverage.notes[0]


def test_coverage_certificates_and_cost(registers: Any) -> None:
    coverage = report(registers, "training-coverage", election="pe26")
    assert [(r[0], r[1], r[2], r[3]) for r in coverage.rows] == [
        ("PE26/001", "chair", 1, 1), ("PE26/001", "member", 1, 0), ("PE26/001", "secretary", 1, 0)]
    assert report(registers, "training-coverage").rows == coverage.rows  # the latest election by default
    assert [r[0] for r in report(registers, "training-certificates", year="2026").rows] == ["CERT-2026-00001"]
    assert report(registers, "training-cost").rows == [("PEC", 1, 30000, 1, 30000)]
