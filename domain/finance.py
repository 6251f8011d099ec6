"""Finance context: budgets and their lines, allocations of a line's money to lower commissions, the
commissions' bank accounts, transfers (payment orders), spending reports and their verification, refunds of
unspent money, and donor-funded projects (tranches, payments, advances and their settlement).

Money is Decimal everywhere (positive, at most two decimal places). Conservation holds by construction:
a budget line's amount = unallocated + allocated (allocations never exceed the unallocated balance, revisions
never go below what is allocated), and an allocation's amount = untransferred + transferred (transfers never
exceed the untransferred balance). An allocation closes only when verified spending plus refunds equals what
was transferred. Due dates (report due, refund due) are stored in the events; whether they are overdue is
decided when a register or report is read, against that day. Business dates keep their order: a spending
report or refund is not dated before its allocation, a report not verified before it was submitted, and an
allocation not closed before its last movement.

Ids are derived from codes: a budget from its fiscal year and source (one budget per year and source), a line
from its budget, economic code and cost centre, an allocation from its number (numbered per budget), a
commission's account from the commission, a payment order from its number, a donor project from its code.

THE DONOR-PROJECT CONTRACT (used by the property context; keep these names stable):
- `donor_project_id(code)` derives a donor project's id from its code (so codes are unique).
- `DonorProject.code`, `DonorProject.active` (False once closed) and `DonorProject.closed` (its negation).
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import IS_LIVE, IS_LOWER, RESULTS_PERIOD_DAYS, Commission, Election, commission_id
from domain.records import LONG, NUMBER, Long, Number, Record, clean, optional, refuse, require
from domain.roles import OFFICE_STAFF
from domain.rules import rule
from domain.shown import Amount

_NS = uuid.UUID("6a1f3c2e-9b8d-4e7f-a1c2-d3e4f5a6b7c8")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
_CURRENCY = re.compile(r"^[A-Z]{3}$")
REFUND_DAYS = 30  # unspent money is due back this many days after the spending report is verified
MAX_AMOUNT = Decimal("1000000000000")  # a trillion: far above any budget, well inside a BIGINT of cents
PAYMENT_KINDS = ("payment", "advance")
ZERO = Decimal("0.00")


def _code(value: str, what: str) -> str:
    code = (value or "").strip().upper()
    require(_CODE.match(code), "{what} {value!r} must be 1-24 letters, digits or '-'", what=what, value=value)
    return code


def money(value: object, what: str, zero_ok: bool = False) -> Decimal:
    """A Decimal amount: finite, positive (or zero when allowed), at most two decimal places."""
    require(isinstance(value, Decimal), "{what} must be a decimal amount", what=what)
    assert isinstance(value, Decimal)
    require(value.is_finite(), "{what} must be a finite amount", what=what)
    require(value > 0 or (zero_ok and value == 0),
            "{what} {value} must be {value2}", what=what, value=value,
            value2='zero or more' if zero_ok else 'more than zero')
    require(value < MAX_AMOUNT, "{what} {value} is too large", what=what, value=value)
    try:
        cents = value.quantize(Decimal("0.01"))
    except InvalidOperation:
        cents = None
    require(cents is not None and cents == value, "{what} {value} has more than two decimal places", what=what,
                                                  value=value)
    assert cents is not None
    return cents


def fmt(amount: Decimal) -> Amount:
    """An amount as a sentence's parameter: 1,234.56 in English, the reader's locale and digits where shown."""
    return Amount(amount)


@lru_cache(maxsize=256)
def budget_id(year: int, source: str) -> UUID:
    return uuid.uuid5(_NS, f"budget/{year}/{source.strip().upper()}")


def line_code(year: int, source: str, economic_code: str, cost_centre: str) -> str:
    return f"{year}-{source.strip().upper()}-{economic_code.strip().upper()}-{cost_centre.strip().upper()}"


@lru_cache(maxsize=4096)
def budget_line_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "budget-line/" + code.strip().upper())


@lru_cache(maxsize=8192)
def allocation_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "allocation/" + code.strip().upper())


@lru_cache(maxsize=4096)
def account_id(commission: UUID) -> UUID:
    return uuid.uuid5(_NS, f"account/{commission.hex}")


def payment_order_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "payment-order/" + number.strip().upper())


@lru_cache(maxsize=1024)
def donor_project_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "donor-project/" + code.strip().upper())


# ---- budget ------------------------------------------------------------------------------------

class Budget(Record):
    year: int
    source: str
    code: str
    title: str
    lines: set[UUID]
    allocations: int

    class Opened(Record.Created):
        year: int
        source: str
        code: str
        title: str

        def apply(self, b: Budget) -> None:
            b.year, b.source, b.code, b.title = self.year, self.source, self.code, self.title
            b.lines = set()
            b.allocations = 0

    class LineAdded(Record.Event):
        line_id: UUID

        def apply(self, b: Budget) -> None:
            b.lines.add(self.line_id)

    class AllocationNumbered(Record.Event):
        number: int

        def apply(self, b: Budget) -> None:
            b.allocations = self.number

    @classmethod
    def open(cls, year: int, source: str, title: str, envelope: Envelope) -> Budget:
        require(1990 <= year <= 2100, "fiscal year {year} is out of range", year=year)
        source = _code(source, "funding source")
        return cls._create(cls.Opened, id=budget_id(year, source), year=year, source=source,
                           code=f"{year}-{source}", title=clean(title, "title"), envelope=envelope)

    def next_allocation(self, envelope: Envelope) -> str:
        number = self.allocations + 1
        self.trigger_event(self.AllocationNumbered, number=number, envelope=envelope)
        return f"AL-{self.code}-{number:04d}"


class BudgetLine(Record):
    budget_id: UUID
    budget_code: str
    code: str
    year: int
    source: str
    economic_code: str
    cost_centre: str
    description: str
    amount: Decimal
    allocated: Decimal
    revisions: int

    class Added(Record.Created):
        budget_id: UUID
        budget_code: str
        year: int
        source: str
        code: str
        economic_code: str
        cost_centre: str
        description: str
        amount: Decimal

        def apply(self, line: BudgetLine) -> None:
            line.budget_id, line.budget_code, line.code = self.budget_id, self.budget_code, self.code
            line.year, line.source = self.year, self.source
            line.economic_code, line.cost_centre = self.economic_code, self.cost_centre
            line.description, line.amount = self.description, self.amount
            line.allocated = ZERO
            line.revisions = 0

    class Revised(Record.Event):
        amount: Decimal
        previous: Decimal
        basis: str

        def apply(self, line: BudgetLine) -> None:
            line.amount = self.amount
            line.revisions += 1

    class Allocated(Record.Event):
        allocation_id: UUID
        allocation_code: str
        amount: Decimal

        def apply(self, line: BudgetLine) -> None:
            line.allocated += self.amount

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated

    @classmethod
    def add(cls, budget: Budget, economic_code: str, cost_centre: str, description: str, amount: Decimal,
            envelope: Envelope) -> BudgetLine:
        economic = _code(economic_code, "economic code")
        centre = _code(cost_centre, "cost centre")
        code = line_code(budget.year, budget.source, economic, centre)
        line = cls._create(cls.Added, id=budget_line_id(code), budget_id=budget.id, budget_code=budget.code,
                           year=budget.year, source=budget.source, code=code, economic_code=economic,
                           cost_centre=centre, description=optional(description, "description"),
                           amount=money(amount, "line amount"), envelope=envelope)
        budget.trigger_event(Budget.LineAdded, line_id=line.id, envelope=envelope)
        return line

    def revise(self, amount: Decimal, basis: str, envelope: Envelope) -> None:
        amount = money(amount, "revised amount", zero_ok=True)
        basis = clean(basis, "basis of the revision")
        require(amount != self.amount, "line {code} is already {fmt}", code=self.code, fmt=fmt(amount))
        require(amount >= self.allocated, "line {code} cannot be revised to {fmt}: {fmt2} is already allocated",
                                          code=self.code, fmt=fmt(amount), fmt2=fmt(self.allocated))
        self.trigger_event(self.Revised, amount=amount, previous=self.amount, basis=basis, envelope=envelope)

    # the commands whose state rule `allows` decides (the budget-line picker of a command filters by it)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {"allocations.allocate": StateRule(
        Check(Attr("unallocated").gt(0), lambda line: Message("line {code} has no unallocated balance",
                                                              code=line.code)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the line's state refuses that command, in words; None when its state allows it."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def allocate(self, allocation_id: UUID, code: str, amount: Decimal, envelope: Envelope) -> None:
        refusal = self.allows("allocations.allocate")
        refuse(refusal)
        require(amount <= self.unallocated, "allocation of {fmt} exceeds the unallocated balance {fmt2} of line "
                                            "{code}", fmt=fmt(amount), fmt2=fmt(self.unallocated), code=self.code)
        self.trigger_event(self.Allocated, allocation_id=allocation_id, allocation_code=code, amount=amount,
                           envelope=envelope)


# ---- commissions' bank accounts ----------------------------------------------------------------

class BankAccount(Record):
    commission_id: UUID
    code: str
    bank: str
    number: str
    holder: str

    class Registered(Record.Created):
        commission_id: UUID
        commission_label: str
        bank: str
        number: str
        holder: str

        def apply(self, a: BankAccount) -> None:
            a.commission_id, a.code = self.commission_id, self.commission_label
            a.bank, a.number, a.holder = self.bank, self.number, self.holder

    class Changed(Record.Event):
        bank: str
        number: str
        holder: str

        def apply(self, a: BankAccount) -> None:
            a.bank, a.number, a.holder = self.bank, self.number, self.holder


class PaymentOrder(Record):
    """A payment order's number, taken once: the same order cannot pay twice."""

    code: str
    allocation_id: UUID
    amount: Decimal

    class Issued(Record.Created):
        number: str
        allocation_id: UUID
        amount: Decimal

        def apply(self, p: PaymentOrder) -> None:
            p.code, p.allocation_id, p.amount = self.number, self.allocation_id, self.amount


