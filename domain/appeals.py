"""Appeals context: the appeals register, its lifecycle, the working calendar's due dates, and citizens' reception.

Lifecycle of an appeal (numbered APL-2026-00001 by the registry's counters):

    received -> inadmissible | referred out | assigned -> under review -> expert opinion -> decided -> answered
    -> closed, and from any open state: escalated (to a higher body).

- Anonymous appeals are refused: the applicant's name and an address or other contact are required.
- Assignment is the chairman's: a user with the role head or administrator (CHAIRMAN) assigns an appeal to a
  lead unit and co-units; the due date is computed then, from the working calendar in force, and stored in the
  event (replay never moves it). Extensions need a reason and compute a new due date the same way.
- An appeal's answer is an outgoing letter addressed to its applicant that answers nothing else: not a reply
  to an incoming letter, and not the answer of another appeal (an AppealResponse record per letter claims it).
- An appeal closes only with a registered outgoing document of the correspondence registry linked to it: the
  response (answer), or the referral / escalation notice. An inadmissible appeal is answered with a notice too.
- A reception record (REC-2026-00001) logs a citizen received by an official; an appeal with channel
  "reception" cites the reception it came from, and the reception lists the appeals it produced.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar
from uuid import UUID

from domain.calendar import add_working_days, working_calendar
from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.correspondence import check_number, next_number, outgoing_document
from domain.envelope import Envelope
from domain.errors import Message
from domain.folding import fold
from domain.organisation import Unit, unit_id
from domain.records import LONG, SUBJECT, Long, Record, Subject, clean, optional, refuse, require
from domain.roles import DECIDERS

_NS = uuid.UUID("e1d4c3b2-a190-4f8e-9d7c-6b5a4f3e2d1c")
KINDS = ("inquiry", "application", "suggestion", "complaint", "electoral complaint")
CHANNELS = ("written", "oral", "electronic", "reception")
# Working days to answer, by kind, when the chairman names none (electoral complaints are urgent).
TERMS = {"inquiry": 15, "application": 15, "suggestion": 30, "complaint": 15, "electoral complaint": 3}
ANONYMOUS = {"anonymous", "anon", "n/a", "-", "unknown", "none"}
OPEN = ("received", "assigned", "under review", "expert opinion", "decided")
ON_TERM = ("assigned", "under review", "expert opinion", "decided")  # states with a running due date
CLOSABLE = ("answered", "referred out", "escalated")
# The statuses in which an appeal takes each step, and the step in words: the card reads this, `Appeal.allows`
# decides by it.
APPEAL_STATUSES: dict[str, tuple[tuple[str, ...], str]] = {
    "appeals.assign": (("received",), "assigned"),
    "appeals.declare-inadmissible": (("received",), "declared inadmissible"),
    "appeals.refer-out": (("received",), "referred out"),
    "appeals.start-review": (("assigned",), "put under review"),
    "appeals.expert-opinion": (("under review",), "given an expert opinion"),
    "appeals.decide": (("under review", "expert opinion"), "decided"),
    "appeals.answer": (("decided", "inadmissible"), "answered"),
    "appeals.extend": (ON_TERM, "extended"),
    "appeals.escalate": (OPEN, "escalated"),
    "appeals.close": (CLOSABLE, "closed"),
}


def _status_rule(command: str) -> StateRule:
    """The appeal is in a status that takes `command` (APPEAL_STATUSES); closing also needs a registered response.
    The appeal pickers filter by the same conditions."""
    allowed, action = APPEAL_STATUSES[command]
    checks = [Check(Attr("status").one_of(allowed), lambda a: Message(
        "appeal {number} is {status}; it cannot be {action} (only when {allowed})", number=a.number, status=a.status,
        action=action, allowed=' or '.join(allowed)))]
    if command == "appeals.close":
        checks[:0] = [Check(Attr("status").ne("closed"), lambda a: Message("appeal {number} is already closed",
                                                                           number=a.number)),
                      Check(Attr("response").ne(None), lambda a: Message(
                          "appeal {number} cannot close without a registered outgoing response or referral notice",
                          number=a.number))]
    return StateRule(*checks)


def appeal_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "appeal/" + number.strip().upper())


def reception_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "reception/" + number.strip().upper())


def response_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "response/" + number.strip().upper())


def _named(value: str, field: str) -> str:
    text = clean(value, field)
    require(text.lower() not in ANONYMOUS, "anonymous appeals are not considered: {field} is required", field=field)
    return text


class Appeal(Record):
    number: str
    kind: str
    channel: str
    received_on: date
    applicant: str
    contact: str
    subject: str
    reception: str | None
    status: str
    office: str | None
    lead_unit: str | None
    co_units: list[str]
    assigned_on: date | None
    due: date | None
    extensions: int
    expert_opinion: str
    decision: str
    response: str | None
    answered_on: date | None
    addressee: str
    closed_on: date | None

    def units(self) -> tuple[str | None, ...]:
        """The units this record belongs to, for the office rule (`domain.access.office_refusal`)."""
        return (self.office, self.lead_unit)

    class Received(Record.Created):
        number: str
        kind: str
        channel: str
        received_on: date
        applicant: str
        contact: str
        subject: str
        reception: str | None

        def apply(self, a: Appeal) -> None:
            a.number, a.kind, a.channel, a.received_on = self.number, self.kind, self.channel, self.received_on
            a.applicant, a.contact, a.subject, a.reception = self.applicant, self.contact, self.subject, self.reception
            a.status = "received"
            a.office = self.envelope.office  # the office that received it
            a.lead_unit = None
            a.co_units = []
            a.assigned_on = None
            a.due = None
            a.extensions = 0
            a.expert_opinion = ""
            a.decision = ""
            a.response = None
            a.answered_on = None
            a.addressee = ""
            a.closed_on = None

    class Assigned(Record.Event):
        lead_unit: str
        co_units: list[str]
        on: date
        due: date

        def apply(self, a: Appeal) -> None:
            a.lead_unit, a.co_units, a.assigned_on, a.due = self.lead_unit, list(self.co_units), self.on, self.due
            a.status = "assigned"

    class ReviewStarted(Record.Event):
        on: date

        def apply(self, a: Appeal) -> None:
            a.status = "under review"

    class ExpertOpinionGiven(Record.Event):
        on: date
        opinion: str

        def apply(self, a: Appeal) -> None:
            a.expert_opinion, a.status = self.opinion, "expert opinion"

    class Decided(Record.Event):
        on: date
        decision: str

        def apply(self, a: Appeal) -> None:
            a.decision, a.status = self.decision, "decided"

    class Extended(Record.Event):
        previous_due: date
        due: date

        def apply(self, a: Appeal) -> None:
            a.due, a.extensions = self.due, a.extensions + 1

    class Answered(Record.Event):
        response: str
        on: date

        def apply(self, a: Appeal) -> None:
            a.response, a.answered_on, a.status = self.response, self.on, "answered"

    class DeclaredInadmissible(Record.Event):
        on: date
        grounds: str

        def apply(self, a: Appeal) -> None:
            a.decision, a.status = self.grounds, "inadmissible"

    class ReferredOut(Record.Event):
        body: str
        notice: str
        on: date

        def apply(self, a: Appeal) -> None:
            a.addressee, a.response, a.answered_on, a.status = self.body, self.notice, self.on, "referred out"

    class Escalated(Record.Event):
        body: str
        notice: str
        on: date

        def apply(self, a: Appeal) -> None:
            a.addressee, a.response, a.answered_on, a.status = self.body, self.notice, self.on, "escalated"

    class Closed(Record.Event):
        on: date

        def apply(self, a: Appeal) -> None:
            a.closed_on, a.status = self.on, "closed"

    @property
    def code(self) -> str:
        return self.number

    def _on(self, on: date, what: str) -> None:
        require(on >= self.received_on, "{what} cannot precede the appeal's receipt ({received_on})", what=what,
                                        received_on=self.received_on)

    # the commands whose state rule `allows` decides
    STATE_RULES: ClassVar[dict[str, StateRule]] = {command: _status_rule(command) for command in APPEAL_STATUSES}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(APPEAL_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the appeal's state refuses that command, in words; None when its state allows it (APPEAL_STATUSES;
        closing also needs a registered response). The methods enforce it; the card offers exactly this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _state(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def assign(self, lead: Unit, co_units: list[Unit], on: date, due: date, envelope: Envelope) -> None:
        self._state("appeals.assign")
        self._on(on, "assignment")
        for unit in [lead, *co_units]:
            require(unit.active, "unit {unit_code} is dissolved", unit_code=unit.code)
        require(lead.code not in [u.code for u in co_units], "{lead_code} leads; it cannot also be a co-unit",
                                                             lead_code=lead.code)
        self.trigger_event(self.Assigned, lead_unit=lead.code, co_units=[u.code for u in co_units], on=on, due=due,
                           envelope=envelope)

    def start_review(self, on: date, envelope: Envelope) -> None:
        self._state("appeals.start-review")
        self._on(on, "review")
        self.trigger_event(self.ReviewStarted, on=on, envelope=envelope)

    def give_opinion(self, on: date, opinion: str, envelope: Envelope) -> None:
        self._state("appeals.expert-opinion")
        self._on(on, "an expert opinion")
        self.trigger_event(self.ExpertOpinionGiven, on=on, opinion=clean(opinion, "opinion", LONG), envelope=envelope)

    def decide(self, on: date, decision: str, envelope: Envelope) -> None:
        self._state("appeals.decide")
        self._on(on, "a decision")
        self.trigger_event(self.Decided, on=on, decision=clean(decision, "decision", LONG), envelope=envelope)

    def extend(self, working_days: int, due: date, envelope: Envelope) -> None:
        self._state("appeals.extend")  # the reason it needs is the command's (ExtendAppeal.needs_reason)
        self.trigger_event(self.Extended, previous_due=self.due, due=due, envelope=envelope)

    def answer(self, response: str, on: date, envelope: Envelope) -> None:
        self._state("appeals.answer")
        self._on(on, "the answer")
        self.trigger_event(self.Answered, response=response, on=on, envelope=envelope)

    def declare_inadmissible(self, on: date, grounds: str, envelope: Envelope) -> None:
        self._state("appeals.declare-inadmissible")
        self._on(on, "inadmissibility")
        self.trigger_event(self.DeclaredInadmissible, on=on, grounds=clean(grounds, "grounds", LONG),
                           envelope=envelope)

    def refer_out(self, body: str, notice: str, on: date, envelope: Envelope) -> None:
        self._state("appeals.refer-out")
        self._on(on, "the referral")
        self.trigger_event(self.ReferredOut, body=clean(body, "body referred to"), notice=notice, on=on,
                           envelope=envelope)

    def escalate(self, body: str, notice: str, on: date, envelope: Envelope) -> None:
        self._state("appeals.escalate")
        self._on(on, "the escalation")
        self.trigger_event(self.Escalated, body=clean(body, "higher body"), notice=notice, on=on, envelope=envelope)

    def close(self, on: date, envelope: Envelope) -> None:
        self._state("appeals.close")
        assert self.answered_on is not None  # allowed: answered
        require(on >= self.answered_on, "closing cannot precede the response ({answered_on})",
                answered_on=self.answered_on)
        self.trigger_event(self.Closed, on=on, envelope=envelope)


class Reception(Record):
    number: str
    held_on: date
    citizen: str
    contact: str
    official: str
    topic: str
    appeals: list[str]

    class Held(Record.Created):
        number: str
        held_on: date
        citizen: str
        contact: str
        official: str
        topic: str

        def apply(self, r: Reception) -> None:
            r.number, r.held_on, r.citizen, r.contact = self.number, self.held_on, self.citizen, self.contact
            r.official, r.topic = self.official, self.topic
            r.appeals = []

    class AppealLinked(Record.Event):
        appeal_number: str

        def apply(self, r: Reception) -> None:
            r.appeals = [*r.appeals, self.appeal_number]

    @property
    def code(self) -> str:
        return self.number


class AppealResponse(Record):
    """An outgoing letter taken as one appeal's answer: no other appeal can be answered by it."""

    document_number: str
    appeal_number: str

    class Claimed(Record.Created):
        document_number: str
        appeal_number: str

        def apply(self, r: AppealResponse) -> None:
            r.document_number, r.appeal_number = self.document_number, self.appeal_number

    @property
    def code(self) -> str:
        return self.document_number


