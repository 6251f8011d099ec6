"""The distribution plan and the dispatch of materials to lower commissions.

A plan per election sets the ballots' reserve percentage and the other items each precinct gets; computing it for
a constituency gives every live precinct commission a quota (ballots = voters plus the reserve, rounded up), which
can then be edited per commission. A dispatch (a waybill: carrier, date, quantities and serial ranges, from one
warehouse) goes only to a commission that exists and is not dissolved, by the election's voting day, and takes
nothing that is not on hand; the commission acknowledges receipt (date, who, quantities, discrepancies) only of a
dispatch sent to it, and returns what is left after voting day. Ballots received and returned go onto the
commission's ballot account (domain/supplies/ballots.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.errors import N_, Message, Refused
from domain.finance import find_commission
from domain.organisation import Commission, Election, commission_id, election_id
from domain.personnel import _number
from domain.plan import check_deadline
from domain.records import LONG, Long, Record, clean, optional, refuse, require
from domain.supplies.ballots import ballot_account
from domain.supplies.common import (
    Line,
    ballot_item_code,
    dispatch_id,
    item_id,
    parse_lines,
    parse_quantities,
    plan_id,
    quantities_text,
    quantity,
    quota_id,
    stock_id,
    voter_figure_id,
)
from domain.supplies.stock import Item, Stock, find_item, find_warehouse, stock_card
from domain.supplies.voters import VoterFigure

MAX_RESERVE = Decimal("50")
ACKNOWLEDGE_DAYS = 7  # a commission acknowledges receipt within this many days of the dispatch


def ballots_needed(voters: int, reserve_percent: Decimal) -> int:
    """Voters plus the reserve, rounded up to a whole ballot."""
    tenths = int(reserve_percent * 10)  # at most one decimal place
    return -(-voters * (1000 + tenths) // 1000)


class SupplyPlan(Record):
    code: str
    reserve_percent: Decimal
    per_precinct: dict[str, int]
    revisions: int

    class Set(Record.Created):
        election_code: str
        reserve_percent: Decimal
        per_precinct: dict[str, int]

        def apply(self, p: SupplyPlan) -> None:
            p.code, p.reserve_percent, p.per_precinct = self.election_code, self.reserve_percent, self.per_precinct
            p.revisions = 0

    class Revised(Record.Event):
        reserve_percent: Decimal
        per_precinct: dict[str, int]

        def apply(self, p: SupplyPlan) -> None:
            p.reserve_percent, p.per_precinct = self.reserve_percent, self.per_precinct
            p.revisions += 1


class Quota(Record):
    """What one commission is planned to receive, item by item."""

    election_code: str
    commission_id: UUID
    code: str
    constituency: int
    precinct: int | None
    voters: int
    quantities: dict[str, int]
    adjustments: int

    class Planned(Record.Created):
        election_code: str
        commission_id: UUID
        commission_label: str
        constituency: int
        precinct: int | None
        voters: int
        quantities: dict[str, int]

        def apply(self, q: Quota) -> None:
            q.election_code, q.commission_id, q.code = self.election_code, self.commission_id, self.commission_label
            q.constituency, q.precinct = self.constituency, self.precinct
            q.voters, q.quantities = self.voters, self.quantities
            q.adjustments = 0

    class Recomputed(Record.Event):
        voters: int
        quantities: dict[str, int]

        def apply(self, q: Quota) -> None:
            q.voters, q.quantities = self.voters, self.quantities

    class Adjusted(Record.Event):
        item: str
        quantity: int
        previous: int

        def apply(self, q: Quota) -> None:
            q.quantities = {**q.quantities, self.item: self.quantity}
            q.adjustments += 1


# The status a waybill must have for each step after its dispatch: the card and the pickers read this,
# `Dispatch.allows` decides by it.
DISPATCH_STATUSES = {"dispatches.acknowledge": "dispatched", "dispatches.return": "acknowledged"}


class Dispatch(Record):
    """A waybill: what went from a warehouse to one commission, what it acknowledged, what came back."""

    code: str
    election_code: str
    commission_id: UUID
    commission_label: str
    constituency: int
    precinct: int | None
    warehouse: str
    carrier: str
    dispatched_on: date
    acknowledge_by: date
    lines: list[Line]
    status: str
    received: dict[str, int]
    acknowledged_on: date | None
    returned: dict[str, int]

    class Sent(Record.Created):
        waybill: str
        election_code: str
        commission_id: UUID
        commission_label: str
        constituency: int
        precinct: int | None
        warehouse: str
        carrier: str
        on: date
        acknowledge_by: date
        lines: list[tuple[str, int, int | None, int | None]]

        def apply(self, d: Dispatch) -> None:
            d.code, d.election_code, d.commission_id = self.waybill, self.election_code, self.commission_id
            d.commission_label, d.constituency, d.precinct = self.commission_label, self.constituency, self.precinct
            d.warehouse, d.carrier, d.dispatched_on = self.warehouse, self.carrier, self.on
            d.acknowledge_by = self.acknowledge_by
            d.lines = [Line(*line) for line in self.lines]
            d.status = "dispatched"
            d.received = {}
            d.acknowledged_on = None
            d.returned = {}

    class Acknowledged(Record.Event):
        on: date
        received_by: str
        received: dict[str, int]
        discrepancies: str

        def apply(self, d: Dispatch) -> None:
            d.status, d.acknowledged_on, d.received = "acknowledged", self.on, self.received

    class Returned(Record.Event):
        on: date
        warehouse: str
        returned: dict[str, int]

        def apply(self, d: Dispatch) -> None:
            d.status, d.returned = "returned", self.returned

    @property
    def sent(self) -> dict[str, int]:
        return {line.item: line.quantity for line in self.lines}

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(DISPATCH_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the waybill's state refuses that command, in words; None when its state allows it
        (DISPATCH_STATUSES). The commands enforce it; the card and the pickers offer exactly this."""
        if command not in DISPATCH_STATUSES or self.status == DISPATCH_STATUSES[command]:
            return None
        if command == "dispatches.acknowledge":
            return Message("waybill {code} was already acknowledged on {acknowledged_on}", code=self.code,
                           acknowledged_on=self.acknowledged_on)
        if self.status == "dispatched":
            return Message("waybill {code} is not acknowledged yet; nothing can come back", code=self.code)
        return Message("the return of waybill {code} is already recorded", code=self.code)

    def require_allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)


