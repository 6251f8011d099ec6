"""The supplies registers: voter numbers, items, stock (item x warehouse) and its movements, the distribution
plan (a commission's quota, item by item), dispatches (with their lines) and ballot accounts. The reports over
them live in projections/supplies_reports.py.

Nothing here depends on the day it is read: which acknowledgements are overdue is decided by the reports against
the day they are given (each dispatch stores the day its acknowledgement is due).
"""

from __future__ import annotations

from typing import Any

from domain.errors import Message
from domain.organisation import commission_label
from domain.shown import said
from domain.supplies.ballots import BallotAccount, ballot_status
from domain.supplies.common import item_id, quantities_text, ranges_text, with_range, without_range
from domain.supplies.distribution import Dispatch, Quota
from domain.supplies.stock import Item, Stock, Warehouse
from domain.supplies.voters import VoterFigure
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.supplies_reports import REPORTS  # noqa: F401  (this context's reports, declared apart)

VOTER_COLUMNS = ("commission", "level", "voters", "population", "as_of", "source", "revisions")
ITEM_COLUMNS = ("code", "name", "kind", "measure", "numbered", "election_code", "constituency", "reorder_level",
                "on_hand")
STOCK_COLUMNS = ("item", "warehouse", "item_name", "measure", "on_hand", "serials", "last_movement_on", "last_count_on",
                 "count_discrepancy")
MOVE_COLUMNS = ("on_date", "item", "warehouse", "kind", "quantity", "balance", "serials", "reference", "counterpart")
PLAN_COLUMNS = ("commission", "voters", "ballots", "items", "adjustments")
DISPATCH_COLUMNS = ("waybill", "commission", "warehouse", "carrier", "dispatched_on", "items", "status",
                    "acknowledge_by", "acknowledged_on", "received_by", "discrepancies", "returned_on")
ACCOUNT_COLUMNS = ("commission", "item", "received", "issued", "spoiled", "unused", "cancelled", "explained",
                   "imbalance", "open_finding", "status", "acts")

VOTERS = Table("voter_numbers", (
    ("id", "text"), ("election_code", "text"), ("constituency", "int"), ("precinct", "int"), ("commission", "text"),
    ("level", "text"), ("voters", "int"), ("population", "int"), ("as_of", "text"), ("source", "text"),
    ("revisions", "int"),
), key=("id",), indexes=(("commission",), ("election_code", "constituency"), ("as_of",), ("source",)),
   search=("commission", "level", "as_of", "source"))
ITEMS = Table("supply_items", (
    ("id", "text"), ("code", "text"), ("name", "text"), ("kind", "text"), ("measure", "text"), ("numbered", "text"),
    ("election_code", "text"), ("constituency", "int"), ("reorder_level", "int"), ("on_hand", "int"),
), key=("id",), indexes=(("code",), ("kind",), ("name",)))
WAREHOUSES = Table("warehouses", (
    ("id", "text"), ("code", "text"), ("name", "text"), ("unit_code", "text"),
), key=("id",), indexes=(("code",),))
STOCK = Table("stock", (
    ("id", "text"), ("item", "text"), ("warehouse", "text"), ("item_name", "text"), ("kind", "text"),
    ("measure", "text"), ("on_hand", "int"), ("serials", "text"), ("last_movement_on", "text"),
    ("last_count_on", "text"), ("count_discrepancy", "int"),
), key=("id",), indexes=(("item", "warehouse"), ("warehouse", "item")))
MOVES = Table("stock_moves", (
    ("position", "int"), ("stock_id", "text"), ("on_date", "text"), ("item", "text"), ("warehouse", "text"),
    ("kind", "text"), ("quantity", "int"), ("balance", "int"), ("serials", "text"), ("reference", "text"),
    ("counterpart", "text"),
), key=("position",), indexes=(("on_date", "position"), ("item", "warehouse"), ("kind",), ("reference",)),
   search=("on_date", "item", "warehouse", "kind", "serials", "reference", "counterpart"))
