"""The procurement registers' part of the projection property test: requests, approvals and rejections,
contracts against a budget line, deliveries into stock and the asset register, and payments. Runs after the
supplies preamble (items KIT, warehouse HQ-WH) and the finance preamble (line 2026-STATE-2211-PEC)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain import procurement as p

LINE = "2026-STATE-2211-PEC"
ON = st.dates(date(2026, 3, 1), date(2026, 9, 30))
REQUESTS = st.sampled_from(["PR-2026-0001", "PR-2026-0002", "PR-2026-0003"])
CONTRACTS = st.sampled_from(["C-1", "C-2"])
AMOUNTS = st.sampled_from([Decimal("0"), Decimal("10.00"), Decimal("100.50"), Decimal("700"), Decimal("1.005")])

PREAMBLE: list[Any] = [
    p.RequestPurchase(unit="HQ", requested_on=date(2026, 3, 1), purpose="kits [b]", items="KIT=10, computer=2",
                      estimated_cost=Decimal("300"), budget_line=LINE),
    p.ApprovePurchase(request="PR-2026-0001", approved_on=date(2026, 3, 2), method="open tender"),
    p.SignContract(number="C-1", request="PR-2026-0001", supplier="Kits [/x] Ltd", amount=Decimal("250"),
                   signed_on=date(2026, 3, 3), delivery_due=date(2026, 6, 1)),
]
CHANGES: Any = st.one_of(
    st.builds(p.RequestPurchase, unit=st.sampled_from(["HQ", "FIN", "NOPE"]), requested_on=ON,
              purpose=st.just("ink"), items=st.sampled_from(["KIT=5", "computer=1", "GLUE=1"]),
              estimated_cost=AMOUNTS, budget_line=st.just(LINE)),
    st.builds(p.ApprovePurchase, request=REQUESTS, approved_on=ON, method=st.sampled_from(p.METHODS),
              justification=st.sampled_from(["", "sole maker"])),
    st.builds(p.RejectPurchase, request=REQUESTS, rejected_on=ON, grounds=st.sampled_from(["", "no funds"])),
    st.builds(p.SignContract, number=CONTRACTS, request=REQUESTS, supplier=st.just("Ink & Co"), amount=AMOUNTS,
              signed_on=ON, delivery_due=ON),
    st.builds(p.DeliverToStock, contract=CONTRACTS, delivery_note=st.sampled_from(["DN-1", "DN-2"]), delivered_on=ON,
              warehouse=st.just("HQ-WH"), items=st.sampled_from(["KIT=3", "KIT=20"]), value=AMOUNTS),
    st.builds(p.DeliverAssets, contract=CONTRACTS, delivery_note=st.sampled_from(["DN-3", "DN-4"]), delivered_on=ON,
              category=st.just("computer"), inventory_numbers=st.sampled_from(["PC-1", "PC-2 PC-3"]),
              unit_cost=AMOUNTS, location=st.just("HQ store")),
    st.builds(p.PayContract, contract=CONTRACTS, payment_order=st.sampled_from(["CP-1", "CP-2"]), amount=AMOUNTS,
              paid_on=ON),
)
STORIES: Any = st.one_of(
    st.builds(lambda value, on: [
        p.DeliverToStock(contract="C-1", delivery_note=f"DN-S{on.toordinal()}", delivered_on=on, warehouse="HQ-WH",
                         items="KIT=2", value=value),
        p.PayContract(contract="C-1", payment_order=f"CP-S{on.toordinal()}", amount=value, paid_on=on)],
        st.sampled_from([Decimal("10.00"), Decimal("50.00")]), st.dates(date(2026, 9, 1), date(2026, 9, 30))),
)
