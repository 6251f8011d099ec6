"""The demo history of the fixed-asset book: every asset of the equipment register still in use capitalised
with the useful life of its category, and a year of monthly depreciation runs (December 2025 to November 2026);
the first run catches up the depreciation of the years since each asset was bought."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain import depreciation as dp
from domain.demo.base import Step

LIFE = {"computer": 36, "printer": 48, "vehicle": 96, "generator": 120, "communication": 60, "furniture": 120,
        "tally equipment": 60, "other": 60}


def history(demo: Any) -> Iterator[Step]:
    head = demo.heads["FIN"]
    clerk = demo.clerks.get("FIN", head)
    for inventory, category in sorted(demo.assets.items()):
        if inventory not in demo.written_off:
            yield Step(clerk, dp.CapitaliseAsset(inventory=inventory, useful_life_months=LIFE[category]))
    for year, month in [(2025, 12), *((2026, m) for m in range(1, 12))]:
        yield Step(clerk, dp.RunDepreciation(period=f"{year:04d}-{month:02d}", run_on=dp.last_day(year, month)))
