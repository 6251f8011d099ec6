"""Procurement context: purchase requests by a unit (items, quantities, estimated cost, budget line), their
approval with the procurement method (or rejection), contracts (supplier, amount, dates), deliveries into stock or
into the asset register, and payments through Finance.

Requests are numbered PR-<year>-NNNN, gap-free per year and in date order. A request line names a supply item
(delivered into stock) or an asset category (delivered into the asset register, through the assets context's own
registration). A contract commits its amount on the request's budget line through Finance (`BudgetLine.allocate`):
it cannot exceed the line's unallocated balance. Deliveries never exceed what was contracted, in quantity or value;
a payment takes a Finance payment-order number (each number pays once) and cannot exceed what was delivered.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from domain.assets import CATEGORIES, UNDER_CONTRACT, RegisterAsset
from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.errors import Message
from domain.finance import PaymentOrder, find_line, fmt, money, payment_order_id
from domain.organisation import Unit, unit_id
from domain.personnel import _number
from domain.records import LONG, NUMBER, SUBJECT, Long, Number, Record, Subject, clean, optional, refuse, require
from domain.roles import DECIDERS
from domain.supplies.common import Line, code, parse_lines, quantities_text, quantity
from domain.supplies.stock import find_item, find_warehouse, receive_into

_NS = uuid.UUID("b8e3a1f4-6c2d-4f7a-8e9b-1d0c3a5f7e26")
METHODS = ("open tender", "restricted tender", "request for quotations", "single source", "framework agreement")


def series_id(year: int) -> UUID:
    return uuid.uuid5(_NS, f"requests/{year}")


def request_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "request/" + number.strip().upper())


def contract_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "contract/" + number.strip().upper())


class RequestSeries(Record):
    """The numbering of one year's purchase requests: gap-free and in date order."""

    year: int
    last: int
    last_on: date | None

    class Opened(Record.Created):
        year: int

        def apply(self, s: RequestSeries) -> None:
            s.year, s.last, s.last_on = self.year, 0, None

    class Numbered(Record.Event):
        number: int
        on: date

        def apply(self, s: RequestSeries) -> None:
            s.last, s.last_on = self.number, self.on

    def next(self, on: date, envelope: Any) -> str:
        last_on: Any = self.last_on
        require(last_on is None or on >= last_on, "purchase request PR-{year}-{last:04d} is dated {last_on}; a "
                                                  "request dated {on} cannot be numbered after it", year=self.year,
                                                  last=self.last, last_on=last_on, on=on)
        self.trigger_event(self.Numbered, number=self.last + 1, on=on, envelope=envelope)
        return f"PR-{self.year}-{self.last:04d}"


# The status a purchase request must have for each decision on it: the card and the pickers read this,
# `PurchaseRequest.allows` decides by it.
REQUEST_STATUSES = {"purchases.approve": "requested", "purchases.reject": "requested", "contracts.sign": "approved"}


