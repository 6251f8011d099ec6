"""Acts context: the Commission's decisions (some of them normative acts), the Chairman's orders and decrees, and
certified extracts; with execution control of decisions and orders (`domain.control`).

- A decision is registered from an agenda item whose vote reached the majority its kind requires; it takes the
  next number of its year (DEC-2026-0001, gap-free and in date order: the shared RegistrationCounter) and the
  session's date, and links to its session, item and vote. A decision may be a normative act.
- Normative acts are published (website, official gazette, collection) and sent to the State Register of legal
  acts, which returns a registration number. A later normative act amends or repeals an earlier one (never an
  earlier one a later one); each amendment starts a new consolidated edition of the act, so what was in force on
  any date is known (the `acts` register, `on:` word).
- Orders and decrees of the Chairman (general orders ORD-, personnel orders PER-, decrees DCR-) are drafted by a
  unit (a working number DRF-2026-0001, gap-free but not date-ordered), examined by the Law department (a visa
  with its opinion, or returned with remarks, then resubmitted), signed by the Chairman and registered with their
  number in their own series (gap-free, in date order) at signature. Personnel movements may cite a registered
  personnel order (`registered_personnel_order`).
- A certified extract of a decision is issued to a requester, numbered EXT-2026-0001, with who certified it, when.
"""

from __future__ import annotations

import re
import uuid
from collections import UserDict, UserList
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.control import DEFAULT_CONTROL_DAYS, Controlled
from domain.correspondence import next_number
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Unit, unit_id
from domain.personnel import Employee, find_employee
from domain.records import SUBJECT, Record, Subject, clean, optional, refuse, require
from domain.roles import DECIDERS
from domain.rules import rule
from domain.sessions import Session, find_session
from domain.shown import Told

_NS = uuid.UUID("ac75ac75-1b2c-4d3e-8f40-5a6b7c8d9e0f")
MEDIA = ("website", "official gazette", "collection")
ORDER_KINDS = {"general order": "ORD", "personnel order": "PER", "decree": "DCR"}
LAW_DEPARTMENT = "LEGAL"  # the unit whose lawyers examine draft orders and normative acts
_DECISION = re.compile(r"^DEC-\d{4}-\d{4}$")
_ORDER = re.compile(r"^(ORD|PER|DCR|DRF)-\d{4}-\d{4}$")
_EXTRACT = re.compile(r"^EXT-\d{4}-\d{4}$")


class Publications(Told, UserDict[str, dict[str, Any]]):
    """medium -> {"on", "reference"}."""

    def told(self) -> list[Message]:
        return [Message("{medium} {on} ({reference})", medium=m, on=p["on"], reference=p["reference"])
                if p["reference"] else Message("{medium} {on}", medium=m, on=p["on"])
                for m, p in self.items()] or [Message("not published")]


class Amendments(Told, UserList[dict[str, Any]]):
    """{"by", "effective", "summary"} in order: each starts a new consolidated edition."""

    def told(self) -> list[Message]:
        return [Message("from {effective} by {by}: {summary}", effective=a["effective"], by=a["by"],
                        summary=a["summary"]) for a in self] or [Message("none")]


def decision_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "decision/" + number.strip().upper())


def order_id(number: str) -> UUID:
    """An order's id, by its draft number or (through the OrderNumber alias) its registered number."""
    return uuid.uuid5(_NS, "order/" + number.strip().upper())


def extract_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "extract/" + number.strip().upper())


def lawyer(ctx: Context, number: str, on: date) -> Employee:
    """An employee of the Law department, in service on that day, or a refusal."""
    e = find_employee(ctx, number)
    require(e.position.split("/")[0] == LAW_DEPARTMENT, "{full_name} ({number}) works in {split}, not in the Law "
                                                        "department ({law_department})", full_name=e.full_name,
                                                        number=e.number, split=e.position.split('/')[0],
                                                        law_department=LAW_DEPARTMENT)
    e.check_can_receive(on, "a legal assignment")
    return e