# ---- allocations -------------------------------------------------------------------------------

class Allocation(Record):
    code: str
    budget_code: str
    line_id: UUID
    line_code: str
    commission_id: UUID
    commission_label: str
    election_code: str
    constituency: int
    precinct: int | None
    amount: Decimal
    allocated_on: date
    report_due: date
    transferred: Decimal
    reported: Decimal | None
    verified: Decimal
    refunded: Decimal
    refund_due: date | None
    status: str
    payment_orders: list[str]
    submitted_on: date | None
    last_movement_on: date

    class Made(Record.Created):
        code: str
        budget_code: str
        line_id: UUID
        line_code: str
        commission_id: UUID
        commission_label: str
        election_code: str
        constituency: int
        precinct: int | None
        amount: Decimal
        allocated_on: date
        report_due: date

        def apply(self, a: Allocation) -> None:
            a.code, a.budget_code, a.line_id, a.line_code = self.code, self.budget_code, self.line_id, self.line_code
            a.commission_id, a.commission_label = self.commission_id, self.commission_label
            a.election_code, a.constituency, a.precinct = self.election_code, self.constituency, self.precinct
            a.amount, a.allocated_on, a.report_due = self.amount, self.allocated_on, self.report_due
            a.transferred = ZERO
            a.reported = None  # the pending (submitted, not yet verified) report's amount
            a.verified = ZERO
            a.refunded = ZERO
            a.refund_due = None
            a.status = "open"
            a.payment_orders = []
            a.submitted_on = None  # the pending report's date
            a.last_movement_on = self.allocated_on  # the latest business date of a movement: closing cannot precede it

    class Transferred(Record.Event):
        payment_order: str
        amount: Decimal
        value_date: date
        bank: str
        account: str

        def apply(self, a: Allocation) -> None:
            a.transferred += self.amount
            a.payment_orders = [*a.payment_orders, self.payment_order]
            a.last_movement_on = max(a.last_movement_on, self.value_date)

    class ReportSubmitted(Record.Event):
        amount: Decimal
        submitted_on: date
        reference: str

        def apply(self, a: Allocation) -> None:
            a.reported = self.amount
            a.submitted_on = self.submitted_on
            a.last_movement_on = max(a.last_movement_on, self.submitted_on)

    class ReportVerified(Record.Event):
        reported: Decimal
        accepted: Decimal
        verified_on: date
        discrepancies: str
        refund_due: date

        def apply(self, a: Allocation) -> None:
            a.reported = None
            a.submitted_on = None
            a.verified += self.accepted
            a.refund_due = self.refund_due
            a.last_movement_on = max(a.last_movement_on, self.verified_on)

    class Refunded(Record.Event):
        amount: Decimal
        received_on: date
        reference: str

        def apply(self, a: Allocation) -> None:
            a.refunded += self.amount
            a.last_movement_on = max(a.last_movement_on, self.received_on)

    class Closed(Record.Event):
        closed_on: date

        def apply(self, a: Allocation) -> None:
            a.status = "closed"

    @property
    def active(self) -> bool:
        return self.status == "open"

    @property
    def untransferred(self) -> Decimal:
        return self.amount - self.transferred

    @property
    def expected_refund(self) -> Decimal:
        """Transferred money neither accepted as spent nor yet refunded (a pending report's claim aside)."""
        return self.transferred - self.verified - self.refunded

    @property
    def unaccounted(self) -> Decimal:
        return self.expected_refund - (self.reported or ZERO)

    # the commands whose state rule `allows` decides (ALLOCATION_RULES, below)
    STATE_RULES: ClassVar[dict[str, StateRule]]
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({
        "allocations.transfer", "allocations.submit-report", "allocations.verify-report", "allocations.refund",
        "allocations.close"
    })

    def allows(self, command: str) -> str | None:
        """Why the allocation's state refuses that command, in words; None when its state allows it (the
        command's own values are checked when it runs). The one answer: the methods below enforce it, the
        card offers exactly the commands it allows, the allocation pickers list the rows its condition holds for."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    @classmethod
    def make(cls, budget: Budget, line: BudgetLine, commission: Commission, election: Election, amount: Decimal,
             allocated_on: date, report_due: date, envelope: Envelope) -> Allocation:
        amount = money(amount, "allocation amount")
        require(allocated_on.year == line.year, "line {line_code} belongs to fiscal year {line_year}; it cannot be "
                                                "allocated on {allocated_on}", line_code=line.code,
                                                line_year=line.year, allocated_on=allocated_on)
        require(commission.active, "commission {commission_label} is dissolved; no money can go to it",
                                   commission_label=commission.label)
        require(allocated_on < election.over_on, "election {election_code} is over (voting day "
                                                 "{election_voting_day}, results period {results_period_days} days); "
                                                 "commission {commission_label} can receive no allocation on "
                                                 "{allocated_on}", election_code=election.code,
                                                 election_voting_day=election.voting_day,
                                                 results_period_days=RESULTS_PERIOD_DAYS,
                                                 commission_label=commission.label, allocated_on=allocated_on)
        require(report_due >= allocated_on, "the spending report cannot be due ({report_due}) before the allocation "
                                            "({allocated_on})", report_due=report_due, allocated_on=allocated_on)
        code = budget.next_allocation(envelope)  # the line refuses more than its balance (nothing is recorded)
        a = cls._create(cls.Made, id=allocation_id(code), code=code, budget_code=budget.code, line_id=line.id,
                        line_code=line.code, commission_id=commission.id, commission_label=commission.label,
                        election_code=commission.election_code, constituency=commission.constituency,
                        precinct=commission.precinct, amount=amount, allocated_on=allocated_on,
                        report_due=report_due, envelope=envelope)
        line.allocate(a.id, code, amount, envelope)
        return a

    def transfer(self, commission: Commission, account: BankAccount | None, payment_order: str, amount: Decimal,
                 value_date: date, envelope: Envelope) -> None:
        self._allowed("allocations.transfer")
        amount = money(amount, "transfer amount")
        require(commission.active, "commission {commission_label} is dissolved; no money can go to it",
                                   commission_label=self.commission_label)
        require(account is not None, "commission {commission_label} has no bank account registered; register it first",
                                     commission_label=self.commission_label)
        assert account is not None
        require(value_date >= self.allocated_on, "value date {value_date} is before the allocation ({allocated_on})",
                                                 value_date=value_date, allocated_on=self.allocated_on)
        require(amount <= self.untransferred, "transfer of {fmt} exceeds the untransferred balance {fmt2} of "
                                              "allocation {code}", fmt=fmt(amount), fmt2=fmt(self.untransferred),
                                              code=self.code)
        self.trigger_event(self.Transferred, payment_order=payment_order, amount=amount, value_date=value_date,
                           bank=account.bank, account=account.number, envelope=envelope)

    def submit_report(self, amount: Decimal, submitted_on: date, reference: str, envelope: Envelope) -> None:
        self._allowed("allocations.submit-report")
        amount = money(amount, "reported spending", zero_ok=True)
        require(submitted_on >= self.allocated_on, "the spending report cannot be submitted ({submitted_on}) before "
                                                   "the allocation ({allocated_on})", submitted_on=submitted_on,
                                                   allocated_on=self.allocated_on)
        require(amount <= self.expected_refund, "reported spending {fmt} exceeds the {fmt2} transferred and not yet "
                                                "accounted for", fmt=fmt(amount), fmt2=fmt(self.expected_refund))
        self.trigger_event(self.ReportSubmitted, amount=amount, submitted_on=submitted_on,
                           reference=optional(reference, "reference"), envelope=envelope)

    def verify_report(self, accepted: Decimal, verified_on: date, discrepancies: str, envelope: Envelope) -> None:
        self._allowed("allocations.verify-report")
        reported, submitted_on = self.reported, self.submitted_on
        assert reported is not None and submitted_on is not None  # allowed: a report is pending
        require(verified_on >= submitted_on, "the report cannot be verified ({verified_on}) before it was submitted "
                                             "({submitted_on})",
                verified_on=verified_on, submitted_on=submitted_on)
        accepted = money(accepted, "accepted spending", zero_ok=True)
        require(accepted <= reported, "accepted spending {fmt} exceeds the reported {fmt2}", fmt=fmt(accepted),
                                      fmt2=fmt(reported))
        discrepancies = optional(discrepancies, "discrepancies", LONG)
        require(accepted == reported or discrepancies, "{fmt} of the reported spending is not accepted: state the "
                                                       "discrepancies", fmt=fmt(reported - accepted))
        self.trigger_event(self.ReportVerified, reported=reported, accepted=accepted, verified_on=verified_on,
                           discrepancies=discrepancies, refund_due=verified_on + timedelta(days=REFUND_DAYS),
                           envelope=envelope)

    def refund(self, amount: Decimal, received_on: date, reference: str, envelope: Envelope) -> None:
        self._allowed("allocations.refund")
        amount = money(amount, "refund")
        require(received_on >= self.allocated_on, "a refund cannot be received ({received_on}) before the allocation "
                                                  "({allocated_on})", received_on=received_on,
                                                  allocated_on=self.allocated_on)
        require(amount <= self.unaccounted, "refund of {fmt} exceeds the {fmt2} transferred under {code} and not yet "
                                            "accounted for", fmt=fmt(amount), fmt2=fmt(self.unaccounted),
                                            code=self.code)
        self.trigger_event(self.Refunded, amount=amount, received_on=received_on,
                           reference=clean(reference, "receipt reference"), envelope=envelope)

    def close(self, closed_on: date, envelope: Envelope) -> None:
        self._allowed("allocations.close")
        require(closed_on >= self.last_movement_on, "allocation {code} cannot close on {closed_on}, before its last "
                                                    "movement ({last_movement_on})", code=self.code,
                                                    closed_on=closed_on, last_movement_on=self.last_movement_on)
        self.trigger_event(self.Closed, closed_on=closed_on, envelope=envelope)


_OPEN = Check(Attr("status").eq("open"), lambda a: Message("allocation {code} is closed", code=a.code))
_TRANSFERRED = Attr("transferred").gt(0)
_NO_REPORT_PENDING = Attr("reported").eq(None)

# What an allocation's state must be for each command on it: open (a closed one takes none of them), then the
# command's own checks in order.
ALLOCATION_RULES: dict[str, StateRule] = {
    "allocations.transfer": StateRule(_OPEN, Check(
        Attr("untransferred").gt(0), lambda a: Message("all of allocation {code} has been transferred", code=a.code))),
    "allocations.submit-report": StateRule(
        _OPEN,
        Check(_TRANSFERRED, lambda a: Message("nothing has been transferred under allocation {code} yet", code=a.code)),
        Check(_NO_REPORT_PENDING, lambda a: Message("a spending report of {code} is already awaiting verification",
            code=a.code)),
        Check(Attr("expected_refund").ne(0), lambda a: Message("everything transferred under allocation {code} is "
            "accounted for: no spending report is due",
            code=a.code))),
    "allocations.verify-report": StateRule(_OPEN, Check(
        Attr("reported").ne(None), lambda a: Message("allocation {code} has no spending report awaiting verification",
            code=a.code))),
    "allocations.refund": StateRule(_OPEN, Check(
        Attr("unaccounted").gt(0), lambda a: Message("nothing transferred under {code} is left unaccounted for "
            "(spent, reported or refunded)",
            code=a.code))),
    "allocations.close": StateRule(
        _OPEN,
        # closing it with nothing transferred would strand its whole amount, allocated and never paid
        Check(_TRANSFERRED, lambda a: Message("nothing has been transferred under allocation {code}: closing it "
            "would strand its money",
            code=a.code)),
        Check(_NO_REPORT_PENDING, lambda a: Message("the spending report of {code} is not verified yet", code=a.code)),
        # what was transferred is all verified as spent or refunded
        Check(Attr("expected_refund").eq(0), lambda a: Message("allocation {code} cannot close: transferred "
            "{transferred}, verified spending {verified} plus refunds {refunded} leave {expected_refund} unaccounted "
            "for",
            code=a.code, transferred=fmt(a.transferred), verified=fmt(a.verified), refunded=fmt(a.refunded),
            expected_refund=fmt(a.expected_refund)))),
}
Allocation.STATE_RULES = ALLOCATION_RULES


# ---- donor projects ----------------------------------------------------------------------------

class DonorProject(Record):
    code: str
    title: str
    donor: str
    agreement: str
    currency: str
    amount: Decimal
    starts: date
    ends: date
    active: bool
    received: Decimal
    paid: Decimal
    tranches: int
    payments: dict[str, str]
    advances: dict[str, Decimal]

    class Registered(Record.Created):
        code: str
        title: str
        donor: str
        agreement: str
        currency: str
        amount: Decimal
        starts: date
        ends: date

        def apply(self, p: DonorProject) -> None:
            p.code, p.title, p.donor, p.agreement = self.code, self.title, self.donor, self.agreement
            p.currency, p.amount, p.starts, p.ends = self.currency, self.amount, self.starts, self.ends
            p.active = True
            p.received = ZERO
            p.paid = ZERO
            p.tranches = 0
            p.payments = {}  # number -> kind ("payment", "advance", "settled advance")
            p.advances = {}  # open advances: number -> amount

    class TrancheReceived(Record.Event):
        amount: Decimal
        received_on: date
        reference: str

        def apply(self, p: DonorProject) -> None:
            p.received += self.amount
            p.tranches += 1

    class Paid(Record.Event):
        number: str
        kind: str
        payee: str
        amount: Decimal
        paid_on: date
        purpose: str

        def apply(self, p: DonorProject) -> None:
            p.paid += self.amount
            p.payments = {**p.payments, self.number: self.kind}
            if self.kind == "advance":
                p.advances = {**p.advances, self.number: self.amount}

    class AdvanceSettled(Record.Event):
        number: str
        advance: Decimal
        spent: Decimal
        settled_on: date

        def apply(self, p: DonorProject) -> None:
            p.paid -= self.advance - self.spent  # the unspent part comes back to the project
            p.advances = {k: v for k, v in p.advances.items() if k != self.number}
            p.payments = {**p.payments, self.number: "settled advance"}

    class Closed(Record.Event):
        on: date

        def apply(self, p: DonorProject) -> None:
            p.active = False

    @property
    def closed(self) -> bool:
        return not self.active

    @property
    def cash(self) -> Decimal:
        return self.received - self.paid

    @property
    def open_advances(self) -> int:
        return len(self.advances)

    # the commands whose state rule `allows` decides (PROJECT_RULES, below)
    STATE_RULES: ClassVar[dict[str, StateRule]]
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({
        "donors.receive-tranche", "donors.pay", "donors.settle-advance", "donors.close"
    })

    def allows(self, command: str) -> str | None:
        """Why the project's state refuses that command, in words; None when its state allows it (the
        command's own values are checked when it runs)."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    @classmethod
    def register(cls, code: str, title: str, donor: str, agreement: str, currency: str, amount: Decimal,
                 starts: date, ends: date, envelope: Envelope) -> DonorProject:
        code = _code(code, "project code")
        currency = (currency or "").strip().upper()
        require(_CURRENCY.match(currency), "currency {currency!r} must be a three-letter code like USD",
                                           currency=currency)
        require(ends > starts, "the project cannot end ({ends}) before it starts ({starts})", ends=ends,
                               starts=starts)
        return cls._create(cls.Registered, id=donor_project_id(code), code=code, title=clean(title, "title"),
                           donor=clean(donor, "donor"), agreement=clean(agreement, "agreement"),
                           currency=currency, amount=money(amount, "agreement amount"), starts=starts, ends=ends,
                           envelope=envelope)

    def receive(self, amount: Decimal, received_on: date, reference: str, envelope: Envelope) -> None:
        self._allowed("donors.receive-tranche")
        amount = money(amount, "tranche")
        require(self.received + amount <= self.amount, "tranche of {fmt} would take the receipts of {code} above the "
                                                       "agreed {fmt2} {currency} ({fmt3} received)", fmt=fmt(amount),
                                                       code=self.code, fmt2=fmt(self.amount), currency=self.currency,
                                                       fmt3=fmt(self.received))
        self.trigger_event(self.TrancheReceived, amount=amount, received_on=received_on,
                           reference=optional(reference, "reference"), envelope=envelope)

    def pay(self, number: str, kind: str, payee: str, amount: Decimal, paid_on: date, purpose: str,
            envelope: Envelope) -> None:
        self._allowed("donors.pay")
        number = clean(number, "payment number", NUMBER)
        require(number not in self.payments, "payment {number} of {code} already exists", number=number,
                                             code=self.code)
        require(kind in PAYMENT_KINDS, "unknown payment kind {kind!r}; kinds are {payment_kinds}", kind=kind,
                                       payment_kinds=', '.join(PAYMENT_KINDS))
        amount = money(amount, "payment")
        require(amount <= self.cash, "payment of {fmt} exceeds the cash of {code}: received {fmt2}, paid {fmt3}",
                                     fmt=fmt(amount), code=self.code, fmt2=fmt(self.received), fmt3=fmt(self.paid))
        self.trigger_event(self.Paid, number=number, kind=kind, payee=clean(payee, "payee"), amount=amount,
                           paid_on=paid_on, purpose=optional(purpose, "purpose"), envelope=envelope)

    def settle(self, number: str, spent: Decimal, settled_on: date, envelope: Envelope) -> None:
        self._allowed("donors.settle-advance")
        number = number.strip()
        require(number in self.advances, "{code} has no open advance {number}", code=self.code, number=number)
        advance = self.advances[number]
        spent = money(spent, "spent amount", zero_ok=True)
        require(spent <= advance, "spent {fmt} exceeds the advance of {fmt2}", fmt=fmt(spent), fmt2=fmt(advance))
        self.trigger_event(self.AdvanceSettled, number=number, advance=advance, spent=spent, settled_on=settled_on,
                           envelope=envelope)

    def close(self, on: date, envelope: Envelope) -> None:
        self._allowed("donors.close")
        self.trigger_event(self.Closed, on=on, envelope=envelope)


