"""Correspondence context: the General department's registry of incoming, outgoing and confidential documents.

- Registration numbers (INC-2026-00001, OUT-2026-00001, CONF-2026-00001; also APL- for appeals and REC- for
  receptions) come from a RegistrationCounter per (series, year), saved in the same transaction as the record it
  numbers: two registrations racing for one number conflict on the counter (one is refused, nothing is
  recorded), and a number is only taken when its record is saved, so none is skipped. A document's id is
  derived from its number, so numbers are unique by construction too.
- Incoming documents (INC, and CONF received) get a resolution (executing unit, instruction, due date from the
  working calendar) and are then "under control" until an execution report; an outgoing document (OUT, or CONF
  sent) may answer an incoming one (the reply link is recorded on both). A reply to a letter under control
  ends that control as the registry marks it: executed on the reply's date "by reply OUT-..."; an interim
  reply (control "keep") leaves the letter under control.
- Documents are filed into a case file and disposed of only under an approved disposal act; the act lists the
  case files it disposed of.
- Confidential documents (series CONF) are logged unopened (the subject may be left blank: the envelope's
  marking), handed over to an employee only against a receipt number (the employee then holds it, through
  personnel's holdings contract), returned before filing, and are visible only to cleared users.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.calendar import add_working_days, working_calendar
from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import N_, Message
from domain.organisation import Unit, unit_id
from domain.personnel import Employee, find_employee
from domain.records import (
    LONG,
    NUMBER,
    REF,
    SUBJECT,
    Long,
    Number,
    Record,
    Ref,
    Subject,
    clean,
    optional,
    refuse,
    require,
)
from domain.roles import DECIDERS

_NS = uuid.UUID("b7f2e0c4-3d1a-4e59-9c8b-6a5f4e3d2c10")
CLASSIFICATIONS = ("public", "official use", "confidential")
DEFAULT_WORKING_DAYS = 10
CONTROL = ("end", "keep")  # what a reply does to the control of the letter it answers (keep: an interim reply)
_NUMBER = re.compile(r"^(INC|OUT|CONF|APL|REC)-(\d{4})-(\d{5})$")


def counter_id(series: str, year: int) -> UUID:
    return uuid.uuid5(_NS, f"counter/{series}/{year}")


def document_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "document/" + number.strip().upper())


def act_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "disposal-act/" + number.strip().upper())


class RegistrationCounter(Record):
    """The last number issued in one series and year; its version guards against two registrations at once.

    Shared by every register that numbers its records per series and year (correspondence, appeals, the
    Commission's sessions, decisions, orders, extracts, legal work), each with its number's width. Numbers follow
    the dates, but for working numbers (a draft order's) given as the drafts come, `ordered=False`.
    """

    series: str
    year: int
    last: int
    last_number: str
    last_on: date | None

    contended: ClassVar[bool] = True  # clerks race for it: a command that lost the race runs again

    class Opened(Record.Created):
        series: str
        year: int

        def apply(self, c: RegistrationCounter) -> None:
            c.series, c.year, c.last = self.series, self.year, 0
            c.last_number, c.last_on = "", None

    class Issued(Record.Event):
        class_version = 2
        sequence: int
        number: str
        on: date | None  # the registration date of the numbered record; added in version 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["on"] = None  # version 1 did not record the date

        def apply(self, c: RegistrationCounter) -> None:
            c.last, c.last_number = self.sequence, self.number
            c.last_on = self.on or c.last_on

    def issue(self, on: date, envelope: Envelope, width: int = 5, ordered: bool = True) -> str:
        """The next number, for a record registered `on` that day: numbers follow the dates, so a registration
        may not be dated before the last one of its series and year (unless the series is not `ordered`)."""
        require(on.year == self.year, "a registration of {on} cannot take a number of {year}", on=on, year=self.year)
        if ordered:
            require(self.last_on is None or on >= self.last_on,
                    "registration numbers follow the dates: {last_number} is already registered on {last_on}, so a "
                    "{series} registration cannot be dated {on}, earlier", last_number=self.last_number,
                    last_on=self.last_on, series=self.series, on=on)
        sequence = self.last + 1
        require(sequence < 10 ** width, "series {series} has run out of numbers for {year}", series=self.series,
                                        year=self.year)
        number = f"{self.series}-{self.year}-{sequence:0{width}d}"
        self.trigger_event(self.Issued, sequence=sequence, number=number, on=on, envelope=envelope)
        return number


def next_number(ctx: Context, series: str, on: date, width: int = 5, ordered: bool = True) -> str:
    """The next number of a series in the year of `on`, in date order (unless not `ordered`), `width` digits; the
    counter is saved with the caller's record, or not at all."""
    year = on.year
    require(1900 < year < 3000, "year {year} is out of range", year=year)
    counter = ctx.find(RegistrationCounter, counter_id(series, year))
    if counter is None:
        counter = ctx.add(RegistrationCounter._create(RegistrationCounter.Opened, id=counter_id(series, year),
                                                      series=series, year=year, envelope=ctx.envelope))
    return counter.issue(on, ctx.envelope, width, ordered)


def check_number(number: str, what: str = "document") -> str:
    text = (number or "").strip().upper()
    require(_NUMBER.match(text), "{what} number {number!r} must look like INC-2026-00001", what=what, number=number)
    return text


class Document(Record):
    number: str
    series: str
    direction: str
    registered_on: date
    correspondent: str
    their_number: str
    their_date: date | None
    subject: str
    classification: str
    reply_to: str | None
    confidential: bool
    sealed: bool
    status: str
    office: str | None
    unit: str | None
    instruction: str
    due: date | None
    executed_on: date | None
    execution: str
    replies: list[str]
    case_file: str | None
    holder: str | None
    receipt: str | None
    disposal_act: str | None

    def units(self) -> tuple[str | None, ...]:
        """The units this record belongs to, for the office rule (`domain.access.office_refusal`)."""
        return (self.office, self.unit)

    class Registered(Record.Created):
        number: str
        series: str
        direction: str
        registered_on: date
        correspondent: str
        their_number: str
        their_date: date | None
        subject: str
        classification: str
        reply_to: str | None

        def apply(self, d: Document) -> None:
            d.number, d.series, d.direction = self.number, self.series, self.direction
            d.registered_on, d.correspondent = self.registered_on, self.correspondent
            d.their_number, d.their_date, d.subject = self.their_number, self.their_date, self.subject
            d.classification, d.reply_to = self.classification, self.reply_to
            d.confidential = self.series == "CONF"
            d.sealed = d.confidential and self.direction == "incoming"
            d.status = "registered"
            d.office = self.envelope.office  # the office that registered it
            d.unit = None
            d.instruction = ""
            d.due = None
            d.executed_on = None
            d.execution = ""
            d.replies = []
            d.case_file = None
            d.holder = None
            d.receipt = None
            d.disposal_act = None

        @property
        def confidential(self) -> bool:
            """This event makes its document confidential (the read policy follows it)."""
            return self.series == "CONF"

    class Resolved(Record.Event):
        unit_code: str
        instruction: str
        on: date
        due: date

        def apply(self, d: Document) -> None:
            d.unit, d.instruction, d.due, d.status = self.unit_code, self.instruction, self.due, "under control"

    class ExecutionReported(Record.Event):
        on: date
        report: str

        def apply(self, d: Document) -> None:
            d.executed_on, d.execution, d.status = self.on, self.report, "executed"

    class ReplyLinked(Record.Event):
        reply_number: str

        def apply(self, d: Document) -> None:
            d.replies = [*d.replies, self.reply_number]

    class HandedOver(Record.Event):
        employee_number: str
        employee_name: str
        receipt: str
        on: date

        def apply(self, d: Document) -> None:
            d.holder, d.receipt, d.sealed = self.employee_number, self.receipt, False

    class Returned(Record.Event):
        employee_number: str
        on: date

        def apply(self, d: Document) -> None:
            d.holder = None

    class Filed(Record.Event):
        case_file: str
        on: date

        def apply(self, d: Document) -> None:
            d.case_file, d.status = self.case_file, "filed"

    class Disposed(Record.Event):
        act_number: str
        on: date

        def apply(self, d: Document) -> None:
            d.disposal_act, d.status = self.act_number, "disposed"

    @property
    def label(self) -> str:
        return self.number

    @property
    def code(self) -> str:  # the card's title
        return self.number

    # the commands whose state rule `allows` decides (a reply, correspondence.send, on the letter it answers):
    # DOCUMENT_RULES, below
    STATE_RULES: ClassVar[dict[str, StateRule]]
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({
        "correspondence.resolve", "correspondence.report-execution", "correspondence.send",
        "correspondence.hand-over", "correspondence.return", "correspondence.file", "correspondence.dispose"})

    def allows(self, command: str) -> str | None:
        """Why the document's state refuses that command, in words; None when its state allows it (the command's
        own values, such as the disposal act or the employee, are checked when it runs). The methods enforce
        it; the card offers exactly this, the document pickers list it."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def resolve(self, unit: Unit, instruction: str, on: date, due: date, envelope: Envelope) -> None:
        self._allowed("correspondence.resolve")
        require(unit.active, "unit {unit_code} is dissolved", unit_code=unit.code)
        require(on >= self.registered_on, "a resolution cannot precede the registration ({registered_on})",
                registered_on=self.registered_on)
        self.trigger_event(
            self.Resolved,
            unit_code=unit.code,
            instruction=clean(instruction, "instruction", LONG),
            on=on,
            due=due,
            envelope=envelope,
        )

    def report_execution(self, on: date, report: str, envelope: Envelope) -> None:
        self._allowed("correspondence.report-execution")
        require(
            on >= self.registered_on,
            "execution cannot precede the registration ({registered_on})",
            registered_on=self.registered_on,
        )
        self.trigger_event(
            self.ExecutionReported, on=on, report=clean(report, "execution report", LONG), envelope=envelope
        )

    def link_reply(self, reply: str, on: date, ends_control: bool, envelope: Envelope) -> None:
        self._allowed("correspondence.send")
        self.trigger_event(self.ReplyLinked, reply_number=reply, envelope=envelope)
        if ends_control and self.status == "under control":
            self.trigger_event(self.ExecutionReported, on=on, report=f"answered by reply {reply}", envelope=envelope)

    def hand_over(self, employee: Employee, receipt: str, on: date, envelope: Envelope) -> None:
        self._allowed("correspondence.hand-over")
        receipt = clean(receipt, "receipt number", NUMBER)
        employee.take("document", self.id, self.number, on, envelope)
        self.trigger_event(
            self.HandedOver,
            employee_number=employee.number,
            employee_name=employee.full_name,
            receipt=receipt,
            on=on,
            envelope=envelope,
        )

    def take_back(self, employee: Employee, on: date, envelope: Envelope) -> None:
        self._allowed("correspondence.return")
        require(
            employee.number == self.holder,
            "document {number} is held by employee {holder}, not {employee_number}",
            number=self.number,
            holder=self.holder,
            employee_number=employee.number,
        )
        employee.release("document", self.id, envelope)
        self.trigger_event(self.Returned, employee_number=employee.number, on=on, envelope=envelope)

    def file(self, case_file: str, on: date, envelope: Envelope) -> None:
        self._allowed("correspondence.file")
        require(
            on >= self.registered_on,
            "filing cannot precede the registration ({registered_on})",
            registered_on=self.registered_on,
        )
        self.trigger_event(self.Filed, case_file=clean(case_file, "case file", NUMBER), on=on, envelope=envelope)

    def dispose(self, act: DisposalAct, on: date, envelope: Envelope) -> None:
        require(
            act.status == "approved",
            "disposal act {act_number} is {act_status}, not approved; documents are disposed of only under an "
            "approved act",
            act_number=act.number,
            act_status=act.status,
        )
        self._allowed("correspondence.dispose")
        assert act.approved_on is not None  # approved
        require(on >= act.approved_on, "disposal cannot precede the act's approval ({act_approved_on})",
                act_approved_on=act.approved_on)
        self.trigger_event(self.Disposed, act_number=act.number, on=on, envelope=envelope)
        act.trigger_event(
            DisposalAct.DocumentDisposed, document_number=self.number, case_file=self.case_file or "", envelope=envelope
        )


_LIVE = Check(Attr("status").ne("disposed"), lambda d: Message(
    "document {n} was disposed of under act {disposal_act}", n=d.number, disposal_act=d.disposal_act))
_INCOMING = Check(Attr("direction").eq("incoming"), lambda d: Message(
    "document {n} is outgoing; only incoming documents are resolved to a unit or answered", n=d.number))
_NOT_HELD = Attr("holder").eq(None)

# What a document's state must be for each command on it (a disposed one takes none: it was filed and returned
# before); the document pickers filter by the same conditions.
DOCUMENT_RULES: dict[str, StateRule] = {
    "correspondence.resolve": StateRule(_LIVE, _INCOMING, Check(
        Attr("status").one_of(("registered", "under control")),
        lambda d: Message("document {number} is {status}; it can no longer be resolved",
            number=d.number, status=Message(d.status)))),
    "correspondence.report-execution": StateRule(_LIVE, Check(
        Attr("status").eq("under control"), lambda d: Message("document {number} is {status}; only a document under "
            "control (resolved to a unit) has its execution reported",
            number=d.number, status=Message(d.status)))),
    "correspondence.send": StateRule(_LIVE, _INCOMING),
    "correspondence.hand-over": StateRule(
        _LIVE,
        Check(Attr("confidential").is_true(), lambda d: Message("document {number} is not confidential; only "
            "confidential documents are handed over against a receipt",
            number=d.number)),
        Check(Attr("status").ne("filed"), lambda d: Message("document {number} is filed in {case_file}",
            number=d.number, case_file=d.case_file)),
        Check(_NOT_HELD, lambda d: Message("document {number} is held by employee {holder} (receipt {receipt}); it "
            "must be returned first",
            number=d.number, holder=d.holder, receipt=d.receipt))),
    "correspondence.return": StateRule(Check(Attr("holder").ne(None), lambda d: Message(
        "document {n} is not handed over to anyone", n=d.number))),
    "correspondence.file": StateRule(
        _LIVE,
        Check(Attr("status").ne("filed"), lambda d: Message("document {number} is already filed in {case_file}",
            number=d.number, case_file=d.case_file)),
        Check(Attr("status").ne("under control"), lambda d: Message("document {number} is under control (due {due}); "
            "report its execution before filing it",
            number=d.number, due=d.due)),
        Check(_NOT_HELD, lambda d: Message("document {number} is held by employee {holder}; it must be returned "
            "before filing",
            number=d.number, holder=d.holder))),
    "correspondence.dispose": StateRule(_LIVE, Check(
        Attr("status").eq("filed"), lambda d: Message("document {number} is {status}; only filed documents are "
            "disposed of",
            number=d.number, status=Message(d.status)))),
}
Document.STATE_RULES = DOCUMENT_RULES


class DisposalAct(Record):
    """An act listing documents whose retention has ended; approved by the chairman before any disposal."""

    number: str
    drafted_on: date
    basis: str
    status: str
    approved_on: date | None
    documents: int
    case_files: list[str]

    class Drafted(Record.Created):
        number: str
        drafted_on: date
        basis: str

        def apply(self, a: DisposalAct) -> None:
            a.number, a.drafted_on, a.basis = self.number, self.drafted_on, self.basis
            a.status = "draft"
            a.approved_on = None
            a.documents = 0
            a.case_files = []

    class Approved(Record.Event):
        on: date

        def apply(self, a: DisposalAct) -> None:
            a.status, a.approved_on = "approved", self.on

    class DocumentDisposed(Record.Event):
        class_version = 2
        document_number: str
        case_file: str  # the case file the document was filed in; added in version 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["case_file"] = ""  # version 1 named no case file

        def apply(self, a: DisposalAct) -> None:
            a.documents += 1
            if self.case_file and self.case_file not in a.case_files:
                a.case_files = [*a.case_files, self.case_file]

    @property
    def code(self) -> str:
        return self.number

    # the commands whose state rule `allows` decides (only a draft is approved; the act picker filters by it)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {"correspondence.approve-disposal-act": StateRule(Check(
        Attr("status").eq("draft"), lambda a: Message("disposal act {number} is already {status}", number=a.number,
                                                      status=a.status)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the act's state refuses that command, in words; None when its state allows it. Documents are
        disposed of under an approved act (Document.dispose checks the act)."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def approve(self, on: date, envelope: Envelope) -> None:
        refusal = self.allows("correspondence.approve-disposal-act")
        refuse(refusal)
        require(on >= self.drafted_on, "approval cannot precede the draft ({drafted_on})", drafted_on=self.drafted_on)
        self.trigger_event(self.Approved, on=on, envelope=envelope)


# ---- commands ---------------------------------------------------------------------------------


def find_document(ctx: Context, number: str) -> Document:
    text = check_number(number)
    return ctx.get(Document, document_id(text), Message("no document numbered {text}", text=text))


def outgoing_document(ctx: Context, number: str, what: str) -> Document:
    """A registered outgoing document (a response, a referral notice), or a refusal naming what it was for."""
    text = (number or "").strip().upper()
    require(text, "{what} must be a registered outgoing document's number", what=what)
    doc = ctx.find(Document, document_id(text)) if _NUMBER.match(text) else None
    require(
        doc is not None,
        "{what} {text} is not in the correspondence registry; register the letter first",
        what=what,
        text=text,
    )
    assert doc is not None
    require(
        doc.direction == "outgoing", "{what} {text} is an incoming document, not an outgoing one", what=what, text=text
    )
    require(doc.status != "disposed", "{what} {text} was disposed of", what=what, text=text)
    return doc


def _unit(ctx: Context, code: str) -> Unit:
    return ctx.get(Unit, unit_id(code), Message("no unit with code {code!r}", code=(code or '').strip().upper()))


def _register(
    ctx: Context,
    series: str,
    direction: str,
    on: date,
    correspondent: str,
    their_number: str,
    their_date: date | None,
    subject: str,
    classification: str,
    reply_to: str | None,
    control: str = "end",
) -> Document:
    require(
        classification in CLASSIFICATIONS,
        "unknown classification {classification!r}; classifications are {classifications}",
        classification=classification,
        classifications=", ".join(CLASSIFICATIONS),
    )
    correspondent = clean(correspondent, "sender" if direction == "incoming" else "addressee")
    if their_date is not None:
        require(
            their_date <= on,
            "the sender's date {their_date} is after the registration date {on}",
            their_date=their_date,
            on=on,
        )
    # A confidential letter is logged unopened: its subject may be blank (the envelope's marking only).
    if series != "CONF":
        require(
            (subject or "").strip(), "subject is required (only a confidential letter is logged unopened, without one)"
        )
    subject = optional(subject, "subject", SUBJECT) if series == "CONF" else clean(subject, "subject", SUBJECT)
    their = optional(their_number, "their number", REF)
    require(
        control in CONTROL,
        "control must be 'end' (the reply executes the letter) or 'keep' (an interim reply), not {control!r}",
        control=control,
    )
    incoming = None
    if reply_to:
        incoming = find_document(ctx, reply_to)
        require(
            incoming.direction == "incoming",
            "{incoming_number} is outgoing; a reply answers an incoming document",
            incoming_number=incoming.number,
        )
        require(
            incoming.registered_on <= on,
            "a reply cannot precede the letter it answers ({incoming_number} of {incoming_registered_on})",
            incoming_number=incoming.number,
            incoming_registered_on=incoming.registered_on,
        )
    number = next_number(ctx, series, on)
    doc = ctx.add(
        Document._create(
            Document.Registered,
            id=document_id(number),
            number=number,
            series=series,
            direction=direction,
            registered_on=on,
            correspondent=correspondent,
            their_number=their,
            their_date=their_date,
            subject=subject,
            classification=classification,
            reply_to=incoming.number if incoming else None,
            envelope=ctx.envelope,
        )
    )
    if incoming is not None:
        incoming.link_reply(number, on, control == "end", ctx.envelope)
    return doc


class ReceiveDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.receive"
    title = "Register an incoming document"
    # a confidential letter is logged unopened
    required_when: ClassVar[dict[str, str]] = {"subject": "unless confidential"}
    received_on: date
    sender: str
    their_number: Ref = ""
    their_date: date | None = None
    subject: Subject = ""
    classification: str = "public"

    def execute(self, ctx: Context) -> Outcome:
        series = "CONF" if self.classification == "confidential" else "INC"
        doc = _register(
            ctx,
            series,
            "incoming",
            self.received_on,
            self.sender,
            self.their_number,
            self.their_date,
            self.subject,
            self.classification,
            None,
        )
        message = Message(
            N_("{number} registered (sealed)") if doc.sealed else N_("{number} registered"), number=doc.number
        )
        return Outcome(message=message, record_ids=[doc.id])


class SendDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.send"
    title = "Register an outgoing document"
    sent_on: date
    addressee: str
    subject: Subject
    classification: str = "public"
    in_reply_to: str | None = None
    control: str = "end"  # a reply to a letter under control ends it; "keep" for an interim reply

    def execute(self, ctx: Context) -> Outcome:
        series = "CONF" if self.classification == "confidential" else "OUT"
        doc = _register(
            ctx,
            series,
            "outgoing",
            self.sent_on,
            self.addressee,
            "",
            None,
            self.subject,
            self.classification,
            self.in_reply_to,
            self.control,
        )
        message = Message("{number} registered", number=doc.number)
        if doc.reply_to:
            answered = find_document(ctx, doc.reply_to)
            if answered.status == "executed" and answered.execution.endswith(doc.number):
                message = Message(
                    "{number} registered in reply to {reply_to}, which is now executed",
                    number=doc.number,
                    reply_to=doc.reply_to,
                )
            elif answered.status == "under control":
                message = Message(
                    "{number} registered in reply to {reply_to}, which stays under control (due {due})",
                    number=doc.number,
                    reply_to=doc.reply_to,
                    due=answered.due,
                )
            else:
                message = Message(
                    "{number} registered in reply to {reply_to}", number=doc.number, reply_to=doc.reply_to
                )
        return Outcome(message=message, record_ids=[doc.id, *([answered.id] if doc.reply_to else [])])


class ResolveDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.resolve"
    title = "Resolve a document to a unit"
    roles = DECIDERS
    document: str
    unit: str
    instruction: Long
    on: date
    working_days: int = DEFAULT_WORKING_DAYS

    def execute(self, ctx: Context) -> Outcome:
        doc = find_document(ctx, self.document)
        unit = _unit(ctx, self.unit)
        due = add_working_days(working_calendar(ctx), self.on, self.working_days)
        doc.resolve(unit, self.instruction, self.on, due, ctx.envelope)
        return Outcome(
            message=Message(
                "{doc_number} resolved to {unit_code}, due {due}", doc_number=doc.number, unit_code=unit.code, due=due
            ),
            record_ids=[doc.id],
        )


class ReportExecution(Command, frozen=True, kw_only=True):
    name = "correspondence.report-execution"
    title = "Report a document's execution"
    document: str
    on: date
    report: Long

    def execute(self, ctx: Context) -> Outcome:
        doc = find_document(ctx, self.document)
        doc.report_execution(self.on, self.report, ctx.envelope)
        return Outcome(message=Message("{doc_number} executed", doc_number=doc.number), record_ids=[doc.id])


class HandOverDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.hand-over"
    title = "Hand over a confidential document against a receipt"
    document: str
    employee: str
    receipt: Number
    on: date

    def execute(self, ctx: Context) -> Outcome:
        doc = find_document(ctx, self.document)
        employee = find_employee(ctx, self.employee)
        doc.hand_over(employee, self.receipt, self.on, ctx.envelope)
        return Outcome(
            message=Message(
                "{doc_number} handed over to {employee_number} (receipt {doc_receipt})",
                doc_number=doc.number,
                employee_number=employee.number,
                doc_receipt=doc.receipt,
            ),
            record_ids=[doc.id, employee.id],
        )


class ReturnDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.return"
    title = "Take back a confidential document"
    document: str
    employee: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        doc = find_document(ctx, self.document)
        employee = find_employee(ctx, self.employee)
        doc.take_back(employee, self.on, ctx.envelope)
        return Outcome(
            message=Message(
                "{doc_number} returned by {employee_number}", doc_number=doc.number, employee_number=employee.number
            ),
            record_ids=[doc.id, employee.id],
        )


class FileDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.file"
    title = "File a document into a case file"
    document: str
    case_file: Number
    on: date

    def execute(self, ctx: Context) -> Outcome:
        doc = find_document(ctx, self.document)
        doc.file(self.case_file, self.on, ctx.envelope)
        return Outcome(
            message=Message(
                "{doc_number} filed in {doc_case_file}", doc_number=doc.number, doc_case_file=doc.case_file
            ),
            record_ids=[doc.id],
        )


class DraftDisposalAct(Command, frozen=True, kw_only=True):
    name = "correspondence.draft-disposal-act"
    title = "Draft a disposal act"
    act: Number
    drafted_on: date
    basis: Subject

    def execute(self, ctx: Context) -> Outcome:
        number = clean(self.act, "act number", NUMBER).upper()
        require(ctx.find(DisposalAct, act_id(number)) is None, "disposal act {number} already exists", number=number)
        act = ctx.add(
            DisposalAct._create(
                DisposalAct.Drafted,
                id=act_id(number),
                number=number,
                drafted_on=self.drafted_on,
                basis=clean(self.basis, "basis", SUBJECT),
                envelope=ctx.envelope,
            )
        )
        return Outcome(message=Message("disposal act {number} drafted", number=number), record_ids=[act.id])


def _act(ctx: Context, number: str) -> DisposalAct:
    text = (number or "").strip().upper()
    return ctx.get(DisposalAct, act_id(text), Message("no disposal act {text!r}", text=text))


class ApproveDisposalAct(Command, frozen=True, kw_only=True):
    name = "correspondence.approve-disposal-act"
    title = "Approve a disposal act"
    roles = DECIDERS
    act: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        act = _act(ctx, self.act)
        act.approve(self.on, ctx.envelope)
        return Outcome(
            message=Message("disposal act {act_number} approved", act_number=act.number), record_ids=[act.id]
        )


class DisposeDocument(Command, frozen=True, kw_only=True):
    name = "correspondence.dispose"
    title = "Dispose of a document under an approved act"
    needs_reason = True
    document: str
    act: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        doc = find_document(ctx, self.document)
        act = _act(ctx, self.act)
        doc.dispose(act, self.on, ctx.envelope)
        return Outcome(
            message=Message(
                "{doc_number} disposed of under act {act_number}", doc_number=doc.number, act_number=act.number
            ),
            record_ids=[doc.id, act.id],
        )
