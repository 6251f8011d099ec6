"""A small world for the supplies and procurement tests: an election PE26 (voting day 1 September 2026) with
constituency 1 and precincts 1-3 (3 later dissolved where a test needs it), voter numbers, ballot papers and a
kit item, a warehouse at HQ with stock, and a plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.application import Secretariat
from domain.organisation import EstablishCommission, EstablishUnit, ScheduleElection
from domain.supplies.common import ballot_account_id, dispatch_id, item_id, quota_id, stock_id
from domain.supplies.distribution import ComputePlan, SendDispatch, SetPlan
from domain.supplies.stock import OpenWarehouse, ReceiveStock, RegisterItem
from domain.supplies.voters import ReportVoterNumbers
from tests.domain.test_personnel import run

VOTING_DAY = date(2026, 9, 1)
BP = "BP-PE26-001"


def world(app: Secretariat, precincts: int = 3) -> None:
    run(app, EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"))
    run(app, EstablishUnit(code="PO-KAB", unit_name="Kabul Provincial Office", kind="provincial", parent="HQ"))
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary 2026", kind="parliamentary",
                              voting_day=VOTING_DAY))
    run(app, EstablishCommission(election="PE26", constituency=1, commission_name="Kabul CEC"))
    run(app, EstablishCommission(election="PE26", constituency=2, commission_name="Kapisa CEC"))
    for n in range(1, precincts + 1):
        run(app, EstablishCommission(election="PE26", constituency=1, precinct=n, commission_name=f"PEC {n}"))
    run(app, EstablishCommission(election="PE26", constituency=2, precinct=1, commission_name="Kapisa PEC 1"))


def stocked(app: Secretariat) -> None:
    """The world, with voter numbers, ballots 1-2000 and 50 kits at HQ-WH, and the plan computed."""
    world(app)
    for n, voters in ((1, 500), (2, 300), (3, 420)):
        run(app, ReportVoterNumbers(commission=f"PE26/001-{n:04d}", voters=voters, as_of=date(2026, 5, 1),
                                    source="Ministry of Interior"))
    run(app, RegisterItem(item_name="Ballot papers, Kabul", kind="ballot papers", unit="sheet", election="PE26",
                          constituency=1))
    run(app, RegisterItem(code="KIT", item_name="Polling station kit", kind="kits", unit="kit", reorder_level=10))
    run(app, RegisterItem(code="SEAL", item_name="Ballot box seal", kind="seals", unit="piece", numbered=True))
    run(app, OpenWarehouse(code="HQ-WH", warehouse_name="Central warehouse", unit="HQ"))
    run(app, OpenWarehouse(code="KAB-WH", warehouse_name="Kabul warehouse", unit="PO-KAB"))
    run(app, ReceiveStock(item=BP, warehouse="HQ-WH", first_serial=1, last_serial=2000, received_on=date(2026, 7, 1),
                          supplier="State Printing House", order_kind="printing order", order_number="PR-7"))
    run(app, ReceiveStock(item="KIT", warehouse="HQ-WH", quantity=50, received_on=date(2026, 7, 1),
                          supplier="Kits Ltd", order_number="PO-1"))
    run(app, SetPlan(election="PE26", reserve_percent=Decimal("3"), per_precinct="KIT=1"))
    run(app, ComputePlan(election="PE26", constituency=1))


def send(app: Secretariat, waybill: str = "W-1", precinct: int = 1, items: str = f"{BP}=1-515, KIT=1",
         on: date = date(2026, 8, 20), warehouse: str = "HQ-WH") -> None:
    run(app, SendDispatch(waybill=waybill, commission=f"PE26/001-{precinct:04d}", warehouse=warehouse,
                          carrier="Afghan Post", dispatched_on=on, items=items))


def get(app: Secretariat, record_id: Any) -> Any:
    found = app.find(record_id)
    assert found is not None
    return found


def stock(app: Secretariat, item: str = BP, warehouse: str = "HQ-WH") -> Any:
    return get(app, stock_id(item, warehouse))


def item(app: Secretariat, code: str = BP) -> Any:
    return get(app, item_id(code))


def dispatch(app: Secretariat, waybill: str = "W-1") -> Any:
    return get(app, dispatch_id(waybill))


def account(app: Secretariat, precinct: int = 1) -> Any:
    from domain.organisation import commission_id

    return get(app, ballot_account_id(commission_id("PE26", 1, precinct), BP))


def quota(app: Secretariat, precinct: int = 1) -> Any:
    from domain.organisation import commission_id

    return get(app, quota_id(commission_id("PE26", 1, precinct)))
