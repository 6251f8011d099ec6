"""Ballot accountability: one account per commission and ballot item. What the commission acknowledged
receiving must equal what it issued to voters, spoiled, returned unused and cancelled. The count (the
commission's protocol figures) is taken on or after voting day; an imbalance is a finding that stays open until
acts explain it; the account is reconciled only when everything adds up, and then changes no more."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message
from domain.finance import find_commission
from domain.organisation import Commission, Election, election_id
from domain.personnel import _number
from domain.records import LONG, Long, Record, clean, refuse, require
from domain.supplies.common import ballot_account_id, ballot_item_code, quantity


def ballot_status(counted: bool, reconciled: bool, open_finding: int, explained: int) -> str:
    """An account's state in words: received, imbalance (an open finding), explained, balanced, reconciled."""
    if reconciled:
        return "reconciled"
    if not counted:
        return "received"
    if open_finding:
        return "imbalance"
    return "explained" if explained else "balanced"


# The account statuses (ballot_status) each command takes an account in: BallotAccount.allows decides by them,
# and the pickers list the accounts in them.
BALLOT_STATUSES: dict[str, tuple[str, ...]] = {
    "ballots.count": ("received", "imbalance", "explained", "balanced"), "ballots.explain": ("imbalance",),
    "ballots.reconcile": ("explained", "balanced")}