QUOTAS = Table("supply_quotas", (
    ("id", "text"), ("election_code", "text"), ("constituency", "int"), ("precinct", "int"), ("commission", "text"),
    ("voters", "int"), ("ballots", "int"), ("items", "text"), ("adjustments", "int"),
), key=("id",), indexes=(("commission",), ("election_code", "constituency")), search=("commission", "items"))
DISPATCHES = Table("dispatches", (
    ("id", "text"), ("waybill", "text"), ("election_code", "text"), ("constituency", "int"), ("precinct", "int"),
    ("commission", "text"), ("warehouse", "text"), ("carrier", "text"), ("dispatched_on", "text"),
    ("items", "text"), ("ballots", "int"), ("status", "text"), ("acknowledge_by", "text"),
    ("acknowledged_on", "text"), ("received_by", "text"), ("received", "text"), ("ballots_received", "int"),
    ("discrepancies", "text"), ("returned_on", "text"), ("returned", "text"),
), key=("id",), indexes=(("waybill",), ("commission",), ("election_code", "constituency"), ("status",),
                         ("dispatched_on",), ("acknowledge_by",)),
   search=DISPATCH_COLUMNS)
ACCOUNTS = Table("ballot_accounts", (
    ("id", "text"), ("election_code", "text"), ("constituency", "int"), ("precinct", "int"), ("commission", "text"),
    ("item", "text"), ("received", "int"), ("issued", "int"), ("spoiled", "int"), ("unused", "int"),
    ("cancelled", "int"), ("explained", "int"), ("imbalance", "int"), ("open_finding", "int"), ("status", "text"),
    ("counted_on", "text"), ("reconciled_on", "text"), ("acts", "text"),
), key=("id",), indexes=(("commission", "item"), ("election_code", "constituency"), ("status",)),
   search=("commission", "item", "status", "acts"))


