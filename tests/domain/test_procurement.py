"""Procurement rules (domain/procurement.py): requests numbered gap-free per year and in date order by a live unit,
approval with a method (single source justified) by a head, contracts only for approved requests and never above
the budget line's unallocated balance (committed through Finance), deliveries within the contract into stock or the
asset register, and payments never above what was delivered, each payment order used once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.access import AddUser
from domain.application import Secretariat
from domain.assets import Asset, asset_id
from domain.errors import NotPermitted
from domain.finance import AddBudgetLine, BudgetLine, OpenBudget, budget_line_id
from domain.organisation import DissolveUnit, EstablishUnit
from domain.procurement import (
    ApprovePurchase,
    Contract,
    DeliverAssets,
    DeliverToStock,
    PayContract,
    RejectPurchase,
    RequestPurchase,
    SignContract,
    contract_id,
)
from domain.supplies.stock import RegisterItem
from tests.domain.supplies_support import get, stock, stocked
from tests.domain.test_personnel import refused, run

LINE = "2026-STATE-2214-LOG"
MARCH = date(2026, 3, 2)


def setup(app: Secretariat) -> None:
    stocked(app)
    run(app, RegisterItem(code="INK", item_name="Indelible ink", kind="indelible ink", unit="bottle"))
    run(app, OpenBudget(year=2026, source="STATE", budget_title="State budget"))
    run(app, AddBudgetLine(year=2026, source="STATE", economic_code="2214", cost_centre="LOG",
                           amount=Decimal("10000.00")))


def request(app: Secretariat, on: date = MARCH, items: str = "INK=100, computer=2") -> None:
    run(app, RequestPurchase(unit="HQ", requested_on=on, purpose="E-day materials", items=items,
                             estimated_cost=Decimal("5000"), budget_line=LINE))


def contract(app: Secretariat, amount: Decimal = Decimal("4000.00")) -> None:
    request(app)
    run(app, ApprovePurchase(request="PR-2026-0001", approved_on=MARCH, method="request for quotations"))
    run(app, SignContract(number="C-1", request="PR-2026-0001", supplier="Ink & Co", amount=amount,
                          signed_on=date(2026, 3, 5), delivery_due=date(2026, 8, 1)))


def test_requests_are_numbered_gap_free_per_year_in_date_order(app: Secretariat) -> None:
    setup(app)
    request(app)
    request(app, date(2026, 3, 4))
    refused(app, RequestPurchase(unit="HQ", requested_on=date(2026, 3, 3), purpose="x", items="INK=1",
                                 estimated_cost=Decimal("1"), budget_line=LINE),
            "purchase request PR-2026-0002 is dated 2026-03-04; a request dated 2026-03-03 cannot be numbered after")
    request(app, date(2027, 1, 2))
    from domain.procurement import request_id

    assert get(app, request_id("PR-2026-0002")).status == "requested" and get(app, request_id("PR-2027-0001"))


def test_a_request_names_a_live_unit_known_items_or_asset_categories_and_a_budget_line(app: Secretariat) -> None:
    setup(app)
    base = dict(unit="HQ", requested_on=MARCH, purpose="ink", items="INK=10", estimated_cost=Decimal("10"),
                budget_line=LINE)
    refused(app, RequestPurchase(**{**base, "unit": "NOPE"}), "no unit with code 'NOPE'")
    refused(app, RequestPurchase(**{**base, "items": "GLUE=3"}), "no item with code 'GLUE'")
    refused(app, RequestPurchase(**{**base, "items": "SEAL=1-40"}), "a request asks for quantities, not serials")
    refused(app, RequestPurchase(**{**base, "items": "INK=1, ink=2"}), "INK is listed twice")
    refused(app, RequestPurchase(**{**base, "items": ""}), "requested items are required")
    refused(app, RequestPurchase(**{**base, "budget_line": "2026-X"}), "no budget line '2026-X'")
    refused(app, RequestPurchase(**{**base, "estimated_cost": Decimal("0")}), "estimated cost 0 must be more than")
    refused(app, RequestPurchase(**{**base, "purpose": ""}), "purpose is required")
    run(app, EstablishUnit(code="OLD", unit_name="Old", kind="department", parent="HQ"))
    run(app, DissolveUnit(code="OLD", effective=MARCH))
    refused(app, RequestPurchase(**{**base, "unit": "OLD"}), "unit OLD is dissolved; it requests nothing")


def test_approval_by_a_head_with_a_method_single_source_justified(app: Secretariat) -> None:
    setup(app)
    request(app)
    run(app, AddUser(user="clerk1", role="clerk", office="HQ"))
    with pytest.raises(NotPermitted, match=r"clerk1 .clerk. may not run 'purchases.approve'"):
        app.handle(ApprovePurchase(request="PR-2026-0001", approved_on=MARCH, method="open tender"), user="clerk1")
    base = dict(request="PR-2026-0001", approved_on=MARCH, method="single source")
    refused(app, ApprovePurchase(**{**base, "method": "lottery"}), "unknown procurement method 'lottery'")
    refused(app, ApprovePurchase(**base), "a single-source procurement needs a justification")
    refused(app, ApprovePurchase(**{**base, "approved_on": date(2026, 3, 1)}), "cannot be approved .2026-03-01. before")
    run(app, ApprovePurchase(**base, justification="only licensed ink maker"))
    refused(app, ApprovePurchase(**base, justification="again"), "purchase request PR-2026-0001 is already approved")
    refused(app, RejectPurchase(request="PR-2026-0001", rejected_on=MARCH, grounds="no"), "is already approved")


def test_a_rejected_request_is_never_contracted(app: Secretariat) -> None:
    setup(app)
    request(app)
    refused(app, RejectPurchase(request="PR-2026-0001", rejected_on=MARCH, grounds=""), "grounds is required")
    refused(app, RejectPurchase(request="PR-2026-0001", rejected_on=date(2026, 3, 1), grounds="late"),
            "cannot be rejected .2026-03-01. before it was made")
    run(app, RejectPurchase(request="PR-2026-0001", rejected_on=MARCH, grounds="no budget this quarter"))
    refused(app, SignContract(number="C-1", request="PR-2026-0001", supplier="X", amount=Decimal("1"),
                              signed_on=MARCH, delivery_due=MARCH),
            "purchase request PR-2026-0001 is rejected; only an approved request is contracted")


def test_the_contract_amount_cannot_exceed_the_budget_lines_unallocated_balance(app: Secretariat) -> None:
    setup(app)
    request(app)
    run(app, ApprovePurchase(request="PR-2026-0001", approved_on=MARCH, method="open tender"))
    base = dict(number="C-1", request="PR-2026-0001", supplier="Ink & Co", amount=Decimal("10000.01"),
                signed_on=date(2026, 3, 5), delivery_due=date(2026, 8, 1))
    refused(app, SignContract(**base), "contract amount 10,000.01 exceeds the unallocated balance 10,000.00 of "
            "budget line 2026-STATE-2214-LOG")
    refused(app, SignContract(**{**base, "amount": Decimal("100"), "signed_on": date(2026, 3, 1)}),
            "cannot precede the approval")
    refused(app, SignContract(**{**base, "amount": Decimal("100"), "delivery_due": date(2026, 3, 4)}),
            "delivery cannot be due .2026-03-04. before the contract is signed")
    run(app, SignContract(**{**base, "amount": Decimal("9000.00")}))
    assert get(app, budget_line_id(LINE)).unallocated == Decimal("1000.00")  # committed through Finance
    refused(app, SignContract(**{**base, "number": "C-2", "amount": Decimal("10")}),
            "purchase request PR-2026-0001 is contracted")
    request(app)
    run(app, ApprovePurchase(request="PR-2026-0002", approved_on=MARCH, method="open tender"))
    refused(app, SignContract(**{**base, "number": "c-1", "request": "PR-2026-0002"}), "contract C-1 already exists")
    refused(app, SignContract(**{**base, "number": "C-2", "request": "PR-2026-0002", "amount": Decimal("1000.01")}),
            "exceeds the unallocated balance 1,000.00")
    assert isinstance(get(app, budget_line_id(LINE)), BudgetLine)


def test_deliveries_go_into_stock_within_the_contract(app: Secretariat) -> None:
    setup(app)
    contract(app)
    base = dict(contract="C-1", delivery_note="DN-1", delivered_on=date(2026, 7, 20), warehouse="HQ-WH",
                items="INK=60", value=Decimal("1500"))
    refused(app, DeliverToStock(**{**base, "items": "KIT=1"}), "contract C-1 does not cover KIT")
    refused(app, DeliverToStock(**{**base, "items": "INK=101"}), "101 INK delivered but only 100 of the 100")
    refused(app, DeliverToStock(**{**base, "value": Decimal("4000.01")}), "would exceed the contract amount 4,000.00")
    refused(app, DeliverToStock(**{**base, "delivered_on": date(2026, 3, 4)}), "cannot precede the contract")
    run(app, DeliverToStock(**base))
    refused(app, DeliverToStock(**{**base, "items": "INK=1"}), "delivery note DN-1 is already recorded")
    refused(app, DeliverToStock(**{**base, "delivery_note": "DN-2", "items": "INK=41"}), "only 40 of the 100")
    assert stock(app, "INK").on_hand == 60
    c = get(app, contract_id("C-1"))
    assert isinstance(c, Contract) and c.delivered == {"INK": 60, "computer": 0} and c.status == "partly delivered"


def test_equipment_is_delivered_into_the_asset_register_by_its_own_rules(app: Secretariat) -> None:
    setup(app)
    contract(app)
    base = dict(contract="C-1", delivery_note="DN-5", delivered_on=date(2026, 8, 5), category="computer",
                inventory_numbers="LT-101, LT-102", description="laptop", unit_cost=Decimal("700"),
                location="HQ store")
    refused(app, DeliverAssets(**{**base, "inventory_numbers": " "}), "name the inventory numbers")
    refused(app, DeliverAssets(**{**base, "inventory_numbers": "LT-1 lt-1"}), "an inventory number is listed twice")
    refused(app, DeliverAssets(**{**base, "category": "vehicle"}), "contract C-1 does not cover vehicle")
    refused(app, DeliverAssets(**{**base, "inventory_numbers": "LT-1 LT-2 LT-3"}), "3 computer delivered but only 2")
    run(app, DeliverAssets(**base))
    asset = get(app, asset_id("LT-101"))
    assert isinstance(asset, Asset) and asset.cost == Decimal("700.00") and asset.acquired_on == date(2026, 8, 5)
    assert get(app, contract_id("C-1")).delivered_value == Decimal("1400.00")


def test_a_payment_never_exceeds_what_was_delivered_and_each_order_pays_once(app: Secretariat) -> None:
    setup(app)
    contract(app)
    refused(app, PayContract(contract="C-1", payment_order="PAY-1", amount=Decimal("1"), paid_on=date(2026, 7, 1)),
            "payment of 1.00 exceeds what was delivered under contract C-1: delivered 0.00, already paid 0.00")
    run(app, DeliverToStock(contract="C-1", delivery_note="DN-1", delivered_on=date(2026, 7, 20), warehouse="HQ-WH",
                            items="INK=100", value=Decimal("2500")))
    run(app, PayContract(contract="C-1", payment_order="PAY-1", amount=Decimal("2000"), paid_on=date(2026, 7, 25)))
    refused(app, PayContract(contract="C-1", payment_order="pay-1", amount=Decimal("1"), paid_on=date(2026, 7, 25)),
            "payment order PAY-1 was already used")
    refused(app, PayContract(contract="C-1", payment_order="PAY-2", amount=Decimal("500.01"),
                             paid_on=date(2026, 7, 25)), "delivered 2,500.00, already paid 2,000.00")
    refused(app, PayContract(contract="C-1", payment_order="PAY-2", amount=Decimal("-5"), paid_on=date(2026, 7, 25)),
            "payment -5 must be more than zero")
    refused(app, PayContract(contract="C-1", payment_order="PAY-2", amount=Decimal("5"), paid_on=date(2026, 3, 1)),
            "cannot precede the contract")
    run(app, PayContract(contract="C-1", payment_order="PAY-2", amount=Decimal("500"), paid_on=date(2026, 7, 26)))
    assert get(app, contract_id("C-1")).paid == Decimal("2500.00")
