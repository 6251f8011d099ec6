"""The procurement registers: purchase requests, contracts and their deliveries; and the reports on procurement
by status and by supplier, and on deliveries late against the contract. Money in minor units (cents). Whether a
contract's delivery is overdue today is decided by the report against the day it is given."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import Message
from domain.procurement import Contract, PurchaseRequest
from domain.supplies.common import quantities_text
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, cents
from projections.reports import Report, ReportContext, ReportResult, days_late

REQUEST_COLUMNS = ("number", "unit_code", "requested_on", "purpose", "items", "estimated_cost", "budget_line",
                   "status", "method", "decided_on", "contract")
CONTRACT_COLUMNS = ("number", "request", "supplier", "method", "amount", "budget_line", "signed_on", "delivery_due",
                    "items", "delivered", "delivered_value", "paid", "status", "late_deliveries")
DELIVERY_COLUMNS = ("contract", "note", "supplier", "delivered_on", "destination", "items", "value", "due",
                    "days_late")

REQUESTS = Table("purchase_requests", (
    ("id", "text"), ("number", "text"), ("unit_code", "text"), ("requested_on", "text"), ("purpose", "text"),
    ("items", "text"), ("estimated_cost", "int"), ("budget_line", "text"), ("status", "text"), ("method", "text"),
    ("decided_on", "text"), ("grounds", "text"), ("contract", "text"),
), key=("id",), indexes=(("number",), ("status",)))
CONTRACTS = Table("contracts", (
    ("id", "text"), ("number", "text"), ("request", "text"), ("supplier", "text"), ("method", "text"),
    ("amount", "int"), ("budget_line", "text"), ("signed_on", "text"), ("delivery_due", "text"), ("items", "text"),
    ("delivered", "text"), ("delivered_value", "int"), ("paid", "int"), ("status", "text"),
    ("late_deliveries", "int"), ("deliveries", "int"), ("last_delivery_on", "text"),
), key=("id",), indexes=(("number",), ("supplier",)))
DELIVERIES = Table("contract_deliveries", (
    ("contract_id", "text"), ("note", "text"), ("contract", "text"), ("supplier", "text"), ("delivered_on", "text"),
    ("destination", "text"), ("items", "text"), ("value", "int"), ("due", "text"), ("days_late", "int"),
), key=("contract_id", "note"), indexes=(("delivered_on",),))


def _status(lines: dict[str, int], delivered: dict[str, int], paid: int, value: int) -> str:
    """As the domain's Contract.status: delivered in full, then paid for what was delivered."""
    if all(delivered.get(k, 0) >= q for k, q in lines.items()):
        return "paid" if paid == value else "delivered"
    return "partly delivered" if any(delivered.values()) else "signed"


