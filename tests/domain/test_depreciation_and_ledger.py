"""Depreciation rules (domain/depreciation.py: capitalisation once with a useful life, monthly runs in order with
no gap and dated after their month, straight line with the catch-up of earlier months and the last month's
remainder, nothing after a write-off) and the ledger's own commands (domain/ledger.py: treasury releases once
per reference, adjusting entries between two accounts of the chart, with a reason)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from domain import assets as a
from domain import depreciation as dp
from domain import ledger as lg
from domain.errors import Refused


def run(app: Any, command: Any, reason: str = "test") -> Any:
    return app.handle(command, user="admin", reason=reason)


def refused(app: Any, command: Any, match: str, reason: str = "test") -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, reason)
    assert app.head() == head


def book(app: Any) -> dp.DepreciationBook:
    found = app.find(dp.BOOK_ID)
    assert isinstance(found, dp.DepreciationBook)
    return found


def _asset(inventory: str, cost: str, acquired: date) -> a.RegisterAsset:
    return a.RegisterAsset(inventory=inventory, category="computer", cost=D(cost), location="HQ store",
                           acquired_on=acquired)


def _run(period: str) -> dp.RunDepreciation:
    year, month = dp.period_of(period)
    return dp.RunDepreciation(period=period, run_on=dp.last_day(year, month))


@pytest.fixture
def assets(app: Any) -> Any:
    run(app, _asset("LT-1", "1000.00", date(2025, 10, 20)))  # depreciated from November 2025
    run(app, _asset("LT-2", "100.00", date(2026, 1, 3)))
    return app


def test_capitalised_once_with_a_useful_life(assets: Any) -> None:
    refused(assets, _run("2026-01"), "no asset is in the fixed-asset book yet")
    refused(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=0), "useful life 0 months")
    refused(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=12, method="declining"),
            "unknown depreciation method 'declining'")
    refused(assets, dp.CapitaliseAsset(inventory="XX", useful_life_months=12), "no asset with inventory number 'XX'")
    run(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=3))
    refused(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=3), "already in the fixed-asset book")
    run(assets, a.WriteOffAsset(inventory="LT-2", act_number="WO-1", on=date(2026, 1, 10), write_off_reason="x"),
        "act")
    refused(assets, dp.CapitaliseAsset(inventory="LT-2", useful_life_months=3), "is written off; it is not capitalised")


def test_runs_go_month_by_month_after_each_month_ends(assets: Any) -> None:
    run(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=3))
    refused(assets, dp.RunDepreciation(period="2026-01", run_on=date(2026, 1, 30)), "dated on or after 2026-01-31")
    refused(assets, dp.RunDepreciation(period="2026/01", run_on=date(2026, 1, 31)), "must be a month")
    run(assets, _run("2025-12"))
    refused(assets, _run("2025-12"), "depreciation for 2025-12 is already run")
    refused(assets, _run("2026-02"), "the next run is 2026-01, not 2026-02")
    run(assets, _run("2026-01"))
    assert book(assets).last_period == "2026-01"


def test_straight_line_catches_up_then_stops_at_the_value(assets: Any) -> None:
    run(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=3))
    run(assets, dp.CapitaliseAsset(inventory="LT-2", useful_life_months=12))
    run(assets, _run("2025-12"))  # LT-1: November caught up, December this month's
    run(assets, _run("2026-01"))  # LT-1: the last month takes the remainder
    run(assets, _run("2026-02"))  # LT-1: nothing left; LT-2 begins (bought in January)
    state = book(assets).assets
    assert state[assets.find(a.asset_id("LT-1")).id.hex]["depreciated"] == D("1000.00")
    assert state[assets.find(a.asset_id("LT-2")).id.hex]["depreciated"] == D("8.33")
    lines = {(line.inventory, line.prior, line.amount) for e in _run_events(assets) for line in e.lines}
    assert lines == {("LT-1", D("333.33"), D("333.34")), ("LT-1", D("0.00"), D("333.33")),
                     ("LT-2", D("0.00"), D("8.33"))}


def _run_events(app: Any) -> list[Any]:
    return [e for e in app.repository.event_store.get(dp.BOOK_ID) if isinstance(e, dp.DepreciationBook.RunPosted)]


def test_a_written_off_asset_is_not_depreciated_further(assets: Any) -> None:
    run(assets, dp.CapitaliseAsset(inventory="LT-1", useful_life_months=10))
    run(assets, _run("2025-12"))
    run(assets, a.WriteOffAsset(inventory="LT-1", act_number="WO-1", on=date(2026, 1, 10), write_off_reason="x"),
        "act")
    run(assets, _run("2026-01"))
    assert [len(e.lines) for e in _run_events(assets)] == [1, 0]


def test_treasury_releases_once_per_reference(app: Any) -> None:
    run(app, lg.ReceiveFunds(reference="tr-1", year=2026, amount=D("500.00"), received_on=date(2026, 1, 5)))
    refused(app, lg.ReceiveFunds(reference="TR-1", year=2026, amount=D("5.00"), received_on=date(2026, 1, 5)),
            "treasury release TR-1 is already recorded")
    refused(app, lg.ReceiveFunds(reference="TR-2", year=2026, amount=D("5.00"), received_on=date(2025, 12, 5)),
            "funds of fiscal year 2026 cannot be received on 2025-12-05")
    refused(app, lg.ReceiveFunds(reference="TR-2", year=2026, amount=D("0"), received_on=date(2026, 1, 5)),
            "released amount 0 must be more than zero")


def test_adjusting_entries_need_a_reason_and_two_accounts_of_the_chart(app: Any) -> None:
    entry = lg.PostAdjustingEntry(number="ADJ-1", on=date(2026, 3, 31), debit_account="exp-2211",
                                  credit_account="1100", amount=D("10.00"))
    refused(app, entry, "needs a reason", reason="")
    refused(app, lg.PostAdjustingEntry(number="ADJ-1", on=date(2026, 3, 31), debit_account="9999",
                                       credit_account="1100", amount=D("10.00")), "debit account '9999' is not in")
    refused(app, lg.PostAdjustingEntry(number="ADJ-1", on=date(2026, 3, 31), debit_account="1100",
                                       credit_account="1100", amount=D("10.00")), "not 1100 twice")
    refused(app, lg.PostAdjustingEntry(number="ADJ-1", on=date(2026, 3, 31), debit_account="1100",
                                       credit_account="4100", amount=D("1.001")), "more than two decimal places")
    run(app, entry)
    refused(app, entry, "adjusting entry ADJ-1 already exists")
    posted = app.find(lg.adjustment_id("ADJ-1"))
    assert (posted.debit, posted.credit) == ("EXP-2211", "1100")
