"""Legal context: the Law department's legal opinions and the court cases in which the Commission is a party.

- A legal opinion is requested by a unit on a draft, a contract or a memorandum, numbered LOP-2026-0001 (gap-free
  and in date order), with a due date in working days (the working calendar, stored in the event); a lawyer of the
  Law department is assigned and gives the opinion (its conclusion and text). Overdue is computed by the registers.
- A court case is registered (CASE-2026-001) with its court, the court's case number, parties, subject and the
  Commission's standing; a representative (an employee of the secretariat with a power of attorney valid on the
  day) is appointed; hearings are scheduled and their outcomes recorded in date order; the final judgment sets
  the appeal deadline (days from the judgment, as the procedure allows); an appeal is filed by the deadline or
  the judgment becomes final; a case is closed once decided.
"""

from __future__ import annotations

import uuid
from collections import UserList
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any, ClassVar
from uuid import UUID

from domain.acts import lawyer
from domain.calendar import add_working_days, working_calendar
from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.correspondence import next_number
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Unit, unit_id
from domain.personnel import Employee, find_employee
from domain.records import REF, SUBJECT, Record, Ref, Subject, clean, optional, refuse, require
from domain.shown import Told

_NS = uuid.UUID("1e6a1e6a-2c3d-4e5f-a607-b8c9d0e1f2a3")
SUBJECTS = ("draft act", "draft order", "contract", "memorandum", "code of conduct", "other")
CONCLUSIONS = ("lawful", "lawful with remarks", "unlawful")
STANDINGS = ("plaintiff", "defendant", "third party", "applicant")
OUTCOMES = ("won", "lost", "partly won", "dismissed", "settled")
DEFAULT_OPINION_DAYS = 5
DEFAULT_APPEAL_DAYS = 30


class Hearings(Told, UserList[dict[str, Any]]):
    """{"on", "outcome"} in date order; shown as dates with their outcomes."""

    def told(self) -> list[Message]:
        return [Message("{on} {outcome}", on=h["on"], outcome=h["outcome"]) if h["outcome"]
                else Message("{on} (scheduled)", on=h["on"]) for h in self] or [Message("none")]


def opinion_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "opinion/" + number.strip().upper())


def case_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "case/" + number.strip().upper())