_ACTIVE = Check(Attr("active").is_true(), lambda p: Message("donor project {code} is closed", code=p.code))

# What a project's state must be for each command on it: active (a closed one takes none of them), then the
# command's own check.
PROJECT_RULES: dict[str, StateRule] = {
    "donors.receive-tranche": StateRule(_ACTIVE, Check(
        Attr("received").lt(Attr("amount")),
        lambda p: Message("all of the agreed {amount} {currency} of {code} has been received",
            amount=fmt(p.amount), currency=p.currency, code=p.code))),
    "donors.pay": StateRule(_ACTIVE, Check(
        Attr("cash").gt(0), lambda p: Message("{code} has no cash: received {received}, paid {paid}",
            code=p.code, received=fmt(p.received), paid=fmt(p.paid)))),
    "donors.settle-advance": StateRule(_ACTIVE, Check(
        Attr("open_advances").gt(0), lambda p: Message("{code} has no open advance", code=p.code))),
    "donors.close": StateRule(_ACTIVE, Check(
        Attr("open_advances").eq(0), lambda p: Message("donor project {code} cannot close: {advances} advance(s) "
            "still open ({value}); settle them first",
            code=p.code, advances=len(p.advances), value=', '.join(sorted(p.advances))))),
}
DonorProject.STATE_RULES = PROJECT_RULES


