"""What a record's state allows is answered once (issue 13, "rules only in the domain"): `domain.rules.allows`
gives the refusal the command itself raises, word for word, for the rules the cards used to re-encode: a person
leaving or gone (personnel's own commands, and the leave, payroll and assets rules declared on an employee), an
abolished post (a qualification requirement), a dissolved unit or commission, a commission's bank account, and a
stock card with nothing on hand."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from uuid import UUID

import pytest

from domain.acts import RegisterDecision
from domain.application import Secretariat
from domain.assets import IssueAsset
from domain.commands import Command
from domain.finance import RegisterBankAccount
from domain.hrfiles import SetPostRequirement
from domain.leave import RequestLeave
from domain.organisation import (
    AbolishPosition,
    AppointMember,
    DissolveCommission,
    DissolveUnit,
    EstablishCentralCommission,
    EstablishCommission,
    EstablishPosition,
    EstablishUnit,
    RenameUnit,
    ScheduleElection,
    central_commission_id,
    commission_id,
    position_id,
    unit_id,
)
from domain.payroll import SetPayTerms
from domain.personnel import (
    CompleteSeparation,
    InitiateSeparation,
    PlanTrip,
    RegisterMilitary,
    SignContract,
    TransferEmployee,
    employee_id,
)
from domain.rules import allows, rule, ruled_commands
from domain.sessions import session_id
from domain.supplies.common import stock_id
from domain.supplies.stock import CountStock, MoveStock, OpenWarehouse, RegisterItem, WriteOffStock
from tests.domain.commission import hold, setup_commission
from tests.domain.test_personnel import D, asset, hire, refused, run, setup


def agree(app: Secretariat, record_id: UUID, name: str, command: Command, expected: str) -> None:
    """The record's state refuses the command named `name` with `expected`, and running it is refused with that
    very sentence, nothing recorded."""
    record = app.find(record_id)
    assert allows(record, name) == expected
    assert name in ruled_commands(record)
    refused(app, command, f"^{re.escape(expected)}$")


def test_a_leaving_employee_signs_and_moves_no_more_but_still_travels_and_registers(app: Secretariat) -> None:
    setup(app)
    hire(app)
    run(app, InitiateSeparation(number="E1", kind="resignation", last_day=date(2026, 5, 1), order_number="30",
                                order_date=D))
    leaving = "employee E1 is leaving (last working day 2026-05-01)"
    agree(app, employee_id("E1"), "staff.contract", SignContract(number="E1", contract_number="C-1", start=D),
          leaving)
    agree(app, employee_id("E1"), "staff.transfer",
          TransferEmployee(number="E1", unit="HQ", position="SNR", order_number="1", order_date=D,
                           effective=date(2026, 2, 1)), leaving)
    e = app.find(employee_id("E1"))
    assert e.status == "leaving"
    assert {c for c in ("staff.military", "trips.plan", "leave.request", "payroll.set-terms", "assets.issue",
                        "staff.complete-separation") if allows(e, c) is not None} == set()
    run(app, RegisterMilitary(number="E1", status="exempt"))


def test_nothing_is_given_to_a_separated_employee_in_any_context(app: Secretariat) -> None:
    setup(app)
    hire(app)
    asset(app)
    run(app, InitiateSeparation(number="E1", kind="resignation", last_day=date(2026, 5, 1), order_number="30",
                                order_date=D))
    run(app, CompleteSeparation(number="E1"))
    e = employee_id("E1")
    agree(app, e, "staff.military", RegisterMilitary(number="E1", status="exempt"), "employee E1 has left")
    agree(app, e, "trips.plan", PlanTrip(warrant="W-1", number="E1", destination="Herat", start=date(2026, 4, 1),
                                         end=date(2026, 4, 2), purpose="x"),
          "employee E1 has left; no trip can go to them")
    agree(app, e, "leave.request", RequestLeave(number="E1", kind="annual", start=date(2026, 4, 1),
                                                end=date(2026, 4, 2)),
          "employee E1 has left; no leave can go to them")
    agree(app, e, "payroll.set-terms", SetPayTerms(number="E1", step=1, effective=date(2026, 4, 1)),
          "employee E1 has left")
    agree(app, e, "assets.issue", IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1",
                                             on=date(2026, 4, 1)),
          "employee E1 has left; no asset can go to them")


def test_an_abolished_post_requires_no_qualification(app: Secretariat) -> None:
    setup(app)
    run(app, AbolishPosition(unit="HQ", code="SNR", effective=D))
    agree(app, position_id("HQ", "SNR"), "files.requirement",
          SetPostRequirement(unit="HQ", position="SNR", level="higher"), "position HQ/SNR is abolished")
    run(app, SetPostRequirement(unit="HQ", position="CLK", level="higher"))


def test_a_dissolved_unit_is_renamed_and_given_sub_units_and_posts_no_more(app: Secretariat) -> None:
    run(app, EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"))
    run(app, EstablishUnit(code="OLD", unit_name="Old office", kind="deputy", parent="HQ"))
    run(app, DissolveUnit(code="OLD", effective=D))
    old = unit_id("OLD")
    agree(app, old, "units.rename", RenameUnit(code="OLD", unit_name="New name"), "unit OLD is dissolved")
    agree(app, old, "units.establish", EstablishUnit(code="SUB", unit_name="Sub", kind="department", parent="OLD"),
          "parent unit OLD is dissolved")
    agree(app, old, "positions.establish", EstablishPosition(unit="OLD", code="CLK", position_title="Clerk"),
          "unit OLD is dissolved")


def test_a_dissolved_commission_takes_no_member_precinct_or_bank_account(app: Secretariat) -> None:
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary 2026", kind="parliamentary",
                              voting_day=date(2026, 9, 1)))
    run(app, EstablishCommission(election="PE26", constituency=1, commission_name="Kabul"))
    run(app, EstablishCommission(election="PE26", constituency=1, precinct=1, commission_name="PEC 1"))
    precinct = commission_id("PE26", 1, 1)
    assert allows(app.find(precinct), "commissions.establish") == (
        "precinct commissions stand under a constituency commission, not under PE26/001-0001")
    run(app, DissolveCommission(election="PE26", constituency=1, precinct=1, effective=D))
    agree(app, precinct, "commissions.appoint",
          AppointMember(election="PE26", constituency=1, precinct=1, member="A. Member"),
          "commission PE26/001-0001 is dissolved")
    agree(app, precinct, "accounts.register",
          RegisterBankAccount(commission="PE26/001-0001", bank="Da Afghanistan Bank", account_number="1"),
          "commission PE26/001-0001 is dissolved")
    run(app, DissolveCommission(election="PE26", constituency=1, effective=D))
    agree(app, commission_id("PE26", 1), "commissions.establish",
          EstablishCommission(election="PE26", constituency=1, precinct=2, commission_name="PEC 2"),
          "constituency commission PE26/001 is dissolved")


def test_the_central_commission_has_no_precincts_no_bank_account_and_stays(app: Secretariat) -> None:
    run(app, EstablishCentralCommission(commission_name="Independent Election Commission"))
    central = app.find(central_commission_id())
    assert allows(central, "commissions.establish") == (
        "precinct commissions stand under a constituency commission, not under CEC")
    assert allows(central, "accounts.register") == (
        "bank accounts are registered for lower commissions, not for the central commission CEC")
    refused(app, RegisterBankAccount(commission="CEC", bank="Da Afghanistan Bank", account_number="1"),
            "must be written like PE26/001")
    agree(app, central_commission_id(), "commissions.dissolve",
          DissolveCommission(election="CEC", constituency=0, effective=D),
          "CEC is the central commission; only lower commissions are dissolved")


def test_nothing_is_moved_or_written_off_a_stock_card_with_nothing_on_hand(app: Secretariat) -> None:
    run(app, EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"))
    run(app, RegisterItem(code="KIT", item_name="Polling station kit", kind="kits", unit="kit"))
    for wh in ("HQ-WH", "KAB-WH"):
        run(app, OpenWarehouse(code=wh, warehouse_name=wh, unit="HQ"))
    run(app, CountStock(item="KIT", warehouse="HQ-WH", counted=0, counted_on=D, count_number="C-1"))
    card = stock_id("KIT", "HQ-WH")
    agree(app, card, "stock.move", MoveStock(item="KIT", from_warehouse="HQ-WH", to_warehouse="KAB-WH", quantity=1,
                                             moved_on=D), "no KIT is on hand at HQ-WH to move")
    agree(app, card, "stock.write-off", WriteOffStock(item="KIT", warehouse="HQ-WH", quantity=1, on=D,
                                                      act_number="A-1", write_off_reason="spoiled"),
          "no KIT is on hand at HQ-WH to write off")


def test_a_decision_is_registered_for_an_adopted_item_awaiting_it_also_after_the_session_closes(
        app: Secretariat) -> None:
    setup_commission(app)
    number = hold(app, date(2026, 3, 10), [("decision", 1), ("decision", 9)])  # closed: item 1 not adopted
    session = app.find(session_id(number))
    assert session.status == "closed" and allows(session, "decisions.register") is None
    refused(app, RegisterDecision(session=number, item=1), "needs the majority")
    run(app, RegisterDecision(session=number, item=2))
    assert allows(app.find(session_id(number)), "decisions.register") == (
        f"no adopted item of session {number} awaits its decision")
    refused(app, RegisterDecision(session=number, item=2), "is already decision")


def test_a_rule_is_declared_once() -> None:
    class Kind:
        RULED_COMMANDS = frozenset({"kinds.own"})

    @rule(Kind, "others.step")
    def step(k: Any) -> str | None:
        return "no"

    assert allows(Kind(), "others.step") == "no" and ruled_commands(Kind()) == {"kinds.own", "others.step"}
    for command in ("others.step", "kinds.own"):
        with pytest.raises(TypeError, match="already has a rule"):
            rule(Kind, command)(step)