def _not_an_act(d: Decision) -> str:
    return f"decision {d.number} is not a normative act"


# What a decision's state allows, as conditions: the card asks them of a decision, the pickers filter the decisions
# register by them (projections/acts.py READS says how the properties read in its rows).
DECISION_RULES: dict[str, StateRule] = {
    "decisions.publish": StateRule(
        Check(Attr("normative").is_true(), lambda d: Message(
            "{acts_only}; only normative acts are published", acts_only=_not_an_act(d))),
        Check(Attr("media_left").gt(0), lambda d: Message(
            "{label} is already published in every medium ({media})", label=d.label, media=', '.join(MEDIA)))),
    "decisions.send-to-state-register": StateRule(
        Check(Attr("normative").is_true(), lambda d: Message(
            "{acts_only}; only normative acts go to the State Register of legal acts", acts_only=_not_an_act(d))),
        Check(Attr("state_register").eq(None), lambda d: Message(
            "{label} was already sent to the State Register on {sent_on}", label=d.label,
            sent_on=d.state_register['sent_on']))),
    "decisions.state-registered": StateRule(
        Check(Attr("state_register").ne(None), lambda d: Message(
            "{label} has not been sent to the State Register", label=d.label)),
        Check(Attr("awaiting_state_number").is_true(), lambda d: Message(
            "{label} is already in the State Register as {number}", label=d.label,
            number=d.state_register['number']))),
    **{command: StateRule(
        Check(Attr("normative").is_true(), lambda d: Message(
            "{acts_only}; only acts are amended or repealed", acts_only=_not_an_act(d))),
        Check(Attr("in_force").is_true(), lambda d: Message(
            "{label} was repealed by {by}", label=d.label, by=d.repealed['by']))) for command in ("acts.amend",
                                                                                                    "acts.repeal")},
}


