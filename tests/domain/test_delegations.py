"""Foreign relations rules (domain/delegations.py): visits numbered per year with ordered dates; interpreters
are employees never booked on overlapping visits (released when a visit is cancelled); meetings within the visit;
gifts over the limit registered as property; closing only after the visit and a meeting; trips abroad."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.application import Secretariat
from domain.delegations import (
    AssignInterpreter,
    CancelVisit,
    CloseVisit,
    PlanTripAbroad,
    PlanVisit,
    ReceiveGift,
    RecordMeeting,
    ReportTripAbroad,
    Visit,
    visit_id,
)
from domain.organisation import EstablishPosition, EstablishUnit, ScheduleElection
from domain.personnel import HireEmployee
from tests.domain.rules import refused, run

D = date
V1, V2 = "DEL-2026-00001", "DEL-2026-00002"


def visit(app: Secretariat, number: str = V1) -> Visit:
    found = app.find(visit_id(number))
    assert isinstance(found, Visit)
    return found


def plan(arrives: date, departs: date) -> PlanVisit:
    return PlanVisit(organisation="CEC of Azerbaijan", country="Azerbaijan", arrives=arrives, departs=departs,
                     programme="Meetings", members="Head of delegation")


@pytest.fixture
def visits(app: Secretariat) -> Secretariat:
    run(app, EstablishUnit(code="EXT", unit_name="External relations", kind="department"))
    run(app, EstablishPosition(unit="EXT", code="INT", position_title="Interpreter"))
    run(app, HireEmployee(number="INT1", full_name="Sima", employment_type="permanent", unit="EXT", position="INT",
                          order_number="1", order_date=D(2026, 1, 1), effective=D(2026, 1, 2)))
    run(app, plan(D(2026, 3, 8), D(2026, 3, 11)))
    run(app, plan(D(2026, 3, 10), D(2026, 3, 14)))
    return app


def test_visits_are_numbered_with_ordered_dates(visits: Secretariat) -> None:
    assert (visit(visits).code, visit(visits, V2).code) == (V1, V2)
    refused(visits, plan(D(2026, 3, 8), D(2026, 3, 1)), "cannot leave")
    refused(visits, plan(D(2026, 3, 1), D(2026, 6, 1)), "at most 60 days")


def test_an_interpreter_is_an_employee_never_on_overlapping_visits(visits: Secretariat) -> None:
    refused(visits, AssignInterpreter(visit=V1, employee="NOBODY"), "no employee with personnel number 'NOBODY'")
    run(visits, AssignInterpreter(visit=V1, employee="INT1"))
    refused(visits, AssignInterpreter(visit=V1, employee="INT1"), "INT1 already interprets for DEL-2026-00001")
    refused(visits, AssignInterpreter(visit=V2, employee="INT1"),
            r"interpreter INT1 is booked on visit DEL-2026-00001 from 2026-03-08 to 2026-03-11, which overlaps "
            r"DEL-2026-00002 \(2026-03-10 to 2026-03-14\)")
    run(visits, CancelVisit(visit=V1, on=D(2026, 3, 1)), "postponed")
    run(visits, AssignInterpreter(visit=V2, employee="INT1"))  # free again once the first visit is cancelled


def test_meetings_fall_within_the_visit_and_closing_needs_one(visits: Secretariat) -> None:
    meeting = {"counterpart": "Chairman", "participants": "All", "discussion": "Training"}
    refused(visits, RecordMeeting(visit=V1, held_on=D(2026, 3, 12), **meeting),
            "runs 2026-03-08 to 2026-03-11; no meeting on 2026-03-12")
    refused(visits, CloseVisit(visit=V1, on=D(2026, 3, 12), summary="x"), "has no meeting recorded; cancel it")
    run(visits, RecordMeeting(visit=V1, held_on=D(2026, 3, 9), **meeting))
    refused(visits, CloseVisit(visit=V1, on=D(2026, 3, 10), summary="x"), "runs until 2026-03-11")
    refused(visits, CancelVisit(visit=V1, on=D(2026, 3, 1)), "only a planned visit without meetings",
            reason="late")
    run(visits, CloseVisit(visit=V1, on=D(2026, 3, 12), summary="Held"))
    refused(visits, RecordMeeting(visit=V1, held_on=D(2026, 3, 9), **meeting), "is closed; it cannot have meetings")
    refused(visits, CancelVisit(visit=V2, on=D(2026, 3, 10)), "began on 2026-03-10", reason="late")


def test_a_gift_over_the_limit_is_registered_as_property(visits: Secretariat) -> None:
    refused(visits, ReceiveGift(visit=V1, description="Carpet", value=Decimal("7500.00")),
            "over 5000.00.*give its inventory number")
    refused(visits, ReceiveGift(visit=V1, description="Book", value=Decimal("-1")), "must be zero or more")
    run(visits, ReceiveGift(visit=V1, description="Carpet", value=Decimal("7500.00"), inventory="GIFT-1"))
    run(visits, ReceiveGift(visit=V1, description="Book", value=Decimal("20.00")))
    assert [g["inventory"] for g in visit(visits).gifts] == ["GIFT-1", ""]


def test_trips_abroad_have_ordered_dates_and_are_reported_after_return(app: Secretariat) -> None:
    run(app, ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=D(2026, 9, 1)))
    trip = {"election": "PE26", "member": "Karimi", "destination": "Baku", "purpose": "Conference"}
    refused(app, PlanTripAbroad(**trip, departs=D(2026, 5, 4), returns=D(2026, 5, 1)), "cannot end")
    refused(app, PlanTripAbroad(**{**trip, "election": "XX"}, departs=D(2026, 5, 1), returns=D(2026, 5, 4)),
            "no election with code 'XX'")
    run(app, PlanTripAbroad(**trip, departs=D(2026, 5, 1), returns=D(2026, 5, 4)))
    refused(app, ReportTripAbroad(trip="TRA-2026-00001", on=D(2026, 5, 3), report="r"), "returns on 2026-05-04")
    run(app, ReportTripAbroad(trip="TRA-2026-00001", on=D(2026, 5, 6), report="Report"))
    refused(app, ReportTripAbroad(trip="TRA-2026-00001", on=D(2026, 5, 7), report="r"), "already reported")
