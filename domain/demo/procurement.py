"""The demo history of procurement, in two parts.

`kits_and_ink(demo, needed)` is the purchase of the 2018 election's polling-station kits and indelible ink, called
by the supplies history (domain/demo/supplies.py) at the point of its timeline where the materials are needed:
requests by the Logistics directorate on the budget line for stationery and printing, approved by the head of
Procurement (open tender for kits, single source for ink), contracts, deliveries into the central warehouse (the
ink's second delivery late), and payments through Finance. It also buys tally laptops into the asset register.

`history(demo)` is what came after the election: a replenishment of ink requested and approved but not yet
contracted, and a request for generators rejected.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from domain import procurement as p
from domain.demo.base import Step

LINE = "2018-STATE-2214-LOG"  # Stationery and printing (domain/demo/finance.py)
HQ = "HQ-WH"
KIT_PRICE = Decimal("4200.00")
INK_PRICE = Decimal("310.00")
LAPTOP_PRICE = Decimal("38500.00")


def kits_and_ink(demo: Any, needed: dict[str, int]) -> Iterator[Step]:
    log = demo.clerks.get("LOG", demo.admin)
    head = demo.heads.get("PROC", demo.admin)
    kits, ink = needed["KIT"] + 40, needed["INK"] + 200
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=date(2018, 6, 18), purpose="polling station kits for "
                                      "the Wolesi Jirga elections", items=f"KIT={kits}",
                                      estimated_cost=KIT_PRICE * kits * Decimal("1.1"), budget_line=LINE))
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=date(2018, 6, 20), purpose="indelible ink for the "
                                      "Wolesi Jirga elections", items=f"INK={ink}",
                                      estimated_cost=INK_PRICE * ink * Decimal("1.1"), budget_line=LINE))
    yield Step(log, p.RequestPurchase(unit="IT", requested_on=date(2018, 6, 25), purpose="laptops for the "
                                      "national tally centre", items="tally equipment=4",
                                      estimated_cost=LAPTOP_PRICE * 4, budget_line=LINE))
    yield Step(head, p.ApprovePurchase(request="PR-2018-0001", approved_on=date(2018, 6, 24), method="open tender"))
    yield Step(head, p.ApprovePurchase(request="PR-2018-0002", approved_on=date(2018, 6, 26), method="single source",
                                       justification="the only supplier of ink meeting the Commission's silver "
                                       "nitrate specification"))
    yield Step(head, p.ApprovePurchase(request="PR-2018-0003", approved_on=date(2018, 6, 28),
                                       method="request for quotations"))
    yield Step(head, p.SignContract(number="C-2018/014", request="PR-2018-0001", supplier="Kabul Print & Pack",
                                    amount=KIT_PRICE * kits, signed_on=date(2018, 7, 20),
                                    delivery_due=date(2018, 9, 5)))
    yield Step(head, p.SignContract(number="C-2018/015", request="PR-2018-0002", supplier="Electoral Inks Ltd",
                                    amount=INK_PRICE * ink, signed_on=date(2018, 7, 22),
                                    delivery_due=date(2018, 8, 31)))
    yield Step(head, p.SignContract(number="C-2018/016", request="PR-2018-0003", supplier="Afghan Tech Supplies",
                                    amount=LAPTOP_PRICE * 4, signed_on=date(2018, 7, 25),
                                    delivery_due=date(2018, 8, 20)))
    yield Step(log, p.DeliverToStock(contract="C-2018/014", delivery_note="DN-KPP-0412", delivered_on=date(2018, 9, 3),
                                     warehouse=HQ, items=f"KIT={kits}", value=KIT_PRICE * kits))
    first = ink // 2
    yield Step(log, p.DeliverToStock(contract="C-2018/015", delivery_note="DN-EIL-77", delivered_on=date(2018, 8, 28),
                                     warehouse=HQ, items=f"INK={first}", value=INK_PRICE * first))
    yield Step(log, p.DeliverToStock(contract="C-2018/015", delivery_note="DN-EIL-81", delivered_on=date(2018, 9, 12),
                                     warehouse=HQ, items=f"INK={ink - first}", value=INK_PRICE * (ink - first)))
    yield Step(log, p.DeliverAssets(contract="C-2018/016", delivery_note="DN-ATS-5", delivered_on=date(2018, 8, 18),
                                    category="tally equipment", inventory_numbers="TE-2018-001 TE-2018-002 "
                                    "TE-2018-003 TE-2018-004", description="tally laptop", unit_cost=LAPTOP_PRICE,
                                    location="National tally centre"))
    fin = demo.clerks.get("FIN", demo.admin)
    yield Step(fin, p.PayContract(contract="C-2018/014", payment_order="PO-2018/1402", amount=KIT_PRICE * kits,
                                  paid_on=date(2018, 9, 20)))
    yield Step(fin, p.PayContract(contract="C-2018/015", payment_order="PO-2018/1407", amount=INK_PRICE * first,
                                  paid_on=date(2018, 9, 10)))
    yield Step(fin, p.PayContract(contract="C-2018/016", payment_order="PO-2018/1411", amount=LAPTOP_PRICE * 4,
                                  paid_on=date(2018, 8, 30)))


def history(demo: Any) -> Iterator[Step]:
    log = demo.clerks.get("LOG", demo.admin)
    head = demo.heads.get("PROC", demo.admin)
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=date(2018, 11, 20), purpose="replenish indelible ink "
                                      "written off after the elections", items="INK=300",
                                      estimated_cost=INK_PRICE * 300, budget_line=LINE))
    yield Step(head, p.ApprovePurchase(request="PR-2018-0004", approved_on=date(2018, 11, 26),
                                       method="request for quotations"))
    yield Step(log, p.RequestPurchase(unit="LOG", requested_on=date(2018, 11, 28), purpose="generators for the "
                                      "provincial stores", items="generator=34",
                                      estimated_cost=Decimal("2900000.00"), budget_line=LINE))
    yield Step(head, p.RejectPurchase(request="PR-2018-0005", rejected_on=date(2018, 12, 3),
                                      grounds="not in the procurement plan of 1397; resubmit under the 1398 budget"))