class PurchaseRequest(Record):
    code: str
    unit_code: str
    requested_on: date
    purpose: str
    lines: dict[str, int]
    estimated_cost: Decimal
    budget_line: str
    status: str
    method: str | None
    decided_on: date | None
    contract: str | None

    class Made(Record.Created):
        number: str
        unit_code: str
        requested_on: date
        purpose: str
        lines: dict[str, int]
        estimated_cost: Decimal
        budget_line: str

        def apply(self, r: PurchaseRequest) -> None:
            r.code, r.unit_code, r.requested_on, r.purpose = self.number, self.unit_code, self.requested_on, \
                self.purpose
            r.lines, r.estimated_cost, r.budget_line = self.lines, self.estimated_cost, self.budget_line
            r.status, r.method, r.decided_on, r.contract = "requested", None, None, None

    class Approved(Record.Event):
        on: date
        method: str
        justification: str

        def apply(self, r: PurchaseRequest) -> None:
            r.status, r.decided_on, r.method = "approved", self.on, self.method

    class Rejected(Record.Event):
        on: date
        grounds: str

        def apply(self, r: PurchaseRequest) -> None:
            r.status, r.decided_on = "rejected", self.on

    class Contracted(Record.Event):
        contract: str

        def apply(self, r: PurchaseRequest) -> None:
            r.status, r.contract = "contracted", self.contract

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(REQUEST_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the request's state refuses that command, in words; None when its state allows it
        (REQUEST_STATUSES). The methods and the contract's signature enforce it; the card and pickers offer it."""
        if command not in REQUEST_STATUSES or self.status == REQUEST_STATUSES[command]:
            return None
        if command == "contracts.sign":
            return Message("purchase request {code} is {status}; only an approved request is contracted",
                           code=self.code, status=self.status)
        return Message("purchase request {code} is already {status}", code=self.code, status=self.status)

    def require_allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def approve(self, on: date, method: str, justification: str, envelope: Any) -> None:
        self.require_allowed("purchases.approve")
        require(method in METHODS, "unknown procurement method {method!r}; methods are {methods}", method=method,
                                   methods=', '.join(METHODS))
        require(on >= self.requested_on, "request {code} cannot be approved ({on}) before it was made "
                                         "({requested_on})", code=self.code, on=on, requested_on=self.requested_on)
        justification = optional(justification, "justification", LONG)
        require(method != "single source" or justification, "a single-source procurement needs a justification")
        self.trigger_event(self.Approved, on=on, method=method, justification=justification, envelope=envelope)

    def reject(self, on: date, grounds: str, envelope: Any) -> None:
        self.require_allowed("purchases.reject")
        require(on >= self.requested_on, "request {code} cannot be rejected ({on}) before it was made "
                                         "({requested_on})", code=self.code, on=on, requested_on=self.requested_on)
        self.trigger_event(self.Rejected, on=on, grounds=clean(grounds, "grounds", LONG), envelope=envelope)


class Contract(Record):
    code: str
    request: str
    request_id: UUID
    supplier: str
    amount: Decimal
    budget_line: str
    method: str
    signed_on: date
    delivery_due: date
    lines: dict[str, int]
    delivered: dict[str, int]
    delivered_value: Decimal
    paid: Decimal
    notes: set[str]
    last_delivery_on: date | None

    class Signed(Record.Created):
        number: str
        request: str
        request_id: UUID
        supplier: str
        amount: Decimal
        budget_line: str
        method: str
        signed_on: date
        delivery_due: date
        lines: dict[str, int]

        def apply(self, c: Contract) -> None:
            c.code, c.request, c.request_id, c.supplier = self.number, self.request, self.request_id, self.supplier
            c.amount, c.budget_line, c.method = self.amount, self.budget_line, self.method
            c.signed_on, c.delivery_due, c.lines = self.signed_on, self.delivery_due, self.lines
            c.delivered = {k: 0 for k in self.lines}
            c.delivered_value = Decimal("0.00")
            c.paid = Decimal("0.00")
            c.notes = set()
            c.last_delivery_on = None

    class Delivered(Record.Event):
        note: str
        on: date
        destination: str  # a warehouse code, or "asset register"
        quantities: dict[str, int]
        value: Decimal
        late: bool

        def apply(self, c: Contract) -> None:
            c.delivered = {k: v + self.quantities.get(k, 0) for k, v in c.delivered.items()}
            c.delivered_value += self.value
            c.notes = c.notes | {self.note}
            c.last_delivery_on = self.on

    class Paid(Record.Event):
        payment_order: str
        amount: Decimal
        on: date

        def apply(self, c: Contract) -> None:
            c.paid += self.amount

    @property
    def fully_delivered(self) -> bool:
        return all(self.delivered[k] >= q for k, q in self.lines.items())

    @property
    def status(self) -> str:
        if self.fully_delivered:
            return "paid" if self.paid == self.delivered_value else "delivered"
        return "partly delivered" if any(self.delivered.values()) else "signed"

    # the commands whose state rule `allows` decides; those written as conditions (the contract pickers filter
    # by them): deliveries while something remains to be delivered, payment while something delivered is unpaid
    STATE_RULES: ClassVar[dict[str, StateRule]] = {
        "contracts.deliver": StateRule(Check(Attr("status").one_of(("signed", "partly delivered")),
                                             lambda c: Message("contract {code} is fully delivered", code=c.code))),
        "contracts.pay": StateRule(Check(Attr("paid").lt(Attr("delivered_value")), lambda c: (
            Message("everything delivered under contract {code} is paid (delivered {delivered_value}, paid {paid})",
                code=c.code, delivered_value=fmt(c.delivered_value), paid=fmt(c.paid)))))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"contracts.deliver", "contracts.deliver-assets",
                                                          "contracts.pay"})

    def allows(self, command: str) -> str | None:
        """Why the contract's state refuses that command, in words: deliveries while something remains to be
        delivered (equipment into the asset register only under a contract covering equipment), payment while
        something delivered is unpaid. None when its state allows it; the card offers exactly this."""
        rule = self.STATE_RULES.get("contracts.deliver" if command == "contracts.deliver-assets" else command)
        refusal = None if rule is None else rule(self)
        if refusal is None and command == "contracts.deliver-assets" and not any(k in CATEGORIES for k in self.lines):
            return f"contract {self.code} covers no equipment ({quantities_text(self.lines)})"
        return refusal

    def allowed(self, command: str) -> None:
        """Refuse the command unless the contract's state allows it (allows)."""
        refusal = self.allows(command)
        require(refusal is None, refusal or "")

    def deliver(self, note: str, on: date, destination: str, quantities: dict[str, int], value: Decimal,
                envelope: Any) -> None:
        note = _number(note, "delivery note number")
        require(note not in self.notes, "delivery note {note} is already recorded on contract {code}", note=note,
                                        code=self.code)
        require(on >= self.signed_on, "a delivery on {on} cannot precede the contract, signed on {signed_on}", on=on,
                                      signed_on=self.signed_on)
        for item, qty in quantities.items():
            require(item in self.lines, "contract {code} does not cover {item}; it covers {quantities_text}",
                                        code=self.code, item=item, quantities_text=quantities_text(self.lines))
            left = self.lines[item] - self.delivered[item]
            require(qty <= left, "{qty:,} {item} delivered but only {left:,} of the {lines:,} contracted remain to "
                                 "be delivered", qty=qty, item=item, left=left, lines=self.lines[item])
        value = money(value, "delivered value", zero_ok=True)
        require(self.delivered_value + value <= self.amount, "deliveries worth {fmt} would exceed the contract "
                                                             "amount {fmt2}", fmt=fmt(self.delivered_value + value),
                                                             fmt2=fmt(self.amount))
        self.trigger_event(self.Delivered, note=note, on=on, destination=destination, quantities=quantities,
                           value=value, late=on > self.delivery_due, envelope=envelope)

    def pay(self, payment_order: str, amount: Decimal, on: date, envelope: Any) -> None:
        # what is left to pay bounds the amount: with nothing left, any payment is refused (allows says why)
        amount = money(amount, "payment")
        require(self.paid + amount <= self.delivered_value,
                "payment of {fmt} exceeds what was delivered under contract {code}: delivered {fmt2}, already paid "
                "{fmt3}", fmt=fmt(amount), code=self.code, fmt2=fmt(self.delivered_value), fmt3=fmt(self.paid))
        require(on >= self.signed_on, "a payment on {on} cannot precede the contract, signed on {signed_on}", on=on,
                                      signed_on=self.signed_on)
        self.trigger_event(self.Paid, payment_order=payment_order, amount=amount, on=on, envelope=envelope)