class Decision(Controlled):
    number: str
    adopted_on: date
    session: str
    item: int
    item_kind: str
    title: str
    normative: bool
    votes: str
    publications: Publications
    state_register: dict[str, Any] | None
    amendments: Amendments
    amends: list[str]
    repealed: dict[str, Any] | None
    extracts: int

    class Adopted(Record.Created):
        number: str
        adopted_on: date
        session: str
        item: int
        item_kind: str
        title: str
        normative: bool
        votes: str  # "for-against-abstained"

        def apply(self, d: Decision) -> None:
            d.number, d.adopted_on, d.session, d.item = self.number, self.adopted_on, self.session, self.item
            d.item_kind, d.title, d.normative, d.votes = self.item_kind, self.title, self.normative, self.votes
            d.publications = Publications()  # medium -> {"on", "reference"}
            d.state_register = None  # {"sent_on", "number", "registered_on"}
            d.amendments = Amendments()  # {"by", "effective", "summary"}, in order
            d.amends = []  # the acts this one amends or repeals
            d.repealed = None  # {"by", "effective"}
            d.extracts = 0
            d._start_control()

    class Published(Record.Event):
        medium: str
        on: date
        reference: str

        def apply(self, d: Decision) -> None:
            d.publications[self.medium] = {"on": self.on, "reference": self.reference}

    class SentToStateRegister(Record.Event):
        on: date

        def apply(self, d: Decision) -> None:
            d.state_register = {"sent_on": self.on, "number": None, "registered_on": None}

    class StateRegistered(Record.Event):
        registration_number: str
        on: date

        def apply(self, d: Decision) -> None:
            d.state_register = {**(d.state_register or {}), "number": self.registration_number,
                                "registered_on": self.on}

    class Amended(Record.Event):
        by: str
        effective: date
        summary: str

        def apply(self, d: Decision) -> None:
            d.amendments = Amendments([*d.amendments, {"by": self.by, "effective": self.effective,
                                                       "summary": self.summary}])

    class Repealed(Record.Event):
        by: str
        effective: date

        def apply(self, d: Decision) -> None:
            d.repealed = {"by": self.by, "effective": self.effective}

    class ChangesAct(Record.Event):
        act: str
        change: str  # amends, repeals

        def apply(self, d: Decision) -> None:
            d.amends = [*d.amends, f"{self.change} {self.act}"]

    class ExtractIssued(Record.Event):
        extract: str

        def apply(self, d: Decision) -> None:
            d.extracts += 1

    @property
    def label(self) -> str:
        if self.normative:
            return Message("normative act {number}", number=self.number)
        return Message("decision {number}", number=self.number)

    def control_from(self) -> date:
        return self.adopted_on

    @property
    def media_left(self) -> int:
        """How many of the media (MEDIA) the act is not yet published in."""
        return sum(1 for m in MEDIA if m not in self.publications)

    @property
    def awaiting_state_number(self) -> bool:
        """Sent to the State Register of legal acts, its registration number not yet recorded."""
        return self.state_register is not None and self.state_register["number"] is None

    @property
    def in_force(self) -> bool:
        """Not repealed (an act stays in force, amended or not, until a later act repeals it)."""
        return self.repealed is None

    # the commands whose state rule `allows` decides, as conditions (the decision pickers filter by them)
    STATE_RULES: ClassVar[dict[str, StateRule]] = DECISION_RULES
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(DECISION_RULES)

    def allows(self, command: str) -> str | None:
        """Why the decision's state refuses that command, in words; None when its state allows it (the command's
        own values are checked when it runs). The methods below enforce it; the card and the pickers offer
        exactly this."""
        rule = self.STATE_RULES.get(command)
        return rule(self) if rule is not None else None

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def publish(self, medium: str, on: date, reference: str, envelope: Envelope) -> None:
        self._allowed("decisions.publish")
        require(medium in MEDIA, "unknown medium {medium!r}; acts are published in {media}", medium=medium,
                                 media=', '.join(MEDIA))
        require(medium not in self.publications, "{label} was already published in the {medium} on {get}",
                                                 label=self.label, medium=medium,
                                                 get=self.publications.get(medium, {}).get('on'))
        require(on >= self.adopted_on, "publication ({on}) cannot precede the adoption ({adopted_on})", on=on,
                                       adopted_on=self.adopted_on)
        self.trigger_event(self.Published, medium=medium, on=on, reference=optional(reference, "reference", 120),
                           envelope=envelope)

    def send_to_state_register(self, on: date, envelope: Envelope) -> None:
        self._allowed("decisions.send-to-state-register")
        require(on >= self.adopted_on, "sending ({on}) cannot precede the adoption ({adopted_on})", on=on,
                                       adopted_on=self.adopted_on)
        self.trigger_event(self.SentToStateRegister, on=on, envelope=envelope)

    def state_registered(self, registration_number: str, on: date, envelope: Envelope) -> None:
        self._allowed("decisions.state-registered")
        assert self.state_register is not None
        require(on >= self.state_register["sent_on"], "registration ({on}) cannot precede the sending ({sent_on})",
                                                      on=on, sent_on=self.state_register['sent_on'])
        self.trigger_event(self.StateRegistered, registration_number=clean(registration_number, "registration "
                           "number", 60), on=on, envelope=envelope)

    def _changed_by(self, later: Decision, effective: date) -> None:
        self._allowed("acts.amend")
        require(later.normative, "decision {later_number} is not a normative act; acts are amended by acts",
                                 later_number=later.number)
        require(later.number != self.number, "{label} cannot amend itself", label=self.label)
        require(later.adopted_on >= self.adopted_on and later.number > self.number,
                "an act cannot be amended by an earlier act: {later_number} of {later_adopted_on} is older than "
                "{number} of {adopted_on}", later_number=later.number, later_adopted_on=later.adopted_on,
                number=self.number, adopted_on=self.adopted_on)
        require(effective >= later.adopted_on, "a change cannot take effect ({effective}) before the amending act is "
                                               "adopted ({later_adopted_on})", effective=effective,
                                               later_adopted_on=later.adopted_on)
        last = self.amendments[-1]["effective"] if self.amendments else self.adopted_on
        require(effective >= last, "{label} has an edition in force from {last}; a change takes effect no earlier",
                                   label=self.label, last=last)

    def amend(self, later: Decision, effective: date, summary: str, envelope: Envelope) -> None:
        self._changed_by(later, effective)
        self.trigger_event(self.Amended, by=later.number, effective=effective, summary=clean(summary, "summary",
                           300), envelope=envelope)
        later.trigger_event(self.ChangesAct, act=self.number, change="amends", envelope=envelope)

    def repeal(self, later: Decision, effective: date, envelope: Envelope) -> None:
        self._changed_by(later, effective)
        self.trigger_event(self.Repealed, by=later.number, effective=effective, envelope=envelope)
        later.trigger_event(self.ChangesAct, act=self.number, change="repeals", envelope=envelope)

    def in_force_on(self, day: date) -> bool:
        return self.adopted_on <= day and (self.repealed is None or day < self.repealed["effective"])


