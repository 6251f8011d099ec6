"""The personnel registers' part of the projection property test (tests/projections/test_property.py):
PREAMBLE (valid commands run after the organisation preamble, as user 'admin'), CHANGES (a strategy of
single commands, valid or refused) and STORIES (a strategy of short command lists), or None."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain import assets as a
from domain import organisation as o
from domain import personnel as p

DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
NUMBERS = st.sampled_from(["E1", "E2", "E3"])
POSTS = st.sampled_from([("HQ", "CLK"), ("HQ", "SNR"), ("KBL", "ITO"), ("FIN", "ACC"), ("HQ", "P1")])
WARRANTS = st.sampled_from(["W-1", "W-2"])
ITEMS = st.sampled_from(["LT-1", "LT-2", "GEN-1"])
CUSTODIANS = st.sampled_from([("employee", "E1"), ("employee", "E2"), ("employee", "E3"), ("unit", "KBL"),
                              ("commission", "PE26/001")])
PLACES = st.sampled_from(["HQ store", "Kabul store", "Kabul [b]store[/b]"])
MONEY = st.sampled_from([Decimal("0"), Decimal("120.50"), Decimal("999.99")])
KINDS = st.sampled_from(p.EMPLOYMENT_TYPES)


def _hire(number: str, post: tuple[str, str], kind: str, day: date) -> p.HireEmployee:
    return p.HireEmployee(number=number, full_name=f"Employee {number} [/x]", employment_type=kind, unit=post[0],
                          position=post[1], order_number="1/2026", order_date=date(2026, 1, 1), effective=day,
                          term_end=None if kind == "permanent" else day + timedelta(days=180))


def _move(cls: Any, number: str, post: tuple[str, str], day: date) -> Any:
    return cls(number=number, unit=post[0], position=post[1], order_number="2/2026", order_date=day, effective=day)


def _issue(item: str, who: tuple[str, str], day: date) -> a.IssueAsset:
    return a.IssueAsset(inventory=item, custodian_kind=who[0], custodian=who[1], on=day)


def _asset(item: str, place: str, cost: Decimal) -> a.RegisterAsset:
    return a.RegisterAsset(inventory=item, category="computer", description="laptop", cost=cost, location=place,
                           acquired_on=date(2026, 1, 1), next_service=date(2026, 6, 1))


PREAMBLE: list[Any] = [
    o.EstablishPosition(unit="HQ", code="CLK", position_title="Clerk"),
    o.EstablishPosition(unit="HQ", code="SNR", position_title="Senior clerk"),
    o.EstablishPosition(unit="KBL", code="ITO", position_title="IT officer"),
    o.EstablishPosition(unit="FIN", code="ACC", position_title="Accountant"),
    _hire("E1", ("HQ", "CLK"), "permanent", date(2026, 1, 5)),
    _hire("E2", ("KBL", "ITO"), "temporary", date(2026, 2, 1)),
    _asset("LT-1", "HQ store", Decimal("950.00")),
    _asset("LT-2", "Kabul store", Decimal("870.25")),
    _issue("LT-1", ("employee", "E1"), date(2026, 2, 1)),
]
CHANGES: Any = st.one_of(
    st.builds(_hire, NUMBERS, POSTS, KINDS, DAY),
    st.builds(p.SignContract, number=NUMBERS, contract_number=st.sampled_from(["C-1", "C-2"]), start=DAY,
              end=st.none() | DAY),
    st.builds(_move, st.sampled_from([p.TransferEmployee, p.PromoteEmployee]), NUMBERS, POSTS, DAY),
    st.builds(p.InitiateSeparation, number=NUMBERS, kind=st.sampled_from(p.SEPARATION_KINDS), last_day=DAY,
              order_number=st.just("9/2026"), order_date=DAY),
    st.builds(p.CompleteSeparation, number=NUMBERS),
    st.builds(p.RegisterMilitary, number=NUMBERS, status=st.sampled_from(p.MILITARY_STATUSES),
              military_office=st.sampled_from(["", "District 3"])),
    st.builds(p.PlanTrip, warrant=WARRANTS, number=NUMBERS, destination=st.just("Herat"), start=DAY, end=DAY,
              purpose=st.just("training"), advance=MONEY),
    st.builds(p.MarkDeparture, warrant=WARRANTS, on=DAY),
    st.builds(p.MarkArrival, warrant=WARRANTS, on=DAY),
    st.builds(p.SettleTrip, warrant=WARRANTS, expenses=MONEY, on=DAY),
    st.builds(p.CancelTrip, warrant=WARRANTS, on=DAY),
    st.builds(_asset, ITEMS, PLACES, MONEY),
    st.builds(_issue, ITEMS, CUSTODIANS, DAY),
    st.builds(lambda i, w, d: a.ReturnAsset(inventory=i, returned_by=w[1], on=d), ITEMS, CUSTODIANS, DAY),
    st.builds(a.RelocateAsset, inventory=ITEMS, location=PLACES, on=DAY),
    st.builds(a.StartMaintenance, inventory=ITEMS, work=st.just("service"), on=DAY),
    st.builds(a.EndMaintenance, inventory=ITEMS, on=DAY, next_service=st.none() | DAY),
    st.builds(a.ReportLoss, inventory=ITEMS, on=DAY),
    st.builds(a.WriteOffAsset, inventory=ITEMS, act_number=st.just("WO-1"), on=DAY, write_off_reason=st.just("worn")),
    st.builds(a.CountInventory, count_number=st.sampled_from(["C-1", "C-2"]), location=PLACES, counted_on=DAY,
              found=st.sampled_from(["", "LT-1", "LT-1 LT-2 X-9"])),
)
STORIES: Any = st.one_of(
    st.builds(lambda d: [p.InitiateSeparation(number="E1", kind="resignation", last_day=d, order_number="3",
                                              order_date=d),
                         p.CompleteSeparation(number="E1"),
                         a.ReturnAsset(inventory="LT-1", returned_by="E1", on=d),
                         p.CompleteSeparation(number="E1")], DAY),
    st.builds(lambda w, d, m: [p.PlanTrip(warrant=w, number="E2", destination="Kandahar", start=d, end=d,
                                          purpose="audit", advance=m),
                               p.MarkDeparture(warrant=w, on=d), p.MarkArrival(warrant=w, on=d),
                               p.SettleTrip(warrant=w, expenses=Decimal("50"), on=d)], WARRANTS, DAY, MONEY),
    st.builds(lambda w, d: [p.PlanTrip(warrant=w, number="E2", destination="Kandahar", start=d, end=d,
                                       purpose="audit"),
                            p.CancelTrip(warrant=w, on=d),
                            p.PlanTrip(warrant=w + "B", number="E2", destination="Kandahar", start=d, end=d,
                                       purpose="audit")], WARRANTS, DAY),
    st.builds(lambda who, d: [_issue("LT-2", who, d), a.ReturnAsset(inventory="LT-2", returned_by=who[1], on=d)],
              CUSTODIANS, DAY),
    st.builds(lambda post, d: [_move(p.TransferEmployee, "E1", post, d), _hire("E3", ("HQ", "CLK"), "temporary", d)],
              POSTS, DAY),
)
