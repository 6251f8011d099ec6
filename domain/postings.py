"""The posting rules: which journal entry each money event posts. This file is the one place they live.

`RULES` maps an event class to a function (event, facts) -> Entry or None: the balanced entry the event
posts, dated by the event's business date. `NOT_POSTING` maps the money events that post nothing to the
reason why (a budget line is authority to spend, not money; an allocation is a commitment). Every event
class with an amount must be in one of the two (tests/domain/test_postings.py fails otherwise).

`FACTS` maps events to what a later rule needs to remember about a record (an allocation's economic code,
a trip's advance, an asset's cost and depreciation so far): (kind, record id, values) to merge into what is
known. `facts(kind, id)` returns what is known (a dict) or None. The projection keeps these facts in its own
table, so a rebuild posts exactly what the incremental ledger posted.

The accounts are those of the chart in domain/ledger.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain import depreciation, ledger, payroll, training
from domain.access import PendingPayment, TwoPersonRule
from domain.assets import UNDER_CONTRACT, Asset
from domain.delegations import Visit
from domain.errors import Message
from domain.finance import Allocation, BudgetLine, DonorProject, PaymentOrder, budget_line_id
from domain.ledger import expense_account
from domain.personnel import Trip
from domain.procurement import Contract, PurchaseRequest
from domain.supplies.distribution import SupplyPlan

ZERO = Decimal("0")
TRAVEL_ECONOMIC = "2220"  # travel and per diem of official trips
SALARY_ECONOMIC = "2110"  # wages and salaries, when a payroll run names no budget line
SUPPLIES_ECONOMIC = "2210"  # goods and supplies, when a contract's budget line is not known to the ledger

Facts = Callable[[str, UUID], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Leg:
    account: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    memo: str = ""


@dataclass(frozen=True)
class Entry:
    on: date
    memo: str
    legs: tuple[Leg, ...]
    reference: str = ""  # the business reference: allocation, warrant, project, inventory, run

    @property
    def balanced(self) -> bool:
        return sum(leg.debit for leg in self.legs) == sum(leg.credit for leg in self.legs)


def _known(facts: Facts, kind: str, record: UUID) -> dict[str, Any]:
    found = facts(kind, record)
    assert found is not None, f"no {kind} {record} known to the ledger"
    return found


def _pair(on: date, memo: str, debit: str, credit: str, amount: Decimal, reference: str = "") -> Entry | None:
    if amount == 0:
        return None
    return Entry(on, memo, (Leg(debit, debit=amount), Leg(credit, credit=amount)), reference)


# ---- finance ------------------------------------------------------------------------------------

def _allocated(e: Any, facts: Facts) -> Entry | None:
    return _pair(e.allocated_on, Message("allocation committed to {commission}", commission=_commission(e)), "8100",
                 "8200", e.amount, e.code)


def _allocation_closed(e: Any, facts: Facts) -> Entry | None:
    a = _known(facts, "allocation", e.originator_id)
    unused = Decimal(a["amount"]) - Decimal(a["verified"])
    return _pair(e.closed_on, Message("allocation to {commission} closed: unspent commitment released",
                                      commission=a["commission"]), "8200", "8100",
                 unused, a["code"])


def _commission(e: Any) -> str:
    return f"{e.election_code}/{e.constituency:03d}" + (f"-{e.precinct:04d}" if e.precinct else "")


def _transferred(e: Any, facts: Facts) -> Entry | None:
    a = _known(facts, "allocation", e.originator_id)
    return _pair(e.value_date, Message("transfer to {commission} ({order})", commission=a["commission"],
                                       order=e.payment_order), "1310", "1100", e.amount,
                 a["code"])


def _verified(e: Any, facts: Facts) -> Entry | None:
    a = _known(facts, "allocation", e.originator_id)
    line = _known(facts, "line", UUID(a["line_id"]))
    return _pair(e.verified_on, Message("spending of {commission} verified", commission=a["commission"]),
                 expense_account(line["economic"]), "1310",
                 e.accepted, a["code"])


def _refunded(e: Any, facts: Facts) -> Entry | None:
    a = _known(facts, "allocation", e.originator_id)
    return _pair(e.received_on, Message("refund from {commission} ({reference})", commission=a["commission"],
                                        reference=e.reference), "1100", "1310", e.amount,
                 a["code"])


def _tranche(e: Any, facts: Facts) -> Entry | None:
    p = _known(facts, "project", e.originator_id)
    return _pair(e.received_on, Message("tranche received ({currency})", currency=p["currency"]), "1110", "4200",
                 e.amount, p["code"])


def _project_paid(e: Any, facts: Facts) -> Entry | None:
    p = _known(facts, "project", e.originator_id)
    debit = "1330" if e.kind == "advance" else "5900"
    return _pair(e.paid_on, Message("{kind} {number} to {payee}", kind=Message(e.kind), number=e.number,
                                    payee=e.payee), debit, "1110", e.amount, p["code"])


def _advance_settled(e: Any, facts: Facts) -> Entry | None:
    p = _known(facts, "project", e.originator_id)
    legs = [Leg("5900", debit=e.spent, memo=Message("spent")), Leg("1110", debit=e.advance - e.spent,
                                                                   memo=Message("returned")),
            Leg("1330", credit=e.advance)]
    return Entry(e.settled_on, Message("advance {number} settled", number=e.number),
                 tuple(leg for leg in legs if leg.debit or leg.credit),
                 p["code"])


# ---- personnel: trip advances --------------------------------------------------------------------

def _trip_planned(e: Any, facts: Facts) -> Entry | None:
    return _pair(e.start, Message("trip advance to {number} ({destination})", number=e.number,
                                  destination=e.destination), "1320", "1100", e.advance, e.warrant)


def _trip_settled(e: Any, facts: Facts) -> Entry | None:
    t = _known(facts, "trip", e.originator_id)
    advance = e.expenses + e.balance
    legs = [Leg(expense_account(TRAVEL_ECONOMIC), debit=e.expenses, memo=Message("travel expenses"))]
    if e.balance > 0:
        legs.append(Leg("1100", debit=e.balance, memo=Message("unspent advance returned")))
    elif e.balance < 0:
        legs.append(Leg("1100", credit=-e.balance, memo=Message("expenses above the advance paid")))
    legs.append(Leg("1320", credit=advance))
    legs = [leg for leg in legs if leg.debit or leg.credit]
    return Entry(e.on, Message("trip of {number} settled", number=t["number"]), tuple(legs),
                 t["warrant"]) if legs else None


def _trip_cancelled(e: Any, facts: Facts) -> Entry | None:
    t = _known(facts, "trip", e.originator_id)
    return _pair(e.on, Message("trip of {number} cancelled: advance returned", number=t["number"]), "1100", "1320",
                 Decimal(t["advance"]),
                 t["warrant"])


# ---- assets ------------------------------------------------------------------------------------

def _asset_registered(e: Any, facts: Facts) -> Entry | None:
    paid_from = {"donor project": "1110", UNDER_CONTRACT: "2100"}.get(e.funding, "1100")
    memo = (Message("{category}, {description} acquired ({funding})", category=Message(e.category),
                    description=e.description, funding=Message(e.funding)) if e.description
            else Message("{category} acquired ({funding})", category=Message(e.category), funding=Message(e.funding)))
    return _pair(e.acquired_on, memo, "1500", paid_from, e.cost, e.inventory)


def _asset_written_off(e: Any, facts: Facts) -> Entry | None:
    a = _known(facts, "asset", e.originator_id)
    cost, depreciated = Decimal(a["cost"]), Decimal(a["depreciated"])
    legs = [Leg("1590", debit=depreciated, memo=Message("depreciation to date")),
            Leg("5850", debit=cost - depreciated, memo=Message("book value written off")), Leg("1500", credit=cost)]
    legs = [leg for leg in legs if leg.debit or leg.credit]
    return Entry(e.on, Message("written off by act {number}", number=e.act_number), tuple(legs),
                 a["inventory"]) if legs else None


# ---- procurement: supplies received and paid under contracts -------------------------------------------

def _contract_delivered(e: Any, facts: Facts) -> Entry | None:
    """Supplies into a warehouse are spent on the contract's budget line when received, and owed to the supplier
    until paid; equipment into the asset register posts through its own registration (Dr 1500 / Cr 2100)."""
    if e.destination == "asset register":
        return None
    c = _known(facts, "contract", e.originator_id)
    line = facts("line", budget_line_id(c["line"]))
    economic = line["economic"] if line else SUPPLIES_ECONOMIC
    return _pair(e.on, Message("{note}: delivered under contract {code}", note=e.note, code=c["code"]),
                 expense_account(economic), "2100", e.value,
                 c["code"])


def _contract_paid(e: Any, facts: Facts) -> Entry | None:
    c = _known(facts, "contract", e.originator_id)
    return _pair(e.on, Message("contract {code} paid to {supplier} ({order})", code=c["code"], supplier=c["supplier"],
                                  order=e.payment_order), "2100", "1100", e.amount,
                 c["code"])


# ---- ledger, payroll, depreciation -------------------------------------------------------------------

def _funds(e: Any, facts: Facts) -> Entry | None:
    return _pair(e.received_on, Message("state budget funds of {year} released", year=e.year), "1100", "4100",
                 e.amount, e.reference)


def _adjusting(e: Any, facts: Facts) -> Entry | None:
    memo = (Message("adjusting entry {number}: {reason} ({memo})", number=e.number, reason=e.envelope.reason,
                    memo=e.memo) if e.memo
            else Message("adjusting entry {number}: {reason}", number=e.number, reason=e.envelope.reason))
    return _pair(e.on, memo, e.debit, e.credit, e.amount, e.number)


def _payroll_approved(e: Any, facts: Facts) -> Entry | None:
    r = _known(facts, "payroll-run", e.originator_id)
    gross, tax, pension = Decimal(r["gross"]), Decimal(r["tax"]), Decimal(r["pension"])
    legs = [Leg(expense_account(r["economic"]), debit=gross, memo=Message("gross pay")),
            Leg("2210", credit=tax, memo=Message("income tax withheld")), Leg("2220", credit=pension,
                                                                              memo=Message("pension withheld")),
            Leg("2200", credit=gross - tax - pension, memo=Message("net pay"))]
    legs = [leg for leg in legs if leg.debit or leg.credit]
    return Entry(e.approved_on, Message("payroll {code} approved", code=r["code"]), tuple(legs),
                 r["code"]) if legs else None


def _payroll_paid(e: Any, facts: Facts) -> Entry | None:
    r = _known(facts, "payroll-run", e.originator_id)
    return _pair(e.paid_on, Message("payroll {code} paid ({reference})", code=r["code"], reference=e.reference),
                 "2200", "1100", Decimal(r["net"]), r["code"])


def _remitted(e: Any, facts: Facts) -> Entry | None:
    payable = "2210" if e.kind == "income tax" else "2220"
    return _pair(e.paid_on, Message("{kind} withheld remitted to the state ({reference})", kind=Message(e.kind),
                                    reference=e.reference), payable, "1100", e.amount,
                 e.reference)


def _depreciation_run(e: Any, facts: Facts) -> Entry | None:
    legs = []
    for line in e.lines:
        if line.prior:
            legs.append(Leg("3100", debit=line.prior, memo=Message("{inventory}: depreciation of earlier periods",
                                                                   inventory=line.inventory)))
        if line.amount:
            legs.append(Leg("5800", debit=line.amount, memo=Message("{inventory}: depreciation of {period}",
                                                                    inventory=line.inventory, period=e.period)))
    total = sum((line.prior + line.amount for line in e.lines), ZERO)
    if not total:
        return None
    legs.append(Leg("1590", credit=total))
    return Entry(e.run_on, Message("depreciation run {period}", period=e.period), tuple(legs), e.period)


Rule = Callable[[Any, Facts], "Entry | None"]
RULES: dict[type, Rule] = {
    Allocation.Made: _allocated,
    Allocation.Closed: _allocation_closed,
    Allocation.Transferred: _transferred,
    Allocation.ReportVerified: _verified,
    Allocation.Refunded: _refunded,
    DonorProject.TrancheReceived: _tranche,
    DonorProject.Paid: _project_paid,
    DonorProject.AdvanceSettled: _advance_settled,
    Trip.Planned: _trip_planned,
    Trip.Settled: _trip_settled,
    Trip.Cancelled: _trip_cancelled,
    Asset.Registered: _asset_registered,
    Asset.WrittenOff: _asset_written_off,
    Contract.Delivered: _contract_delivered,
    Contract.Paid: _contract_paid,
    ledger.FundsRelease.Received: _funds,
    ledger.AdjustingEntry.Posted: _adjusting,
    payroll.PayrollRun.Approved: _payroll_approved,
    payroll.PayrollRun.Paid: _payroll_paid,
    payroll.Withholdings.Remitted: _remitted,
    depreciation.DepreciationBook.RunPosted: _depreciation_run,
}
NOT_POSTING: dict[type, str] = {
    BudgetLine.Added: "a budget line is authority to spend, not money; budget execution reads it",
    BudgetLine.Revised: "a revision changes the authority to spend, not money",
    BudgetLine.Allocated: "an allocation commits the line's money; it moves when transferred",
    Allocation.ReportSubmitted: "a claim; it posts when verified",
    PaymentOrder.Issued: "the payment order's number; the transfer it pays posts",
    DonorProject.Registered: "an agreement; money posts as tranches arrive",
    payroll.PayrollRun.Computed: "a draft; the run posts when approved",
    payroll.Withholdings.Withheld: "the approved run's entry posts what it withheld",
    payroll.PayProfile.CorrectionRecorded: "a correction is carried into the next run, which posts it",
    payroll.PayProfile.Released: "a voided draft gives its corrections back; nothing had posted",
    payroll.PayPolicy.ScaleSet: "a scale of pay, not money",
    payroll.PayPolicy.AllowanceSet: "an allowance's rate, not money",
    payroll.PayPolicy.ParametersSet: "rates, not money",
    depreciation.DepreciationBook.AssetCapitalised: "the asset's acquisition posted when it was registered",
    Contract.Signed: "a contract commits its budget line (budget execution reads it); money moves as it is "
                     "delivered and paid",
    PurchaseRequest.Made: "a request's estimated cost, not money",
    SupplyPlan.Set: "a distribution plan's quotas and reserve, not money",
    SupplyPlan.Revised: "a distribution plan's quotas and reserve, not money",
    PendingPayment.Submitted: "a payment awaiting a second user's approval; the payment posts when it is made",
    TwoPersonRule.Created: "the approvals threshold, not money",
    TwoPersonRule.ThresholdChanged: "the approvals threshold, not money",
    training.Session.Scheduled: "a training session's planned cost on its budget line, not money paid",
    Visit.GiftReceived: "a gift's estimated value; one above the limit is registered as property by its own command",
}
# What later rules need to remember, from the events that tell it.
FACTS: dict[type, Callable[[Any, Facts], list[tuple[str, UUID, dict[str, Any]]]]] = {
    BudgetLine.Added: lambda e, f: [("line", e.originator_id, {"economic": e.economic_code, "code": e.code})],
    Allocation.Made: lambda e, f: [("allocation", e.originator_id, {
        "code": e.code, "line_id": e.line_id.hex, "commission": _commission(e), "amount": str(e.amount),
        "verified": "0"})],
    Allocation.ReportVerified: lambda e, f: [("allocation", e.originator_id, {
        "verified": str(Decimal(_known(f, "allocation", e.originator_id)["verified"]) + e.accepted)})],
    DonorProject.Registered: lambda e, f: [("project", e.originator_id, {"code": e.code, "currency": e.currency})],
    Contract.Signed: lambda e, f: [("contract", e.originator_id, {"code": e.number, "supplier": e.supplier,
                                                                  "line": e.budget_line})],
    Trip.Planned: lambda e, f: [("trip", e.originator_id, {"warrant": e.warrant, "number": e.number,
                                                           "advance": str(e.advance)})],
    Asset.Registered: lambda e, f: [("asset", e.originator_id, {"inventory": e.inventory, "cost": str(e.cost),
                                                                "depreciated": "0"})],
    payroll.PayrollRun.Computed: lambda e, f: [("payroll-run", e.originator_id, {
        "code": e.code, "economic": e.economic_code, "gross": str(e.gross), "tax": str(e.tax),
        "pension": str(e.pension), "net": str(e.net)})],
    depreciation.DepreciationBook.RunPosted: lambda e, f: [
        ("asset", line.asset_id, {"depreciated": str(Decimal(_known(f, "asset", line.asset_id)["depreciated"])
                                                     + line.prior + line.amount)}) for line in e.lines],
}
