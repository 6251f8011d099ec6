"""The property registers: equipment and property with custody, location, maintenance, loss and write-off, and
book value (acquisition cost less the depreciation the fixed-asset book's runs posted), and inventory counts;
and their reports (assets by custodian and by location, maintenance due, write-off acts,
count discrepancies).

What is due "today" (services in the next 30 days) is computed by the reports when they are read, never when an
event is folded.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.assets import Asset, InventoryCount
from domain.depreciation import DepreciationBook
from domain.errors import Message
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, cents, searchable_columns
from projections.reports import Report, ReportContext, ReportResult

ASSET_COLUMNS = ("inventory", "category", "description", "serial", "cost", "book_value", "funding", "donor_project",
                 "location", "status", "custodian_kind", "custodian", "custodian_name", "condition", "next_service")
COUNT_COLUMNS = ("count_number", "location", "counted_on", "inventory", "result")


ASSETS = Table("assets", (
    ("id", "text"), ("inventory", "text"), ("category", "text"), ("description", "text"), ("serial", "text"),
    ("cost", "int"), ("funding", "text"), ("donor_project", "text"), ("location", "text"), ("status", "text"),
    ("custodian_kind", "text"), ("custodian", "text"), ("custodian_name", "text"), ("condition", "text"),
    ("next_service", "text"), ("issued_on", "text"), ("maintenance_since", "text"), ("act_number", "text"),
    ("written_off_on", "text"), ("write_off_reason", "text"), ("lost_on", "text"), ("depreciated", "int"),
    ("book_value", "int"),
), key=("id",), indexes=(("inventory",), ("category",), ("location",), ("status",), ("custodian",),
                         ("next_service",)),
   search=searchable_columns(ASSET_COLUMNS, ("cost", "book_value")))
COUNTS = Table("asset_counts", (
    ("count_id", "text"), ("inventory", "text"), ("count_number", "text"), ("location", "text"),
    ("counted_on", "text"), ("result", "text"),
), key=("count_id", "inventory"), indexes=(("count_number", "inventory"), ("result",)), search=COUNT_COLUMNS)


class AssetsProjection(Projection):
    name = "assets"
    version = 3  # 2: the search form column (domain.folding); 3: depreciation and book value
    tables = (ASSETS, COUNTS)

    @staticmethod
    def _row(rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{table} {key} missing from the register"
        return dict(row)

    @on(Asset.Registered)
    def asset_registered(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("assets", {
            "id": text(e.originator_id), "inventory": e.inventory, "category": e.category,
            "description": e.description, "serial": e.serial, "cost": cents(e.cost), "funding": e.funding,
            "donor_project": e.donor_project or None, "location": e.location, "status": "in store",
            "custodian_kind": None, "custodian": None, "custodian_name": None, "condition": "good",
            "next_service": text(e.next_service), "issued_on": None, "maintenance_since": None, "act_number": None,
            "written_off_on": None, "write_off_reason": None, "lost_on": None, "depreciated": 0,
            "book_value": cents(e.cost)})

    @on(Asset.Issued, Asset.Returned, Asset.Relocated, Asset.MaintenanceStarted, Asset.MaintenanceEnded,
        Asset.LossReported, Asset.WrittenOff)
    def asset_changed(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "assets", text(e.originator_id))
        nobody = {"custodian_kind": None, "custodian": None, "custodian_name": None, "issued_on": None}
        if isinstance(e, Asset.Issued):
            row.update(status="issued", custodian_kind=e.custodian_kind, custodian=e.custodian,
                       custodian_name=e.custodian_name, issued_on=text(e.on))
        elif isinstance(e, Asset.Returned):
            row.update(status="in store", condition=e.condition, **nobody)
        elif isinstance(e, Asset.Relocated):
            row.update(location=e.location)
        elif isinstance(e, Asset.MaintenanceStarted):
            row.update(status="in maintenance", maintenance_since=text(e.on))
        elif isinstance(e, Asset.MaintenanceEnded):
            row.update(status="in store", maintenance_since=None, condition=e.condition,
                       next_service=text(e.next_service))
        elif isinstance(e, Asset.LossReported):
            row.update(status="lost", lost_on=text(e.on), **nobody)
        else:
            row.update(status="written off", act_number=e.act_number, written_off_on=text(e.on),
                       write_off_reason=e.reason)
        rows.put("assets", row)

    @on(DepreciationBook.RunPosted)
    def depreciated(self, rows: Rows, position: int, e: Any) -> None:
        for line in e.lines:
            row = self._row(rows, "assets", text(line.asset_id))
            depreciated = row["depreciated"] + cents(line.prior) + cents(line.amount)
            rows.put("assets", {**row, "depreciated": depreciated, "book_value": row["cost"] - depreciated})

    @on(InventoryCount.Recorded)
    def counted(self, rows: Rows, position: int, e: Any) -> None:
        for result, items in (("found", e.found), ("missing", e.missing), ("unexpected", e.unexpected)):
            for inventory in items:
                if result == "found" and inventory in e.unexpected:
                    continue
                rows.put("asset_counts", {"count_id": text(e.originator_id), "inventory": inventory,
                                          "count_number": e.number, "location": e.location,
                                          "counted_on": text(e.counted_on), "result": result})


# ---- reports ------------------------------------------------------------------------------------

def _assets_by_custodian(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT custodian_kind, custodian, custodian_name, COUNT(*), SUM(cost) FROM assets "
                    "WHERE status = 'issued' GROUP BY custodian_kind, custodian, custodian_name "
                    "ORDER BY custodian_kind, custodian")
    return ReportResult(("kind", "custodian", "name", "assets", "cost"), rows, money=("cost",), bars="assets")


def _assets_by_location(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT location, status, COUNT(*), SUM(cost) FROM assets WHERE status NOT IN "
                    "('written off', 'lost') GROUP BY location, status ORDER BY location, status")
    return ReportResult(("location", "status", "assets", "cost"), rows, money=("cost",), bars="assets")


def _maintenance_due(ctx: ReportContext) -> ReportResult:
    until = (ctx.today + timedelta(days=30)).isoformat()
    found = ctx.rows("SELECT inventory, category, location, status, next_service, maintenance_since FROM assets "
                     "WHERE status IN ('in store', 'issued', 'in maintenance') AND (status = 'in maintenance' "
                     "OR next_service <= ?) ORDER BY COALESCE(next_service, ''), inventory", (until,))
    rows = [(*r[:6], (date.fromisoformat(r[4]) - ctx.today).days if r[4] else None) for r in found]
    return ReportResult(("inventory", "category", "location", "status", "next_service", "in_maintenance_since",
                         "days_left"), rows,
                        notes=(Message("services due by {until}, and assets in maintenance",
                                       until=ctx.today + timedelta(days=30)),))


def _write_off_acts(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT act_number, written_off_on, inventory, category, cost, book_value, write_off_reason "
                    "FROM assets WHERE status = 'written off' ORDER BY written_off_on, act_number, inventory")
    total = sum(r[5] or 0 for r in rows)
    value = f"{total // 100:,}.{total % 100:02d}"
    return ReportResult(("act", "on", "inventory", "category", "cost", "book_value", "reason"), rows,
                        money=("cost", "book_value"),
                        notes=(Message("{count} asset(s) written off, book value {value}", count=len(rows),
                                       value=value),))


def _count_discrepancies(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT c.count_number, c.location, c.counted_on, c.inventory, c.result, a.status, a.location "
                    "FROM asset_counts c LEFT JOIN assets a ON a.inventory = c.inventory "
                    "WHERE c.result <> 'found' ORDER BY c.counted_on, c.count_number, c.inventory")
    return ReportResult(("count", "location", "counted_on", "inventory", "result", "register_status",
                         "register_location"), rows)


PROJECTIONS = (AssetsProjection,)
REGISTERS = (
    Register("assets", "assets", "assets", ("inventory",), ASSET_COLUMNS, "Equipment and property",
             kind="asset", money=("cost", "book_value"),
             fields={"status": "status = ?", "category": "category = ?", "custodian": "custodian = ?",
                     "location": "location = ?", "funding": "funding = ?", "project": "donor_project = ?"}),
    Register("asset-counts", "assets", "asset_counts", ("count_number", "inventory"), COUNT_COLUMNS,
             "Inventory counts", record="count_id", key=("count_id", "inventory"), kind="count",
             fields={"result": "result = ?"}),
)
REPORTS = (
    Report("assets-by-custodian", "Assets issued, by custodian", _assets_by_custodian),
    Report("assets-by-location", "Assets by location", _assets_by_location),
    Report("maintenance-due", "Maintenance due in 30 days", _maintenance_due),
    Report("write-off-acts", "Write-off acts", _write_off_acts),
    Report("count-discrepancies", "Inventory count discrepancies", _count_discrepancies),
)
