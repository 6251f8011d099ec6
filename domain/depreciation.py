"""Depreciation context: the fixed-asset book (each capitalised asset's acquisition value, useful life and
method) and the monthly depreciation runs.

An asset of the equipment register is capitalised once, with its useful life in months; the method is
straight line: the acquisition value spread evenly over the useful life, from the month after acquisition,
the last month taking the rounding so that the whole value is depreciated exactly. Runs are monthly, one
per period, in order with no gap; a run is dated on or after the last day of its period. The first run that
meets an asset acquired earlier also catches up the depreciation of the earlier months (posted against the
accumulated surplus, not this period's expense). An asset written off or reported lost is not depreciated
any further; its write-off posts the book value left (domain/postings.py).
"""

from __future__ import annotations

import calendar
import re
import uuid
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import ClassVar
from uuid import UUID

import msgspec

from domain.assets import Asset, find_asset
from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import Message
from domain.finance import fmt
from domain.records import Record, refuse, require
from domain.roles import OFFICE_STAFF
from domain.shown import Keyed

_NS = uuid.UUID("8c2e4a6b-1d3f-4b5a-9e7c-0f2d4b6a8c1e")
BOOK_ID = uuid.uuid5(_NS, "fixed-asset-book")
METHODS = ("straight line",)
MAX_LIFE = 600  # fifty years
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
CENT = Decimal("0.01")