class SuppliesProjection(Projection):
    name = "supplies"
    version = 2  # 2: stock references and counts stored as sentences (domain.shown.said)
    tables = (VOTERS, ITEMS, WAREHOUSES, STOCK, MOVES, QUOTAS, DISPATCHES, ACCOUNTS)

    @staticmethod
    def _row(rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{table} {key} missing from the register"
        return dict(row)

    # ---- voter numbers ----

    @on(VoterFigure.Reported)
    def voters_reported(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("voter_numbers", {
            "id": text(e.originator_id), "election_code": e.election_code, "constituency": e.constituency,
            "precinct": e.precinct, "commission": e.commission_label,
            "level": "constituency" if e.precinct is None else "precinct", "voters": e.voters,
            "population": e.population, "as_of": text(e.as_of), "source": e.source, "revisions": 0})

    @on(VoterFigure.Revised)
    def voters_revised(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "voter_numbers", text(e.originator_id))
        rows.put("voter_numbers", {**row, "voters": e.voters, "population": e.population, "as_of": text(e.as_of),
                                   "source": e.source, "revisions": row["revisions"] + 1})

    # ---- items, warehouses, stock ----

    @on(Item.Registered)
    def item_registered(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("supply_items", {
            "id": text(e.originator_id), "code": e.code, "name": e.name, "kind": e.kind, "measure": e.unit,
            "numbered": "yes" if e.numbered else "no", "election_code": e.election_code or None,
            "constituency": e.constituency, "reorder_level": e.reorder_level, "on_hand": 0})

    @on(Item.ReorderLevelSet)
    def reorder_level(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "supply_items", text(e.originator_id))
        rows.put("supply_items", {**row, "reorder_level": e.reorder_level})

    @on(Warehouse.Opened)
    def warehouse_opened(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("warehouses", {"id": text(e.originator_id), "code": e.code, "name": e.name, "unit_code": e.unit_code})

    @on(Stock.Opened)
    def stock_opened(self, rows: Rows, position: int, e: Any) -> None:
        item = self._row(rows, "supply_items", text(item_id(e.item)))
        rows.put("stock", {
            "id": text(e.originator_id), "item": e.item, "warehouse": e.warehouse, "item_name": item["name"],
            "kind": item["kind"], "measure": item["measure"], "on_hand": 0, "serials": "-", "last_movement_on": None,
            "last_count_on": None, "count_discrepancy": None})

    def _move(self, rows: Rows, position: int, e: Any, kind: str, sign: int, reference: str,
              counterpart: str | None) -> None:
        card = self._row(rows, "stock", text(e.originator_id))
        first, last = getattr(e, "first", None), getattr(e, "last", None)
        serials = card["serials"]
        if first is not None and last is not None:  # serialised items' events carry both
            current = [(int(a), int(b)) for a, _, b in (r.partition("-") for r in serials.split(", "))] \
                if serials != "-" else []
            current = with_range(current, first, last) if sign > 0 else without_range(current, first, last)
            serials = ranges_text(current)
        balance = card["on_hand"] + sign * e.quantity
        rows.put("stock", {**card, "on_hand": balance, "serials": serials, "last_movement_on": text(e.on)})
        item = self._row(rows, "supply_items", text(item_id(card["item"])))
        rows.put("supply_items", {**item, "on_hand": item["on_hand"] + sign * e.quantity})
        rows.put("stock_moves", {
            "position": position, "stock_id": card["id"], "on_date": text(e.on), "item": card["item"],
            "warehouse": card["warehouse"], "kind": kind, "quantity": sign * e.quantity, "balance": balance,
            "serials": f"{first}-{last}" if first is not None else None, "reference": reference,
            "counterpart": counterpart})

    @on(Stock.Received)
    def received(self, rows: Rows, position: int, e: Any) -> None:
        self._move(rows, position, e, "receipt", 1,
                   said(Message("{kind} {number}", kind=Message(e.order_kind), number=e.order_number)), e.supplier)

    @on(Stock.MovedIn)
    def moved_in(self, rows: Rows, position: int, e: Any) -> None:
        self._move(rows, position, e, "move in", 1, e.reference, e.source)

    @on(Stock.MovedOut)
    def moved_out(self, rows: Rows, position: int, e: Any) -> None:
        self._move(rows, position, e, "move out", -1, e.reference, e.destination)

    @on(Stock.Dispatched)
    def stock_dispatched(self, rows: Rows, position: int, e: Any) -> None:
        self._move(rows, position, e, "dispatch", -1, e.waybill, e.commission)

    @on(Stock.Returned)
    def stock_returned(self, rows: Rows, position: int, e: Any) -> None:
        self._move(rows, position, e, "return", 1, e.waybill, e.commission)

    @on(Stock.WrittenOff)
    def written_off(self, rows: Rows, position: int, e: Any) -> None:
        self._move(rows, position, e, "write-off", -1, said(Message("act {number}", number=e.act_number)), e.reason)

    @on(Stock.Counted)
    def counted(self, rows: Rows, position: int, e: Any) -> None:
        card = self._row(rows, "stock", text(e.originator_id))
        difference = e.counted - e.book
        rows.put("stock", {**card, "last_count_on": text(e.on), "count_discrepancy": difference,
                           "last_movement_on": text(e.on)})
        rows.put("stock_moves", {
            "position": position, "stock_id": card["id"], "on_date": text(e.on), "item": card["item"],
            "warehouse": card["warehouse"], "kind": "count", "quantity": 0, "balance": card["on_hand"], "serials": None,
            "reference": said(Message("count {number}", number=e.count_number)),
            "counterpart": said(Message("counted {counted:,}, book {book:,}, difference {difference:+,}",
                                        counted=e.counted, book=e.book, difference=difference))})

    # ---- the plan ----

    def _quota(self, rows: Rows, row: dict[str, Any], quantities: dict[str, int]) -> None:
        ballots = sum(q for item, q in quantities.items() if item.startswith("BP-"))
        rows.put("supply_quotas", {**row, "ballots": ballots, "items": quantities_text(quantities)})

    @on(Quota.Planned)
    def planned(self, rows: Rows, position: int, e: Any) -> None:
        row = {"id": text(e.originator_id), "election_code": e.election_code, "constituency": e.constituency,
               "precinct": e.precinct, "commission": e.commission_label, "voters": e.voters, "adjustments": 0}
        self._quota(rows, row, e.quantities)

    @on(Quota.Recomputed)
    def recomputed(self, rows: Rows, position: int, e: Any) -> None:
        old = self._row(rows, "supply_quotas", text(e.originator_id))
        self._quota(rows, {**old, "voters": e.voters}, e.quantities)

    @on(Quota.Adjusted)
    def adjusted(self, rows: Rows, position: int, e: Any) -> None:
        old = self._row(rows, "supply_quotas", text(e.originator_id))
        quantities = {}
        for part in (old["items"] or "").split(", "):
            item, _, q = part.partition("=")
            if item:
                quantities[item] = int(q)
        quantities[e.item] = e.quantity
        self._quota(rows, {**old, "adjustments": old["adjustments"] + 1}, quantities)

    # ---- dispatches ----

    @on(Dispatch.Sent)
    def sent(self, rows: Rows, position: int, e: Any) -> None:
        did = text(e.originator_id)
        ballots = sum(qty for item, qty, _, _ in e.lines if item.startswith("BP-"))
        items = ", ".join(f"{i}={f}-{la}" if f is not None else f"{i}={q}" for i, q, f, la in e.lines)
        rows.put("dispatches", {
            "id": did, "waybill": e.waybill, "election_code": e.election_code, "constituency": e.constituency,
            "precinct": e.precinct, "commission": e.commission_label, "warehouse": e.warehouse, "carrier": e.carrier,
            "dispatched_on": text(e.on), "items": items, "ballots": ballots, "status": "dispatched",
            "acknowledge_by": text(e.acknowledge_by), "acknowledged_on": None, "received_by": None, "received": None,
            "ballots_received": None, "discrepancies": None, "returned_on": None, "returned": None})

    @on(Dispatch.Acknowledged)
    def acknowledged(self, rows: Rows, position: int, e: Any) -> None:
        did = text(e.originator_id)
        d = self._row(rows, "dispatches", did)
        rows.put("dispatches", {
            **d, "status": "acknowledged", "acknowledged_on": text(e.on), "received_by": e.received_by,
            "received": quantities_text(e.received), "discrepancies": e.discrepancies or None,
            "ballots_received": sum(q for i, q in e.received.items() if i.startswith("BP-"))})

    @on(Dispatch.Returned)
    def returned(self, rows: Rows, position: int, e: Any) -> None:
        did = text(e.originator_id)
        d = self._row(rows, "dispatches", did)
        rows.put("dispatches", {**d, "status": "returned", "returned_on": text(e.on),
                                "returned": quantities_text(e.returned) or "nothing"})

    # ---- ballot accounts ----

    def _account(self, rows: Rows, account: dict[str, Any]) -> None:
        counted = account["counted_on"] is not None
        accounted = account["issued"] + account["spoiled"] + account["unused"] + account["cancelled"]
        imbalance = account["received"] - accounted if counted else 0
        open_finding = imbalance - account["explained"]
        rows.put("ballot_accounts", {**account, "imbalance": imbalance, "open_finding": open_finding,
                                     "status": ballot_status(counted, account["reconciled_on"] is not None,
                                                             open_finding, account["explained"])})

    @on(BallotAccount.Opened)
    def account_opened(self, rows: Rows, position: int, e: Any) -> None:
        self._account(rows, {
            "id": text(e.originator_id), "election_code": e.election_code, "constituency": e.constituency,
            "precinct": e.precinct, "commission": commission_label(e.election_code, e.constituency, e.precinct),
            "item": e.item, "received": 0, "issued": 0, "spoiled": 0, "unused": 0, "cancelled": 0, "explained": 0,
            "counted_on": None, "reconciled_on": None, "acts": None})

    @on(BallotAccount.Received)
    def account_received(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "ballot_accounts", text(e.originator_id))
        self._account(rows, {**a, "received": a["received"] + e.quantity})

    @on(BallotAccount.UnusedReturned)
    def account_unused(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "ballot_accounts", text(e.originator_id))
        self._account(rows, {**a, "unused": a["unused"] + e.quantity})

    @on(BallotAccount.Counted)
    def account_counted(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "ballot_accounts", text(e.originator_id))
        self._account(rows, {**a, "issued": e.issued, "spoiled": e.spoiled, "cancelled": e.cancelled,
                             "counted_on": text(e.on)})

    @on(BallotAccount.Explained)
    def account_explained(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "ballot_accounts", text(e.originator_id))
        acts = f"{a['acts']}, {e.act_number}" if a["acts"] else e.act_number
        self._account(rows, {**a, "explained": a["explained"] + e.quantity, "acts": acts})

    @on(BallotAccount.Reconciled)
    def account_reconciled(self, rows: Rows, position: int, e: Any) -> None:
        a = self._row(rows, "ballot_accounts", text(e.originator_id))
        self._account(rows, {**a, "reconciled_on": text(e.on)})


ELECTION = {"election": "election_code = upper(?)"}
PROJECTIONS = (SuppliesProjection,)
REGISTERS = (
    Register("voter-numbers", "supplies", "voter_numbers", ("commission",), VOTER_COLUMNS, "Voter numbers",
             kind="voter-figure", numeric=("voters", "population", "revisions"),
             fields={**ELECTION, "constituency": "CAST(constituency AS TEXT) = ?", "level": "level = ?",
                     "source": "source = ?"}),
    Register("supply-items", "supplies", "supply_items", ("code",), ITEM_COLUMNS, "Supply items", kind="item",
             numeric=("reorder_level", "on_hand"), fields={"kind": "kind = ?", **ELECTION}),
    Register("warehouses", "supplies", "warehouses", ("code",), ("code", "name", "unit_code"), "Warehouses",
             kind="warehouse", office=("unit_code",)),
    Register("stock", "supplies", "stock", ("item", "warehouse"), STOCK_COLUMNS, "Stock on hand",
             kind="stock", numeric=("on_hand", "count_discrepancy"),
             fields={"item": "item = upper(?)", "warehouse": "warehouse = upper(?)", "kind": "kind = ?"}),
    Register("stock-moves", "supplies", "stock_moves", ("on_date", "position"), MOVE_COLUMNS, "Stock movements",
             record="stock_id", key=("position",), kind="stock", numeric=("quantity", "balance"),
             fields={"item": "item = upper(?)", "warehouse": "warehouse = upper(?)", "kind": "kind = ?",
                     "on": "on_date = ?"}),
    Register("distribution-plan", "supplies", "supply_quotas", ("commission",), PLAN_COLUMNS,
             "Distribution plan", kind="quota", numeric=("voters", "ballots", "adjustments"),
             fields={**ELECTION, "constituency": "CAST(constituency AS TEXT) = ?"}),
    Register("dispatches", "supplies", "dispatches", ("waybill",), DISPATCH_COLUMNS, "Dispatches",
             kind="dispatch", fields={**ELECTION, "status": "status = ?", "commission": "commission = upper(?)",
                                      "warehouse": "warehouse = upper(?)",
                                      "constituency": "CAST(constituency AS TEXT) = ?"}),
    Register("ballot-accounts", "supplies", "ballot_accounts", ("commission", "item"), ACCOUNT_COLUMNS,
             "Ballot accounts", kind="ballot-account",
             numeric=("received", "issued", "spoiled", "unused", "cancelled", "explained", "imbalance",
                      "open_finding"),
             fields={**ELECTION, "status": "status = ?", "constituency": "CAST(constituency AS TEXT) = ?"}),
)