# ---- the plan ----------------------------------------------------------------------------------------------

def _per_precinct(ctx: Context, text: str) -> dict[str, int]:
    per = parse_quantities(text, "items per precinct", zero_ok=False)
    for code in per:
        item = find_item(ctx, code)
        require(not item.ballots, "{code} is ballot papers: ballots follow the voter numbers, not a per-precinct "
                                  "quantity", code=code)
    return per


def _reserve(value: Decimal) -> Decimal:
    require(isinstance(value, Decimal) and value.is_finite(), "the reserve must be a percentage")
    require(Decimal(0) <= value <= MAX_RESERVE, "the ballot reserve {value}% must be between 0% and {max_reserve}%",
                                                value=value, max_reserve=MAX_RESERVE)
    require(value == value.quantize(Decimal("0.1")), "the ballot reserve {value}% has more than one decimal place",
                                                     value=value)
    return value.quantize(Decimal("0.1"))


class SetPlan(Command, frozen=True, kw_only=True):
    name = "plans.set"
    title = "Set an election's distribution plan (reserve, items per precinct)"
    election: str
    reserve_percent: Decimal
    per_precinct: str = ""  # KIT-PS=1, INK=4, SEAL=6

    def execute(self, ctx: Context) -> Outcome:
        election = ctx.get(Election, election_id(self.election), Message("no election with code {code!r}",
            code=self.election.strip().upper()))
        reserve, per = _reserve(self.reserve_percent), _per_precinct(ctx, self.per_precinct)
        plan = ctx.find(SupplyPlan, plan_id(election.code))
        if plan is None:
            plan = ctx.add(SupplyPlan._create(SupplyPlan.Set, id=plan_id(election.code), election_code=election.code,
                                              reserve_percent=reserve, per_precinct=per, envelope=ctx.envelope))
            return Outcome(message=Message("distribution plan of {election_code} set", election_code=election.code),
                           record_ids=[plan.id])
        require((reserve, per) != (plan.reserve_percent, plan.per_precinct),
                "the plan of {election_code} already has a {reserve}% reserve and {value} per precinct",
                election_code=election.code, reserve=reserve, value=quantities_text(per) or 'nothing')
        plan.trigger_event(SupplyPlan.Revised, reserve_percent=reserve, per_precinct=per, envelope=ctx.envelope)
        return Outcome(message=Message("distribution plan of {election_code} revised; compute it again to apply",
                                       election_code=election.code),
                       record_ids=[plan.id])


