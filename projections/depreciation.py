"""The fixed-asset book: each capitalised asset's acquisition value, useful life, depreciation so far and book
value (acquisition value less depreciation), kept from the depreciation runs and the asset's write-off; the
depreciation runs themselves; and the depreciation schedule report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.assets import Asset
from domain.depreciation import Capitalisation, DepreciationBook
from domain.errors import Message
from domain.shown import amount_of
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult


def cents(amount: Decimal) -> int:
    return int(amount * 100)


BOOK = Table("fixed_assets", (
    ("id", "text"), ("inventory", "text"), ("category", "text"), ("acquired_on", "text"), ("cost", "int"),
    ("life_months", "int"), ("method", "text"), ("depreciated", "int"), ("book_value", "int"),
    ("last_period", "text"), ("status", "text"),
), key=("id",), indexes=(("inventory",), ("category",), ("status",)),
   search=("inventory", "category", "acquired_on", "last_period", "status"))
RUNS = Table("depreciation_runs", (
    ("period", "text"), ("run_on", "text"), ("assets", "int"), ("prior", "int"), ("amount", "int"),
    ("position", "int"), ("run_by", "text"),
), key=("period",), indexes=(("run_on",),))


# How an asset's capitalisation reads in the assets register's rows (domain.depreciation.Capitalisation): the book
# holds the assets whose rows this projection keeps.
READS: dict[type, dict[str, str]] = {Capitalisation: {"outside_book": "id NOT IN (SELECT id FROM fixed_assets)"}}


def allowing(kind: type, command: str) -> str:
    """The filter of the assets register's rows whose asset the domain allows `command` on (the condition it
    declares): what the capitalisation picker lists."""
    return conditions.allowing(kind, command, READS.get(kind))


class DepreciationProjection(Projection):
    name = "depreciation"
    version = 1
    tables = (BOOK, RUNS)

    @on(DepreciationBook.AssetCapitalised)
    def capitalised(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("fixed_assets", {
            "id": text(e.asset_id), "inventory": e.inventory, "category": e.category,
            "acquired_on": text(e.acquired_on), "cost": cents(e.cost), "life_months": e.useful_life_months,
            "method": e.method, "depreciated": 0, "book_value": cents(e.cost), "last_period": None,
            "status": "in use"})

    @on(DepreciationBook.RunPosted)
    def run(self, rows: Rows, position: int, e: Any) -> None:
        for line in e.lines:
            row = rows.get("fixed_assets", text(line.asset_id))
            assert row is not None
            depreciated = row["depreciated"] + cents(line.prior) + cents(line.amount)
            rows.put("fixed_assets", {**row, "depreciated": depreciated, "book_value": row["cost"] - depreciated,
                                      "last_period": e.period,
                                      "status": "fully depreciated" if depreciated >= row["cost"] else row["status"]})
        rows.put("depreciation_runs", {
            "period": e.period, "run_on": text(e.run_on), "assets": len(e.lines),
            "prior": sum(cents(line.prior) for line in e.lines), "amount": sum(cents(line.amount) for line in e.lines),
            "position": position, "run_by": e.envelope.actor_name})

    @on(Asset.WrittenOff)
    def written_off(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("fixed_assets", text(e.originator_id))
        if row is not None:  # an asset never capitalised has no book value to write off here
            rows.put("fixed_assets", {**row, "status": "written off", "book_value": 0})


def _schedule(ctx: ReportContext) -> ReportResult:
    category = ctx.param("category")
    where, params = ("WHERE category = ?", (category,)) if category else ("", ())
    rows = ctx.rows("SELECT inventory, category, acquired_on, life_months, cost, depreciated, book_value, "
                    f"last_period, status FROM fixed_assets {where} ORDER BY category, inventory", params)
    monthly = [(r[0], r[1], r[2], r[3], r[4], r[4] // r[3] if r[3] else 0, r[5], r[6], r[7], r[8]) for r in rows]
    cost, book = sum(r[4] for r in rows), sum(r[6] for r in rows)
    return ReportResult(("inventory", "category", "acquired", "life_months", "cost", "monthly", "depreciated",
                         "book_value", "last_period", "status"), monthly,
                        money=("cost", "monthly", "depreciated", "book_value"),
                        notes=(Message("{count} asset(s): acquisition value {cost}, book value {book} (straight line "
                                       "over the useful life)", count=len(rows), cost=amount_of(cost),
                                       book=amount_of(book)),))


PROJECTIONS = (DepreciationProjection,)
REGISTERS = (
    Register("fixed-assets", "depreciation", "fixed_assets", ("inventory",),
             ("inventory", "category", "acquired_on", "cost", "life_months", "depreciated", "book_value",
              "last_period", "status"), "Fixed-asset book", kind="asset",
             numeric=("life_months",), money=("cost", "depreciated", "book_value"),
             fields={"category": "category = ?", "status": "status = ?"}),
    Register("depreciation-runs", "depreciation", "depreciation_runs", ("period",),
             ("period", "run_on", "assets", "prior", "amount", "run_by"), "Depreciation runs", record="period",
             key=("period",), descending=True, numeric=("assets",), money=("prior", "amount")),
)
REPORTS = (
    Report("depreciation-schedule", "Depreciation schedule and book values", _schedule, params=("category",)),
)
