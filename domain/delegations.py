"""Foreign relations and protocol: visits of foreign election bodies and international organisations (numbered
DEL-YYYY-NNNNN; programme, dates, members, protocol arrangements, interpreters, meetings with records of the
discussions, gifts received), and official trips of Commission members abroad (numbered TRA-YYYY-NNNNN).

A visit is planned -> held (its meetings recorded) -> closed, or cancelled before it starts. An interpreter is an
employee of the secretariat, not leaving, and is never booked on two visits whose dates overlap. Meetings fall
within the visit's dates. A gift is recorded with its estimated value; one above GIFT_LIMIT becomes the
secretariat's property and must name the inventory number it was registered under. A trip abroad of a Commission
member (named as written: the Commission's own membership is not a register yet) has ordered dates, is tied to
an election, and is reported on return.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.correspondence import next_number
from domain.envelope import Envelope
from domain.errors import Message
from domain.finance import money
from domain.organisation import find_election
from domain.personnel import find_employee
from domain.records import (
    CODE,
    LONG,
    NAME,
    PROSE,
    REF,
    Code,
    Long,
    Name,
    Prose,
    Record,
    Ref,
    clean,
    optional,
    refuse,
    require,
)
from domain.roles import OFFICE_STAFF

_NS = uuid.UUID("7b3e9f1a-2c4d-4a8b-b6e5-8d0f1c2a3e4b")
GIFT_LIMIT = Decimal("5000.00")  # above it a gift is the secretariat's property, registered as an asset


@lru_cache(maxsize=4096)
def visit_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "visit/" + number.strip().upper())


@lru_cache(maxsize=4096)
def interpreter_id(employee: str) -> UUID:
    return uuid.uuid5(_NS, "interpreter/" + employee.strip().upper())


def meeting_id(visit: str, number: int) -> UUID:
    return uuid.uuid5(_NS, f"meeting/{visit.strip().upper()}/{number}")


def trip_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "trip-abroad/" + number.strip().upper())


LIVE_VISIT = ("planned", "held")  # a visit not yet closed or cancelled


def _live_visit(what: str) -> Check:
    return Check(Attr("status").one_of(LIVE_VISIT), lambda v: Message(
        "visit {code} is {status}; it cannot {what}", code=v.code, status=v.status, what=what))


def _cancelled_only(v: Visit) -> str:
    return Message("visit {code} is {status}; only a planned visit without meetings is cancelled", code=v.code,
                   status=v.status)


# What a visit's state must be for each command on it (its dates are checked when a command runs; a cancellation's
# day by Visit.allows_on); the visit pickers filter by the same conditions.
VISIT_RULES: dict[str, StateRule] = {
    "delegations.meeting": StateRule(_live_visit("have meetings")),
    "delegations.gift": StateRule(_live_visit("receive gifts")),
    "delegations.assign-interpreter": StateRule(_live_visit("get interpreters")),
    "delegations.close-visit": StateRule(_live_visit("be closed"), Check(Attr("meetings").gt(0), lambda v: Message(
        "visit {code} has no meeting recorded; cancel it instead", code=v.code))),
    "delegations.cancel-visit": StateRule(Check(Attr("status").eq("planned"), _cancelled_only),
                                          Check(Attr("meetings").eq(0), _cancelled_only)),
}


class Visit(Record):
    code: str
    organisation: str
    country: str
    arrives: date
    departs: date
    programme: str
    members: str
    protocol: str
    status: str
    interpreters: dict[str, str]
    meetings: int
    gifts: list[dict[str, str]]

    class Planned(Record.Created):
        number: str
        organisation: str
        country: str
        arrives: date
        departs: date
        programme: str
        members: str
        protocol: str

        def apply(self, v: Visit) -> None:
            v.code, v.organisation, v.country = self.number, self.organisation, self.country
            v.arrives, v.departs, v.programme, v.members = self.arrives, self.departs, self.programme, self.members
            v.protocol = self.protocol
            v.status = "planned"
            v.interpreters = {}  # employee number -> name
            v.meetings = 0
            v.gifts = []

    class InterpreterAssigned(Record.Event):
        employee: str
        name: str

        def apply(self, v: Visit) -> None:
            v.interpreters = {**v.interpreters, self.employee: self.name}

    class MeetingHeld(Record.Event):
        number: int

        def apply(self, v: Visit) -> None:
            v.meetings, v.status = self.number, "held"

    class GiftReceived(Record.Event):
        description: str
        value: Decimal
        inventory: str

        def apply(self, v: Visit) -> None:
            v.gifts = [*v.gifts, {"description": self.description, "value": str(self.value),
                                  "inventory": self.inventory}]

    class Closed(Record.Event):
        on: date
        summary: str

        def apply(self, v: Visit) -> None:
            v.status = "closed"

    class Cancelled(Record.Event):
        on: date

        def apply(self, v: Visit) -> None:
            v.status = "cancelled"

    @property
    def active(self) -> bool:
        return self.status in LIVE_VISIT

    # the commands whose state rule `allows` decides (VISIT_RULES)
    STATE_RULES: ClassVar[dict[str, StateRule]] = VISIT_RULES
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(VISIT_RULES)

    def allows(self, command: str) -> str | None:
        """Why the visit's state refuses that command, in words; None when its state allows it (its dates are
        checked when a command runs). The methods enforce it; the card offers exactly this, the pickers list it."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def allows_on(self, command: str, on: date) -> str | None:
        """Why the visit refuses that command on that day, in words (its state's answer first); None when it is
        allowed. A visit is cancelled before the day it begins: on its first day it has begun, and is held or
        closed instead. `cancel` enforces it; the card asks it for today."""
        refusal = self.allows(command)
        if refusal is None and command == "delegations.cancel-visit" and on >= self.arrives:
            return Message("visit {code} began on {arrives}; it cannot be cancelled on {on}", code=self.code,
                           arrives=self.arrives, on=on)
        return refusal

    def _open(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def hold_meeting(self, on: date, envelope: Envelope) -> int:
        self._open("delegations.meeting")
        require(self.arrives <= on <= self.departs, "visit {code} runs {arrives} to {departs}; no meeting on {on}",
                                                    code=self.code, arrives=self.arrives, departs=self.departs,
                                                    on=on)
        number = self.meetings + 1
        self.trigger_event(self.MeetingHeld, number=number, envelope=envelope)
        return number

    def receive_gift(self, description: str, value: Decimal, inventory: str, envelope: Envelope) -> None:
        self._open("delegations.gift")
        value = money(value, "the gift's estimated value", zero_ok=True)
        inventory = optional(inventory, "inventory number", CODE)
        require(value <= GIFT_LIMIT or inventory, "a gift worth {value} (over {gift_limit}) is the secretariat's "
                                                  "property: register it as an asset and give its inventory number",
                                                  value=value, gift_limit=GIFT_LIMIT)
        self.trigger_event(self.GiftReceived, description=clean(description, "gift"), value=value,
                           inventory=inventory, envelope=envelope)

    def close(self, on: date, summary: str, envelope: Envelope) -> None:
        self._open("delegations.close-visit")
        require(on >= self.departs, "visit {code} runs until {departs}; it cannot be closed on {on}", code=self.code,
                                    departs=self.departs, on=on)
        self.trigger_event(self.Closed, on=on, summary=clean(summary, "summary", PROSE), envelope=envelope)

    def cancel(self, on: date, envelope: Envelope) -> None:
        refuse(self.allows_on("delegations.cancel-visit", on))
        self.trigger_event(self.Cancelled, on=on, envelope=envelope)


class Interpreter(Record):
    """An interpreter's bookings: visit number -> (from, to), so that no two overlap."""

    code: str
    bookings: dict[str, list[str]]

    class Booked(Record.Created):
        employee: str

        def apply(self, i: Interpreter) -> None:
            i.code, i.bookings = self.employee, {}

    class VisitBooked(Record.Event):
        employee: str
        visit: str
        starts: date
        ends: date

        def apply(self, i: Interpreter) -> None:
            i.bookings = {**i.bookings, self.visit: [self.starts.isoformat(), self.ends.isoformat()]}

    class VisitReleased(Record.Event):
        employee: str
        visit: str

        def apply(self, i: Interpreter) -> None:
            i.bookings = {k: v for k, v in i.bookings.items() if k != self.visit}

    def book(self, visit: Visit, envelope: Envelope) -> None:
        for other, (starts, ends) in sorted(self.bookings.items()):
            overlaps = starts <= visit.departs.isoformat() and visit.arrives.isoformat() <= ends
            require(not overlaps, "interpreter {code} is booked on visit {other} from {starts} to {ends}, which "
                                  "overlaps {visit_code} ({visit_arrives} to {visit_departs})", code=self.code,
                                  other=other, starts=starts, ends=ends, visit_code=visit.code,
                                  visit_arrives=visit.arrives, visit_departs=visit.departs)
        self.trigger_event(self.VisitBooked, employee=self.code, visit=visit.code, starts=visit.arrives,
                           ends=visit.departs, envelope=envelope)


class Meeting(Record):
    visit: str
    number: int
    held_on: date
    counterpart: str
    participants: str
    discussion: str
    code: str

    class Recorded(Record.Created):
        visit: str
        number: int
        held_on: date
        counterpart: str
        participants: str
        discussion: str

        def apply(self, m: Meeting) -> None:
            m.visit, m.number, m.held_on, m.counterpart = self.visit, self.number, self.held_on, self.counterpart
            m.participants, m.discussion = self.participants, self.discussion
            m.code = f"{self.visit}/{self.number}"


class TripAbroad(Record):
    code: str
    election_code: str
    member: str
    destination: str
    purpose: str
    departs: date
    returns: date
    status: str

    class Planned(Record.Created):
        number: str
        election_code: str
        member: str
        destination: str
        purpose: str
        departs: date
        returns: date

        def apply(self, t: TripAbroad) -> None:
            t.code, t.election_code, t.member, t.destination = self.number, self.election_code, self.member, \
                self.destination
            t.purpose, t.departs, t.returns = self.purpose, self.departs, self.returns
            t.status = "planned"

    class Reported(Record.Event):
        on: date
        report: str

        def apply(self, t: TripAbroad) -> None:
            t.status = "reported"

    # the commands whose state rule `allows` decides (one report a trip)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {"delegations.report-trip": StateRule(Check(
        Attr("status").eq("planned"), lambda t: Message("trip {code} is already reported", code=t.code)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the trip's state refuses that command, in words; None when it allows it (the report's date is
        checked when it runs). The command enforces it; the card and the picker offer this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)


