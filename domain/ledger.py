"""Ledger context: the chart of accounts, and the only two ways money enters the books by hand: funds the
treasury releases to the secretariat's account, and adjusting entries (each a command with a reason).

Everything else in the journal is posted from the events of the other contexts by the posting rules
(domain/postings.py); the journal and the ledger are projections (projections/ledger.py). Nothing here
edits a posted entry: a correction is another adjusting entry, dated when it is made, citing its reason.

The chart is declared here. Expense accounts follow the budget classification: `EXP-<economic code>` for any
economic code a budget line may carry (EXP-2211 is the expense of economic code 2211).
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.errors import N_, Message
from domain.finance import fmt, money
from domain.records import Number, Record, clean, optional, require
from domain.roles import OFFICE_STAFF

_NS = uuid.UUID("1e5b7c3a-9d2f-4e8a-b6c1-7a0d3f5e2b91")
KINDS = ("asset", "liability", "net assets", "revenue", "expense", "budgetary")
# code -> (name, kind). Assets and expenses have debit balances; the others credit balances.
CHART: dict[str, tuple[str, str]] = {
    "1100": (N_("Treasury account"), "asset"),  # state budget funds released to the secretariat
    "1110": (N_("Bank: donor projects"), "asset"),
    "1310": (N_("Due from commissions"), "asset"),  # transferred, not yet verified as spent or refunded
    "1320": (N_("Trip advances to staff"), "asset"),
    "1330": (N_("Donor project advances"), "asset"),
    "1500": (N_("Fixed assets at cost"), "asset"),
    "1590": (N_("Accumulated depreciation"), "asset"),  # a contra-asset: its balance is a credit
    "2100": (N_("Payables to suppliers"), "liability"),  # delivered under a contract, not yet paid
    "2200": (N_("Salaries payable"), "liability"),
    "2210": (N_("Income tax withheld"), "liability"),
    "2220": (N_("Pension withheld"), "liability"),
    "3100": (N_("Accumulated surplus"), "net assets"),
    "4100": (N_("State budget funds released"), "revenue"),
    "4200": (N_("Donor grants received"), "revenue"),
    "5800": (N_("Depreciation"), "expense"),
    "5850": (N_("Loss on write-offs"), "expense"),
    "5900": (N_("Donor project expenditure"), "expense"),
    # Budgetary (memorandum) accounts: what the budget committed, off the statement of financial position.
    "8100": (N_("Allocations committed"), "budgetary"),
    "8200": (N_("Appropriations committed"), "budgetary"),
}
CASH_ACCOUNTS = ("1100", "1110")
EXPENSE_PREFIX = "EXP-"
_ECONOMIC = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")


def expense_account(economic_code: str) -> str:
    return EXPENSE_PREFIX + economic_code.strip().upper()


def account_kind(code: str) -> str | None:
    """The kind of an account of the chart (an EXP- account of any economic code is an expense), else None."""
    if code in CHART:
        return CHART[code][1]
    if code.startswith(EXPENSE_PREFIX) and _ECONOMIC.match(code[len(EXPENSE_PREFIX):]):
        return "expense"
    return None


def account_name(code: str) -> str:
    if code in CHART:
        return CHART[code][0]
    return f"Expense, code {code[len(EXPENSE_PREFIX):]}"


def debit_normal(code: str) -> bool:
    return account_kind(code) in ("asset", "expense") or code == "8100"


def check_account(value: str, what: str) -> str:
    code = (value or "").strip().upper()
    require(account_kind(code) is not None, "{what} {value!r} is not in the chart of accounts; accounts are {chart} "
                                            "and EXP-<economic code>", what=what, value=value.strip(),
                                            chart=', '.join(CHART))
    return code


def release_id(reference: str) -> UUID:
    return uuid.uuid5(_NS, "release/" + reference.strip().upper())


def adjustment_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "adjustment/" + number.strip().upper())


class FundsRelease(Record):
    """State budget funds the treasury released to the secretariat's account, under one reference."""

    code: str
    year: int
    amount: Decimal
    received_on: date

    class Received(Record.Created):
        reference: str
        year: int
        amount: Decimal
        received_on: date

        def apply(self, r: FundsRelease) -> None:
            r.code, r.year, r.amount, r.received_on = self.reference, self.year, self.amount, self.received_on


class AdjustingEntry(Record):
    """An entry typed by hand: one debit, one credit, one amount, a date and the reason in its envelope."""

    code: str
    on: date
    debit: str
    credit: str
    amount: Decimal
    memo: str

    class Posted(Record.Created):
        number: str
        on: date
        debit: str
        credit: str
        amount: Decimal
        memo: str

        def apply(self, a: AdjustingEntry) -> None:
            a.code, a.on, a.debit, a.credit = self.number, self.on, self.debit, self.credit
            a.amount, a.memo = self.amount, self.memo


class ReceiveFunds(Command, frozen=True, kw_only=True):
    name = "ledger.receive-funds"
    title = "Record state budget funds released by the treasury"
    roles = OFFICE_STAFF
    reference: Number
    year: int
    amount: Decimal
    received_on: date

    def execute(self, ctx: Context) -> Outcome:
        reference = clean(self.reference, "treasury reference", 40).upper()
        require(ctx.find(FundsRelease, release_id(reference)) is None,
                "treasury release {reference} is already recorded", reference=reference)
        require(1990 <= self.year <= 2100, "fiscal year {year} is out of range", year=self.year)
        require(self.received_on.year in (self.year, self.year + 1),
                "funds of fiscal year {year} cannot be received on {received_on}", year=self.year,
                received_on=self.received_on)
        r = ctx.add(FundsRelease._create(FundsRelease.Received, id=release_id(reference), reference=reference,
                                         year=self.year, amount=money(self.amount, "released amount"),
                                         received_on=self.received_on, envelope=ctx.envelope))
        return Outcome(message=Message("{fmt} released under {reference} recorded", fmt=fmt(r.amount),
                                       reference=reference), record_ids=[r.id])


class PostAdjustingEntry(Command, frozen=True, kw_only=True):
    name = "ledger.adjust"
    title = "Post an adjusting entry (with a reason)"
    roles = OFFICE_STAFF
    needs_reason = True
    number: Number
    on: date
    debit_account: str
    credit_account: str
    amount: Decimal
    memo: str = ""

    def execute(self, ctx: Context) -> Outcome:
        number = clean(self.number, "entry number", 40).upper()
        require(ctx.find(AdjustingEntry, adjustment_id(number)) is None, "adjusting entry {number} already exists",
                                                                         number=number)
        debit = check_account(self.debit_account, "debit account")
        credit = check_account(self.credit_account, "credit account")
        require(debit != credit, "an adjusting entry debits and credits two different accounts, not {debit} twice",
                                 debit=debit)
        amount = money(self.amount, "amount")
        a = ctx.add(AdjustingEntry._create(AdjustingEntry.Posted, id=adjustment_id(number), number=number,
                                           on=self.on, debit=debit, credit=credit, amount=amount,
                                           memo=optional(self.memo, "memo"), envelope=ctx.envelope))
        return Outcome(message=Message("adjusting entry {number}: {debit} / {credit} {fmt}", number=number,
                                       debit=debit, credit=credit, fmt=fmt(amount)), record_ids=[a.id])