# ---- commands ----------------------------------------------------------------------------------



def find_budget(ctx: Context, year: int, source: str) -> Budget:
    return ctx.get(Budget, budget_id(year, source), Message("no budget for {year} from {source!r}",
        year=year, source=source.strip().upper()))


def find_line(ctx: Context, code: str) -> BudgetLine:
    return ctx.get(BudgetLine, budget_line_id(code), Message("no budget line {code!r}", code=code.strip().upper()))


def find_allocation(ctx: Context, code: str) -> Allocation:
    return ctx.get(Allocation, allocation_id(code), Message("no allocation {code!r}", code=code.strip().upper()))


def find_project(ctx: Context, code: str) -> DonorProject:
    return ctx.get(DonorProject, donor_project_id(code), Message("no donor project {code!r}",
        code=code.strip().upper()))


_COMMISSION = re.compile(r"^([A-Z0-9][A-Z0-9-]{0,23})/(\d{1,4})(?:-(\d{1,5}))?$")


def find_commission(ctx: Context, label: str) -> Commission:
    """A lower commission by its label: ELECTION/constituency, or ELECTION/constituency-precinct (PE26/001-0003)."""
    text = (label or "").strip().upper()
    m = _COMMISSION.match(text)
    require(m is not None, "commission {label!r} must be written like PE26/001 or PE26/001-0003", label=label)
    assert m is not None
    election, constituency = m.group(1), int(m.group(2))
    precinct = int(m.group(3)) if m.group(3) else None
    return ctx.get(Commission, commission_id(election, constituency, precinct), Message("no commission {text}",
        text=text))