class ComputePlan(Command, frozen=True, kw_only=True):
    """Computing again (after revised voter numbers or a revised plan) replaces the quotas, edits included."""

    name = "plans.compute"
    title = "Compute the quotas of a constituency's precincts from voter numbers"
    election: str
    constituency: int

    def execute(self, ctx: Context) -> Outcome:
        plan = ctx.get(SupplyPlan, plan_id(self.election), Message("election {election} has no distribution plan; "
            "set it first",
            election=self.election.strip().upper()))
        parent = ctx.find(Commission, commission_id(plan.code, self.constituency))
        require(parent is not None, "no constituency {constituency} in election {plan_code}",
                                    constituency=self.constituency, plan_code=plan.code)
        assert parent is not None
        require(parent.active, "constituency commission {parent_label} is dissolved", parent_label=parent.label)
        ballots = ballot_item_code(plan.code, parent.constituency)
        require(ctx.find(Item, item_id(ballots)) is not None, "ballot papers {ballots} are not registered; register "
                                                              "them before planning", ballots=ballots)
        precincts = [ctx.get(Commission, pid, "a precinct commission is missing") for pid in parent.precincts]
        require(precincts, "constituency commission {parent_label} has no live precinct commissions",
                           parent_label=parent.label)
        changed = []
        for c in sorted(precincts, key=lambda c: c.precinct or 0):
            figure = ctx.find(VoterFigure, voter_figure_id(c.id))
            if figure is None:
                raise Refused("precinct commission {label} has no voter numbers; record them first", label=c.label)
            quantities = {ballots: ballots_needed(figure.voters, plan.reserve_percent), **plan.per_precinct}
            quota = ctx.find(Quota, quota_id(c.id))
            if quota is None:
                quota = ctx.add(Quota._create(Quota.Planned, id=quota_id(c.id), election_code=plan.code,
                                              commission_id=c.id, commission_label=c.label,
                                              constituency=c.constituency, precinct=c.precinct, voters=figure.voters,
                                              quantities=quantities, envelope=ctx.envelope))
            elif (quota.voters, quota.quantities) != (figure.voters, quantities):
                quota.trigger_event(Quota.Recomputed, voters=figure.voters, quantities=quantities,
                                    envelope=ctx.envelope)
            else:
                continue
            changed.append(quota.id)
        return Outcome(message=Message("plan of {parent_label}: {changed_count} of {precincts_count} precinct "
                                       "quota(s) computed", parent_label=parent.label, changed_count=len(changed),
                                       precincts_count=len(precincts)), record_ids=changed)


class AdjustQuota(Command, frozen=True, kw_only=True):
    name = "plans.adjust"
    title = "Edit a commission's planned quantity of an item"
    needs_reason = True
    commission: str
    item: str
    quantity: int

    def execute(self, ctx: Context) -> Outcome:
        c = find_commission(ctx, self.commission)
        require(c.active, "commission {label} is dissolved; it gets no materials", label=c.label)
        quota = ctx.get(Quota, quota_id(c.id), Message("{label} has no quota yet; compute its constituency's plan "
            "first",
            label=c.label))
        item = find_item(ctx, self.item)
        if item.ballots:
            require(item.election_code == c.election_code and item.constituency == c.constituency,
                    "{item_code} are the ballots of another constituency, not of {label}", item_code=item.code,
                    label=c.label)
        qty = quantity(self.quantity, f"planned quantity of {item.code}", zero_ok=True)
        previous = quota.quantities.get(item.code, 0)
        require(qty != previous, "{label} is already planned {qty:,} {item_code}", label=c.label, qty=qty,
                                 item_code=item.code)
        quota.trigger_event(Quota.Adjusted, item=item.code, quantity=qty, previous=previous, envelope=ctx.envelope)
        return Outcome(message=Message("{label}: {item_code} planned {qty:,} (was {previous:,})", label=c.label,
                                       item_code=item.code, qty=qty, previous=previous), record_ids=[quota.id])


