"""Supplies rules, voter numbers and stock (domain/supplies/voters.py, stock.py): figures and revisions, items and
ballot papers per election and constituency, warehouses, receipts with serials received once, moves, no negative
stock, serials only from what is on hand, write-offs by act, counts that change nothing, cards in date order."""

from __future__ import annotations

from datetime import date

from domain.application import Secretariat
from domain.organisation import DissolveCommission, DissolveUnit, EstablishUnit
from domain.supplies.common import parse_lines, voter_figure_id
from domain.supplies.stock import (
    CountStock,
    MoveStock,
    OpenWarehouse,
    ReceiveStock,
    RegisterItem,
    SetReorderLevel,
    WriteOffStock,
)
from domain.supplies.voters import ReportVoterNumbers
from tests.domain.supplies_support import BP, get, item, stock, stocked, world
from tests.domain.test_personnel import refused, run

MAY = date(2026, 5, 1)


def test_voter_numbers_are_recorded_then_revised_with_their_date_and_source(app: Secretariat) -> None:
    world(app)
    run(app, ReportVoterNumbers(commission="PE26/001-0001", voters=500, population=900, as_of=MAY, source="MoI"))
    base = dict(commission="PE26/001-0001", voters=520, population=900, as_of=date(2026, 6, 1), source="MoI rev 2")
    refused(app, ReportVoterNumbers(**{**base, "as_of": date(2026, 4, 30)}),
            "a revision dated 2026-04-30 cannot precede the figure of 2026-05-01 it revises")
    refused(app, ReportVoterNumbers(**{**base, "voters": 500}), "already has 500 voters and a population of 900")
    refused(app, ReportVoterNumbers(**{**base, "population": 400}), "population 400 cannot be smaller than the 520")
    refused(app, ReportVoterNumbers(**{**base, "voters": -1}), "number of voters -1 must be zero or more")
    refused(app, ReportVoterNumbers(**{**base, "source": " "}), "source is required")
    run(app, ReportVoterNumbers(**base))
    from domain.organisation import commission_id

    figure = get(app, voter_figure_id(commission_id("PE26", 1, 1)))
    assert (figure.voters, figure.revisions, figure.source) == (520, 1, "MoI rev 2")


def test_no_voter_numbers_for_a_dissolved_or_unknown_commission(app: Secretariat) -> None:
    world(app)
    run(app, ReportVoterNumbers(commission="PE26/001-0003", voters=10, as_of=MAY, source="MoI"))
    run(app, DissolveCommission(election="PE26", constituency=1, precinct=3, effective=MAY))
    refused(app, ReportVoterNumbers(commission="PE26/001-0003", voters=12, as_of=MAY, source="MoI"),
            "commission PE26/001-0003 is dissolved; its numbers are closed")
    refused(app, ReportVoterNumbers(commission="PE26/001-0009", voters=12, as_of=MAY, source="MoI"),
            "no commission PE26/001-0009")
    run(app, DissolveCommission(election="PE26", constituency=2, precinct=1, effective=MAY))
    refused(app, ReportVoterNumbers(commission="PE26/002-0001", voters=12, as_of=MAY, source="MoI"),
            "commission PE26/002-0001 is dissolved; it has no voters to count")


def test_items_have_a_kind_and_unit_and_ballots_belong_to_an_election_and_constituency(app: Secretariat) -> None:
    world(app)
    base = dict(code="INK", item_name="Indelible ink", kind="indelible ink", unit="bottle")
    refused(app, RegisterItem(**{**base, "kind": "cake"}), "unknown item kind 'cake'")
    refused(app, RegisterItem(**{**base, "unit": "litre"}), "unknown unit of measure 'litre'")
    refused(app, RegisterItem(**{**base, "election": "PE26"}), "only ballot papers belong to an election")
    refused(app, RegisterItem(**{**base, "reorder_level": -5}), "reorder level -5 must be zero or more")
    run(app, RegisterItem(**base))
    refused(app, RegisterItem(**base), "item INK is already registered")
    ballots = dict(item_name="Ballots", kind="ballot papers", unit="sheet", election="PE26")
    refused(app, RegisterItem(**ballots), "ballot papers are printed per election and constituency: name both")
    refused(app, RegisterItem(**ballots, constituency=7), "no constituency 7 in election PE26")
    refused(app, RegisterItem(**ballots, constituency=1, code="BP-X"),
            "ballot papers of PE26 constituency 1 are item BP-PE26-001, not BP-X")
    run(app, RegisterItem(**ballots, constituency=1))
    assert item(app).numbered and item(app).election_code == "PE26"
    run(app, DissolveCommission(election="PE26", constituency=2, precinct=1, effective=MAY))
    run(app, DissolveCommission(election="PE26", constituency=2, effective=MAY))
    refused(app, RegisterItem(**ballots, constituency=2), "constituency commission PE26/002 is dissolved")
    run(app, SetReorderLevel(item="INK", reorder_level=40))
    refused(app, SetReorderLevel(item="INK", reorder_level=40), "the reorder level of INK is already 40")


