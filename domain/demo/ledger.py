"""The demo history of the ledger: the treasury's releases of state budget funds (2025 for the equipment bought
then, monthly from December 2025 for salaries, twice in 2026 for the election's allocations to the commissions)
and two adjusting entries with their reasons. Everything else in the journal is posted by the other parts' events."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from domain import finance as f
from domain import ledger as lg
from domain.demo.base import Step

RELEASES = [("TR-2025-0041", 2025, Decimal("150000.00"), date(2025, 2, 20)),  # the equipment of 2025
            ("TR-2025-0120", 2025, Decimal("9800000.00"), date(2025, 12, 5))]  # December's salaries
RELEASES += [(f"TR-2026-{10 + m:04d}", 2026, Decimal("9800000.00"), date(2026, m, 5)) for m in range(1, 12)]
RELEASES += [("TR-2026-0201", 2026, Decimal("200000000.00"), date(2026, 6, 20)),  # the election's allocations
             ("TR-2026-0202", 2026, Decimal("200000000.00"), date(2026, 8, 3))]


def history(demo: Any) -> Iterator[Step]:
    head = demo.heads["FIN"]
    clerk = demo.clerks.get("FIN", head)
    yield Step(head, f.AddBudgetLine(year=2026, source="STATE", economic_code="2214", cost_centre="FIN",
                                     amount=Decimal("40000.00"), description="Bank charges and stationery"))
    for reference, year, amount, on in RELEASES:
        yield Step(clerk, lg.ReceiveFunds(reference=reference, year=year, amount=amount, received_on=on))
    yield Step(head, lg.PostAdjustingEntry(number="ADJ-2026-001", on=date(2026, 6, 30), debit_account="EXP-2214",
                                           credit_account="1100", amount=Decimal("18500.00"),
                                           memo="bank charges of the treasury account, first half"),
               "bank charges deducted by the treasury, advised by statement 2026/06")
    yield Step(head, lg.PostAdjustingEntry(number="ADJ-2026-002", on=date(2026, 9, 30), debit_account="1100",
                                           credit_account="EXP-2220", amount=Decimal("1200.00"),
                                           memo="per diem overpaid on warrant TW-2026/004, recovered"),
               "recovery of an overpaid per diem, treasury receipt 2026/311")