class LegalOpinion(Record):
    number: str
    unit: str
    subject_kind: str
    document: str
    requested_on: date
    due: date
    status: str
    lawyer: str | None
    given_on: date | None
    conclusion: str | None
    opinion: str

    class Requested(Record.Created):
        number: str
        unit_code: str
        subject_kind: str
        document: str
        requested_on: date
        due: date

        def apply(self, o: LegalOpinion) -> None:
            o.number, o.unit, o.subject_kind, o.document = self.number, self.unit_code, self.subject_kind, self.document
            o.requested_on, o.due = self.requested_on, self.due
            o.status = "requested"
            o.lawyer = None
            o.given_on = None
            o.conclusion = None
            o.opinion = ""

    class LawyerAssigned(Record.Event):
        lawyer: str
        on: date

        def apply(self, o: LegalOpinion) -> None:
            o.lawyer, o.status = self.lawyer, "assigned"

    class Given(Record.Event):
        conclusion: str
        opinion: str
        on: date

        def apply(self, o: LegalOpinion) -> None:
            o.status, o.conclusion, o.opinion, o.given_on = "given", self.conclusion, self.opinion, self.on

    @property
    def label(self) -> str:
        return Message("legal opinion {number}", number=self.number)

    # the commands whose state rule `allows` decides (a lawyer is assigned, or changed, until the opinion is given)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {
        "legal.assign-lawyer": StateRule(Check(Attr("status").one_of(("requested", "assigned")), lambda o: Message(
            "{label} is {status}", label=o.label, status=o.status))),
        "legal.give-opinion": StateRule(Check(Attr("status").eq("assigned"), lambda o: Message(
            "{label} is {status}; a lawyer of the Law department is assigned before the opinion is given",
            label=o.label, status=o.status)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the opinion's state refuses that command, in words; None when its state allows it. The methods
        enforce it; the card offers exactly this, the opinion pickers list it."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def assign(self, who: Employee, on: date, envelope: Envelope) -> None:
        self._allowed("legal.assign-lawyer")
        require(on >= self.requested_on, "assignment ({on}) cannot precede the request ({requested_on})", on=on,
                                         requested_on=self.requested_on)
        self.trigger_event(self.LawyerAssigned, lawyer=f"{who.number} {who.full_name}", on=on, envelope=envelope)

    def give(self, conclusion: str, opinion: str, on: date, envelope: Envelope) -> None:
        self._allowed("legal.give-opinion")
        require(conclusion in CONCLUSIONS, "unknown conclusion {conclusion!r}; conclusions are {conclusions}",
                                           conclusion=conclusion, conclusions=', '.join(CONCLUSIONS))
        require(on >= self.requested_on, "the opinion ({on}) cannot precede the request ({requested_on})", on=on,
                                         requested_on=self.requested_on)
        self.trigger_event(self.Given, conclusion=conclusion, opinion=clean(opinion, "opinion", 1000), on=on,
                           envelope=envelope)


class CourtCase(Record):
    number: str
    court: str
    case_number: str
    parties: str
    subject: str
    standing: str
    opened_on: date
    status: str
    representative: dict[str, Any] | None
    hearings: Hearings
    judgment: dict[str, Any] | None
    appeal: dict[str, Any] | None
    closed_on: date | None

    class Registered(Record.Created):
        number: str
        court: str
        case_number: str
        parties: str
        subject: str
        standing: str
        opened_on: date

        def apply(self, c: CourtCase) -> None:
            c.number, c.court, c.case_number, c.parties = self.number, self.court, self.case_number, self.parties
            c.subject, c.standing, c.opened_on = self.subject, self.standing, self.opened_on
            c.status = "pending"
            c.representative = None  # {"employee", "attorney", "valid_until"}
            c.hearings = Hearings()  # {"on", "outcome"}
            c.judgment = None  # {"on", "outcome", "appeal_until", "text"}
            c.appeal = None
            c.closed_on = None

    class RepresentativeAppointed(Record.Event):
        employee: str
        power_of_attorney: str
        valid_until: date
        on: date

        def apply(self, c: CourtCase) -> None:
            c.representative = {"employee": self.employee, "attorney": self.power_of_attorney,
                                "valid_until": self.valid_until}

    class HearingScheduled(Record.Event):
        on: date

        def apply(self, c: CourtCase) -> None:
            c.hearings = Hearings([*c.hearings, {"on": self.on, "outcome": None}])

    class HearingHeld(Record.Event):
        on: date
        outcome: str

        def apply(self, c: CourtCase) -> None:
            c.hearings = Hearings({**h, "outcome": self.outcome} if h["on"] == self.on else h for h in c.hearings)

    class Judged(Record.Event):
        on: date
        outcome: str
        appeal_until: date
        summary: str

        def apply(self, c: CourtCase) -> None:
            c.status = "judged"
            c.judgment = {"on": self.on, "outcome": self.outcome, "appeal_until": self.appeal_until,
                          "summary": self.summary}

    class Appealed(Record.Event):
        on: date
        by: str

        def apply(self, c: CourtCase) -> None:
            c.status, c.appeal = "appealed", {"on": self.on, "by": self.by}

    class Closed(Record.Event):
        on: date

        def apply(self, c: CourtCase) -> None:
            c.status, c.closed_on = "closed", self.on

    @property
    def label(self) -> str:
        return Message("court case {number} ({court} {case_number})", number=self.number, court=self.court,
                       case_number=self.case_number)

    @property
    def next_hearing(self) -> date | None:
        return min((h["on"] for h in self.hearings if h["outcome"] is None), default=None)

    # the commands whose state rule `allows` decides
    STATE_RULES: ClassVar[dict[str, StateRule]]  # CASE_RULES, below
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({
        "legal.appoint-representative", "legal.schedule-hearing", "legal.record-hearing", "legal.judgment",
        "legal.appeal", "legal.close-case"})

    def allows(self, command: str) -> str | None:
        """Why the case's state refuses that command, in words; None when its state allows it (the command's own
        values, its dates among them, are checked when it runs). The methods enforce it; the card offers this,
        the case pickers list it (CASE_RULES)."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _open(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def appoint(self, who: Employee, attorney: str, valid_until: date, on: date, envelope: Envelope) -> None:
        self._open("legal.appoint-representative")
        who.check_can_receive(on, "power of attorney")
        require(valid_until >= on, "the power of attorney ends ({valid_until}) before it is given ({on})",
                                   valid_until=valid_until, on=on)
        self.trigger_event(self.RepresentativeAppointed, employee=f"{who.number} {who.full_name}",
                           power_of_attorney=clean(attorney, "power of attorney number", 40), valid_until=valid_until,
                           on=on, envelope=envelope)

    def schedule(self, on: date, envelope: Envelope) -> None:
        self._open("legal.schedule-hearing")
        require(on >= self.opened_on, "a hearing ({on}) cannot precede the case ({opened_on})", on=on,
                                      opened_on=self.opened_on)
        require(all(h["on"] != on for h in self.hearings), "a hearing of {number} is already set for {on}",
                                                           number=self.number, on=on)
        last = max((h["on"] for h in self.hearings), default=None)
        require(last is None or on > last, "hearings are in date order: the last one is on {last}", last=last)
        rep = self.representative
        if rep is not None:
            require(rep["valid_until"] >= on, "{number} needs a representative whose power of attorney is valid on "
                    "{on} (it ends {valid_until})", number=self.number, on=on, valid_until=rep["valid_until"])
        require(rep is not None, "{number} needs a representative whose power of attorney is valid on {on}",
                number=self.number, on=on)
        self.trigger_event(self.HearingScheduled, on=on, envelope=envelope)

    def hold(self, on: date, outcome: str, envelope: Envelope) -> None:
        self._open("legal.record-hearing")
        hearing = next((h for h in self.hearings if h["on"] == on), None)
        require(hearing is not None, "no hearing of {number} is scheduled on {on}", number=self.number, on=on)
        assert hearing is not None
        require(hearing["outcome"] is None, "the hearing of {on} already has its outcome", on=on)
        self.trigger_event(self.HearingHeld, on=on, outcome=clean(outcome, "outcome", 300), envelope=envelope)

    def judge(self, on: date, outcome: str, appeal_days: int, summary: str, envelope: Envelope) -> None:
        self._open("legal.judgment")
        require(outcome in OUTCOMES, "unknown outcome {outcome!r}; outcomes are {outcomes}", outcome=outcome,
                                     outcomes=', '.join(OUTCOMES))
        require(on >= self.opened_on, "the judgment ({on}) cannot precede the case ({opened_on})", on=on,
                                      opened_on=self.opened_on)
        require(0 < appeal_days <= 90, "the appeal period is 1-90 days, not {appeal_days}", appeal_days=appeal_days)
        held = [h for h in self.hearings if h["outcome"] is None and h["on"] <= on]
        require(not held, "record the outcome of the hearing of {value} first", value=held[0]['on'] if held else '')
        self.trigger_event(self.Judged, on=on, outcome=outcome, appeal_until=on + timedelta(days=appeal_days),
                           summary=optional(summary, "summary", 500), envelope=envelope)

    def file_appeal(self, on: date, by: str, envelope: Envelope) -> None:
        self._open("legal.appeal")
        assert self.judgment is not None
        require(on >= self.judgment["on"], "an appeal ({on}) cannot precede the judgment ({on2})", on=on,
                                           on2=self.judgment['on'])
        require(on <= self.judgment["appeal_until"], "the appeal deadline was {appeal_until}; an appeal on {on} is "
                                                     "too late", appeal_until=self.judgment['appeal_until'], on=on)
        self.trigger_event(self.Appealed, on=on, by=clean(by, "appellant", 200), envelope=envelope)

    def close(self, on: date, envelope: Envelope) -> None:
        self._open("legal.close-case")
        assert self.judgment is not None
        require(on > self.judgment["appeal_until"], "the judgment of {on} may still be appealed until {appeal_until}",
                                                    on=self.judgment['on'],
                                                    appeal_until=self.judgment['appeal_until'])
        self.trigger_event(self.Closed, on=on, envelope=envelope)


# ---- commands ---------------------------------------------------------------------------------




def _judged(refusal: Callable[[CourtCase], str]) -> tuple[Check, Check]:
    """A judged case (with its judgment), and why not otherwise."""
    return Check(Attr("status").eq("judged"), refusal), Check(Attr("judgment").ne(None), refusal)


_BEFORE_COURT = Check(Attr("status").one_of(("pending", "appealed")), lambda c: Message(
    "{label} is {status}", label=c.label, status=c.status))
# What a case's state must be for each command on it; the case pickers filter by the same conditions.
CASE_RULES: dict[str, StateRule] = {
    "legal.appoint-representative": StateRule(Check(Attr("status").ne("closed"), lambda c: Message(
        "{label} is closed", label=c.label))),
    "legal.schedule-hearing": StateRule(_BEFORE_COURT),
    "legal.judgment": StateRule(_BEFORE_COURT),
    "legal.record-hearing": StateRule(_BEFORE_COURT, Check(Attr("next_hearing").ne(None), lambda c: Message(
        "no hearing of {number} is scheduled", number=c.number))),
    "legal.appeal": StateRule(*_judged(lambda c: Message("{label} is {status}; an appeal follows a judgment",
                                                         label=c.label, status=c.status))),
    "legal.close-case": StateRule(*_judged(lambda c: Message(
        "{label} is {status}; a case is closed once judged (an appealed case goes on to its next judgment)",
        label=c.label, status=c.status))),
}
CourtCase.STATE_RULES = CASE_RULES


def find_opinion(ctx: Context, number: str) -> LegalOpinion:
    text = (number or "").strip().upper()
    return ctx.get(LegalOpinion, opinion_id(text), Message("no legal opinion numbered {text!r}", text=text))


def find_case(ctx: Context, number: str) -> CourtCase:
    text = (number or "").strip().upper()
    return ctx.get(CourtCase, case_id(text), Message("no court case numbered {text!r}", text=text))


class RequestOpinion(Command, frozen=True, kw_only=True):
    name = "legal.request-opinion"
    title = "Request a legal opinion"
    unit: str
    subject_kind: str = "draft act"
    document: Subject
    requested_on: date
    working_days: int = DEFAULT_OPINION_DAYS

    def execute(self, ctx: Context) -> Outcome:
        code = (self.unit or "").strip().upper()
        unit = ctx.get(Unit, unit_id(code), Message("no unit with code {code!r}", code=code))
        require(unit.active, "unit {unit_code} is dissolved", unit_code=unit.code)
        require(self.subject_kind in SUBJECTS, "unknown subject {subject_kind!r}; subjects are {subjects}",
                                               subject_kind=self.subject_kind, subjects=', '.join(SUBJECTS))
        document = clean(self.document, "document", SUBJECT)
        due = add_working_days(working_calendar(ctx), self.requested_on, self.working_days)
        number = next_number(ctx, "LOP", self.requested_on, width=4)
        o = ctx.add(LegalOpinion._create(LegalOpinion.Requested, id=opinion_id(number), number=number,
                                         unit_code=unit.code, subject_kind=self.subject_kind, document=document,
                                         requested_on=self.requested_on, due=due, envelope=ctx.envelope))
        return Outcome(message=Message("{number} requested by {unit_code}, due {due}", number=number,
                                       unit_code=unit.code, due=due), record_ids=[o.id])


class AssignLawyer(Command, frozen=True, kw_only=True):
    name = "legal.assign-lawyer"
    title = "Assign a lawyer to a legal opinion"
    opinion: str
    lawyer: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_opinion(ctx, self.opinion)
        who = lawyer(ctx, self.lawyer, self.on)
        o.assign(who, self.on, ctx.envelope)
        return Outcome(message=Message("{number} assigned to {who_full_name}", number=o.number,
                                       who_full_name=who.full_name), record_ids=[o.id])


class GiveOpinion(Command, frozen=True, kw_only=True):
    name = "legal.give-opinion"
    title = "Give a legal opinion"
    opinion: str
    conclusion: str = "lawful"
    text: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_opinion(ctx, self.opinion)
        o.give(self.conclusion, self.text, self.on, ctx.envelope)
        late = f", {(self.on - o.due).days} days after its due date" if self.on > o.due else ""
        return Outcome(message=Message("{number} given: {conclusion}{late}", number=o.number,
                                       conclusion=self.conclusion, late=late), record_ids=[o.id])


class RegisterCase(Command, frozen=True, kw_only=True):
    name = "legal.register-case"
    title = "Register a court case"
    court: str
    case_number: Ref
    parties: Subject
    subject: Subject
    standing: str = "defendant"
    opened_on: date

    def execute(self, ctx: Context) -> Outcome:
        require(self.standing in STANDINGS, "unknown standing {standing!r}; the Commission is {standings}",
                                            standing=self.standing, standings=', '.join(STANDINGS))
        court, theirs = clean(self.court, "court", 200), clean(self.case_number, "court's case number", REF)
        parties, subject = clean(self.parties, "parties", SUBJECT), clean(self.subject, "subject", SUBJECT)
        number = next_number(ctx, "CASE", self.opened_on, width=3)
        c = ctx.add(CourtCase._create(CourtCase.Registered, id=case_id(number), number=number, court=court,
                                      case_number=theirs, parties=parties, subject=subject, standing=self.standing,
                                      opened_on=self.opened_on, envelope=ctx.envelope))
        return Outcome(message=Message("{number} registered ({court} {theirs})", number=number, court=court,
                                       theirs=theirs), record_ids=[c.id])


class AppointRepresentative(Command, frozen=True, kw_only=True):
    name = "legal.appoint-representative"
    title = "Appoint the Commission's representative in a case"
    case: str
    employee: str
    power_of_attorney: str
    valid_until: date
    on: date

    def execute(self, ctx: Context) -> Outcome:
        c = find_case(ctx, self.case)
        who = find_employee(ctx, self.employee)
        c.appoint(who, self.power_of_attorney, self.valid_until, self.on, ctx.envelope)
        return Outcome(message=Message("{who_full_name} represents the Commission in {number}",
                                       who_full_name=who.full_name, number=c.number), record_ids=[c.id])


class ScheduleHearing(Command, frozen=True, kw_only=True):
    name = "legal.schedule-hearing"
    title = "Schedule a hearing"
    case: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        c = find_case(ctx, self.case)
        c.schedule(self.on, ctx.envelope)
        return Outcome(message=Message("hearing of {number} on {on}", number=c.number, on=self.on), record_ids=[c.id])


class RecordHearing(Command, frozen=True, kw_only=True):
    name = "legal.record-hearing"
    title = "Record a hearing's outcome"
    case: str
    on: date
    outcome: str

    def execute(self, ctx: Context) -> Outcome:
        c = find_case(ctx, self.case)
        c.hold(self.on, self.outcome, ctx.envelope)
        return Outcome(message=Message("hearing of {number} on {on} recorded", number=c.number, on=self.on),
                       record_ids=[c.id])


class RecordJudgment(Command, frozen=True, kw_only=True):
    name = "legal.judgment"
    title = "Record the judgment"
    case: str
    on: date
    outcome: str
    appeal_days: int = DEFAULT_APPEAL_DAYS
    summary: str = ""

    def execute(self, ctx: Context) -> Outcome:
        c = find_case(ctx, self.case)
        c.judge(self.on, self.outcome, self.appeal_days, self.summary, ctx.envelope)
        return Outcome(message=Message("{number}: judgment {outcome}, appeal until {value}", number=c.number,
                                       outcome=self.outcome, value=c.judgment and c.judgment['appeal_until']),
                       record_ids=[c.id])


class FileAppeal(Command, frozen=True, kw_only=True):
    name = "legal.appeal"
    title = "Record an appeal against the judgment"
    case: str
    on: date
    by: str = "the Commission"

    def execute(self, ctx: Context) -> Outcome:
        c = find_case(ctx, self.case)
        c.file_appeal(self.on, self.by, ctx.envelope)
        return Outcome(message=Message("{number} appealed on {on}", number=c.number, on=self.on), record_ids=[c.id])


class CloseCase(Command, frozen=True, kw_only=True):
    name = "legal.close-case"
    title = "Close a court case"
    case: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        c = find_case(ctx, self.case)
        c.close(self.on, ctx.envelope)
        return Outcome(message=Message("{number} closed", number=c.number), record_ids=[c.id])