class OpenBudget(Command, frozen=True, kw_only=True):
    name = "budgets.open"
    title = "Open a budget for a fiscal year and source"
    roles = OFFICE_STAFF
    year: int
    source: str
    budget_title: str

    def execute(self, ctx: Context) -> Outcome:
        source = _code(self.source, "funding source")
        require(ctx.find(Budget, budget_id(self.year, source)) is None,
                "a budget for {year} from {source} already exists", year=self.year, source=source)
        b = ctx.add(Budget.open(self.year, source, self.budget_title, ctx.envelope))
        return Outcome(message=Message("budget {code} opened", code=b.code), record_ids=[b.id])


class AddBudgetLine(Command, frozen=True, kw_only=True):
    name = "budgets.add-line"
    title = "Add a budget line"
    roles = OFFICE_STAFF
    year: int
    source: str
    economic_code: str
    cost_centre: str
    amount: Decimal
    description: str = ""

    def execute(self, ctx: Context) -> Outcome:
        budget = find_budget(ctx, self.year, self.source)
        code = line_code(budget.year, budget.source, _code(self.economic_code, "economic code"),
                         _code(self.cost_centre, "cost centre"))
        require(ctx.find(BudgetLine, budget_line_id(code)) is None, "budget line {code} already exists", code=code)
        line = ctx.add(BudgetLine.add(budget, self.economic_code, self.cost_centre, self.description, self.amount,
                                      ctx.envelope))
        return Outcome(message=Message("line {line_code} added ({fmt})", line_code=line.code, fmt=fmt(line.amount)),
                       record_ids=[line.id])