def test_warehouses_belong_to_a_live_unit(app: Secretariat) -> None:
    world(app)
    refused(app, OpenWarehouse(code="X", warehouse_name="X", unit="NOPE"), "no unit with code 'NOPE'")
    refused(app, OpenWarehouse(code="bad code!", warehouse_name="X", unit="HQ"), "warehouse code 'bad code!'")
    run(app, EstablishUnit(code="PO-OLD", unit_name="Old office", kind="provincial", parent="HQ"))
    run(app, DissolveUnit(code="PO-OLD", effective=MAY))
    refused(app, OpenWarehouse(code="OLD-WH", warehouse_name="X", unit="PO-OLD"), "unit PO-OLD is dissolved")
    run(app, OpenWarehouse(code="HQ-WH", warehouse_name="Central", unit="HQ"))
    refused(app, OpenWarehouse(code="hq-wh", warehouse_name="Again", unit="HQ"), "warehouse HQ-WH already exists")


def test_receipts_name_serials_exactly_for_numbered_items_and_each_serial_is_received_once(app: Secretariat) -> None:
    stocked(app)
    base = dict(item=BP, warehouse="KAB-WH", received_on=date(2026, 7, 2), supplier="Printer",
                order_kind="printing order", order_number="PR-8")
    refused(app, ReceiveStock(**base, quantity=100), "BP-PE26-001 needs a serial range")
    refused(app, ReceiveStock(**base, first_serial=2001, last_serial=2100, quantity=99),
            "serials 2001-2100 are 100 sheets, not 99")
    refused(app, ReceiveStock(**base, first_serial=1990, last_serial=2100),
            "serials 1990-2100 of BP-PE26-001 overlap serials 1-2000 already received; a serial is received once")
    refused(app, ReceiveStock(**base, first_serial=50, last_serial=10), "serial range 50-10 of BP-PE26-001 ends before")
    refused(app, ReceiveStock(**{**base, "order_kind": "gift"}, first_serial=2001, last_serial=2100),
            "unknown order kind 'gift'")
    run(app, ReceiveStock(**base, first_serial=2001, last_serial=2100))
    assert stock(app, BP, "KAB-WH").on_hand == 100 and item(app).received == [(1, 2100)]
    kits = dict(item="KIT", warehouse="HQ-WH", received_on=date(2026, 7, 2), supplier="Kits Ltd", order_number="PO-2")
    refused(app, ReceiveStock(**kits, quantity=0), "quantity of KIT 0 must be more than zero")
    refused(app, ReceiveStock(**kits, quantity=5, first_serial=1, last_serial=5), "KIT is not numbered")
    refused(app, ReceiveStock(**{**kits, "received_on": date(2026, 6, 30)}, quantity=5),
            "the stock card of KIT at HQ-WH runs to 2026-07-01; a movement dated 2026-06-30 cannot be entered before")
    refused(app, ReceiveStock(**{**kits, "order_number": " "}, quantity=5), "order number is required")


