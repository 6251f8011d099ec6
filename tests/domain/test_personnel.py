"""Personnel rules (domain/personnel.py): hiring into a vacant position citing an order, contracts, transfers
and promotions, the two-step separation with clearance, military registration, official trips, and the
"nothing to someone leaving" rule across the registers."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain.application import Secretariat
from domain.assets import IssueAsset, RegisterAsset, ReturnAsset
from domain.commands import Command
from domain.errors import Refused
from domain.organisation import AbolishPosition, EstablishPosition, EstablishUnit, Position, position_id
from domain.personnel import (
    CancelTrip,
    CompleteSeparation,
    Employee,
    HireEmployee,
    InitiateSeparation,
    MarkArrival,
    MarkDeparture,
    PlanTrip,
    PromoteEmployee,
    RegisterMilitary,
    SettleTrip,
    SignContract,
    TransferEmployee,
    Trip,
    employee_id,
    trip_id,
)

D = date(2026, 1, 10)


def run(app: Secretariat, command: Command, reason: str = "test") -> Any:
    return app.handle(command, user="admin", reason=reason)


def refused(app: Secretariat, command: Command, match: str, reason: str = "test") -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, reason=reason)
    assert app.head() == head


def setup(app: Secretariat) -> None:
    run(app, EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"))
    run(app, EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial", parent="HQ"))
    for unit, code, title in (("HQ", "CLK", "Clerk"), ("HQ", "SNR", "Senior clerk"), ("KBL", "ITO", "IT officer")):
        run(app, EstablishPosition(unit=unit, code=code, position_title=title))


def hire(app: Secretariat, number: str = "E1", position: str = "CLK", unit: str = "HQ",
         kind: str = "permanent", effective: date = D) -> Employee:
    run(app, HireEmployee(number=number, full_name=f"Person {number}", employment_type=kind, unit=unit,
                          position=position, order_number="12/2026", order_date=date(2026, 1, 5),
                          effective=effective, term_end=None if kind == "permanent" else date(2026, 12, 31)))
    return employee(app, number)


def employee(app: Secretariat, number: str) -> Employee:
    found = app.find(employee_id(number))
    assert isinstance(found, Employee)
    return found


def position(app: Secretariat, unit: str, code: str) -> Position:
    found = app.find(position_id(unit, code))
    assert isinstance(found, Position)
    return found


def asset(app: Secretariat, inventory: str = "LT-1") -> None:
    run(app, RegisterAsset(inventory=inventory, category="computer", description="laptop",
                           cost=Decimal("950.00"), location="HQ store", acquired_on=D))


def test_hire_into_a_vacant_position_only(app: Secretariat) -> None:
    setup(app)
    e = hire(app)
    assert e.active and e.position == "HQ/CLK" and e.card[0].startswith("2026-01-10 hired (permanent)")
    assert position(app, "HQ", "CLK").occupant_id == e.id
    refused(app, HireEmployee(number="E2", full_name="B", employment_type="permanent", unit="HQ", position="CLK",
                              order_number="13", order_date=D, effective=D), "position HQ/CLK is not vacant")
    refused(app, AbolishPosition(unit="HQ", code="CLK", effective=D), "occupied")


def test_a_fixed_term_hire_needs_the_terms_end(app: Secretariat) -> None:
    setup(app)
    base = dict(number="E2", full_name="B", unit="HQ", position="SNR", order_number="13", order_date=D, effective=D)
    for kind in ("temporary", "election-period"):
        refused(app, HireEmployee(**base, employment_type=kind),
                f"a {kind} hire is for a fixed term: give the term's end date")
    refused(app, HireEmployee(**base, employment_type="temporary", term_end=D - timedelta(days=1)),
            re.escape(f"the term cannot end ({D - timedelta(days=1)}) before the hire takes effect ({D})"))
    refused(app, HireEmployee(**base, employment_type="permanent", term_end=date(2026, 12, 31)),
            "a permanent hire has no fixed term")
    run(app, HireEmployee(**base, employment_type="election-period", term_end=date(2026, 12, 31)))
    e = employee(app, "E2")
    assert e.term_end == date(2026, 12, 31) and "(election-period until 2026-12-31)" in e.card[0]


def test_hire_checks_number_type_order_and_position(app: Secretariat) -> None:
    setup(app)
    hire(app)
    base = dict(number="E2", full_name="B", employment_type="temporary", unit="HQ", position="SNR",
                order_number="13", order_date=D, effective=D, term_end=date(2026, 12, 31))
    refused(app, HireEmployee(**{**base, "number": "e1"}), "an employee with number E1 already exists")
    refused(app, HireEmployee(**{**base, "employment_type": "casual"}), "unknown employment type 'casual'")
    refused(app, HireEmployee(**{**base, "order_number": " "}), "order number is required")
    refused(app, HireEmployee(**{**base, "position": "NOPE"}), "no position HQ/NOPE")
    run(app, AbolishPosition(unit="HQ", code="SNR", effective=D), reason="cut")
    refused(app, HireEmployee(**base), "position HQ/SNR is abolished")


def test_one_running_contract_and_fixed_term_needs_an_end(app: Secretariat) -> None:
    setup(app)
    hire(app)
    hire(app, "T1", "SNR", kind="election-period")
    refused(app, SignContract(number="T1", contract_number="C-9", start=D), "contract needs an end date")
    run(app, SignContract(number="E1", contract_number="C-1", start=D, end=date(2026, 12, 31)))
    refused(app, SignContract(number="E1", contract_number="C-2", start=date(2026, 6, 1)),
            "already has a running contract C-1")
    refused(app, SignContract(number="E1", contract_number="C-2", start=date(2027, 6, 1), end=date(2027, 1, 1)),
            "cannot end before it starts")
    run(app, SignContract(number="E1", contract_number="C-2", start=date(2027, 1, 1)))
    assert employee(app, "E1").contract["number"] == "C-2"


def test_transfer_and_promotion_move_to_a_vacant_position(app: Secretariat) -> None:
    setup(app)
    hire(app)
    hire(app, "E2", "ITO", unit="KBL")
    move = dict(number="E1", unit="KBL", position="ITO", order_number="20", order_date=D, effective=date(2026, 3, 1))
    refused(app, TransferEmployee(**move), "position KBL/ITO is not vacant")
    refused(app, TransferEmployee(**{**move, "unit": "HQ", "position": "CLK"}), "already holds position HQ/CLK")
    refused(app, PromoteEmployee(**{**move, "unit": "HQ", "position": "SNR", "effective": date(2026, 1, 1)}),
            "cannot take effect before it")
    run(app, PromoteEmployee(**{**move, "unit": "HQ", "position": "SNR"}))
    e = employee(app, "E1")
    assert e.position == "HQ/SNR" and "promotion from HQ/CLK" in e.card[-1]
    assert position(app, "HQ", "CLK").occupant_id is None and position(app, "HQ", "SNR").occupant_id == e.id
    run(app, TransferEmployee(**{**move, "unit": "HQ", "position": "CLK", "effective": date(2026, 4, 1)}))
    assert employee(app, "E1").position == "HQ/CLK"


def test_separation_needs_a_reason_a_kind_and_an_order(app: Secretariat) -> None:
    setup(app)
    hire(app)
    sep = dict(number="E1", kind="resignation", last_day=date(2026, 5, 1), order_number="30", order_date=D)
    refused(app, InitiateSeparation(**sep), "needs a reason", reason="")
    refused(app, InitiateSeparation(**{**sep, "kind": "vanished"}), "unknown separation 'vanished'")
    refused(app, InitiateSeparation(**{**sep, "last_day": date(2025, 1, 1)}), "cannot be before 2026-01-10")
    refused(app, CompleteSeparation(number="E1"), "has no separation initiated")
    run(app, InitiateSeparation(**sep))
    refused(app, InitiateSeparation(**sep), "is leaving")
    run(app, CompleteSeparation(number="E1"))
    e = employee(app, "E1")
    assert not e.active and "separated (resignation)" in e.card[-1]
    assert position(app, "HQ", "CLK").occupant_id is None
    refused(app, CompleteSeparation(number="E1"), "has already left")
    refused(app, TransferEmployee(number="E1", unit="HQ", position="SNR", order_number="1", order_date=D,
                                  effective=date(2026, 6, 1)), "has left")


def test_separation_completes_only_after_clearance(app: Secretariat) -> None:
    setup(app)
    hire(app)
    asset(app)
    run(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D))
    run(app, PlanTrip(warrant="W-1", number="E1", destination="Herat", start=date(2026, 2, 1),
                      end=date(2026, 2, 3), purpose="training", advance=Decimal("100")))
    run(app, InitiateSeparation(number="E1", kind="resignation", last_day=date(2026, 5, 1), order_number="30",
                                order_date=D), reason="resigned")
    refused(app, CompleteSeparation(number="E1"), r"before clearance; still held: .*LT-1.*W-1")
    assert employee(app, "E1").blockers() == ["asset LT-1 (computer, laptop)", "trip W-1 to Herat"]
    run(app, ReturnAsset(inventory="LT-1", returned_by="E1", on=date(2026, 4, 1)))
    refused(app, CompleteSeparation(number="E1"), r"still held: trip W-1 to Herat$")
    run(app, MarkDeparture(warrant="W-1", on=date(2026, 2, 1)))
    run(app, MarkArrival(warrant="W-1", on=date(2026, 2, 3)))
    run(app, SettleTrip(warrant="W-1", expenses=Decimal("80.50"), on=date(2026, 2, 5)))
    run(app, CompleteSeparation(number="E1"))
    assert not employee(app, "E1").active


def test_nothing_goes_to_someone_leaving_from_the_last_day_on(app: Secretariat) -> None:
    setup(app)
    hire(app)
    asset(app)
    asset(app, "LT-2")
    run(app, InitiateSeparation(number="E1", kind="dismissal", last_day=date(2026, 5, 1), order_number="30",
                                order_date=D), reason="misconduct")
    run(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=date(2026, 4, 30)))
    refused(app, IssueAsset(inventory="LT-2", custodian_kind="employee", custodian="E1", on=date(2026, 5, 1)),
            r"is leaving \(last working day 2026-05-01\); no asset can go to them")
    refused(app, PlanTrip(warrant="W-2", number="E1", destination="Herat", start=date(2026, 5, 2),
                          end=date(2026, 5, 3), purpose="x"), "no trip can go to them")
    refused(app, PlanTrip(warrant="W-2", number="E1", destination="Herat", start=date(2026, 4, 28),
                          end=date(2026, 5, 1), purpose="x"), "no trip can go to them")
    e = employee(app, "E1")
    with pytest.raises(Refused, match="no assignment can go to them"):
        e.check_can_receive(date(2026, 5, 1), "assignment")
    e.check_can_receive(date(2026, 4, 30), "assignment")
    run(app, ReturnAsset(inventory="LT-1", returned_by="E1", on=date(2026, 5, 1)))
    run(app, CompleteSeparation(number="E1"))
    refused(app, IssueAsset(inventory="LT-2", custodian_kind="employee", custodian="E1", on=date(2026, 1, 1)),
            "has left; no asset can go to them")


def test_military_registration(app: Secretariat) -> None:
    setup(app)
    hire(app)
    refused(app, RegisterMilitary(number="E1", status="drafted"), "unknown military status 'drafted'")
    refused(app, RegisterMilitary(number="E1", status="reserve"), "names the military office")
    run(app, RegisterMilitary(number="E1", status="reserve", military_office="Kabul district 3", category="B"))
    assert employee(app, "E1").military == {"status": "reserve", "office": "Kabul district 3", "category": "B"}
    refused(app, RegisterMilitary(number="E9", status="exempt"), "no employee with personnel number 'E9'")
    run(app, InitiateSeparation(number="E1", kind="retirement", last_day=date(2026, 5, 1), order_number="30",
                                order_date=D), reason="age")
    run(app, CompleteSeparation(number="E1"))
    refused(app, RegisterMilitary(number="E1", status="exempt"), "employee E1 has left")


def test_trip_warrant_unique_traveller_active_dates_and_no_overlap(app: Secretariat) -> None:
    setup(app)
    hire(app)
    trip = dict(warrant="W-1", number="E1", destination="Herat", start=date(2026, 2, 1), end=date(2026, 2, 5),
                purpose="training", advance=Decimal("250.00"))
    refused(app, PlanTrip(**{**trip, "end": date(2026, 1, 30)}), "cannot end before it starts")
    refused(app, PlanTrip(**{**trip, "advance": Decimal("-1")}), "advance -1 must be zero or more")
    refused(app, PlanTrip(**{**trip, "advance": Decimal("1.005")}), "has more than two decimal places")
    refused(app, PlanTrip(**{**trip, "advance": Decimal("1e30")}), "is too large")
    refused(app, PlanTrip(**{**trip, "number": "E7"}), "no employee with personnel number 'E7'")
    refused(app, PlanTrip(**{**trip, "start": date(2026, 1, 9)}), "employee E1 was hired on 2026-01-10; no trip "
            "can be dated 2026-01-09")
    run(app, PlanTrip(**trip))
    refused(app, PlanTrip(**trip), "warrant W-1 is already issued")
    refused(app, PlanTrip(**{**trip, "warrant": "W-2", "start": date(2026, 2, 5), "end": date(2026, 2, 9)}),
            "already travelling from 2026-02-01 to 2026-02-05 on warrant W-1")
    run(app, PlanTrip(**{**trip, "warrant": "W-2", "start": date(2026, 2, 6), "end": date(2026, 2, 9)}))
    t = app.find(trip_id("W-1"))
    assert isinstance(t, Trip) and t.status == "planned" and t.advance == Decimal("250.00")


def test_trip_marks_in_order_and_settlement_releases_it(app: Secretariat) -> None:
    setup(app)
    hire(app)
    run(app, PlanTrip(warrant="W-1", number="E1", destination="Herat", start=date(2026, 2, 1),
                      end=date(2026, 2, 5), purpose="training", advance=Decimal("250.00")))
    refused(app, MarkArrival(warrant="W-1", on=date(2026, 2, 5)), "the departure is marked first")
    refused(app, SettleTrip(warrant="W-1", expenses=Decimal("1"), on=D), "settled after the return")
    run(app, MarkDeparture(warrant="W-1", on=date(2026, 2, 1)))
    refused(app, MarkDeparture(warrant="W-1", on=date(2026, 2, 1)), "is departed, not planned")
    refused(app, MarkArrival(warrant="W-1", on=date(2026, 1, 31)), "cannot return before")
    run(app, MarkArrival(warrant="W-1", on=date(2026, 2, 5)))
    assert "trip W-1 to Herat" in employee(app, "E1").blockers()
    run(app, SettleTrip(warrant="W-1", expenses=Decimal("300.00"), on=date(2026, 2, 7)))
    t = app.find(trip_id("W-1"))
    assert isinstance(t, Trip) and t.status == "settled" and t.balance == Decimal("-50.00")
    assert employee(app, "E1").holdings == {}
    refused(app, SettleTrip(warrant="W-1", expenses=Decimal("1"), on=D), "is settled")


def test_a_planned_trip_is_cancelled_with_a_reason_releasing_it_and_its_dates(app: Secretariat) -> None:
    setup(app)
    hire(app)
    trip = dict(warrant="W-1", number="E1", destination="Herat", start=date(2026, 2, 1), end=date(2026, 2, 5),
                purpose="training")
    run(app, PlanTrip(**trip))
    with pytest.raises(Refused, match="reason"):
        app.handle(CancelTrip(warrant="W-1", on=date(2026, 1, 20)), user="admin")
    run(app, CancelTrip(warrant="W-1", on=date(2026, 1, 20)), reason="postponed")
    t = app.find(trip_id("W-1"))
    assert isinstance(t, Trip) and t.status == "cancelled"
    e = employee(app, "E1")
    assert e.holdings == {} and e.blockers() == [] and not e.trips
    refused(app, CancelTrip(warrant="W-1", on=date(2026, 1, 21)), "is cancelled; only a planned trip")
    refused(app, MarkDeparture(warrant="W-1", on=date(2026, 2, 1)), "is cancelled, not planned")
    run(app, PlanTrip(**{**trip, "warrant": "W-2"}))  # the dates are free again
    run(app, MarkDeparture(warrant="W-2", on=date(2026, 2, 1)))
    refused(app, CancelTrip(warrant="W-2", on=date(2026, 2, 2)), "trip W-2 is departed; only a planned trip "
            r"\(before its departure\) is cancelled")
    refused(app, CancelTrip(warrant="W-9", on=D), "no trip on warrant 'W-9'")


def test_numbers_are_plain_codes(app: Secretariat) -> None:
    setup(app)
    refused(app, HireEmployee(number="E 1", full_name="A", employment_type="permanent", unit="HQ", position="CLK",
                              order_number="1", order_date=D, effective=D), "may hold only letters, digits")


def test_holdings_contract_refuses_a_second_take_and_an_unknown_release(app: Secretariat) -> None:
    setup(app)
    hire(app)
    asset(app)
    run(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D))
    e = employee(app, "E1")
    held = next(iter(e.holdings))
    from uuid import UUID, uuid4

    with pytest.raises(Refused, match="already holds asset LT-1"):
        e.take("asset", UUID(held), "asset LT-1", D, None)  # type: ignore[arg-type]
    with pytest.raises(Refused, match="does not hold that document"):
        e.release("document", uuid4(), None)  # type: ignore[arg-type]


def test_a_post_is_filled_again_only_once_its_holder_has_left(app: Secretariat) -> None:
    setup(app)
    hire(app)  # E1 on HQ/CLK
    run(app, InitiateSeparation(number="E1", kind="resignation", last_day=date(2026, 6, 30), order_number="30",
                                order_date=D))
    run(app, CompleteSeparation(number="E1"))
    refused(app, HireEmployee(number="E2", full_name="Person E2", employment_type="permanent", unit="HQ",
                              position="CLK", order_number="40", order_date=D, effective=date(2026, 6, 30)),
            "free only from 2026-07-01")
    hire(app, "E2", effective=date(2026, 7, 1))
    hire(app, "E3", position="SNR")
    run(app, TransferEmployee(number="E3", unit="KBL", position="ITO", order_number="41", order_date=D,
                              effective=date(2026, 9, 1)))
    refused(app, PromoteEmployee(number="E2", unit="HQ", position="SNR", order_number="42", order_date=D,
                                 effective=date(2026, 8, 1)), "free only from 2026-09-01")


def test_no_contract_before_the_hire_and_no_trip_past_the_last_day(app: Secretariat) -> None:
    setup(app)
    hire(app)
    refused(app, SignContract(number="E1", contract_number="LC-1", start=date(2026, 1, 1), end=None),
            "hired on 2026-01-10; no contract can be dated 2026-01-01")
    run(app, PlanTrip(warrant="W-9", number="E1", destination="Herat", start=date(2026, 5, 20),
                      end=date(2026, 6, 5), purpose="training"))
    refused(app, InitiateSeparation(number="E1", kind="resignation", last_day=date(2026, 6, 1), order_number="30",
                                    order_date=D), "travels on warrant W-9 until 2026-06-05")