# The statuses in which an order takes each step of its way to signature: the card and the pickers read this,
# `Order.allows` decides by it.
ORDER_STATUSES: dict[str, tuple[str, ...]] = {
    "orders.submit": ("draft", "returned"), "orders.visa": ("in examination",),
    "orders.return": ("in examination",), "orders.sign": ("visaed",),
}


class Order(Controlled):
    """An order or decree of the Chairman, from its draft to its registration at signature."""

    draft: str
    order_kind: str
    title: str
    unit: str
    drafted_on: date
    status: str
    number: str | None
    signed_on: date | None
    visa: dict[str, Any] | None
    remarks: list[str]

    class Drafted(Record.Created):
        draft: str
        order_kind: str
        title: str
        unit_code: str
        drafted_on: date

        def apply(self, o: Order) -> None:
            o.draft, o.order_kind, o.title, o.unit, o.drafted_on = (self.draft, self.order_kind, self.title,
                                                                     self.unit_code, self.drafted_on)
            o.status = "draft"
            o.number = None
            o.signed_on = None
            o.visa = None  # {"lawyer", "opinion", "on"}
            o.remarks = []
            o._start_control()

    class Submitted(Record.Event):
        on: date

        def apply(self, o: Order) -> None:
            o.status = "in examination"

    class Visaed(Record.Event):
        lawyer: str
        opinion: str
        on: date

        def apply(self, o: Order) -> None:
            o.status, o.visa = "visaed", {"lawyer": self.lawyer, "opinion": self.opinion, "on": self.on}

    class ReturnedWithRemarks(Record.Event):
        lawyer: str
        remarks: str
        on: date

        def apply(self, o: Order) -> None:
            o.status = "returned"
            o.remarks = [*o.remarks, f"{self.on} {self.lawyer}: {self.remarks}"]

    class Signed(Record.Event):
        number: str
        on: date

        def apply(self, o: Order) -> None:
            o.status, o.number, o.signed_on = "registered", self.number, self.on

    @property
    def label(self) -> str:
        return Message("{kind} {number}", kind=Message(self.order_kind), number=self.number or self.draft)

    def control_from(self) -> date:
        return self.signed_on or self.drafted_on

    def check_controllable(self) -> None:
        require(self.status == "registered", "{label} is {status}; only a signed order is executed",
                                             label=self.label, status=self.status)

    def _after(self, on: date, what: str) -> None:
        require(on >= self.drafted_on, "{what} ({on}) cannot precede the draft ({drafted_on})", what=what, on=on,
                                       drafted_on=self.drafted_on)

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"orders.submit", "orders.visa", "orders.return",
                                                          "orders.sign"})

    def allows(self, command: str) -> str | None:
        """Why the order's state refuses that command, in words; None when its state allows it (ORDER_STATUSES).
        The methods enforce it; the card and the pickers offer exactly this."""
        if command not in ORDER_STATUSES or self.status in ORDER_STATUSES[command]:
            return None
        if command == "orders.submit":
            return Message("{label} is {status}; only a draft or a returned draft goes to the Law department",
                           label=self.label, status=self.status)
        if command == "orders.sign":
            return Message("{label} is {status}: an order cannot be signed without the Law department's visa",
                           label=self.label, status=self.status)
        return Message("{label} is {status}, not in legal examination", label=self.label, status=self.status)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def submit(self, on: date, envelope: Envelope) -> None:
        self._allowed("orders.submit")
        self._after(on, "submission")
        self.trigger_event(self.Submitted, on=on, envelope=envelope)

    def examine(self, lawyer: Employee, visa: bool, text: str, on: date, envelope: Envelope) -> None:
        self._allowed("orders.visa" if visa else "orders.return")
        self._after(on, "the examination")
        if visa:
            self.trigger_event(self.Visaed, lawyer=f"{lawyer.number} {lawyer.full_name}",
                               opinion=optional(text, "opinion", 500), on=on, envelope=envelope)
        else:
            self.trigger_event(self.ReturnedWithRemarks, lawyer=f"{lawyer.number} {lawyer.full_name}",
                               remarks=clean(text, "remarks", 500), on=on, envelope=envelope)

    def sign(self, ctx: Context, on: date) -> str:
        self._allowed("orders.sign")
        assert self.visa is not None
        require(on >= self.visa["on"], "signature ({on}) cannot precede the visa ({on2})", on=on,
                                       on2=self.visa['on'])
        number = next_number(ctx, ORDER_KINDS[self.order_kind], on, width=4)
        self.trigger_event(self.Signed, number=number, on=on, envelope=ctx.envelope)
        return number


