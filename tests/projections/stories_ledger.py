"""The ledger's part of the projection property test (tests/projections/test_property.py): treasury releases
and adjusting entries. The journal is also posted by the other contexts' stories (transfers, refunds, trips,
assets, payroll, depreciation), so the property test compares the ledger kept event by event with its rebuild
over all of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain import ledger as lg

DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
AMOUNTS = st.sampled_from([Decimal("0.01"), Decimal("250.00"), Decimal("0"), Decimal("1.005")])
ACCOUNTS = st.sampled_from(["1100", "EXP-2211", "3100", "9999", "2200"])

PREAMBLE: list[Any] = [lg.ReceiveFunds(reference="TR-1", year=2026, amount=Decimal("5000.00"),
                                       received_on=date(2026, 1, 2))]
CHANGES: Any = st.one_of(
    st.builds(lg.ReceiveFunds, reference=st.sampled_from(["TR-1", "TR-2", "TR-3"]), year=st.just(2026),
              amount=AMOUNTS, received_on=DAY),
    st.builds(lg.PostAdjustingEntry, number=st.sampled_from(["ADJ-1", "ADJ-2"]), on=DAY, debit_account=ACCOUNTS,
              credit_account=ACCOUNTS, amount=AMOUNTS, memo=st.sampled_from(["", "[b]typo[/b]"])),
)
STORIES: Any = None