class BallotAccount(Record):
    commission_id: UUID
    commission_label: str
    item: str
    election_code: str
    constituency: int
    precinct: int | None
    received: int
    unused: int
    issued: int
    spoiled: int
    cancelled: int
    explained: int
    counted_on: date | None
    reconciled_on: date | None
    acts: list[str]

    class Opened(Record.Created):
        commission_id: UUID
        commission_label: str
        election_code: str
        constituency: int
        precinct: int | None
        item: str

        def apply(self, a: BallotAccount) -> None:
            a.commission_id, a.commission_label, a.item = self.commission_id, self.commission_label, self.item
            a.election_code, a.constituency, a.precinct = self.election_code, self.constituency, self.precinct
            a.received = a.unused = a.issued = a.spoiled = a.cancelled = a.explained = 0
            a.counted_on = None
            a.reconciled_on = None
            a.acts = []

    class Received(Record.Event):
        quantity: int
        waybill: str
        on: date

        def apply(self, a: BallotAccount) -> None:
            a.received += self.quantity

    class UnusedReturned(Record.Event):
        quantity: int
        waybill: str
        on: date

        def apply(self, a: BallotAccount) -> None:
            a.unused += self.quantity

    class Counted(Record.Event):
        issued: int
        spoiled: int
        cancelled: int
        on: date
        protocol: str

        def apply(self, a: BallotAccount) -> None:
            a.issued, a.spoiled, a.cancelled, a.counted_on = self.issued, self.spoiled, self.cancelled, self.on

    class Explained(Record.Event):
        act_number: str
        quantity: int
        on: date
        explanation: str

        def apply(self, a: BallotAccount) -> None:
            a.explained += self.quantity
            a.acts = [*a.acts, self.act_number]

    class Reconciled(Record.Event):
        on: date
        received: int
        issued: int
        spoiled: int
        unused: int
        cancelled: int
        explained: int

        def apply(self, a: BallotAccount) -> None:
            a.reconciled_on = self.on

    @property
    def code(self) -> str:
        return f"{self.commission_label} {self.item}"

    @property
    def accounted(self) -> int:
        return self.issued + self.spoiled + self.unused + self.cancelled

    @property
    def imbalance(self) -> int:
        """Received minus accounted for (positive: ballots missing; negative: more accounted than received)."""
        return self.received - self.accounted if self.counted_on is not None else 0

    @property
    def open_finding(self) -> int:
        return self.imbalance - self.explained

    @property
    def status(self) -> str:
        return ballot_status(self.counted_on is not None, self.reconciled_on is not None, self.open_finding,
                             self.explained)

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(BALLOT_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the account's state refuses that command, in words: nothing changes once reconciled; an act
        explains an open imbalance of a counted account; an account is reconciled once counted and adding up.
        None when its state allows it (the command's own values are checked when it runs); the card offers
        exactly this."""
        if command not in BALLOT_STATUSES or self.status in BALLOT_STATUSES[command]:
            return None
        who = self.commission_label
        if self.reconciled_on is not None:
            return Message("the ballot account of {who} was reconciled on {reconciled_on}; it changes no more",
                           who=who, reconciled_on=self.reconciled_on)
        if self.counted_on is None:
            if command == "ballots.explain":
                return Message("the ballots of {who} are not counted yet; there is no finding to explain", who=who)
            return Message("the ballots of {who} are not counted yet", who=who)
        if command == "ballots.explain":
            return Message("the ballot account of {who} has no open imbalance to explain", who=who)
        total = self.accounted + self.explained
        return Message(
            "ballots of {who} do not add up: received {received:,} but issued {issued:,} + spoiled {spoiled:,} + "
            "returned unused {unused:,} + cancelled {cancelled:,} + explained by acts {explained:,} = {total:,} "
            "({difference:+,} unaccounted for)", who=who, received=self.received, issued=self.issued,
            spoiled=self.spoiled, unused=self.unused, cancelled=self.cancelled, explained=self.explained, total=total,
            difference=self.received - total)

    def _allowed(self, command: str) -> None:
        refuse(self.allows(command))

    def _open(self) -> None:
        require(self.reconciled_on is None, "the ballot account of {commission_label} was reconciled on "
                                            "{reconciled_on}; it changes no more",
                commission_label=self.commission_label, reconciled_on=self.reconciled_on)

    def receive(self, qty: int, waybill: str, on: date, envelope: Envelope) -> None:
        self._open()
        self.trigger_event(self.Received, quantity=qty, waybill=waybill, on=on, envelope=envelope)

    def return_unused(self, qty: int, waybill: str, on: date, envelope: Envelope) -> None:
        self._open()
        self.trigger_event(self.UnusedReturned, quantity=qty, waybill=waybill, on=on, envelope=envelope)

    def count(self, election: Election, issued: int, spoiled: int, cancelled: int, on: date, protocol: str,
              envelope: Envelope) -> None:
        self._allowed("ballots.count")
        voting_day: Any = election.voting_day
        require(on >= voting_day, "ballots of {election_code} are counted on or after voting day {voting_day}, not "
                                  "on {on}", election_code=election.code, voting_day=voting_day, on=on)
        self.trigger_event(self.Counted, issued=quantity(issued, "ballots issued to voters", zero_ok=True),
                           spoiled=quantity(spoiled, "spoiled ballots", zero_ok=True),
                           cancelled=quantity(cancelled, "cancelled ballots", zero_ok=True), on=on,
                           protocol=_number(protocol, "protocol number"), envelope=envelope)

    def explain(self, act_number: str, qty: int, on: date, explanation: str, envelope: Envelope) -> None:
        self._allowed("ballots.explain")
        counted: Any = self.counted_on
        open_ = self.open_finding
        act = _number(act_number, "act number")
        require(act not in self.acts, "act {act} is already recorded on {commission_label}", act=act,
                                      commission_label=self.commission_label)
        require(isinstance(qty, int) and qty != 0, "the act explains a number of ballots other than zero")
        require((qty > 0) == (open_ > 0) and abs(qty) <= abs(open_),
                "the open imbalance of {commission_label} is {open:+,}; an act cannot explain {qty:+,}",
                commission_label=self.commission_label, open=open_, qty=qty)
        require(on >= counted, "the act ({on}) cannot precede the count ({counted})", on=on, counted=counted)
        self.trigger_event(self.Explained, act_number=act, quantity=qty, on=on,
                           explanation=clean(explanation, "explanation", LONG), envelope=envelope)

    def reconcile(self, on: date, envelope: Envelope) -> None:
        self._open()
        require(self.counted_on is not None, "the ballots of {commission_label} are not counted yet",
                                             commission_label=self.commission_label)
        counted: Any = self.counted_on
        require(on >= counted, "the reconciliation ({on}) cannot precede the count ({counted})", on=on, counted=counted)
        self._allowed("ballots.reconcile")
        self.trigger_event(self.Reconciled, on=on, received=self.received, issued=self.issued, spoiled=self.spoiled,
                           unused=self.unused, cancelled=self.cancelled, explained=self.explained, envelope=envelope)


def ballot_account(ctx: Context, commission: Commission, item: str) -> BallotAccount:
    """The account of a commission for a ballot item, opened on its first receipt."""
    found = ctx.find(BallotAccount, ballot_account_id(commission.id, item))
    if found is None:
        found = ctx.add(BallotAccount._create(
            BallotAccount.Opened, id=ballot_account_id(commission.id, item), commission_id=commission.id,
            commission_label=commission.label, election_code=commission.election_code,
            constituency=commission.constituency, precinct=commission.precinct, item=item, envelope=ctx.envelope))
    return found


def _account(ctx: Context, label: str, item: str) -> tuple[Commission, BallotAccount]:
    commission = find_commission(ctx, label)
    code = item.strip().upper() or ballot_item_code(commission.election_code, commission.constituency)
    account = ctx.find(BallotAccount, ballot_account_id(commission.id, code))
    require(account is not None, "{commission_label} has acknowledged no {code} ballots; there is no account",
                                 commission_label=commission.label, code=code)
    assert account is not None
    return commission, account


class CountBallots(Command, frozen=True, kw_only=True):
    name = "ballots.count"
    title = "Record a commission's ballot count after voting day"
    commission: str
    item: str = ""  # the constituency's ballot papers unless named
    issued: int
    spoiled: int = 0
    cancelled: int = 0
    counted_on: date
    protocol: str

    def execute(self, ctx: Context) -> Outcome:
        commission, account = _account(ctx, self.commission, self.item)
        election = ctx.get(Election, election_id(commission.election_code), "the election is missing")
        account.count(election, self.issued, self.spoiled, self.cancelled, self.counted_on, self.protocol,
                      ctx.envelope)
        tail = f"imbalance {account.imbalance:+,}" if account.imbalance else "balanced"
        return Outcome(message=Message("ballots of {commission_label} counted: {tail}",
                                       commission_label=commission.label, tail=tail), record_ids=[account.id])


class ExplainImbalance(Command, frozen=True, kw_only=True):
    name = "ballots.explain"
    title = "Explain a ballot imbalance by an act"
    needs_reason = True
    commission: str
    item: str = ""
    act_number: str
    quantity: int
    on: date
    explanation: Long

    def execute(self, ctx: Context) -> Outcome:
        commission, account = _account(ctx, self.commission, self.item)
        account.explain(self.act_number, self.quantity, self.on, self.explanation, ctx.envelope)
        return Outcome(message=Message("act {act_number} explains {quantity:+,} ballots of {commission_label}; open "
                                       "{account_open_finding:+,}", act_number=self.act_number.strip().upper(),
                                       quantity=self.quantity, commission_label=commission.label,
                                       account_open_finding=account.open_finding), record_ids=[account.id])


class ReconcileBallots(Command, frozen=True, kw_only=True):
    name = "ballots.reconcile"
    title = "Reconcile a commission's ballot account"
    commission: str
    item: str = ""
    on: date

    def execute(self, ctx: Context) -> Outcome:
        commission, account = _account(ctx, self.commission, self.item)
        account.reconcile(self.on, ctx.envelope)
        return Outcome(message=Message("ballots of {commission_label} reconciled", commission_label=commission.label),
                       record_ids=[account.id])
