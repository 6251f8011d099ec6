"""The demo history of procurement, in two parts.

`kits_and_ink(demo, needed)` is the purchase of the current election's polling-station kits and indelible ink, called
by the supplies history (domain/demo/supplies.py) at the point of its timeline where the materials are needed:
requests by the Logistics directorate on the budget line for stationery and printing, approved by the head of
Procurement (open tender for kits, single source for ink), contracts, deliveries into the central warehouse (the
ink's second delivery late), and payments through Finance. It also buys tally laptops into the asset register.

`history(demo)` is what came after the election: a replenishment of ink requested and approved but not yet
contracted, and a request for generators rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain import procurement as p
from domain.demo.base import CURRENT_ELECTION, Step

VOTING_DAY = CURRENT_ELECTION.voting_day


def day(offset: int) -> date:
    """A day counted from voting day (negative: before it)."""
    return VOTING_DAY + timedelta(days=offset)

YEAR = VOTING_DAY.year
LINE = f"{YEAR}-STATE-2214-LOG"  # Stationery and printing (domain/demo/finance.py)
HQ = "HQ-WH"
KIT_PRICE = Decimal("4200.00")
INK_PRICE = Decimal("310.00")
LAPTOP_PRICE = Decimal("38500.00")
LAPTOPS = " ".join(f"TE-{YEAR}-{n:03d}" for n in range(1, 5))


def kits_and_ink(demo: Any, needed: dict[str, int]) -> Iterator[Step]:
    log = demo.clerks.get("LOG", demo.admin)
    head = demo.heads.get("PROC", demo.admin)
    kits, ink = needed["KIT"] + 40, needed["INK"] + 200
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=day(-124), purpose="polling station kits for "
                                      "the Wolesi Jirga elections", items=f"KIT={kits}",
                                      estimated_cost=KIT_PRICE * kits * Decimal("1.1"), budget_line=LINE))
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=day(-122), purpose="indelible ink for the "
                                      "Wolesi Jirga elections", items=f"INK={ink}",
                                      estimated_cost=INK_PRICE * ink * Decimal("1.1"), budget_line=LINE))
    yield Step(log, p.RequestPurchase(unit="IT", requested_on=day(-117), purpose="laptops for the "
                                      "national tally centre", items="tally equipment=4",
                                      estimated_cost=LAPTOP_PRICE * 4, budget_line=LINE))
    yield Step(head, p.ApprovePurchase(request=f"PR-{YEAR}-0001", approved_on=day(-118), method="open tender"))
    yield Step(head, p.ApprovePurchase(request=f"PR-{YEAR}-0002", approved_on=day(-116), method="single source",
                                       justification="the only supplier of ink meeting the Commission's silver "
                                       "nitrate specification"))
    yield Step(head, p.ApprovePurchase(request=f"PR-{YEAR}-0003", approved_on=day(-114),
                                       method="request for quotations"))
    yield Step(head, p.SignContract(number=f"C-{YEAR}/014", request=f"PR-{YEAR}-0001", supplier="Kabul Print & Pack",
                                    amount=KIT_PRICE * kits, signed_on=day(-92),
                                    delivery_due=day(-45)))
    yield Step(head, p.SignContract(number=f"C-{YEAR}/015", request=f"PR-{YEAR}-0002", supplier="Electoral Inks Ltd",
                                    amount=INK_PRICE * ink, signed_on=day(-90),
                                    delivery_due=day(-50)))
    yield Step(head, p.SignContract(number=f"C-{YEAR}/016", request=f"PR-{YEAR}-0003", supplier="Afghan Tech Supplies",
                                    amount=LAPTOP_PRICE * 4, signed_on=day(-87),
                                    delivery_due=day(-61)))
    yield Step(log, p.DeliverToStock(contract=f"C-{YEAR}/014", delivery_note="DN-KPP-0412", delivered_on=day(-47),
                                     warehouse=HQ, items=f"KIT={kits}", value=KIT_PRICE * kits))
    first = ink // 2
    yield Step(log, p.DeliverToStock(contract=f"C-{YEAR}/015", delivery_note="DN-EIL-77", delivered_on=day(-53),
                                     warehouse=HQ, items=f"INK={first}", value=INK_PRICE * first))
    yield Step(log, p.DeliverToStock(contract=f"C-{YEAR}/015", delivery_note="DN-EIL-81", delivered_on=day(-38),
                                     warehouse=HQ, items=f"INK={ink - first}", value=INK_PRICE * (ink - first)))
    yield Step(log, p.DeliverAssets(contract=f"C-{YEAR}/016", delivery_note="DN-ATS-5", delivered_on=day(-63),
                                    category="tally equipment", inventory_numbers=LAPTOPS, description="tally laptop",
                                    unit_cost=LAPTOP_PRICE, location="National tally centre"))
    fin = demo.clerks.get("FIN", demo.admin)
    yield Step(fin, p.PayContract(contract=f"C-{YEAR}/014", payment_order=f"PO-{YEAR}/1402", amount=KIT_PRICE * kits,
                                  paid_on=day(-30)))
    yield Step(fin, p.PayContract(contract=f"C-{YEAR}/015", payment_order=f"PO-{YEAR}/1407", amount=INK_PRICE * first,
                                  paid_on=day(-40)))
    yield Step(fin, p.PayContract(contract=f"C-{YEAR}/016", payment_order=f"PO-{YEAR}/1411", amount=LAPTOP_PRICE * 4,
                                  paid_on=day(-51)))


def history(demo: Any) -> Iterator[Step]:
    log = demo.clerks.get("LOG", demo.admin)
    head = demo.heads.get("PROC", demo.admin)
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=day(31), purpose="replenish indelible ink "
                                      "written off after the elections", items="INK=300",
                                      estimated_cost=INK_PRICE * 300, budget_line=LINE))
    yield Step(head, p.ApprovePurchase(request=f"PR-{YEAR}-0004", approved_on=day(37),
                                       method="request for quotations"))
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=day(39), purpose="generators for the "
                                      "provincial stores", items="generator=34",
                                      estimated_cost=Decimal("2900000.00"), budget_line=LINE))
    yield Step(head, p.RejectPurchase(request=f"PR-{YEAR}-0005", rejected_on=day(44),
                                      grounds="not in this year's procurement plan; resubmit under next year's budget"))