def find_visit(ctx: Context, number: str) -> Visit:
    return ctx.get(Visit, visit_id(number or ""), Message("no visit {value!r}", value=(number or '').strip().upper()))


def find_trip(ctx: Context, number: str) -> TripAbroad:
    return ctx.get(TripAbroad, trip_id(number or ""), Message("no trip abroad {value!r}",
        value=(number or '').strip().upper()))


# ---- commands ----------------------------------------------------------------------------------


class PlanVisit(Command, frozen=True, kw_only=True):
    name = "delegations.plan-visit"
    title = "Plan the visit of a foreign delegation"
    roles = OFFICE_STAFF
    organisation: str
    country: Ref
    arrives: date
    departs: date
    programme: Prose
    members: Long
    protocol: Long = ""

    def execute(self, ctx: Context) -> Outcome:
        require(self.departs >= self.arrives, "a delegation cannot leave ({departs}) before it arrives ({arrives})",
                                              departs=self.departs, arrives=self.arrives)
        require((self.departs - self.arrives).days <= 60, "a visit lasts at most 60 days")
        number = next_number(ctx, "DEL", self.arrives)
        v = ctx.add(Visit._create(Visit.Planned, id=visit_id(number), number=number,
                                  organisation=clean(self.organisation, "organisation"),
                                  country=clean(self.country, "country", REF), arrives=self.arrives,
                                  departs=self.departs, programme=clean(self.programme, "programme", PROSE),
                                  members=clean(self.members, "members", LONG),
                                  protocol=optional(self.protocol, "protocol arrangements", LONG),
                                  envelope=ctx.envelope))
        return Outcome(message=Message("visit {number} of {organisation} planned {arrives} to {departs}",
                                       number=number, organisation=v.organisation, arrives=v.arrives,
                                       departs=v.departs),
                       record_ids=[v.id])