class ProcurementProjection(Projection):
    name = "procurement"
    version = 1
    tables = (REQUESTS, CONTRACTS, DELIVERIES)

    @staticmethod
    def _row(rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{table} {key} missing from the register"
        return dict(row)

    @on(PurchaseRequest.Made)
    def made(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("purchase_requests", {
            "id": text(e.originator_id), "number": e.number, "unit_code": e.unit_code,
            "requested_on": text(e.requested_on), "purpose": e.purpose, "items": quantities_text(e.lines),
            "estimated_cost": cents(e.estimated_cost), "budget_line": e.budget_line, "status": "requested",
            "method": None, "decided_on": None, "grounds": None, "contract": None})

    @on(PurchaseRequest.Approved)
    def approved(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "purchase_requests", text(e.originator_id))
        rows.put("purchase_requests", {**r, "status": "approved", "method": e.method, "decided_on": text(e.on)})

    @on(PurchaseRequest.Rejected)
    def rejected(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "purchase_requests", text(e.originator_id))
        rows.put("purchase_requests", {**r, "status": "rejected", "decided_on": text(e.on), "grounds": e.grounds})

    @on(PurchaseRequest.Contracted)
    def contracted(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "purchase_requests", text(e.originator_id))
        rows.put("purchase_requests", {**r, "status": "contracted", "contract": e.contract})

    @on(Contract.Signed)
    def signed(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("contracts", {
            "id": text(e.originator_id), "number": e.number, "request": e.request, "supplier": e.supplier,
            "method": e.method, "amount": cents(e.amount), "budget_line": e.budget_line,
            "signed_on": text(e.signed_on), "delivery_due": text(e.delivery_due), "items": quantities_text(e.lines),
            "delivered": quantities_text({k: 0 for k in e.lines}), "delivered_value": 0, "paid": 0,
            "status": "signed", "late_deliveries": 0, "deliveries": 0, "last_delivery_on": None})

    @staticmethod
    def _quantities(value: str | None) -> dict[str, int]:
        out = {}
        for part in (value or "").split(", "):
            item, _, q = part.partition("=")
            if item:
                out[item] = int(q)
        return out

    @on(Contract.Delivered)
    def delivered(self, rows: Rows, position: int, e: Any) -> None:
        cid = text(e.originator_id)
        c = self._row(rows, "contracts", cid)
        done = self._quantities(c["delivered"])
        done = {k: v + e.quantities.get(k, 0) for k, v in done.items()}
        value = c["delivered_value"] + cents(e.value)
        days_late = max((e.on - _date(c["delivery_due"])).days, 0)
        rows.put("contracts", {
            **c, "delivered": quantities_text(done), "delivered_value": value,
            "status": _status(self._quantities(c["items"]), done, c["paid"], value),
            "late_deliveries": c["late_deliveries"] + (1 if e.late else 0), "deliveries": c["deliveries"] + 1,
            "last_delivery_on": text(e.on)})
        rows.put("contract_deliveries", {
            "contract_id": cid, "note": e.note, "contract": c["number"], "supplier": c["supplier"],
            "delivered_on": text(e.on), "destination": e.destination, "items": quantities_text(e.quantities),
            "value": cents(e.value), "due": c["delivery_due"], "days_late": days_late})

    @on(Contract.Paid)
    def paid(self, rows: Rows, position: int, e: Any) -> None:
        c = self._row(rows, "contracts", text(e.originator_id))
        paid = c["paid"] + cents(e.amount)
        rows.put("contracts", {**c, "paid": paid, "status": _status(self._quantities(c["items"]),
                                                                    self._quantities(c["delivered"]), paid,
                                                                    c["delivered_value"])})


def _date(value: str) -> date:
    return date.fromisoformat(value)


# ---- reports ----------------------------------------------------------------------------------------------

def _by_status(ctx: ReportContext) -> ReportResult:
    requests = ctx.rows("SELECT 'request', status, COUNT(*), SUM(estimated_cost), NULL, NULL FROM purchase_requests "
                        "GROUP BY status ORDER BY status")
    contracts = ctx.rows("SELECT 'contract', status, COUNT(*), SUM(amount), SUM(delivered_value), SUM(paid) "
                         "FROM contracts GROUP BY status ORDER BY status")
    rows = [*requests, *contracts]
    return ReportResult(("record", "status", "count", "amount", "delivered", "paid"), rows,
                        money=("amount", "delivered", "paid"), bars="count",
                        notes=(Message("requests at their estimated cost, contracts at their amount"),))


def _by_supplier(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT supplier, COUNT(*), SUM(amount), SUM(delivered_value), SUM(paid), "
                    "SUM(delivered_value) - SUM(paid), SUM(late_deliveries) FROM contracts GROUP BY supplier "
                    "ORDER BY SUM(amount) DESC, supplier")
    return ReportResult(("supplier", "contracts", "amount", "delivered", "paid", "payable", "late_deliveries"), rows,
                        money=("amount", "delivered", "paid", "payable"), bars="amount")


def _late(ctx: ReportContext) -> ReportResult:
    day = ctx.today.isoformat()
    overdue = ctx.rows("SELECT number, supplier, delivery_due, items, delivered, status FROM contracts "
                       "WHERE delivery_due < ? AND status IN ('signed', 'partly delivered') "
                       "ORDER BY delivery_due, number", (day,))
    rows = [(n, s, due, "outstanding", items, delivered, days_late(due, ctx.today))
            for n, s, due, items, delivered, _ in overdue]
    rows += [(c, s, due, f"delivered {on} ({note})", items, None, late) for c, note, s, on, due, items, late in
             ctx.rows("SELECT contract, note, supplier, delivered_on, due, items, days_late FROM contract_deliveries "
                      "WHERE days_late > 0 ORDER BY delivered_on, contract")]
    return ReportResult(("contract", "supplier", "due", "delivery", "items", "delivered_so_far", "days_late"), rows,
                        notes=(Message("{count} contract(s) overdue on {day}; deliveries that arrived late below",
                                       count=len(overdue), day=ctx.today),))


PROJECTIONS = (ProcurementProjection,)
REGISTERS = (
    Register("purchase-requests", "procurement", "purchase_requests", ("number",), REQUEST_COLUMNS,
             "Purchase requests", kind="purchase-request", money=("estimated_cost",),
             fields={"status": "status = ?", "unit": "unit_code = upper(?)", "method": "method = ?"},
             office=("unit_code",)),
    Register("contracts", "procurement", "contracts", ("number",), CONTRACT_COLUMNS, "Contracts",
             kind="contract", money=("amount", "delivered_value", "paid"), numeric=("late_deliveries",),
             fields={"status": "status = ?", "supplier": "supplier = ?",
                     "due": "status IN ('signed', 'partly delivered') AND delivery_due <= ?"}),
    Register("deliveries", "procurement", "contract_deliveries", ("delivered_on", "contract", "note"),
             DELIVERY_COLUMNS, "Deliveries", record="contract_id", key=("contract_id", "note"),
             kind="contract", money=("value",), numeric=("days_late",),
             fields={"contract": "contract = upper(?)", "destination": "destination = ?"}),
)
REPORTS = (
    Report("procurement-by-status", "Procurement by status", _by_status),
    Report("procurement-by-supplier", "Contracts by supplier", _by_supplier),
    Report("late-deliveries", "Deliveries late against the contract", _late),
)
