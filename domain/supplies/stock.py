"""Stock by quantity: items (with a unit of measure; numbered items carry serial ranges), warehouses (HQ and
provincial offices), and a stock card per item and warehouse with every movement: receipts from suppliers or
printers against an order, moves between warehouses, dispatches to commissions and returns, write-offs by an
act, and counts with their discrepancies.

Rules: no negative stock (nothing leaves a card beyond what is on hand); a numbered item's serials are received
once (a receipt may not overlap any earlier one of the item), and leave a card only from the ranges on hand there,
so a serial is in one place at a time; a card's movements are entered in date order. A count records what was
found against the book and changes nothing: a shortage is written off by an act.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message, Refused
from domain.organisation import Commission, Unit, commission_id, unit_id
from domain.personnel import _number
from domain.records import REF, Record, Ref, clean, optional, refuse, require
from domain.supplies.common import (
    Line,
    Range,
    ballot_item_code,
    code,
    covers,
    item_id,
    overlap,
    quantity,
    range_text,
    serial_range,
    stock_id,
    warehouse_id,
    with_range,
    without_range,
)

KINDS = ("ballot papers", "protocol forms", "envelopes", "seals", "indelible ink", "voting screens", "ballot boxes",
         "kits", "stationery")
UNITS = ("sheet", "pad", "piece", "bottle", "box", "kit", "set", "pack", "ream")
ORDER_KINDS = ("printing order", "purchase order", "contract", "donation")


class Item(Record):
    """An item by kind and unit; for numbered items, the register of its serials: received, and dispatched to whom."""

    code: str
    name: str
    kind: str
    unit: str
    numbered: bool
    election_code: str
    constituency: int | None
    reorder_level: int
    received: list[Range]
    dispatched: list[tuple[int, int, str, str]]

    class Registered(Record.Created):
        code: str
        name: str
        kind: str
        unit: str
        numbered: bool
        election_code: str
        constituency: int | None
        reorder_level: int

        def apply(self, i: Item) -> None:
            i.code, i.name, i.kind, i.unit, i.numbered = self.code, self.name, self.kind, self.unit, self.numbered
            i.election_code, i.constituency, i.reorder_level = self.election_code, self.constituency, \
                self.reorder_level
            i.received = []
            i.dispatched = []  # (first, last, commission, waybill)

    class ReorderLevelSet(Record.Event):
        reorder_level: int

        def apply(self, i: Item) -> None:
            i.reorder_level = self.reorder_level

    class SerialsReceived(Record.Event):
        first: int
        last: int

        def apply(self, i: Item) -> None:
            i.received = with_range(i.received, self.first, self.last)

    class SerialsDispatched(Record.Event):
        first: int
        last: int
        commission: str
        waybill: str

        def apply(self, i: Item) -> None:
            i.dispatched = [*i.dispatched, (self.first, self.last, self.commission, self.waybill)]

    @property
    def ballots(self) -> bool:
        return self.kind == "ballot papers"

    def check_line(self, line: Line, what: str) -> None:
        """A line of this item: a serial range exactly when the item is numbered."""
        if self.numbered:
            require(line.first is not None, "{code} is numbered: {what} names its serial range, like {code}=1001-1540",
                                            code=self.code, what=what)
        else:
            require(line.first is None, "{code} is not numbered: {what} gives a quantity, like {code}=40",
                                        code=self.code, what=what)

    def receive_serials(self, first: int, last: int, envelope: Envelope) -> None:
        taken = overlap(self.received, first, last)
        require(taken is None, "serials {first}-{last} of {code} overlap serials {range_text} already received; a "
                               "serial is received once", first=first, last=last, code=self.code,
                               range_text=range_text(taken or (0, 0)))
        self.trigger_event(self.SerialsReceived, first=first, last=last, envelope=envelope)

    def dispatch_serials(self, first: int, last: int, commission: str, waybill: str, envelope: Envelope) -> None:
        for a, b, to, earlier in self.dispatched:
            if a <= last and first <= b:
                raise Refused("serials {first}-{last} of {code} overlap {a}-{b}, already dispatched to {to} (waybill "
                              "{earlier}); a serial is dispatched once", first=first, last=last, code=self.code, a=a,
                              b=b, to=to, earlier=earlier)
        self.trigger_event(self.SerialsDispatched, first=first, last=last, commission=commission, waybill=waybill,
                           envelope=envelope)


class Warehouse(Record):
    code: str
    name: str
    unit_code: str

    class Opened(Record.Created):
        code: str
        name: str
        unit_code: str

        def apply(self, w: Warehouse) -> None:
            w.code, w.name, w.unit_code = self.code, self.name, self.unit_code


class Stock(Record):
    """The stock card of one item at one warehouse: what is on hand (and which serials), movements in date order."""

    item: str
    warehouse: str
    on_hand: int
    serials: list[Range]
    last_on: date | None

    class Opened(Record.Created):
        item: str
        warehouse: str

        def apply(self, s: Stock) -> None:
            s.item, s.warehouse = self.item, self.warehouse
            s.on_hand = 0
            s.serials = []
            s.last_on = None

    class Received(Record.Event):
        quantity: int
        first: int | None
        last: int | None
        on: date
        supplier: str
        order_kind: str
        order_number: str

        def apply(self, s: Stock) -> None:
            s._in(self.quantity, self.first, self.last, self.on)

    class MovedIn(Record.Event):
        quantity: int
        first: int | None
        last: int | None
        on: date
        source: str
        reference: str

        def apply(self, s: Stock) -> None:
            s._in(self.quantity, self.first, self.last, self.on)

    class MovedOut(Record.Event):
        quantity: int
        first: int | None
        last: int | None
        on: date
        destination: str
        reference: str

        def apply(self, s: Stock) -> None:
            s._out(self.quantity, self.first, self.last, self.on)

    class Dispatched(Record.Event):
        quantity: int
        first: int | None
        last: int | None
        on: date
        waybill: str
        commission: str

        def apply(self, s: Stock) -> None:
            s._out(self.quantity, self.first, self.last, self.on)

    class Returned(Record.Event):
        quantity: int
        on: date
        waybill: str
        commission: str

        def apply(self, s: Stock) -> None:
            s._in(self.quantity, None, None, self.on)

    class WrittenOff(Record.Event):
        quantity: int
        first: int | None
        last: int | None
        on: date
        act_number: str
        reason: str

        def apply(self, s: Stock) -> None:
            s._out(self.quantity, self.first, self.last, self.on)

    class Counted(Record.Event):
        count_number: str
        counted: int
        book: int
        on: date

        def apply(self, s: Stock) -> None:
            s.last_on = self.on

    def _in(self, qty: int, first: int | None, last: int | None, on: date) -> None:
        self.on_hand += qty
        if first is not None and last is not None:
            self.serials = with_range(self.serials, first, last)
        self.last_on = on

    def _out(self, qty: int, first: int | None, last: int | None, on: date) -> None:
        self.on_hand -= qty
        if first is not None and last is not None:
            self.serials = without_range(self.serials, first, last)
        self.last_on = on

    @property
    def code(self) -> str:
        return f"{self.item} at {self.warehouse}"

    # the commands whose state rule `allows` decides: what takes stock off the card by itself needs some on hand
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"stock.move", "stock.write-off"})

    def allows(self, command: str) -> str | None:
        """Why the card's state refuses that command, in words; None when it allows it (the quantity, serials and
        date are checked when it runs). The methods enforce it; the card offers exactly this."""
        if command not in self.RULED_COMMANDS or self.on_hand > 0:
            return None
        if command == "stock.move":
            return Message("no {item} is on hand at {warehouse} to move", item=self.item, warehouse=self.warehouse)
        return Message("no {item} is on hand at {warehouse} to write off", item=self.item, warehouse=self.warehouse)

    def _dated(self, on: date) -> None:
        last: Any = self.last_on
        require(last is None or on >= last, "the stock card of {item} at {warehouse} runs to {last}; a movement "
                                            "dated {on} cannot be entered before it", item=self.item,
                                            warehouse=self.warehouse, last=last, on=on)

    def _take(self, line: Line, on: date, what: str) -> None:
        """The checks of everything that leaves the card: date order, no negative stock, serials on hand."""
        self._dated(on)
        require(line.quantity <= self.on_hand, "only {on_hand:,} {item} on hand at {warehouse}; cannot {what} "
                                               "{line_quantity:,}", on_hand=self.on_hand, item=self.item,
                                               warehouse=self.warehouse, what=what, line_quantity=line.quantity)
        if line.first is not None and line.last is not None:
            require(covers(self.serials, line.first, line.last),
                    "serials {line_first}-{line_last} of {item} are not all on hand at {warehouse} (on hand: {value})",
                    line_first=line.first, line_last=line.last, item=self.item, warehouse=self.warehouse,
                    value=', '.join(range_text(r) for r in self.serials) or 'none')

    def receive(self, line: Line, on: date, supplier: str, order_kind: str, order_number: str,
                envelope: Envelope) -> None:
        self._dated(on)
        require(order_kind in ORDER_KINDS, "unknown order kind {order_kind!r}; kinds are {order_kinds}",
                                           order_kind=order_kind, order_kinds=', '.join(ORDER_KINDS))
        self.trigger_event(self.Received, quantity=line.quantity, first=line.first, last=line.last, on=on,
                           supplier=clean(supplier, "supplier"), order_kind=order_kind,
                           order_number=_number(order_number, "order number"), envelope=envelope)

    def move_out(self, line: Line, on: date, destination: str, reference: str, envelope: Envelope) -> None:
        refuse(self.allows("stock.move"))
        self._take(line, on, "move")
        self.trigger_event(self.MovedOut, quantity=line.quantity, first=line.first, last=line.last, on=on,
                           destination=destination, reference=reference, envelope=envelope)

    def move_in(self, line: Line, on: date, source: str, reference: str, envelope: Envelope) -> None:
        self._dated(on)
        self.trigger_event(self.MovedIn, quantity=line.quantity, first=line.first, last=line.last, on=on,
                           source=source, reference=reference, envelope=envelope)

    def dispatch(self, line: Line, on: date, waybill: str, commission: str, envelope: Envelope) -> None:
        self._take(line, on, "dispatch")
        self.trigger_event(self.Dispatched, quantity=line.quantity, first=line.first, last=line.last, on=on,
                           waybill=waybill, commission=commission, envelope=envelope)

    def take_back(self, qty: int, on: date, waybill: str, commission: str, envelope: Envelope) -> None:
        self._dated(on)
        self.trigger_event(self.Returned, quantity=qty, on=on, waybill=waybill, commission=commission,
                           envelope=envelope)

    def write_off(self, line: Line, on: date, act_number: str, reason: str, envelope: Envelope) -> None:
        refuse(self.allows("stock.write-off"))
        self._take(line, on, "write off")
        self.trigger_event(self.WrittenOff, quantity=line.quantity, first=line.first, last=line.last, on=on,
                           act_number=_number(act_number, "write-off act number"),
                           reason=clean(reason, "write-off reason"), envelope=envelope)

    def count(self, count_number: str, counted: int, on: date, envelope: Envelope) -> None:
        self._dated(on)
        self.trigger_event(self.Counted, count_number=_number(count_number, "count number"),
                           counted=quantity(counted, "counted quantity", zero_ok=True), book=self.on_hand, on=on,
                           envelope=envelope)


# ---- lookups shared by the context's commands --------------------------------------------------------------

def find_item(ctx: Context, item: str) -> Item:
    return ctx.get(Item, item_id(item), Message("no item with code {item!r}", item=item.strip().upper()))


def find_warehouse(ctx: Context, warehouse: str) -> Warehouse:
    return ctx.get(Warehouse, warehouse_id(warehouse), Message("no warehouse with code {warehouse!r}",
        warehouse=warehouse.strip().upper()))


def stock_card(ctx: Context, item: Item, warehouse: Warehouse) -> Stock:
    """The card of an item at a warehouse, opened on its first movement."""
    found = ctx.find(Stock, stock_id(item.code, warehouse.code))
    if found is None:
        found = ctx.add(Stock._create(Stock.Opened, id=stock_id(item.code, warehouse.code), item=item.code,
                                      warehouse=warehouse.code, envelope=ctx.envelope))
    return found


def single_line(item: Item, qty: int, first: int | None, last: int | None) -> Line:
    """A command's one-item quantity or serial range as a line (the quantity follows from a range)."""
    if item.numbered:
        first, last = serial_range(first, last, item.code)
        size = last - first + 1
        require(qty in (0, size), "serials {first}-{last} are {size:,} {item_unit}s, not {qty:,}", first=first,
                                  last=last, size=size, item_unit=item.unit, qty=qty)
        return Line(item.code, quantity(size, "quantity"), first, last)
    require(first is None and last is None, "{item_code} is not numbered: give a quantity, not serials",
                                            item_code=item.code)
    return Line(item.code, quantity(qty, f"quantity of {item.code}"))