class OrderNumber(Record):
    """The registered number of an order, pointing at the order (whose id comes from its draft number)."""

    number: str
    order_id: UUID

    class Registered(Record.Created):
        number: str
        order_id: UUID

        def apply(self, a: OrderNumber) -> None:
            a.number, a.order_id = self.number, self.order_id


class Extract(Record):
    number: str
    decision: str
    requester: str
    purpose: str
    issued_on: date
    certified_by: str

    class Issued(Record.Created):
        number: str
        decision: str
        requester: str
        purpose: str
        issued_on: date
        certified_by: str

        def apply(self, x: Extract) -> None:
            x.number, x.decision, x.requester, x.purpose = self.number, self.decision, self.requester, self.purpose
            x.issued_on, x.certified_by = self.issued_on, self.certified_by

    @property
    def label(self) -> str:
        return Message("extract {number}", number=self.number)


# ---- finding records --------------------------------------------------------------------------


def find_decision(ctx: Context, number: str) -> Decision:
    text = (number or "").strip().upper()
    require(_DECISION.match(text), "decision number {number!r} must look like DEC-2026-0001", number=number)
    return ctx.get(Decision, decision_id(text), Message("no decision numbered {text}", text=text))


def find_order(ctx: Context, number: str) -> Order:
    text = (number or "").strip().upper()
    require(_ORDER.match(text), "order number {number!r} must look like ORD-2026-0001, PER-2026-0001, DCR-2026-0001 "
                                "or a draft's DRF-2026-0001", number=number)
    if text.startswith("DRF-"):
        return ctx.get(Order, order_id(text), Message("no draft order {text}", text=text))
    alias = ctx.get(OrderNumber, order_id(text), Message("no registered order numbered {text}", text=text))
    return ctx.get(Order, alias.order_id, Message("no registered order numbered {text}", text=text))


