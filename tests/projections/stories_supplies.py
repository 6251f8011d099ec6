"""The supplies registers' part of the projection property test (tests/projections/test_property.py): PREAMBLE
(valid commands run after the organisation preamble, which makes election PE26 with constituency 1), CHANGES (single
commands, valid or refused) and STORIES (short command lists).

Covers voter numbers, items, warehouses, stock and its moves, the plan, dispatches with acknowledgement and return,
and ballot accounts counted, explained and reconciled."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain.organisation import EstablishCommission
from domain.supplies import ballots as b
from domain.supplies import distribution as d
from domain.supplies import stock as s
from domain.supplies import voters as v

BP = "BP-PE26-001"
ON = st.dates(date(2026, 7, 1), date(2026, 9, 30))
PRECINCTS = st.sampled_from(["PE26/001-0001", "PE26/001-0002", "PE26/001-0001", "PE26/001-0009"])
WAYBILLS = st.sampled_from(["W-1", "W-2", "W-3"])
QTY = st.sampled_from([0, 1, 5, 40, 600])
SERIALS = st.sampled_from(["1-100", "50-150", "101-300", "301-300", "2000-2100"])
WAREHOUSES = st.sampled_from(["HQ-WH", "KBL-WH"])

PREAMBLE: list[Any] = [
    EstablishCommission(election="PE26", constituency=1, precinct=1, commission_name="PEC 1 [b]"),
    EstablishCommission(election="PE26", constituency=1, precinct=2, commission_name="PEC 2"),
    v.ReportVoterNumbers(commission="PE26/001-0001", voters=90, as_of=date(2026, 5, 1), source="MoI [/x]"),
    v.ReportVoterNumbers(commission="PE26/001-0002", voters=150, as_of=date(2026, 5, 1), source="MoI"),
    s.RegisterItem(item_name="Ballots [/b]", kind="ballot papers", unit="sheet", election="PE26", constituency=1),
    s.RegisterItem(code="KIT", item_name="Kit", kind="kits", unit="kit", reorder_level=20),
    s.OpenWarehouse(code="HQ-WH", warehouse_name="Central", unit="HQ"),
    s.OpenWarehouse(code="KBL-WH", warehouse_name="Kabul", unit="KBL"),
    s.ReceiveStock(item=BP, warehouse="HQ-WH", first_serial=1, last_serial=1000, received_on=date(2026, 7, 1),
                   supplier="Printer", order_kind="printing order", order_number="PR-1"),
    s.ReceiveStock(item="KIT", warehouse="HQ-WH", quantity=30, received_on=date(2026, 7, 1), supplier="Kits [b]",
                   order_number="PO-1"),
    d.SetPlan(election="PE26", reserve_percent=Decimal("5"), per_precinct="KIT=1"),
]
CHANGES: Any = st.one_of(
    st.builds(v.ReportVoterNumbers, commission=PRECINCTS, voters=st.sampled_from([80, 90, 120]), as_of=ON,
              source=st.just("MoI revised")),
    st.builds(d.ComputePlan, election=st.just("PE26"), constituency=st.just(1)),
    st.builds(d.AdjustQuota, commission=PRECINCTS, item=st.sampled_from(["KIT", BP]), quantity=QTY),
    st.builds(s.MoveStock, item=st.just("KIT"), from_warehouse=WAREHOUSES, to_warehouse=WAREHOUSES, quantity=QTY,
              moved_on=ON),
    st.builds(s.WriteOffStock, item=st.just("KIT"), warehouse=WAREHOUSES, quantity=QTY, on=ON,
              act_number=st.just("WO-1"), write_off_reason=st.just("damaged [b]")),
    st.builds(s.CountStock, item=st.just("KIT"), warehouse=WAREHOUSES, counted=QTY, counted_on=ON,
              count_number=st.just("SC-1")),
    st.builds(s.SetReorderLevel, item=st.just("KIT"), reorder_level=QTY),
    st.builds(d.SendDispatch, waybill=WAYBILLS, commission=PRECINCTS, warehouse=WAREHOUSES, carrier=st.just("Post"),
              dispatched_on=ON, items=st.builds(lambda r, k: f"{BP}={r}, KIT={k}", SERIALS, QTY)),
    st.builds(d.AcknowledgeDispatch, waybill=WAYBILLS, commission=PRECINCTS, received_on=ON,
              received_by=st.just("Chair [/x]"), received=st.sampled_from(["", "KIT=0", f"{BP}=90, KIT=1"]),
              discrepancies=st.sampled_from(["", "short"])),
    st.builds(d.ReturnDispatch, waybill=WAYBILLS, returned_on=ON, returned=st.sampled_from(["", "KIT=1", f"{BP}=5"])),
    st.builds(b.CountBallots, commission=PRECINCTS, issued=QTY, spoiled=QTY, counted_on=ON, protocol=st.just("P-1")),
    st.builds(b.ExplainImbalance, commission=PRECINCTS, act_number=st.sampled_from(["A-1", "A-2"]),
              quantity=st.sampled_from([-5, 1, 5, 95]), on=ON, explanation=st.just("lost [b]")),
    st.builds(b.ReconcileBallots, commission=PRECINCTS, on=ON),
)
STORIES: Any = st.one_of(
    st.builds(lambda precinct, issued, on: [
        d.ComputePlan(election="PE26", constituency=1),
        d.SendDispatch(waybill=f"S-{precinct}", commission=f"PE26/001-000{precinct}", warehouse="HQ-WH",
                       carrier="Post", dispatched_on=date(2026, 8, 1),
                       items=f"{BP}={precinct * 200 + 1}-{precinct * 200 + 100}, KIT=1"),
        d.AcknowledgeDispatch(waybill=f"S-{precinct}", commission=f"PE26/001-000{precinct}",
                              received_on=date(2026, 8, 2), received_by="Chair"),
        d.ReturnDispatch(waybill=f"S-{precinct}", returned_on=on, returned=f"{BP}=10, KIT=1"),
        b.CountBallots(commission=f"PE26/001-000{precinct}", issued=issued, spoiled=2, counted_on=on, protocol="P"),
        b.ExplainImbalance(commission=f"PE26/001-000{precinct}", act_number="ACT-1", quantity=88 - issued, on=on,
                           explanation="explained"),
        b.ReconcileBallots(commission=f"PE26/001-000{precinct}", on=on)],
        st.sampled_from([1, 2]), st.sampled_from([80, 88, 87]), st.dates(date(2026, 9, 1), date(2026, 9, 5))),
    st.builds(lambda n, on: [
        s.MoveStock(item="KIT", from_warehouse="HQ-WH", to_warehouse="KBL-WH", quantity=n, moved_on=on),
        s.CountStock(item="KIT", warehouse="KBL-WH", counted=n - 1, counted_on=on, count_number="SC-9"),
        s.WriteOffStock(item="KIT", warehouse="KBL-WH", quantity=1, on=on, act_number="WO-9",
                        write_off_reason="missing at count")], st.sampled_from([2, 5]), ON),
)