# ---- dispatch, acknowledgement, return ---------------------------------------------------------------------

def _dispatch(ctx: Context, waybill: str, doing: str) -> Dispatch:
    return ctx.get(Dispatch, dispatch_id(waybill), Message("no dispatch with waybill {waybill!r}: {doing} only "
        "against a dispatch",
        waybill=waybill.strip().upper(), doing=Message(doing)))


class SendDispatch(Command, frozen=True, kw_only=True):
    name = "dispatches.send"
    title = "Dispatch materials to a commission"
    waybill: str
    commission: str
    warehouse: str
    carrier: str
    dispatched_on: date
    items: str  # SEAL=6, BP-PE26-001=1001-1540

    def execute(self, ctx: Context) -> Outcome:
        waybill = _number(self.waybill, "waybill number")
        require(ctx.find(Dispatch, dispatch_id(waybill)) is None, "waybill {waybill} is already used",
                                                                  waybill=waybill)
        c = find_commission(ctx, self.commission)
        require(c.active, "commission {label} is dissolved; no materials can go to it", label=c.label)
        election = ctx.get(Election, election_id(c.election_code), "the election is missing")
        voting_day: Any = election.voting_day
        require(self.dispatched_on <= voting_day, "materials for {election_code} go out by voting day {voting_day}, "
                                                  "not on {dispatched_on}", election_code=election.code,
                                                  voting_day=voting_day, dispatched_on=self.dispatched_on)
        check_deadline(ctx, election.code, "DISPATCH", self.dispatched_on, "dispatch of election materials")
        warehouse = find_warehouse(ctx, self.warehouse)
        lines = parse_lines(self.items)
        for line in lines:
            item = find_item(ctx, line.item)
            item.check_line(line, "a dispatch")
            if item.ballots:
                require(item.election_code == c.election_code and item.constituency == c.constituency,
                        "{item_code} are the ballots of {item_election_code} constituency {item_constituency}; they "
                        "cannot go to {label}", item_code=item.code, item_election_code=item.election_code,
                        item_constituency=item.constituency, label=c.label)
            card = ctx.find(Stock, stock_id(item.code, warehouse.code))
            require(card is not None, "no {item_code} was ever held at {warehouse_code}", item_code=item.code,
                                      warehouse_code=warehouse.code)
            assert card is not None
            if line.first is not None and line.last is not None:
                item.dispatch_serials(line.first, line.last, c.label, waybill, ctx.envelope)
            card.dispatch(line, self.dispatched_on, waybill, c.label, ctx.envelope)
        d = ctx.add(Dispatch._create(Dispatch.Sent, id=dispatch_id(waybill), waybill=waybill,
                                     election_code=c.election_code, commission_id=c.id, commission_label=c.label,
                                     constituency=c.constituency, precinct=c.precinct, warehouse=warehouse.code,
                                     carrier=clean(self.carrier, "carrier"), on=self.dispatched_on,
                                     acknowledge_by=self.dispatched_on + timedelta(days=ACKNOWLEDGE_DAYS),
                                     lines=[tuple(line) for line in lines], envelope=ctx.envelope))
        return Outcome(message=Message("waybill {waybill}: {lines_count} item(s) dispatched to {label}",
                                       waybill=waybill, lines_count=len(lines), label=c.label), record_ids=[d.id])