class ReviseBudgetLine(Command, frozen=True, kw_only=True):
    name = "budgets.revise-line"
    title = "Revise a budget line"
    roles = OFFICE_STAFF
    line: str
    amount: Decimal
    basis: str

    def execute(self, ctx: Context) -> Outcome:
        line = find_line(ctx, self.line)
        line.revise(self.amount, self.basis, ctx.envelope)
        return Outcome(message=Message("line {line_code} revised to {fmt}", line_code=line.code,
                                       fmt=fmt(line.amount)), record_ids=[line.id])


class Allocate(Command, frozen=True, kw_only=True):
    name = "allocations.allocate"
    title = "Allocate a budget line's money to a commission"
    roles = OFFICE_STAFF
    line: str
    commission: str
    amount: Decimal
    allocated_on: date
    report_due: date

    def execute(self, ctx: Context) -> Outcome:
        line = find_line(ctx, self.line)
        budget = ctx.get(Budget, line.budget_id, "the line's budget is missing")
        commission = find_commission(ctx, self.commission)
        election = ctx.get(Election, commission.election_id, Message("the election of {label} is missing",
            label=commission.label))
        a = ctx.add(Allocation.make(budget, line, commission, election, self.amount, self.allocated_on,
                                    self.report_due, ctx.envelope))
        return Outcome(message=Message("allocation {code}: {fmt} to {commission_label}", code=a.code,
                                       fmt=fmt(a.amount), commission_label=a.commission_label), record_ids=[a.id])