def receive_into(ctx: Context, item: Item, warehouse: Warehouse, line: Line, on: date, supplier: str,
                 order_kind: str, order_number: str) -> Stock:
    """A receipt onto a stock card (used by receipts and by deliveries under procurement contracts)."""
    item.check_line(line, "a receipt")
    if line.first is not None and line.last is not None:
        item.receive_serials(line.first, line.last, ctx.envelope)
    card = stock_card(ctx, item, warehouse)
    card.receive(line, on, supplier, order_kind, order_number, ctx.envelope)
    return card


# ---- commands ----------------------------------------------------------------------------------------------

class RegisterItem(Command, frozen=True, kw_only=True):
    name = "items.register"
    title = "Register a supply item"
    code: str = ""  # ballot papers take theirs from the election and constituency
    item_name: str
    kind: str
    unit: str
    numbered: bool = False
    election: str = ""
    constituency: int | None = None
    reorder_level: int = 0

    def execute(self, ctx: Context) -> Outcome:
        require(self.kind in KINDS, "unknown item kind {kind!r}; kinds are {kinds}", kind=self.kind,
                                    kinds=', '.join(KINDS))
        require(self.unit in UNITS, "unknown unit of measure {unit!r}; units are {units}", unit=self.unit,
                                    units=', '.join(UNITS))
        election, constituency, numbered = "", None, self.numbered
        if self.kind == "ballot papers":
            require(self.election.strip() and self.constituency is not None,
                    "ballot papers are printed per election and constituency: name both")
            assert self.constituency is not None
            c = ctx.find(Commission, commission_id(self.election, self.constituency))
            require(c is not None, "no constituency {constituency} in election {election}",
                                   constituency=self.constituency, election=self.election.strip().upper())
            assert c is not None
            require(c.active, "constituency commission {label} is dissolved", label=c.label)
            election, constituency, numbered = c.election_code, c.constituency, True
            item = ballot_item_code(election, constituency)
            require(not self.code.strip() or code(self.code, "item code") == item,
                    "ballot papers of {election} constituency {constituency} are item {item}, not {code}",
                    election=election, constituency=constituency, item=item, code=self.code.strip().upper())
        else:
            require(not self.election.strip() and self.constituency is None,
                    "only ballot papers belong to an election and constituency, not {kind}", kind=self.kind)
            item = code(self.code, "item code")
        require(ctx.find(Item, item_id(item)) is None, "item {item} is already registered", item=item)
        i = ctx.add(Item._create(Item.Registered, id=item_id(item), code=item, name=clean(self.item_name, "name"),
                                 kind=self.kind, unit=self.unit, numbered=numbered, election_code=election,
                                 constituency=constituency,
                                 reorder_level=quantity(self.reorder_level, "reorder level", zero_ok=True),
                                 envelope=ctx.envelope))
        return Outcome(message=Message("item {code} registered", code=i.code), record_ids=[i.id])