class AcknowledgeDispatch(Command, frozen=True, kw_only=True):
    name = "dispatches.acknowledge"
    title = "Record a commission's acknowledgement of receipt"
    waybill: str
    commission: str  # the commission acknowledging: it must be the waybill's
    received_on: date
    received_by: str
    received: str = ""  # what arrived, CODE=QTY; empty: everything as sent
    discrepancies: Long = ""

    def execute(self, ctx: Context) -> Outcome:
        d = _dispatch(ctx, self.waybill, N_("a receipt is acknowledged"))
        c = find_commission(ctx, self.commission)
        require(c.id == d.commission_id, "waybill {code} was sent to {commission_label}, not to {label}",
                                         code=d.code, commission_label=d.commission_label, label=c.label)
        d.require_allowed("dispatches.acknowledge")
        require(self.received_on >= d.dispatched_on, "a receipt on {received_on} cannot precede the dispatch on "
                                                     "{dispatched_on}", received_on=self.received_on,
                                                     dispatched_on=d.dispatched_on)
        sent = d.sent
        received = parse_quantities(self.received, "received") if self.received.strip() else dict(sent)
        for code, qty in received.items():
            require(code in sent, "waybill {code} carried no {code2}", code=d.code, code2=code)
            require(qty <= sent[code], "{qty:,} {code} acknowledged but only {sent:,} were dispatched", qty=qty,
                                       code=code, sent=sent[code])
        received = {code: received.get(code, 0) for code in sent}
        discrepancies = optional(self.discrepancies, "discrepancies", LONG)
        short = {code: sent[code] - received[code] for code in sent if received[code] != sent[code]}
        require(not short or discrepancies, "received less than dispatched ({shortfalls}): state the discrepancies",
                shortfalls=", ".join(f"{code} short {n:,}" for code, n in short.items()))
        d.trigger_event(Dispatch.Acknowledged, on=self.received_on, received_by=clean(self.received_by, "received by"),
                        received=received, discrepancies=discrepancies, envelope=ctx.envelope)
        for code, qty in received.items():
            if qty and find_item(ctx, code).ballots:
                ballot_account(ctx, c, code).receive(qty, d.code, self.received_on, ctx.envelope)
        template = N_("waybill {code} acknowledged by {label} with discrepancies") if short else \
            N_("waybill {code} acknowledged by {label}")
        return Outcome(message=Message(template, code=d.code, label=c.label), record_ids=[d.id])


class ReturnDispatch(Command, frozen=True, kw_only=True):
    name = "dispatches.return"
    title = "Record what a commission returned after voting day"
    waybill: str
    returned_on: date
    returned: str = ""  # CODE=QTY; unnumbered items go back into stock, unused ballots onto the ballot account
    warehouse: str = ""  # where it comes back to; the dispatching warehouse unless named

    def execute(self, ctx: Context) -> Outcome:
        d = _dispatch(ctx, self.waybill, N_("a return is recorded"))
        d.require_allowed("dispatches.return")
        acknowledged: Any = d.acknowledged_on
        election = ctx.get(Election, election_id(d.election_code), "the election is missing")
        voting_day: Any = election.voting_day
        require(self.returned_on >= voting_day, "materials come back after voting day {voting_day}, not on "
                                                "{returned_on}", voting_day=voting_day, returned_on=self.returned_on)
        require(self.returned_on >= acknowledged, "a return on {returned_on} cannot precede the receipt on "
                                                  "{acknowledged}", returned_on=self.returned_on,
                                                  acknowledged=acknowledged)
        returned = parse_quantities(self.returned, "returned")
        for code, qty in returned.items():
            require(qty <= d.received.get(code, 0), "{qty:,} {code} returned but {commission_label} received {get:,}",
                                                    qty=qty, code=code, commission_label=d.commission_label,
                                                    get=d.received.get(code, 0))
        warehouse = find_warehouse(ctx, self.warehouse or d.warehouse)
        commission = ctx.get(Commission, d.commission_id, "the commission is missing")
        d.trigger_event(Dispatch.Returned, on=self.returned_on, warehouse=warehouse.code, returned=returned,
                        envelope=ctx.envelope)
        for code, qty in returned.items():
            item = find_item(ctx, code)
            if item.ballots:
                ballot_account(ctx, commission, code).return_unused(qty, d.code, self.returned_on, ctx.envelope)
            elif not item.numbered and qty:
                stock_card(ctx, item, warehouse).take_back(qty, self.returned_on, d.code, d.commission_label,
                                                           ctx.envelope)
        return Outcome(message=Message("return of waybill {code} recorded", code=d.code), record_ids=[d.id])