def registered_personnel_order(ctx: Context, number: str) -> Order:
    """A signed personnel order, for the personnel movements that cite one (or a refusal naming why not)."""
    order = find_order(ctx, number)
    require(order.status == "registered", "{order_label} is {order_status}, not signed; a movement cites a "
                                          "registered order", order_label=order.label, order_status=order.status)
    require(order.order_kind == "personnel order", "{order_number} is a {order_order_kind}, not a personnel order",
                                                   order_number=order.number, order_order_kind=order.order_kind)
    return order


def _unit(ctx: Context, code: str) -> Unit:
    text = (code or "").strip().upper()
    unit = ctx.get(Unit, unit_id(text), Message("no unit with code {code!r}", code=text))
    return unit


def _controlled(ctx: Context, number: str) -> Controlled:
    text = (number or "").strip().upper()
    return find_decision(ctx, text) if text.startswith("DEC-") else find_order(ctx, text)


# ---- commands: decisions and acts -------------------------------------------------------------


def awaiting_decision(s: Session) -> list[int]:
    """The numbers of a session's items adopted by its vote and not yet registered as decisions, in agenda order."""
    return s.items_undecided()


# A decision is registered for an adopted item still awaiting it (during the session or after it closes).
# `RegisterDecision` enforces it, then checks the item named; the session's card and the picker offer exactly this.
decision_for = rule(Session, "decisions.register")(StateRule(Check(Attr("undecided").gt(0), lambda s: Message(
    "no adopted item of session {number} awaits its decision", number=s.number))))


class RegisterDecision(Command, frozen=True, kw_only=True):
    name = "decisions.register"
    title = "Register a decision adopted at a session"
    session: str
    item: int
    decision_title: str = ""  # the item's title when blank
    normative: bool = False

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        item = s.item(self.item)
        vote = item["vote"]
        require(vote is not None, "item {item} of {number} has not been voted on", item=self.item, number=s.number)
        assert vote is not None
        require(vote["adopted"], "a decision needs the majority its kind requires: item {item} ({kind}) received "
                                 "{for_} votes for, the {majority} majority of {members} members needs {needed}",
                                 item=self.item, kind=item['kind'], for_=vote['for'], majority=item['majority'],
                                 members=vote['members'], needed=vote['needed'])
        require(not item.get("decision"), "item {item} of {number} is already decision {get}", item=self.item,
                                          number=s.number, get=item.get('decision'))
        if self.normative:
            require(item["kind"] in ("normative act", "rules of procedure"), "item {item} is a {kind}; a normative "
                                                                             "act is adopted on a normative-act or "
                                                                             "rules-of-procedure item",
                                                                             item=self.item, kind=item['kind'])
        title = clean(self.decision_title or item["title"], "decision title", 300)
        number = next_number(ctx, "DEC", s.held_on, width=4)
        d = ctx.add(Decision._create(Decision.Adopted, id=decision_id(number), number=number, adopted_on=s.held_on,
                                     session=s.number, item=self.item, item_kind=item["kind"], title=title,
                                     normative=self.normative, votes=f"{vote['for']}-{vote['against']}-"
                                     f"{vote['abstained']}", envelope=ctx.envelope))
        s.link_decision(self.item, number, ctx.envelope)
        return Outcome(message=Message("{label} registered ({number}, item {item})", label=d.label, number=s.number,
                                       item=self.item), record_ids=[d.id, s.id])


class PublishAct(Command, frozen=True, kw_only=True):
    name = "decisions.publish"
    title = "Record a decision's publication"
    decision: str
    medium: str = "website"
    on: date
    reference: str = ""

    def execute(self, ctx: Context) -> Outcome:
        d = find_decision(ctx, self.decision)
        d.publish(self.medium, self.on, self.reference, ctx.envelope)
        return Outcome(message=Message("{number} published in the {medium} on {on}", number=d.number,
                                       medium=self.medium, on=self.on), record_ids=[d.id])