class SetReorderLevel(Command, frozen=True, kw_only=True):
    name = "items.reorder-level"
    title = "Set an item's reorder level"
    item: str
    reorder_level: int

    def execute(self, ctx: Context) -> Outcome:
        i = find_item(ctx, self.item)
        level = quantity(self.reorder_level, "reorder level", zero_ok=True)
        require(level != i.reorder_level, "the reorder level of {code} is already {level:,}", code=i.code,
                                          level=level)
        i.trigger_event(Item.ReorderLevelSet, reorder_level=level, envelope=ctx.envelope)
        return Outcome(message=Message("reorder level of {code} set to {level:,}", code=i.code, level=level),
                       record_ids=[i.id])


class OpenWarehouse(Command, frozen=True, kw_only=True):
    name = "warehouses.open"
    title = "Open a warehouse"
    code: str
    warehouse_name: str
    unit: str  # the unit that keeps it: HQ's logistics, a provincial office

    def execute(self, ctx: Context) -> Outcome:
        wh = code(self.code, "warehouse code")
        require(ctx.find(Warehouse, warehouse_id(wh)) is None, "warehouse {wh} already exists", wh=wh)
        unit = ctx.get(Unit, unit_id(self.unit), Message("no unit with code {code!r}", code=self.unit.strip().upper()))
        require(unit.active, "unit {unit_code} is dissolved; it keeps no warehouse", unit_code=unit.code)
        w = ctx.add(Warehouse._create(Warehouse.Opened, id=warehouse_id(wh), code=wh,
                                      name=clean(self.warehouse_name, "name"), unit_code=unit.code,
                                      envelope=ctx.envelope))
        return Outcome(message=Message("warehouse {code} opened", code=w.code), record_ids=[w.id])


