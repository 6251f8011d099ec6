"""Candidates' files: nomination documents received (nominating party or self-nomination, constituency), the
signature sheets submitted and checked by sampling against the number of valid signatures required, the
registration decision or the refusal with reasons, and withdrawal.

A candidate is nominated -> signatures submitted -> signatures checked -> registered | refused; refused may come
at any step before registration; withdrawn from any step before a refusal. Steps go only in that order, each not
dated before the one before it, and each before its deadline in the election plan (domain/plan.py: activities
NOMINATION, SIGNATURES, CANDIDATE-REGISTRATION, WITHDRAWAL; an election whose plan lacks one has no deadline
for that step). A candidate is registered only when the check estimates at least the required valid signatures:
estimated valid = signatures submitted x valid in the sample / sample size. A nominating party must be in the
register of parties and neither suspended, merged nor dissolved; the constituency's commission must exist and
not be dissolved.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Commission, commission_id, find_election
from domain.parties import check_may_act
from domain.plan import check_deadline
from domain.records import LONG, NAME, NUMBER, Long, Name, Number, Record, clean, refuse, require
from domain.roles import DECIDERS, OFFICE_STAFF

_NS = uuid.UUID("9e1d7c3b-5a2f-4b8e-a6d4-0c3f2e1b7a98")
_DOCUMENT = re.compile(r"^[A-Z0-9][A-Z0-9/-]{0,23}$")
FINAL = ("registered", "refused", "withdrawn")
SELF = "self-nominated"


def _document(value: str) -> str:
    code = (value or "").strip().upper()
    require(_DOCUMENT.match(code), "document number {value!r} must be 1-24 letters, digits, '-' or '/'", value=value)
    return code


@lru_cache(maxsize=8192)
def candidate_id(election: str, document: str) -> UUID:
    return uuid.uuid5(_NS, f"candidate/{election.strip().upper()}/{document.strip().upper()}")


def estimated_valid(signatures: int, sampled: int, valid: int) -> int:
    """The valid signatures a sample implies for the whole submission (rounded down)."""
    return signatures * valid // sampled


# The statuses in which a candidate takes each step, and the step in words: the card reads this,
# `Candidate.allows` decides by it.
CANDIDATE_STEPS: dict[str, tuple[tuple[str, ...], str]] = {
    "candidates.submit-signatures": (("nominated",), "given signature sheets"),
    "candidates.check-signatures": (("signatures submitted",), "checked"),
    "candidates.register": (("signatures checked",), "registered"),
    "candidates.refuse": (("nominated", "signatures submitted", "signatures checked"), "refused"),
    "candidates.withdraw": (("nominated", "signatures submitted", "signatures checked", "registered"), "withdrawn"),
}


def _step_rule(command: str) -> StateRule:
    """The candidate is at a step that takes `command` (CANDIDATE_STEPS); registering also needs an estimate of
    valid signatures at least the required number. The candidate pickers filter by the same conditions."""
    states, what = CANDIDATE_STEPS[command]
    checks = [Check(Attr("status").one_of(states), lambda c: Message(
        "{label} is {status}; it cannot be {what} now", label=c.label, status=c.status, what=what))]
    if command == "candidates.register":
        def short(c: Candidate) -> str:
            return Message("{label} has an estimated {estimated_valid} valid signatures of the {required} required; "
                           "refuse the registration instead", label=c.label, estimated_valid=c.estimated_valid,
                           required=c.required)

        checks += [Check(Attr("estimated_valid").ne(None), short), Check(Attr("required").ne(None), short),
                   Check(Attr("estimated_valid").ge(Attr("required")), short)]
    return StateRule(*checks)


class Candidate(Record):
    election_code: str
    code: str
    full_name: str
    constituency: int
    party: str
    nominated_on: date
    status: str
    last_step_on: date
    signatures: int
    estimated_valid: int | None
    required: int | None

    class Nominated(Record.Created):
        election_code: str
        document: str
        full_name: str
        constituency: int
        party: str
        nominated_on: date

        def apply(self, c: Candidate) -> None:
            c.election_code, c.code, c.full_name = self.election_code, self.document, self.full_name
            c.constituency, c.party, c.nominated_on = self.constituency, self.party, self.nominated_on
            c.status = "nominated"
            c.last_step_on = self.nominated_on
            c.signatures = 0
            c.estimated_valid = None
            c.required = None

    class SignaturesSubmitted(Record.Event):
        sheets: int
        signatures: int
        on: date

        def apply(self, c: Candidate) -> None:
            c.signatures, c.last_step_on, c.status = self.signatures, self.on, "signatures submitted"

    class SignaturesChecked(Record.Event):
        sampled: int
        valid: int
        invalid: int
        required: int
        estimated_valid: int
        on: date

        def apply(self, c: Candidate) -> None:
            c.estimated_valid, c.required = self.estimated_valid, self.required
            c.last_step_on, c.status = self.on, "signatures checked"

    class Registered(Record.Event):
        decision: str
        on: date

        def apply(self, c: Candidate) -> None:
            c.last_step_on, c.status = self.on, "registered"

    class Refused(Record.Event):
        decision: str
        reasons: str
        on: date

        def apply(self, c: Candidate) -> None:
            c.last_step_on, c.status = self.on, "refused"

    class Withdrawn(Record.Event):
        on: date

        def apply(self, c: Candidate) -> None:
            c.last_step_on, c.status = self.on, "withdrawn"

    @property
    def label(self) -> str:
        return f"{self.full_name} ({self.code})"

    @property
    def passes(self) -> bool:
        return self.estimated_valid is not None and self.required is not None and self.estimated_valid >= self.required

    # the commands whose state rule `allows` decides
    STATE_RULES: ClassVar[dict[str, StateRule]] = {command: _step_rule(command) for command in CANDIDATE_STEPS}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(CANDIDATE_STEPS)

    def allows(self, command: str) -> str | None:
        """Why the candidate's state refuses that command, in words; None when its state allows it
        (CANDIDATE_STEPS; registering also needs enough valid signatures). The methods enforce it (the dates of
        the steps and the election's windows are checked when a command runs); the card offers exactly this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _step(self, command: str, on: date) -> None:
        refusal = self.allows(command)
        refuse(refusal)
        what = CANDIDATE_STEPS[command][1]
        require(on >= self.last_step_on, "{label} cannot be {what} on {on}, before its last step ({last_step_on})",
                                         label=self.label, what=what, on=on, last_step_on=self.last_step_on)

    def submit_signatures(self, sheets: int, signatures: int, on: date, envelope: Envelope) -> None:
        self._step("candidates.submit-signatures", on)
        require(1 <= sheets <= 10_000, "sheets must be 1-10,000, not {sheets}", sheets=sheets)
        require(1 <= signatures <= 1_000_000, "signatures must be 1-1,000,000, not {signatures}",
                                              signatures=signatures)
        self.trigger_event(self.SignaturesSubmitted, sheets=sheets, signatures=signatures, on=on, envelope=envelope)

    def check_signatures(self, sampled: int, valid: int, invalid: int, required: int, on: date,
                         envelope: Envelope) -> None:
        self._step("candidates.check-signatures", on)
        require(sampled >= 1, "the sample must hold at least one signature, not {sampled}", sampled=sampled)
        require(sampled <= self.signatures, "the sample ({sampled}) cannot exceed the {signatures} signatures "
                                            "submitted", sampled=sampled, signatures=self.signatures)
        require(valid >= 0 and invalid >= 0 and valid + invalid == sampled,
                "valid ({valid}) and invalid ({invalid}) must add up to the sample ({sampled})", valid=valid,
                invalid=invalid, sampled=sampled)
        require(required >= 1, "the required number of valid signatures must be at least 1, not {required}",
                               required=required)
        self.trigger_event(self.SignaturesChecked, sampled=sampled, valid=valid, invalid=invalid, required=required,
                           estimated_valid=estimated_valid(self.signatures, sampled, valid), on=on,
                           envelope=envelope)

    def register(self, decision: str, on: date, envelope: Envelope) -> None:
        self._step("candidates.register", on)
        self.trigger_event(self.Registered, decision=clean(decision, "decision", NUMBER), on=on, envelope=envelope)

    def refuse(self, decision: str, reasons: str, on: date, envelope: Envelope) -> None:
        self._step("candidates.refuse", on)
        self.trigger_event(self.Refused, decision=clean(decision, "decision", NUMBER),
                           reasons=clean(reasons, "reasons for refusal", LONG), on=on, envelope=envelope)

    def withdraw(self, on: date, envelope: Envelope) -> None:
        self._step("candidates.withdraw", on)
        self.trigger_event(self.Withdrawn, on=on, envelope=envelope)


def find_candidate(ctx: Context, election: str, document: str) -> Candidate:
    return ctx.get(Candidate, candidate_id(election or "", document or ""), Message("no candidate with document "
        "{value!r} for {value2}",
        value=(document or '').strip().upper(), value2=(election or '').strip().upper()))


# ---- commands ----------------------------------------------------------------------------------


class NominateCandidate(Command, frozen=True, kw_only=True):
    name = "candidates.nominate"
    title = "Receive a candidate's nomination documents"
    roles = OFFICE_STAFF
    election: str
    document: str
    full_name: Name
    constituency: int
    party: str = ""
    nominated_on: date

    def execute(self, ctx: Context) -> Outcome:
        election = find_election(ctx, self.election)
        document = _document(self.document)
        commission = ctx.find(Commission, commission_id(election.code, self.constituency, None))
        require(commission is not None, "{election_code} has no constituency commission {constituency}",
                election_code=election.code, constituency=self.constituency)
        assert commission is not None
        require(commission.active, "the commission of constituency {constituency} of {election_code} is dissolved",
                constituency=self.constituency, election_code=election.code)
        require(ctx.find(Candidate, candidate_id(election.code, document)) is None,
                "document {document} is already nominated for {election_code}", document=document,
                election_code=election.code)
        check_deadline(ctx, election.code, "NOMINATION", self.nominated_on, "nominations")
        require(self.nominated_on <= election.voting_day, "nominations for {election_code} end by voting day "
                                                          "({election_voting_day})", election_code=election.code,
                                                          election_voting_day=election.voting_day)
        party = SELF
        if self.party.strip():
            party = check_may_act(ctx, self.party, self.nominated_on, "nominate candidates", suspended_ok=False).code
        c = ctx.add(Candidate._create(Candidate.Nominated, id=candidate_id(election.code, document),
                                      election_code=election.code, document=document,
                                      full_name=clean(self.full_name, "full name", NAME),
                                      constituency=self.constituency, party=party, nominated_on=self.nominated_on,
                                      envelope=ctx.envelope))
        return Outcome(message=Message("{label} nominated in constituency {constituency} ({party})", label=c.label,
                                       constituency=c.constituency, party=party), record_ids=[c.id])


class _CandidateStep(Command, frozen=True, kw_only=True):
    election: str
    document: str
    on: date


class SubmitSignatures(_CandidateStep, frozen=True, kw_only=True):
    name = "candidates.submit-signatures"
    title = "Receive a candidate's signature sheets"
    roles = OFFICE_STAFF
    sheets: int
    signatures: int

    def execute(self, ctx: Context) -> Outcome:
        c = find_candidate(ctx, self.election, self.document)
        check_deadline(ctx, c.election_code, "SIGNATURES", self.on, "submission of signature sheets")
        c.submit_signatures(self.sheets, self.signatures, self.on, ctx.envelope)
        return Outcome(message=Message("{signatures} signatures on {sheets} sheets received from {label}",
                                       signatures=c.signatures, sheets=self.sheets, label=c.label),
                       record_ids=[c.id])


class CheckSignatures(_CandidateStep, frozen=True, kw_only=True):
    name = "candidates.check-signatures"
    title = "Record the check of a candidate's signatures (a sample)"
    roles = OFFICE_STAFF
    sampled: int
    valid: int
    invalid: int
    required: int

    def execute(self, ctx: Context) -> Outcome:
        c = find_candidate(ctx, self.election, self.document)
        check_deadline(ctx, c.election_code, "CANDIDATE-REGISTRATION", self.on, "checks of signatures")
        c.check_signatures(self.sampled, self.valid, self.invalid, self.required, self.on, ctx.envelope)
        verdict = "enough" if c.passes else "not enough"
        return Outcome(message=Message("{label}: an estimated {estimated_valid} valid signatures of {required} "
                                       "required ({verdict})", label=c.label, estimated_valid=c.estimated_valid,
                                       required=c.required, verdict=verdict), record_ids=[c.id])


class RegisterCandidate(_CandidateStep, frozen=True, kw_only=True):
    name = "candidates.register"
    title = "Register a candidate (the Commission's decision)"
    roles = DECIDERS
    decision: Number

    def execute(self, ctx: Context) -> Outcome:
        c = find_candidate(ctx, self.election, self.document)
        check_deadline(ctx, c.election_code, "CANDIDATE-REGISTRATION", self.on, "decisions on registration")
        c.register(self.decision, self.on, ctx.envelope)
        return Outcome(message=Message("{label} registered as a candidate in constituency {constituency}",
                                       label=c.label, constituency=c.constituency),
                       record_ids=[c.id])


class RefuseCandidate(_CandidateStep, frozen=True, kw_only=True):
    name = "candidates.refuse"
    title = "Refuse a candidate's registration, with reasons (the Commission's decision)"
    roles = DECIDERS
    decision: Number
    reasons: Long

    def execute(self, ctx: Context) -> Outcome:
        c = find_candidate(ctx, self.election, self.document)
        check_deadline(ctx, c.election_code, "CANDIDATE-REGISTRATION", self.on, "decisions on registration")
        c.refuse(self.decision, self.reasons, self.on, ctx.envelope)
        return Outcome(message=Message("registration of {label} refused", label=c.label), record_ids=[c.id])


class WithdrawCandidate(_CandidateStep, frozen=True, kw_only=True):
    name = "candidates.withdraw"
    title = "Record a candidate's withdrawal"
    roles = OFFICE_STAFF
    needs_reason = True

    def execute(self, ctx: Context) -> Outcome:
        c = find_candidate(ctx, self.election, self.document)
        check_deadline(ctx, c.election_code, "WITHDRAWAL", self.on, "withdrawals")
        c.withdraw(self.on, ctx.envelope)
        return Outcome(message=Message("{label} withdrew on {on}", label=c.label, on=self.on), record_ids=[c.id])