class SendToStateRegister(Command, frozen=True, kw_only=True):
    name = "decisions.send-to-state-register"
    title = "Send a normative act to the State Register"
    decision: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        d = find_decision(ctx, self.decision)
        d.send_to_state_register(self.on, ctx.envelope)
        return Outcome(message=Message("{number} sent to the State Register", number=d.number), record_ids=[d.id])


class RecordStateRegistration(Command, frozen=True, kw_only=True):
    name = "decisions.state-registered"
    title = "Record the State Register's number for an act"
    decision: str
    registration_number: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        d = find_decision(ctx, self.decision)
        d.state_registered(self.registration_number, self.on, ctx.envelope)
        return Outcome(message=Message("{number} registered in the State Register", number=d.number), record_ids=[d.id])


class AmendAct(Command, frozen=True, kw_only=True):
    name = "acts.amend"
    title = "Amend an act by a later act"
    act: str
    by: str
    effective: date
    summary: str

    def execute(self, ctx: Context) -> Outcome:
        act, later = find_decision(ctx, self.act), find_decision(ctx, self.by)
        act.amend(later, self.effective, self.summary, ctx.envelope)
        return Outcome(message=Message("{act_number} amended by {later_number} from {effective}",
                                       act_number=act.number, later_number=later.number, effective=self.effective),
                       record_ids=[act.id, later.id])


class RepealAct(Command, frozen=True, kw_only=True):
    name = "acts.repeal"
    title = "Repeal an act by a later act"
    act: str
    by: str
    effective: date

    def execute(self, ctx: Context) -> Outcome:
        act, later = find_decision(ctx, self.act), find_decision(ctx, self.by)
        act.repeal(later, self.effective, ctx.envelope)
        return Outcome(message=Message("{act_number} repealed by {later_number} from {effective}",
                                       act_number=act.number, later_number=later.number, effective=self.effective),
                       record_ids=[act.id, later.id])


class IssueExtract(Command, frozen=True, kw_only=True):
    name = "extracts.issue"
    title = "Issue a certified extract of a decision"
    decision: str
    requester: str
    purpose: str = ""
    issued_on: date
    certified_by: str  # the certifying employee's personnel number

    def execute(self, ctx: Context) -> Outcome:
        d = find_decision(ctx, self.decision)
        require(self.issued_on >= d.adopted_on, "an extract ({issued_on}) cannot precede the decision ({adopted_on})",
                                                issued_on=self.issued_on, adopted_on=d.adopted_on)
        clerk = find_employee(ctx, self.certified_by)
        clerk.check_can_receive(self.issued_on, "the certification of an extract")
        number = next_number(ctx, "EXT", self.issued_on, width=4)
        x = ctx.add(Extract._create(Extract.Issued, id=extract_id(number), number=number, decision=d.number,
                                    requester=clean(self.requester, "requester", 200),
                                    purpose=optional(self.purpose, "purpose", 200), issued_on=self.issued_on,
                                    certified_by=f"{clerk.number} {clerk.full_name}", envelope=ctx.envelope))
        d.trigger_event(Decision.ExtractIssued, extract=number, envelope=ctx.envelope)
        return Outcome(message=Message("extract {number} of {number2} issued to {requester}", number=number,
                                       number2=d.number, requester=x.requester), record_ids=[x.id, d.id])


# ---- commands: orders -------------------------------------------------------------------------