def test_no_negative_stock_and_serials_move_only_from_what_is_on_hand(app: Secretariat) -> None:
    stocked(app)
    move = dict(item="KIT", from_warehouse="HQ-WH", to_warehouse="KAB-WH", moved_on=date(2026, 7, 5))
    refused(app, MoveStock(**move, quantity=51), "only 50 KIT on hand at HQ-WH; cannot move 51")
    refused(app, MoveStock(**{**move, "to_warehouse": "HQ-WH"}, quantity=1), "KIT is already at HQ-WH")
    run(app, MoveStock(**move, quantity=20, reference="TN-1"))
    assert (stock(app, "KIT").on_hand, stock(app, "KIT", "KAB-WH").on_hand) == (30, 20)
    serials = dict(item=BP, from_warehouse="HQ-WH", to_warehouse="KAB-WH", moved_on=date(2026, 7, 5))
    run(app, MoveStock(**serials, first_serial=1001, last_serial=1500))
    assert stock(app).serials == [(1, 1000), (1501, 2000)] and stock(app).on_hand == 1500
    refused(app, MoveStock(**serials, first_serial=900, last_serial=1100),
            r"serials 900-1100 of BP-PE26-001 are not all on hand at HQ-WH \(on hand: 1-1000, 1501-2000\)")
    refused(app, MoveStock(**{**serials, "from_warehouse": "KAB-WH", "to_warehouse": "HQ-WH"}, first_serial=1,
                           last_serial=600), "only 500 BP-PE26-001 on hand at KAB-WH; cannot move 600")


def test_write_off_by_an_act_with_a_reason_and_never_below_zero(app: Secretariat) -> None:
    stocked(app)
    base = dict(item="KIT", warehouse="HQ-WH", on=date(2026, 7, 3), act_number="WO-1", write_off_reason="flooded")
    refused(app, WriteOffStock(**base, quantity=3), "'stock.write-off' needs a reason", reason="")
    refused(app, WriteOffStock(**base, quantity=60), "only 50 KIT on hand at HQ-WH; cannot write off 60")
    refused(app, WriteOffStock(**{**base, "act_number": ""}, quantity=3), "write-off act number is required")
    refused(app, WriteOffStock(**{**base, "write_off_reason": ""}, quantity=3), "write-off reason is required")
    refused(app, WriteOffStock(**{**base, "warehouse": "KAB-WH"}, quantity=3), "no KIT was ever held at KAB-WH")
    run(app, WriteOffStock(**base, quantity=3))
    assert stock(app, "KIT").on_hand == 47
    run(app, WriteOffStock(item=BP, warehouse="HQ-WH", on=date(2026, 7, 3), act_number="WO-2",
                           write_off_reason="misprinted", first_serial=1, last_serial=10))
    assert stock(app).serials == [(11, 2000)]


def test_a_count_records_the_discrepancy_and_changes_nothing(app: Secretariat) -> None:
    stocked(app)
    run(app, CountStock(item="KIT", warehouse="HQ-WH", counted=47, counted_on=date(2026, 7, 10), count_number="SC-1"))
    card = stock(app, "KIT")
    assert card.on_hand == 50
    refused(app, CountStock(item="KIT", warehouse="HQ-WH", counted=-1, counted_on=date(2026, 7, 11),
                            count_number="SC-2"), "counted quantity -1 must be zero or more")
    refused(app, CountStock(item="KIT", warehouse="HQ-WH", counted=50, counted_on=date(2026, 7, 9),
                            count_number="SC-2"), "runs to 2026-07-10")


def test_item_lines_are_parsed_with_one_clear_sentence_each() -> None:
    import pytest

    from domain.errors import Refused

    assert parse_lines("SEAL=40, bp-pe26-001=1001-1540") == [("SEAL", 40, None, None),
                                                              ("BP-PE26-001", 540, 1001, 1540)]
    for text, message in (("", "items are required"), ("SEAL", "must be written CODE=QUANTITY"),
                          ("SEAL=4, SEAL=5", "item SEAL is listed twice"), ("SEAL=x", "quantity 'x' of SEAL"),
                          ("SEAL=5-a", "serial range '5-a' of SEAL"), ("SEAL=0", "must be more than zero"),
                          ("SEAL=0-4", "serial 0 of SEAL must be positive"),
                          ("SEAL=1-1000000000000000", "serial 1000000000000000 of SEAL is too large")):
        with pytest.raises(Refused, match=message):
            parse_lines(text)