# ---- commands ---------------------------------------------------------------------------------


def find_appeal(ctx: Context, number: str) -> Appeal:
    text = check_number(number, "appeal")
    return ctx.get(Appeal, appeal_id(text), Message("no appeal numbered {text}", text=text))


def _unit(ctx: Context, code: str) -> Unit:
    return ctx.get(Unit, unit_id(code), Message("no unit with code {code!r}", code=(code or '').strip().upper()))


class RegisterAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.register"
    title = "Register an appeal"
    kind: str
    channel: str
    received_on: date
    applicant: str
    contact: str
    subject: Subject
    reception: str | None = None

    def execute(self, ctx: Context) -> Outcome:
        require(self.kind in KINDS, "unknown appeal kind {kind!r}; kinds are {kinds}", kind=self.kind,
                                    kinds=', '.join(KINDS))
        require(self.channel in CHANNELS, "unknown channel {channel!r}; channels are {channels}",
                                          channel=self.channel, channels=', '.join(CHANNELS))
        applicant = _named(self.applicant, "applicant's name")
        contact = _named(self.contact, "applicant's address or contact")
        subject = clean(self.subject, "subject", SUBJECT)
        reception = None
        if self.reception:
            require(self.channel == "reception", "only an appeal made at a reception cites a reception")
            text = check_number(self.reception, "reception")
            reception = ctx.get(Reception, reception_id(text), Message("no reception numbered {text}", text=text))
            require(reception.held_on <= self.received_on,
                    "the appeal cannot precede its reception ({reception_held_on})",
                    reception_held_on=reception.held_on)
        number = next_number(ctx, "APL", self.received_on)
        appeal = ctx.add(Appeal._create(Appeal.Received, id=appeal_id(number), number=number, kind=self.kind,
                                        channel=self.channel, received_on=self.received_on, applicant=applicant,
                                        contact=contact, subject=subject,
                                        reception=reception.number if reception else None, envelope=ctx.envelope))
        if reception is not None:
            reception.trigger_event(Reception.AppealLinked, appeal_number=number, envelope=ctx.envelope)
        return Outcome(message=Message("appeal {number} registered", number=number), record_ids=[appeal.id])


class AssignAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.assign"
    title = "Assign an appeal (chairman)"
    roles = DECIDERS
    appeal: str
    lead_unit: str
    co_units: str = ""  # unit codes, separated by commas
    on: date
    working_days: int | None = None

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        lead = _unit(ctx, self.lead_unit)
        codes = [c.strip().upper() for c in self.co_units.replace(";", ",").split(",") if c.strip()]
        require(len(set(codes)) == len(codes), "a co-unit is named twice")
        co = [_unit(ctx, c) for c in codes]
        days = self.working_days if self.working_days is not None else TERMS.get(appeal.kind, 15)
        due = add_working_days(working_calendar(ctx), self.on, days)
        appeal.assign(lead, co, self.on, due, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} assigned to {lead_code}, due {due}",
                                       appeal_number=appeal.number, lead_code=lead.code, due=due),
                       record_ids=[appeal.id])


class StartReview(Command, frozen=True, kw_only=True):
    name = "appeals.start-review"
    title = "Start the review of an appeal"
    appeal: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        appeal.start_review(self.on, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} under review", appeal_number=appeal.number),
                       record_ids=[appeal.id])


class GiveExpertOpinion(Command, frozen=True, kw_only=True):
    name = "appeals.expert-opinion"
    title = "Record the expert group's opinion"
    appeal: str
    on: date
    opinion: Long

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        appeal.give_opinion(self.on, self.opinion, ctx.envelope)
        return Outcome(message=Message("expert opinion on {appeal_number} recorded", appeal_number=appeal.number),
                       record_ids=[appeal.id])


class DecideAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.decide"
    title = "Decide an appeal"
    roles = DECIDERS
    appeal: str
    on: date
    decision: Long

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        appeal.decide(self.on, self.decision, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} decided", appeal_number=appeal.number),
                       record_ids=[appeal.id])


class ExtendAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.extend"
    title = "Extend an appeal's term"
    roles = DECIDERS
    needs_reason = True
    appeal: str
    working_days: int

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        require(appeal.due is not None, "appeal {appeal_number} has no term yet; assign it first",
                appeal_number=appeal.number)
        assert appeal.due is not None
        due = add_working_days(working_calendar(ctx), appeal.due, self.working_days)
        appeal.extend(self.working_days, due, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} extended to {due}", appeal_number=appeal.number,
                                       due=due), record_ids=[appeal.id])


class AnswerAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.answer"
    title = "Answer an appeal (link the outgoing response)"
    appeal: str
    response: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        doc = outgoing_document(ctx, self.response, "response")
        require(doc.registered_on >= appeal.received_on,
                "response {doc_number} of {doc_registered_on} predates the appeal", doc_number=doc.number,
                doc_registered_on=doc.registered_on)
        require(fold(appeal.applicant) in fold(doc.correspondent),
                "response {doc_number} is addressed to {doc_correspondent}, not to the applicant {appeal_applicant}; "
                "an appeal is answered by a letter to its applicant", doc_number=doc.number,
                doc_correspondent=doc.correspondent, appeal_applicant=appeal.applicant)
        require(doc.reply_to is None, "response {doc_number} answers {doc_reply_to}; an appeal's answer is a letter "
                                      "that answers nothing else", doc_number=doc.number, doc_reply_to=doc.reply_to)
        claimed = ctx.find(AppealResponse, response_id(doc.number))
        require(claimed is None, "response {doc_number} already answers appeal {value}; an appeal's answer answers "
                                 "nothing else", doc_number=doc.number,
                                 value=claimed.appeal_number if claimed else '')
        appeal.answer(doc.number, self.on, ctx.envelope)
        ctx.add(AppealResponse._create(AppealResponse.Claimed, id=response_id(doc.number),
                                       document_number=doc.number, appeal_number=appeal.number,
                                       envelope=ctx.envelope))
        return Outcome(message=Message("appeal {appeal_number} answered by {doc_number}",
                                       appeal_number=appeal.number, doc_number=doc.number), record_ids=[appeal.id])