class DraftOrder(Command, frozen=True, kw_only=True):
    name = "orders.draft"
    title = "Draft an order of the Chairman"
    order_kind: str = "general order"
    order_title: Subject
    unit: str  # the drafting unit
    drafted_on: date

    def execute(self, ctx: Context) -> Outcome:
        require(self.order_kind in ORDER_KINDS, "unknown kind {order_kind!r}; kinds are {order_kinds}",
                                                order_kind=self.order_kind, order_kinds=', '.join(ORDER_KINDS))
        unit = _unit(ctx, self.unit)
        require(unit.active, "unit {unit_code} is dissolved", unit_code=unit.code)
        title = clean(self.order_title, "title", SUBJECT)
        # A draft's number only identifies the working document (drafts are numbered as units start them, in any
        # date order); the registration number given at signature is the one kept in date order.
        draft = next_number(ctx, "DRF", self.drafted_on, width=4, ordered=False)
        o = ctx.add(Order._create(Order.Drafted, id=order_id(draft), draft=draft, order_kind=self.order_kind,
                                  title=title, unit_code=unit.code, drafted_on=self.drafted_on, envelope=ctx.envelope))
        return Outcome(message=Message("draft {draft} ({order_kind}) by {unit_code}", draft=draft,
                                       order_kind=self.order_kind, unit_code=unit.code), record_ids=[o.id])


class SubmitOrder(Command, frozen=True, kw_only=True):
    name = "orders.submit"
    title = "Submit a draft order to the Law department"
    order: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_order(ctx, self.order)
        o.submit(self.on, ctx.envelope)
        return Outcome(message=Message("{draft} submitted for legal examination", draft=o.draft), record_ids=[o.id])


class VisaOrder(Command, frozen=True, kw_only=True):
    name = "orders.visa"
    title = "Give the Law department's visa"
    order: str
    lawyer: str
    opinion: str = ""
    on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_order(ctx, self.order)
        o.examine(lawyer(ctx, self.lawyer, self.on), True, self.opinion, self.on, ctx.envelope)
        return Outcome(message=Message("{draft} visaed by the Law department", draft=o.draft), record_ids=[o.id])


class ReturnOrder(Command, frozen=True, kw_only=True):
    name = "orders.return"
    title = "Return a draft order with remarks"
    order: str
    lawyer: str
    remarks: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_order(ctx, self.order)
        o.examine(lawyer(ctx, self.lawyer, self.on), False, self.remarks, self.on, ctx.envelope)
        return Outcome(message=Message("{draft} returned with remarks", draft=o.draft), record_ids=[o.id])


class SignOrder(Command, frozen=True, kw_only=True):
    name = "orders.sign"
    title = "Sign and register an order (Chairman)"
    roles = DECIDERS
    order: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_order(ctx, self.order)
        number = o.sign(ctx, self.on)
        ctx.add(OrderNumber._create(OrderNumber.Registered, id=order_id(number), number=number, order_id=o.id,
                                    envelope=ctx.envelope))
        return Outcome(message=Message("{draft} signed and registered as {number}", draft=o.draft, number=number),
                       record_ids=[o.id])


# ---- commands: execution control --------------------------------------------------------------


class AssignExecution(Command, frozen=True, kw_only=True):
    name = "control.assign"
    title = "Put a decision or order under control"
    record: str  # DEC-..., ORD-/PER-/DCR-...
    unit: str
    instruction: str
    on: date
    working_days: int = DEFAULT_CONTROL_DAYS

    def execute(self, ctx: Context) -> Outcome:
        r = _controlled(ctx, self.record)
        unit = _unit(ctx, self.unit)
        due = r.assign(ctx, unit, self.instruction, self.on, self.working_days)
        return Outcome(message=Message("{label} assigned to {unit_code}, due {due}", label=r.label,
                                       unit_code=unit.code, due=due), record_ids=[r.id])


class ReportExecution(Command, frozen=True, kw_only=True):
    name = "control.report"
    title = "Report the execution of a decision or order"
    record: str
    unit: str
    on: date
    report: str

    def execute(self, ctx: Context) -> Outcome:
        r = _controlled(ctx, self.record)
        r.report_execution(self.unit, self.on, self.report, ctx.envelope)
        left = "removed from control" if not r.under_control else f"controlled until {r.controlled_until}"
        return Outcome(message=Message("{unit} executed {label}; {left}", unit=self.unit.strip().upper(),
                                       label=r.label, left=left), record_ids=[r.id])