class ReceiveStock(Command, frozen=True, kw_only=True):
    name = "stock.receive"
    title = "Receive stock from a supplier or printer"
    item: str
    warehouse: str
    quantity: int = 0
    first_serial: int | None = None
    last_serial: int | None = None
    received_on: date
    supplier: str
    order_kind: str = "purchase order"
    order_number: str

    def execute(self, ctx: Context) -> Outcome:
        item, warehouse = find_item(ctx, self.item), find_warehouse(ctx, self.warehouse)
        line = single_line(item, self.quantity, self.first_serial, self.last_serial)
        card = receive_into(ctx, item, warehouse, line, self.received_on, self.supplier, self.order_kind,
                            self.order_number)
        return Outcome(message=Message("{line_quantity:,} {item_code} received at {warehouse_code}",
                                       line_quantity=line.quantity, item_code=item.code,
                                       warehouse_code=warehouse.code), record_ids=[card.id])


class MoveStock(Command, frozen=True, kw_only=True):
    name = "stock.move"
    title = "Move stock between warehouses"
    item: str
    from_warehouse: str
    to_warehouse: str
    quantity: int = 0
    first_serial: int | None = None
    last_serial: int | None = None
    moved_on: date
    reference: Ref = ""

    def execute(self, ctx: Context) -> Outcome:
        item = find_item(ctx, self.item)
        source, target = find_warehouse(ctx, self.from_warehouse), find_warehouse(ctx, self.to_warehouse)
        require(source.id != target.id, "{item_code} is already at {source_code}", item_code=item.code,
                                        source_code=source.code)
        line = single_line(item, self.quantity, self.first_serial, self.last_serial)
        reference = optional(self.reference, "reference", REF)
        out = stock_card(ctx, item, source)
        out.move_out(line, self.moved_on, target.code, reference, ctx.envelope)
        stock_card(ctx, item, target).move_in(line, self.moved_on, source.code, reference, ctx.envelope)
        return Outcome(message=Message("{line_quantity:,} {item_code} moved from {source_code} to {target_code}",
                                       line_quantity=line.quantity, item_code=item.code, source_code=source.code,
                                       target_code=target.code),
                       record_ids=[out.id])