# ---- commands ----------------------------------------------------------------------------------------------

def find_request(ctx: Context, number: str) -> PurchaseRequest:
    return ctx.get(PurchaseRequest, request_id(number), Message("no purchase request {number!r}",
        number=number.strip().upper()))


def find_contract(ctx: Context, number: str) -> Contract:
    return ctx.get(Contract, contract_id(number), Message("no contract {number!r}", number=number.strip().upper()))


def _request_lines(ctx: Context, text: str) -> dict[str, int]:
    """Lines of supply items (by code) or of assets (by category, which may hold spaces), with their quantities."""
    lines: dict[str, int] = {}
    parts = [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    require(parts, "requested items are required, written like INK=600, computer=4")
    for part in parts:
        name, eq, value = part.partition("=")
        require(eq and value.strip().isdigit(), "requested items: {part!r} must be written CODE=QUANTITY (a request "
                                                "asks for quantities, not serials)", part=part)
        category = " ".join(name.split()).lower()
        key = category if category in CATEGORIES else find_item(ctx, code(name, "item code")).code
        require(key not in lines, "requested items: {key} is listed twice", key=key)
        lines[key] = quantity(int(value), f"quantity of {key}")
    return lines


class RequestPurchase(Command, frozen=True, kw_only=True):
    name = "purchases.request"
    title = "Make a purchase request"
    unit: str
    requested_on: date
    purpose: Subject
    items: str  # supply item codes or asset categories: INK=6000, computer=20
    estimated_cost: Decimal
    budget_line: str

    def execute(self, ctx: Context) -> Outcome:
        unit = ctx.get(Unit, unit_id(self.unit), Message("no unit with code {code!r}", code=self.unit.strip().upper()))
        require(unit.active, "unit {unit_code} is dissolved; it requests nothing", unit_code=unit.code)
        lines = _request_lines(ctx, self.items)
        line = find_line(ctx, self.budget_line)
        cost = money(self.estimated_cost, "estimated cost")
        series = ctx.find(RequestSeries, series_id(self.requested_on.year))
        if series is None:
            series = ctx.add(RequestSeries._create(RequestSeries.Opened, id=series_id(self.requested_on.year),
                                                   year=self.requested_on.year, envelope=ctx.envelope))
        number = series.next(self.requested_on, ctx.envelope)
        r = ctx.add(PurchaseRequest._create(PurchaseRequest.Made, id=request_id(number), number=number,
                                            unit_code=unit.code, requested_on=self.requested_on,
                                            purpose=clean(self.purpose, "purpose", SUBJECT), lines=lines,
                                            estimated_cost=cost, budget_line=line.code, envelope=ctx.envelope))
        return Outcome(message=Message("purchase request {number} made", number=number), record_ids=[r.id])


class ApprovePurchase(Command, frozen=True, kw_only=True):
    name = "purchases.approve"
    title = "Approve a purchase request and set its procurement method"
    roles = DECIDERS
    request: str
    approved_on: date
    method: str
    justification: Long = ""

    def execute(self, ctx: Context) -> Outcome:
        r = find_request(ctx, self.request)
        r.approve(self.approved_on, self.method, self.justification, ctx.envelope)
        return Outcome(message=Message("purchase request {code} approved ({method})", code=r.code, method=r.method),
                       record_ids=[r.id])


class RejectPurchase(Command, frozen=True, kw_only=True):
    name = "purchases.reject"
    title = "Reject a purchase request"
    roles = DECIDERS
    request: str
    rejected_on: date
    grounds: Long

    def execute(self, ctx: Context) -> Outcome:
        r = find_request(ctx, self.request)
        r.reject(self.rejected_on, self.grounds, ctx.envelope)
        return Outcome(message=Message("purchase request {code} rejected", code=r.code), record_ids=[r.id])


class SignContract(Command, frozen=True, kw_only=True):
    name = "contracts.sign"
    title = "Sign a contract for an approved request"
    number: str
    request: str
    supplier: str
    amount: Decimal
    signed_on: date
    delivery_due: date

    def execute(self, ctx: Context) -> Outcome:
        number = _number(self.number, "contract number")
        require(ctx.find(Contract, contract_id(number)) is None, "contract {number} already exists", number=number)
        r = find_request(ctx, self.request)
        r.require_allowed("contracts.sign")
        decided: Any = r.decided_on
        require(self.signed_on >= decided, "the contract ({signed_on}) cannot precede the approval ({decided})",
                                           signed_on=self.signed_on, decided=decided)
        require(self.delivery_due >= self.signed_on, "delivery cannot be due ({delivery_due}) before the contract is "
                                                     "signed ({signed_on})", delivery_due=self.delivery_due,
                                                     signed_on=self.signed_on)
        amount = money(self.amount, "contract amount")
        line = find_line(ctx, r.budget_line)
        require(amount <= line.unallocated, "contract amount {fmt} exceeds the unallocated balance {fmt2} of budget "
                                            "line {line_code}", fmt=fmt(amount), fmt2=fmt(line.unallocated),
                                            line_code=line.code)
        c = ctx.add(Contract._create(Contract.Signed, id=contract_id(number), number=number, request=r.code,
                                     request_id=r.id, supplier=clean(self.supplier, "supplier"), amount=amount,
                                     budget_line=line.code, method=r.method or "", signed_on=self.signed_on,
                                     delivery_due=self.delivery_due, lines=dict(r.lines), envelope=ctx.envelope))
        line.allocate(c.id, number, amount, ctx.envelope)  # Finance commits the amount on the line
        r.trigger_event(PurchaseRequest.Contracted, contract=number, envelope=ctx.envelope)
        return Outcome(message=Message("contract {number} with {supplier} signed for {fmt}", number=number,
                                       supplier=c.supplier, fmt=fmt(amount)), record_ids=[c.id])


class DeliverToStock(Command, frozen=True, kw_only=True):
    name = "contracts.deliver"
    title = "Receive a delivery under a contract into stock"
    contract: str
    delivery_note: str
    delivered_on: date
    warehouse: str
    items: str  # INK=3000, or SEAL-N=1-5000 for numbered items
    value: Decimal

    def execute(self, ctx: Context) -> Outcome:
        c = find_contract(ctx, self.contract)
        c.allowed("contracts.deliver")
        warehouse = find_warehouse(ctx, self.warehouse)
        lines: list[Line] = parse_lines(self.items, "delivered items")
        c.deliver(self.delivery_note, self.delivered_on, warehouse.code, {x.item: x.quantity for x in lines},
                  self.value, ctx.envelope)
        for line in lines:
            receive_into(ctx, find_item(ctx, line.item), warehouse, line, self.delivered_on, c.supplier, "contract",
                         c.code)
        return Outcome(message=Message("delivery {delivery_note} under {code} received at {warehouse_code}",
                                       delivery_note=self.delivery_note.strip().upper(), code=c.code,
                                       warehouse_code=warehouse.code), record_ids=[c.id])


class DeliverAssets(Command, frozen=True, kw_only=True):
    name = "contracts.deliver-assets"
    title = "Receive equipment under a contract into the asset register"
    contract: str
    delivery_note: str
    delivered_on: date
    category: str
    inventory_numbers: str  # LT-101 LT-102 ...
    description: str = ""
    unit_cost: Decimal
    location: str

    def execute(self, ctx: Context) -> Outcome:
        c = find_contract(ctx, self.contract)
        c.allowed("contracts.deliver-assets")
        numbers = [n for n in self.inventory_numbers.replace(",", " ").split() if n]
        require(numbers, "name the inventory numbers of the delivered equipment")
        require(len(set(n.upper() for n in numbers)) == len(numbers), "an inventory number is listed twice")
        cost = money(self.unit_cost, "unit cost", zero_ok=True)
        c.deliver(self.delivery_note, self.delivered_on, "asset register", {self.category: len(numbers)},
                  cost * len(numbers), ctx.envelope)
        for number in numbers:  # the asset register's own rules (number unique, category known ...) apply
            RegisterAsset(inventory=number, category=self.category, description=self.description, cost=cost,
                          location=self.location, acquired_on=self.delivered_on).record(ctx, UNDER_CONTRACT)
        return Outcome(message=Message("{numbers_count} asset(s) under {code} registered",
                                       numbers_count=len(numbers), code=c.code), record_ids=[c.id])


class PayContract(Command, frozen=True, kw_only=True):
    name = "contracts.pay"
    title = "Pay a supplier under a contract"
    contract: str
    payment_order: Number
    amount: Decimal
    paid_on: date

    def execute(self, ctx: Context) -> Outcome:
        c = find_contract(ctx, self.contract)
        number = clean(self.payment_order, "payment order number", NUMBER).upper()
        require(ctx.find(PaymentOrder, payment_order_id(number)) is None, "payment order {number} was already used",
                                                                          number=number)
        c.pay(number, self.amount, self.paid_on, ctx.envelope)
        ctx.add(PaymentOrder._create(PaymentOrder.Issued, id=payment_order_id(number), number=number,
                                     allocation_id=c.id, amount=money(self.amount, "amount"), envelope=ctx.envelope))
        return Outcome(message=Message("{fmt} paid to {supplier} under {code} ({number})", fmt=fmt(self.amount),
                                       supplier=c.supplier, code=c.code, number=number),
                       record_ids=[c.id])