class AssignInterpreter(Command, frozen=True, kw_only=True):
    name = "delegations.assign-interpreter"
    title = "Assign an interpreter to a visit"
    roles = OFFICE_STAFF
    visit: str
    employee: str

    def execute(self, ctx: Context) -> Outcome:
        v = find_visit(ctx, self.visit)
        v._open("delegations.assign-interpreter")
        employee = find_employee(ctx, self.employee)
        employee.check_can_receive(v.arrives, "interpreting assignment")
        require(employee.number not in v.interpreters, "{employee_number} already interprets for {code}",
                                                       employee_number=employee.number, code=v.code)
        i = ctx.find(Interpreter, interpreter_id(employee.number))
        if i is None:
            i = ctx.add(Interpreter._create(Interpreter.Booked, id=interpreter_id(employee.number),
                                            employee=employee.number, envelope=ctx.envelope))
        i.book(v, ctx.envelope)
        v.trigger_event(Visit.InterpreterAssigned, employee=employee.number, name=employee.full_name,
                        envelope=ctx.envelope)
        return Outcome(message=Message("{employee_full_name} interprets for {code}",
                                       employee_full_name=employee.full_name, code=v.code), record_ids=[v.id, i.id])


class RecordMeeting(Command, frozen=True, kw_only=True):
    name = "delegations.meeting"
    title = "Record a meeting with a delegation and what was discussed"
    roles = OFFICE_STAFF
    visit: str
    held_on: date
    counterpart: str
    participants: Long
    discussion: Prose

    def execute(self, ctx: Context) -> Outcome:
        v = find_visit(ctx, self.visit)
        number = v.hold_meeting(self.held_on, ctx.envelope)
        m = ctx.add(Meeting._create(Meeting.Recorded, id=meeting_id(v.code, number), visit=v.code, number=number,
                                    held_on=self.held_on, counterpart=clean(self.counterpart, "counterpart"),
                                    participants=clean(self.participants, "participants", LONG),
                                    discussion=clean(self.discussion, "record of the discussion", PROSE),
                                    envelope=ctx.envelope))
        return Outcome(message=Message("meeting {code} recorded", code=m.code), record_ids=[m.id, v.id])