class WriteOffStock(Command, frozen=True, kw_only=True):
    name = "stock.write-off"
    title = "Write off spoiled or destroyed stock by an act"
    needs_reason = True
    item: str
    warehouse: str
    quantity: int = 0
    first_serial: int | None = None
    last_serial: int | None = None
    on: date
    act_number: str
    write_off_reason: str

    def execute(self, ctx: Context) -> Outcome:
        item, warehouse = find_item(ctx, self.item), find_warehouse(ctx, self.warehouse)
        line = single_line(item, self.quantity, self.first_serial, self.last_serial)
        card = ctx.find(Stock, stock_id(item.code, warehouse.code))
        require(card is not None, "no {item_code} was ever held at {warehouse_code}", item_code=item.code,
                                  warehouse_code=warehouse.code)
        assert card is not None
        card.write_off(line, self.on, self.act_number, self.write_off_reason, ctx.envelope)
        return Outcome(message=Message("{line_quantity:,} {item_code} written off at {warehouse_code}",
                                       line_quantity=line.quantity, item_code=item.code,
                                       warehouse_code=warehouse.code), record_ids=[card.id])


class CountStock(Command, frozen=True, kw_only=True):
    name = "stock.count"
    title = "Record a stock count"
    item: str
    warehouse: str
    counted: int
    counted_on: date
    count_number: str

    def execute(self, ctx: Context) -> Outcome:
        item, warehouse = find_item(ctx, self.item), find_warehouse(ctx, self.warehouse)
        card = stock_card(ctx, item, warehouse)
        card.count(self.count_number, self.counted, self.counted_on, ctx.envelope)
        difference = self.counted - card.on_hand
        kind = "surplus" if difference > 0 else "shortage"
        found = "as booked" if difference == 0 else f"{kind} of {abs(difference):,}"
        return Outcome(message=Message("count of {item_code} at {warehouse_code}: {found}", item_code=item.code,
                                       warehouse_code=warehouse.code, found=found), record_ids=[card.id])