def period_of(text: str) -> tuple[int, int]:
    """(year, month) from 'YYYY-MM', or a refusal naming the value."""
    m = _PERIOD.match((text or "").strip())
    require(m is not None and 1 <= int(m.group(2)) <= 12 and 1990 <= int(m.group(1)) <= 2100,
            "period {text!r} must be a month written like 2026-01", text=text)
    assert m is not None
    return int(m.group(1)), int(m.group(2))


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def period_text(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_by(cost: Decimal, life: int, months: int) -> Decimal:
    """Straight-line depreciation due after `months` months of a `life`-month useful life."""
    if months <= 0:
        return Decimal("0.00")
    if months >= life:
        return cost
    return (cost * months / life).quantize(CENT, rounding=ROUND_HALF_UP)


class DepreciationLine(msgspec.Struct, frozen=True):
    asset_id: UUID
    inventory: str
    prior: Decimal  # depreciation of earlier months caught up by this run
    amount: Decimal  # this period's depreciation


class DepreciationBook(Record):
    assets: Keyed
    last_period: str | None

    class Opened(Record.Created):
        def apply(self, b: DepreciationBook) -> None:
            b.assets = Keyed(noun="asset")  # asset id (hex) -> inventory, cost, life, start (month index), depreciated
            b.last_period = None

    class AssetCapitalised(Record.Event):
        asset_id: UUID
        inventory: str
        category: str
        cost: Decimal
        acquired_on: date
        useful_life_months: int
        method: str

        def apply(self, b: DepreciationBook) -> None:
            start = month_index(self.acquired_on.year, self.acquired_on.month) + 1
            b.assets[self.asset_id.hex] = {"inventory": self.inventory, "cost": self.cost,
                                           "life": self.useful_life_months, "start": start,
                                           "depreciated": Decimal("0.00")}

    class RunPosted(Record.Event):
        period: str
        run_on: date
        lines: list[DepreciationLine]

        def apply(self, b: DepreciationBook) -> None:
            b.last_period = self.period
            for line in self.lines:
                b.assets[line.asset_id.hex]["depreciated"] += line.prior + line.amount

    @classmethod
    def open(cls, envelope: Envelope) -> DepreciationBook:
        return cls._create(cls.Opened, id=BOOK_ID, envelope=envelope)

    def capitalise(self, asset: Asset, life: int, method: str, envelope: Envelope) -> None:
        refusal = capitalise_refusal(self, asset)
        refuse(refusal)
        require(method in METHODS, "unknown depreciation method {method!r}; methods are {methods}", method=method,
                                   methods=', '.join(METHODS))
        require(1 <= life <= MAX_LIFE, "useful life {life} months must be 1 to {max_life} months", life=life,
                                       max_life=MAX_LIFE)
        self.trigger_event(self.AssetCapitalised, asset_id=asset.id, inventory=asset.inventory,
                           category=asset.category, cost=asset.cost, acquired_on=asset.acquired_on,
                           useful_life_months=life, method=method, envelope=envelope)

    def next_period(self) -> str | None:
        if self.last_period is None:
            return None
        return period_text(month_index(*period_of(self.last_period)) + 1)

    def run(self, period: str, run_on: date, assets: dict[str, Asset], envelope: Envelope) -> list[DepreciationLine]:
        year, month = period_of(period)
        period = f"{year:04d}-{month:02d}"
        expected = self.next_period()
        require(self.last_period is None or month_index(year, month) > month_index(*period_of(self.last_period)),
                "depreciation for {period} is already run (the last run was {last_period})", period=period,
                last_period=self.last_period)
        require(expected is None or period == expected, "depreciation runs month by month: the next run is "
                                                        "{expected}, not {period}", expected=expected, period=period)
        require(run_on >= last_day(year, month), "the run for {period} is dated on or after {last_day}, not {run_on}",
                                                 period=period, last_day=last_day(year, month), run_on=run_on)
        index = month_index(year, month)
        lines = []
        for key, a in self.assets.items():
            asset = assets[key]
            if asset.status in ("written off", "lost"):
                continue
            months = index - a["start"] + 1
            if months <= 0 or a["depreciated"] >= a["cost"]:
                continue
            before, now = due_by(a["cost"], a["life"], months - 1), due_by(a["cost"], a["life"], months)
            prior = max(before - a["depreciated"], Decimal("0.00"))
            amount = now - max(before, a["depreciated"])
            if prior or amount > 0:
                lines.append(DepreciationLine(asset.id, a["inventory"], prior, max(amount, Decimal("0.00"))))
        self.trigger_event(self.RunPosted, period=period, run_on=run_on, lines=lines, envelope=envelope)
        return lines


def _standing(c: Capitalisation) -> str:
    return Message("asset {asset_inventory} is {asset_status}; it is not capitalised", asset_inventory=c.inventory,
                   asset_status=c.status)


# Capitalising an asset: not yet in the book, standing (neither written off nor lost), with a value to depreciate.
CAPITALISE = StateRule(
    Check(Attr("outside_book").is_true(), lambda c: Message(
        "asset {asset_inventory} is already in the fixed-asset book", asset_inventory=c.inventory)),
    Check(Attr("status").ne("written off"), _standing),
    Check(Attr("status").ne("lost"), _standing),
    Check(Attr("cost").gt(0), lambda c: Message(
        "asset {asset_inventory} has no acquisition value to depreciate", asset_inventory=c.inventory)),
)


class Capitalisation:
    """An asset as capitalising it sees it: the asset's own state, and whether the fixed-asset book (a record of its
    own, None before the first capitalisation) already holds it. CAPITALISE is asked of it; the assets register's
    rows read the same attributes (projections/depreciation.py READS), so the picker lists what the rule allows."""

    STATE_RULES: ClassVar[dict[str, StateRule]] = {"depreciation.capitalise": CAPITALISE}

    def __init__(self, book: DepreciationBook | None, asset: Asset) -> None:
        self.asset = asset
        self.outside_book = book is None or asset.id.hex not in book.assets

    @property
    def status(self) -> str:
        return self.asset.status

    @property
    def cost(self) -> Decimal:
        return self.asset.cost

    @property
    def inventory(self) -> str:
        return self.asset.inventory


def capitalise_refusal(book: DepreciationBook | None, asset: Asset) -> str | None:
    """Why the asset (and the book, None before the first capitalisation) cannot take `depreciation.capitalise`,
    in words; None when their state allows it (CAPITALISE). The book enforces it; the asset's card and the
    picker offer exactly this."""
    return CAPITALISE(Capitalisation(book, asset))


def _book(ctx: Context) -> DepreciationBook:
    found = ctx.find(DepreciationBook, BOOK_ID)
    if found is None:
        found = ctx.add(DepreciationBook.open(ctx.envelope))
    return found


class CapitaliseAsset(Command, frozen=True, kw_only=True):
    name = "depreciation.capitalise"
    title = "Put an asset in the fixed-asset book (useful life, method)"
    roles = OFFICE_STAFF
    inventory: str
    useful_life_months: int
    method: str = "straight line"

    def execute(self, ctx: Context) -> Outcome:
        asset = find_asset(ctx, self.inventory)
        book = _book(ctx)
        book.capitalise(asset, self.useful_life_months, self.method, ctx.envelope)
        return Outcome(message=Message("asset {asset_inventory} capitalised at {fmt} over {useful_life_months} months",
                                       asset_inventory=asset.inventory, fmt=fmt(asset.cost),
                                       useful_life_months=self.useful_life_months), record_ids=[asset.id])


class RunDepreciation(Command, frozen=True, kw_only=True):
    name = "depreciation.run"
    title = "Run the month's depreciation"
    roles = OFFICE_STAFF
    period: str
    run_on: date

    def execute(self, ctx: Context) -> Outcome:
        book = ctx.find(DepreciationBook, BOOK_ID)
        require(book is not None and book.assets, "no asset is in the fixed-asset book yet; capitalise assets first")
        assert book is not None
        assets = {key: ctx.get(Asset, UUID(key), "an asset of the book is missing") for key in book.assets}
        lines = book.run(self.period, self.run_on, assets, ctx.envelope)
        total = sum((line.prior + line.amount for line in lines), Decimal("0.00"))
        return Outcome(message=Message("depreciation {book_last_period}: {lines_count} asset(s), {fmt}",
                                       book_last_period=book.last_period, lines_count=len(lines), fmt=fmt(total)),
                       record_ids=[book.id])