class ReceiveGift(Command, frozen=True, kw_only=True):
    name = "delegations.gift"
    title = "Record a gift received from a delegation"
    roles = OFFICE_STAFF
    visit: str
    description: str
    value: Decimal
    inventory: Code = ""

    def execute(self, ctx: Context) -> Outcome:
        v = find_visit(ctx, self.visit)
        v.receive_gift(self.description, self.value, self.inventory, ctx.envelope)
        return Outcome(message=Message("gift recorded on visit {code}", code=v.code), record_ids=[v.id])


class CloseVisit(Command, frozen=True, kw_only=True):
    name = "delegations.close-visit"
    title = "Close a visit with its summary"
    roles = OFFICE_STAFF
    visit: str
    on: date
    summary: Prose

    def execute(self, ctx: Context) -> Outcome:
        v = find_visit(ctx, self.visit)
        v.close(self.on, self.summary, ctx.envelope)
        return Outcome(message=Message("visit {code} closed", code=v.code), record_ids=[v.id])


class CancelVisit(Command, frozen=True, kw_only=True):
    name = "delegations.cancel-visit"
    title = "Cancel a planned visit"
    roles = OFFICE_STAFF
    needs_reason = True
    visit: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        v = find_visit(ctx, self.visit)
        v.cancel(self.on, ctx.envelope)
        changed = [v.id]
        for employee in v.interpreters:
            i = ctx.get(Interpreter, interpreter_id(employee), Message("interpreter {employee} is missing",
                employee=employee))
            i.trigger_event(Interpreter.VisitReleased, employee=employee, visit=v.code, envelope=ctx.envelope)
            changed.append(i.id)
        return Outcome(message=Message("visit {code} cancelled; its interpreters are free again", code=v.code),
                       record_ids=changed)


class PlanTripAbroad(Command, frozen=True, kw_only=True):
    name = "delegations.plan-trip"
    title = "Plan a Commission member's official trip abroad"
    roles = OFFICE_STAFF
    election: str
    member: Name
    destination: str
    purpose: Long
    departs: date
    returns: date

    def execute(self, ctx: Context) -> Outcome:
        election = find_election(ctx, self.election)
        member = clean(self.member, "member", NAME)
        require(self.returns >= self.departs, "a trip cannot end ({returns}) before it starts ({departs})",
                                              returns=self.returns, departs=self.departs)
        number = next_number(ctx, "TRA", self.departs)
        t = ctx.add(TripAbroad._create(TripAbroad.Planned, id=trip_id(number), number=number,
                                       election_code=election.code, member=member,
                                       destination=clean(self.destination, "destination"),
                                       purpose=clean(self.purpose, "purpose", LONG), departs=self.departs,
                                       returns=self.returns, envelope=ctx.envelope))
        return Outcome(message=Message("trip {number} of {member} to {destination} planned", number=number,
                                       member=t.member, destination=t.destination), record_ids=[t.id])


class ReportTripAbroad(Command, frozen=True, kw_only=True):
    name = "delegations.report-trip"
    title = "Record the report of a trip abroad"
    roles = OFFICE_STAFF
    trip: str
    on: date
    report: Prose

    def execute(self, ctx: Context) -> Outcome:
        t = find_trip(ctx, self.trip)
        refuse(t.allows("delegations.report-trip"))
        require(self.on >= t.returns, "trip {code} returns on {returns}; no report on {on}", code=t.code,
                                      returns=t.returns, on=self.on)
        t.trigger_event(TripAbroad.Reported, on=self.on, report=clean(self.report, "report", PROSE),
                        envelope=ctx.envelope)
        return Outcome(message=Message("trip {code} reported", code=t.code), record_ids=[t.id])
