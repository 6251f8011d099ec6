"""The fixed-asset book's part of the projection property test: capitalisation, monthly runs (in order, or
refused), and write-offs of depreciated assets (which post their book value left)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import assets as a
from domain import depreciation as d

MONTHS = st.integers(1, 12)
ITEMS = st.sampled_from(["LT-1", "LT-2", "GEN-1"])


def _run(month: int) -> d.RunDepreciation:
    return d.RunDepreciation(period=f"2026-{month:02d}", run_on=d.last_day(2026, month))


PREAMBLE: list[Any] = [d.CapitaliseAsset(inventory="LT-1", useful_life_months=24)]
CHANGES: Any = st.one_of(
    st.builds(_run, MONTHS),
    st.builds(d.CapitaliseAsset, inventory=ITEMS, useful_life_months=st.sampled_from([0, 12, 36])),
)
STORIES: Any = st.one_of(
    st.builds(lambda m: [_run(1), _run(2), _run(m)], MONTHS),
    st.builds(lambda m: [_run(1), a.ReturnAsset(inventory="LT-1", returned_by="E1", on=date(2026, 3, 1)),
                         a.WriteOffAsset(inventory="LT-1", act_number="WO-9", on=date(2026, 3, 2),
                                         write_off_reason="broken"), _run(m)], MONTHS),
)