class DeclareInadmissible(Command, frozen=True, kw_only=True):
    name = "appeals.declare-inadmissible"
    title = "Declare an appeal inadmissible"
    roles = DECIDERS
    appeal: str
    on: date
    grounds: Long

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        appeal.declare_inadmissible(self.on, self.grounds, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} declared inadmissible", appeal_number=appeal.number),
                       record_ids=[appeal.id])


class ReferOut(Command, frozen=True, kw_only=True):
    name = "appeals.refer-out"
    title = "Refer an appeal to the competent body"
    appeal: str
    body: str
    notice: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        doc = outgoing_document(ctx, self.notice, "referral notice")
        appeal.refer_out(self.body, doc.number, self.on, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} referred to {appeal_addressee}",
                                       appeal_number=appeal.number, appeal_addressee=appeal.addressee),
                       record_ids=[appeal.id])


class EscalateAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.escalate"
    title = "Escalate an appeal to a higher body"
    roles = DECIDERS
    appeal: str
    body: str
    notice: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        doc = outgoing_document(ctx, self.notice, "escalation notice")
        appeal.escalate(self.body, doc.number, self.on, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} escalated to {appeal_addressee}",
                                       appeal_number=appeal.number, appeal_addressee=appeal.addressee),
                       record_ids=[appeal.id])


class CloseAppeal(Command, frozen=True, kw_only=True):
    name = "appeals.close"
    title = "Close an appeal"
    appeal: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        appeal = find_appeal(ctx, self.appeal)
        appeal.close(self.on, ctx.envelope)
        return Outcome(message=Message("appeal {appeal_number} closed", appeal_number=appeal.number),
                       record_ids=[appeal.id])


class RecordReception(Command, frozen=True, kw_only=True):
    name = "appeals.reception"
    title = "Record a citizen's reception"
    held_on: date
    citizen: str
    contact: str = ""
    official: str
    topic: Subject

    def execute(self, ctx: Context) -> Outcome:
        citizen = clean(self.citizen, "citizen's name")
        number = next_number(ctx, "REC", self.held_on)
        reception = ctx.add(Reception._create(Reception.Held, id=reception_id(number), number=number,
                                              held_on=self.held_on, citizen=citizen,
                                              contact=optional(self.contact, "contact"),
                                              official=clean(self.official, "official receiving"),
                                              topic=clean(self.topic, "topic", SUBJECT), envelope=ctx.envelope))
        return Outcome(message=Message("reception {number} recorded", number=number), record_ids=[reception.id])