# A bank account is registered for a live lower commission (the central commission takes no allocation).
# `RegisterBankAccount` enforces it; the commission's and its allocations' cards ask it, the commission picker
# filters by its condition.
account_for = rule(Commission, "accounts.register")(StateRule(
    Check(IS_LOWER, lambda c: Message(
        "bank accounts are registered for lower commissions, not for the central commission {label}", label=c.label)),
    Check(IS_LIVE, lambda c: Message("commission {label} is dissolved", label=c.label))))


class RegisterBankAccount(Command, frozen=True, kw_only=True):
    name = "accounts.register"
    title = "Register a commission's bank account"
    roles = OFFICE_STAFF
    commission: str
    bank: str
    account_number: Number
    holder: str = ""

    def execute(self, ctx: Context) -> Outcome:
        c = find_commission(ctx, self.commission)
        refuse(account_for(c))
        bank, number = clean(self.bank, "bank"), clean(self.account_number, "account number", NUMBER)
        holder = optional(self.holder, "holder") or c.name
        account = ctx.find(BankAccount, account_id(c.id))
        if account is None:
            account = ctx.add(BankAccount._create(BankAccount.Registered, id=account_id(c.id), commission_id=c.id,
                                                  commission_label=c.label, bank=bank, number=number,
                                                  holder=holder, envelope=ctx.envelope))
            return Outcome(message=Message("bank account of {label} registered", label=c.label),
                           record_ids=[account.id])
        require((bank, number, holder) != (account.bank, account.number, account.holder),
                "that is already the bank account of {label}", label=c.label)
        account.trigger_event(BankAccount.Changed, bank=bank, number=number, holder=holder, envelope=ctx.envelope)
        return Outcome(message=Message("bank account of {label} changed", label=c.label), record_ids=[account.id])


class Transfer(Command, frozen=True, kw_only=True):
    name = "allocations.transfer"
    title = "Transfer allocated money to the commission's bank account"
    roles = OFFICE_STAFF
    money_out = "amount"
    allocation: str
    amount: Decimal
    payment_order: Number
    value_date: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_allocation(ctx, self.allocation)
        number = clean(self.payment_order, "payment order number", NUMBER).upper()
        require(ctx.find(PaymentOrder, payment_order_id(number)) is None, "payment order {number} was already used",
                                                                          number=number)
        commission = ctx.get(Commission, a.commission_id, Message("commission {commission_label} is missing",
            commission_label=a.commission_label))
        a.transfer(commission, ctx.find(BankAccount, account_id(a.commission_id)), number, self.amount,
                   self.value_date, ctx.envelope)
        ctx.add(PaymentOrder._create(PaymentOrder.Issued, id=payment_order_id(number), number=number,
                                     allocation_id=a.id, amount=money(self.amount, "amount"), envelope=ctx.envelope))
        return Outcome(message=Message("{fmt} transferred to {commission_label} ({number})", fmt=fmt(self.amount),
                                       commission_label=a.commission_label, number=number),
                       record_ids=[a.id])


class SubmitSpendingReport(Command, frozen=True, kw_only=True):
    name = "allocations.submit-report"
    title = "Receive a commission's spending report"
    roles = OFFICE_STAFF
    allocation: str
    spent: Decimal
    submitted_on: date
    reference: str = ""

    def execute(self, ctx: Context) -> Outcome:
        a = find_allocation(ctx, self.allocation)
        a.submit_report(self.spent, self.submitted_on, self.reference, ctx.envelope)
        return Outcome(message=Message("spending report of {code} received", code=a.code), record_ids=[a.id])


class VerifySpendingReport(Command, frozen=True, kw_only=True):
    name = "allocations.verify-report"
    title = "Verify a spending report"
    roles = OFFICE_STAFF
    allocation: str
    accepted: Decimal
    verified_on: date
    discrepancies: Long = ""

    def execute(self, ctx: Context) -> Outcome:
        a = find_allocation(ctx, self.allocation)
        a.verify_report(self.accepted, self.verified_on, self.discrepancies, ctx.envelope)
        return Outcome(message=Message("spending report of {code} verified; expected refund {fmt}", code=a.code,
                                       fmt=fmt(a.expected_refund)),
                       record_ids=[a.id])


class RecordRefund(Command, frozen=True, kw_only=True):
    name = "allocations.refund"
    title = "Record a refund of unspent money"
    roles = OFFICE_STAFF
    allocation: str
    amount: Decimal
    received_on: date
    reference: str

    def execute(self, ctx: Context) -> Outcome:
        a = find_allocation(ctx, self.allocation)
        a.refund(self.amount, self.received_on, self.reference, ctx.envelope)
        return Outcome(message=Message("refund of {fmt} recorded for {code}", fmt=fmt(self.amount), code=a.code),
                       record_ids=[a.id])


class CloseAllocation(Command, frozen=True, kw_only=True):
    name = "allocations.close"
    title = "Close an allocation"
    roles = OFFICE_STAFF
    allocation: str
    closed_on: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_allocation(ctx, self.allocation)
        a.close(self.closed_on, ctx.envelope)
        return Outcome(message=Message("allocation {code} closed", code=a.code), record_ids=[a.id])


class RegisterDonorProject(Command, frozen=True, kw_only=True):
    name = "donors.register"
    title = "Register a donor-funded project"
    roles = OFFICE_STAFF
    code: str
    project_title: str
    donor: str
    agreement: str
    currency: str = "USD"
    amount: Decimal
    starts: date
    ends: date

    def execute(self, ctx: Context) -> Outcome:
        code = _code(self.code, "project code")
        require(ctx.find(DonorProject, donor_project_id(code)) is None, "donor project {code} already exists",
                                                                        code=code)
        p = ctx.add(DonorProject.register(code, self.project_title, self.donor, self.agreement, self.currency,
                                          self.amount, self.starts, self.ends, ctx.envelope))
        return Outcome(message=Message("donor project {code} registered", code=p.code), record_ids=[p.id])


class ReceiveTranche(Command, frozen=True, kw_only=True):
    name = "donors.receive-tranche"
    title = "Record a tranche received from the donor"
    roles = OFFICE_STAFF
    project: str
    amount: Decimal
    received_on: date
    reference: str = ""

    def execute(self, ctx: Context) -> Outcome:
        p = find_project(ctx, self.project)
        p.receive(self.amount, self.received_on, self.reference, ctx.envelope)
        return Outcome(message=Message("tranche of {fmt} {currency} received for {code}", fmt=fmt(self.amount),
                                       currency=p.currency, code=p.code), record_ids=[p.id])


class PayFromProject(Command, frozen=True, kw_only=True):
    name = "donors.pay"
    title = "Pay (or advance) from a donor project"
    roles = OFFICE_STAFF
    money_out = "amount"
    project: str
    payment: Number
    kind: str = "payment"
    payee: str
    amount: Decimal
    paid_on: date
    purpose: str = ""

    def execute(self, ctx: Context) -> Outcome:
        p = find_project(ctx, self.project)
        p.pay(self.payment, self.kind, self.payee, self.amount, self.paid_on, self.purpose, ctx.envelope)
        return Outcome(message=Message("{kind} {payment} of {fmt} {currency} from {code}", kind=self.kind,
                                       payment=self.payment.strip(), fmt=fmt(self.amount), currency=p.currency,
                                       code=p.code),
                       record_ids=[p.id])


class SettleAdvance(Command, frozen=True, kw_only=True):
    name = "donors.settle-advance"
    title = "Settle an advance"
    roles = OFFICE_STAFF
    project: str
    payment: str
    spent: Decimal
    settled_on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_project(ctx, self.project)
        p.settle(self.payment, self.spent, self.settled_on, ctx.envelope)
        return Outcome(message=Message("advance {payment} of {code} settled", payment=self.payment.strip(),
                                       code=p.code), record_ids=[p.id])


class CloseDonorProject(Command, frozen=True, kw_only=True):
    name = "donors.close"
    title = "Close a donor project"
    roles = OFFICE_STAFF
    needs_reason = True
    project: str
    closed_on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_project(ctx, self.project)
        p.close(self.closed_on, ctx.envelope)
        return Outcome(message=Message("donor project {code} closed", code=p.code), record_ids=[p.id])

