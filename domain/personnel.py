"""Personnel context: employees (staff register), their movements, labour contracts and cards, military
registration, official trips, and the clearance before separation.

THE HOLDINGS CONTRACT (used by other contexts; keep these names and meanings stable):

- `employee_id(number)` derives an employee's id from the personnel number (so numbers are unique).
- `find_employee(ctx, number)` loads one or refuses with a message naming the number.
- `Employee.holdings`: item id (hex) -> {"kind": ..., "label": ...} of everything issued to the person and
  not yet given back: assets ("asset"), open trips ("trip"), confidential documents ("document").
- `Employee.check_can_receive(on, what)` refuses unless the employee is active and `on` is before the
  last working day of a pending separation ("from the last working day on, nothing new");
  `Employee.receiving_refusal(what)` is its state part in words, which other contexts' rules on an employee
  (`domain.rules.rule`) return, so their cards ask what their commands enforce.
- `Employee.take(kind, item_id, label, on, envelope)` checks `check_can_receive` and records the item as
  held; `Employee.release(kind, item_id, envelope)` records it given back. Both are events of the
  employee, so the separation rule (nothing held) is checked on the employee alone.

Effective dates. Every movement (hire, transfer, promotion, separation) carries the date it takes effect
and the order it cites: a registered personnel order of the acts context (`order`, checked: signed, a
personnel order, not after the movement takes effect) or an archival order's number and date as typed
(`order_number`, `order_date`). The domain applies a movement when it is commanded: the new position is reserved
(occupied) from the command on and the old one freed, so two people are never promised one post. The
registers keep each assignment's first and last day, and what holds "today" is computed when they are
read, so a movement dated in the future shows there from its date. A person's movements are dated in
order: none before the last one.

Separation is two steps: `InitiateSeparation` sets the last working day (from that day on the person
receives nothing: `check_can_receive`); `CompleteSeparation` is refused while anything is held, and frees
the position.
"""

from __future__ import annotations

import uuid
from collections import UserDict, UserList
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import N_, Message
from domain.organisation import Position, Unit, position_id, unit_id
from domain.records import CODE, NAME, NUMBER, Code, Name, Number, Record, clean, optional, refuse, require
from domain.shown import Told

_NS = uuid.UUID("4d6f0c1e-2a3b-4c5d-8e9f-a0b1c2d3e4f5")

EMPLOYMENT_TYPES = ("permanent", "temporary", "election-period")
SEPARATION_KINDS = ("resignation", "dismissal", "contract end", "retirement")
MILITARY_STATUSES = ("liable", "reserve", "exempt", "not liable")
FIXED_TERM = ("temporary", "election-period")
# The person's states (Employee.status) each command takes them in: Employee.allows decides by them, the card offers
# and the pickers list exactly these. A leaving person still registers and travels (before the last working day: the
# dates are checked when the command runs) but signs, moves and starts a separation no more.
_STAYING = ("on staff",)
_PRESENT = ("on staff", "leaving")
EMPLOYEE_STATUSES: dict[str, tuple[str, ...]] = {
    "staff.contract": _STAYING, "staff.transfer": _STAYING, "staff.promote": _STAYING, "staff.separate": _STAYING,
    "staff.military": _PRESENT, "trips.plan": _PRESENT, "staff.complete-separation": ("leaving",),
}
EMPLOYED = _PRESENT  # the states of a person still employed: what other contexts give goes only to them
MOVEMENTS = {"transfer": "staff.transfer", "promotion": "staff.promote"}  # a movement's command


def employee_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "employee/" + number.strip().upper())


def trip_id(warrant: str) -> UUID:
    return uuid.uuid5(_NS, "trip/" + warrant.strip().upper())


def _number(value: str, what: str) -> str:
    text = clean(value, what, CODE).upper()
    require(all(ch.isalnum() or ch in "-/." for ch in text), "{what} {text!r} may hold only letters, digits, '-', "
                                                             "'/' or '.'", what=what, text=text)
    return text


def _money(value: Decimal, what: str) -> Decimal:
    """An amount of zero or more, to the cent (finance's rule: finite, not absurdly large)."""
    from domain.finance import money

    return money(value, what, zero_ok=True)


class Facts(Told, UserDict[str, Any]):
    """A dict of facts (contract, separation, military registration) shown on the card as one readable line."""

    def __init__(self, text: Message, **facts: Any) -> None:
        super().__init__(**facts)
        self.text = text

    def told(self) -> list[Message]:
        return [self.text]


class Holdings(Told, UserDict[str, dict[str, str]]):
    """item id (hex) -> {"kind", "label"}; shown on the card as the labels of what is held."""

    def told(self) -> list[Message]:
        return [Message("{label}", label=item["label"]) for item in self.values()] or [Message("nothing")]


class Trips(Told, UserDict[str, dict[str, Any]]):
    """trip id (hex) -> {"warrant", "start", "end"} of the person's trips not cancelled (for the overlap rule)."""

    def told(self) -> list[Message]:
        return [Message("{warrant} {start} to {end}", warrant=t["warrant"], start=t["start"], end=t["end"])
                for t in self.values()] or [Message("none")]


class LabourCard(Told, UserList[Message]):
    """The labour-card entries, oldest first; the card shows the count and the latest (all of them in its notes)."""

    def told(self) -> list[Message]:
        if not self:
            return [Message("no entries")]
        return [Message("entries: {count}, latest: {latest}", count=len(self), latest=self[-1])]


class Employee(Record):
    number: str
    full_name: str
    term_end: date | None
    active: bool
    last_day: date | None
    holdings: Holdings
    employment_type: str
    position_id: UUID
    position: str
    position_title: str
    since: date
    hired_on: date
    contract: Facts | None
    separation: Facts | None
    military: Facts | None
    trips: Trips
    card: LabourCard

    def units(self) -> tuple[str | None, ...]:
        """The unit of the post they hold (or last held), for the office rule (`domain.access.office_refusal`)."""
        return (self.position.split("/", 1)[0] if self.position else None,)

    class Hired(Record.Created):
        class_version = 2
        number: str
        full_name: str
        employment_type: str
        position_id: UUID
        position: str  # UNIT/CODE
        position_title: str
        order_number: str
        order_date: date
        effective: date
        term_end: date | None  # a fixed-term hire's last day; added in version 2

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["term_end"] = None  # version 1 recorded no term

        def apply(self, e: Employee) -> None:
            e.number, e.full_name = self.number, self.full_name
            e.term_end = self.term_end
            e.active = True
            e.last_day = None
            e.holdings = Holdings()
            e.employment_type = self.employment_type
            e.position_id, e.position, e.position_title = self.position_id, self.position, self.position_title
            e.since = e.hired_on = self.effective
            e.contract = None
            e.separation = None
            e.military = None
            e.trips = Trips()
            named = {"on": self.effective, "kind": Message(self.employment_type), "title": self.position_title,
                     "position": self.position, "order": self.order_number, "order_date": self.order_date}
            e.card = LabourCard([
                Message("{on} hired ({kind} until {term_end}) as {title}, {position}; order {order} of {order_date}",
                        term_end=self.term_end, **named) if self.term_end else
                Message("{on} hired ({kind}) as {title}, {position}; order {order} of {order_date}", **named)])

    class ItemTaken(Record.Event):
        kind: str
        item_id: UUID
        label: str
        on: date

        def apply(self, e: Employee) -> None:
            e.holdings[self.item_id.hex] = {"kind": self.kind, "label": self.label}

    class ItemReleased(Record.Event):
        kind: str
        item_id: UUID

        def apply(self, e: Employee) -> None:
            e.holdings.pop(self.item_id.hex, None)

    class ContractSigned(Record.Event):
        contract_number: str
        start: date
        end: date | None

        def apply(self, e: Employee) -> None:
            term = (Message("{number} from {start} to {end}", number=self.contract_number, start=self.start,
                            end=self.end) if self.end else
                    Message("{number} from {start}, open-ended", number=self.contract_number, start=self.start))
            e.contract = Facts(term, number=self.contract_number, start=self.start, end=self.end)
            e.card.append(Message("{start} labour contract {term}", start=self.start, term=term))

    class Moved(Record.Event):
        movement: str  # transfer, promotion
        position_id: UUID
        position: str
        position_title: str
        from_position: str
        order_number: str
        order_date: date
        effective: date

        def apply(self, e: Employee) -> None:
            e.position_id, e.position, e.position_title = self.position_id, self.position, self.position_title
            e.since = self.effective
            e.card.append(Message("{on} {movement} from {from_position} to {title}, {position}; order {order} of "
                                  "{order_date}", on=self.effective, movement=Message(self.movement),
                                  from_position=self.from_position, title=self.position_title,
                                  position=self.position, order=self.order_number, order_date=self.order_date))

    class SeparationInitiated(Record.Event):
        kind: str
        last_day: date
        order_number: str
        order_date: date

        def apply(self, e: Employee) -> None:
            e.last_day = self.last_day
            e.separation = Facts(Message("{kind}, last working day {last_day}, order {order}",
                                         kind=Message(self.kind), last_day=self.last_day, order=self.order_number),
                                 kind=self.kind, last_day=self.last_day, order=self.order_number)
            e.card.append(Message("{last_day} separation ({kind}) initiated, last working day; order {order} of "
                                  "{order_date}", last_day=self.last_day, kind=Message(self.kind),
                                  order=self.order_number, order_date=self.order_date))

    class SeparationCompleted(Record.Event):
        kind: str
        last_day: date
        position: str

        def apply(self, e: Employee) -> None:
            e.active = False
            e.card.append(Message("{last_day} separated ({kind}) from {position}; clearance complete",
                                  last_day=self.last_day, kind=Message(self.kind), position=self.position))

    class MilitaryRegistered(Record.Event):
        status: str
        office: str
        category: str

        def apply(self, e: Employee) -> None:
            details = ", ".join(filter(None, (self.status, self.office)))
            told = (Message("{details}, category {category}", details=details, category=self.category)
                    if self.category and details else
                    Message("category {category}", category=self.category) if self.category else
                    Message("{details}", details=details))
            e.military = Facts(told, status=self.status, office=self.office, category=self.category)

    class TripBooked(Record.Event):
        trip_id: UUID
        start: date
        end: date
        warrant: str

        def apply(self, e: Employee) -> None:
            e.trips[self.trip_id.hex] = {"warrant": self.warrant, "start": self.start, "end": self.end}

    class TripDropped(Record.Event):
        trip_id: UUID

        def apply(self, e: Employee) -> None:
            e.trips.pop(self.trip_id.hex, None)

    @property
    def code(self) -> str:
        """How the card titles the record."""
        return f"{self.number} {self.full_name}"

    @property
    def status(self) -> str:
        """The person's state in words, as the staff register shows it: on staff, leaving (a separation
        initiated), separated."""
        if not self.active:
            return "separated"
        return "on staff" if self.separation is None else "leaving"

    def receiving_refusal(self, what: str) -> str | None:
        """Why nothing (`what`) can go to the person any more, in words; None while they are employed. The state
        part of `check_can_receive`, which other contexts' rules ask too (`domain.rules`)."""
        if self.active:
            return None
        return Message("employee {number} has left; no {what} can go to them", number=self.number, what=what)

    def check_can_receive(self, on: date, what: str) -> None:
        refuse(self.receiving_refusal(what))
        last_day: Any = self.last_day
        require(last_day is None or on < last_day,
                "employee {number} is leaving (last working day {last_day}); no {what} can go to them",
                number=self.number, last_day=last_day, what=what)

    def check_employed_on(self, on: date, what: str) -> None:
        """Assets and trips are dated within the employment: not before the hire took effect."""
        hired_on: Any = self.hired_on
        require(on >= hired_on, "employee {number} was hired on {hired_on}; no {what} can be dated {on}",
                                number=self.number, hired_on=hired_on, what=what, on=on)

    def take(self, kind: str, item_id: UUID, label: str, on: date, envelope: Envelope) -> None:
        self.check_can_receive(on, kind)
        self.check_employed_on(on, kind)
        require(item_id.hex not in self.holdings, "employee {number} already holds {label}", number=self.number,
                                                  label=label)
        self.trigger_event(self.ItemTaken, kind=kind, item_id=item_id, label=label, on=on, envelope=envelope)

    def release(self, kind: str, item_id: UUID, envelope: Envelope) -> None:
        require(item_id.hex in self.holdings, "employee {number} does not hold that {kind}", number=self.number,
                                              kind=kind)
        self.trigger_event(self.ItemReleased, kind=kind, item_id=item_id, envelope=envelope)

    # ---- movements ------------------------------------------------------------------------------

    def _allowed(self, command: str) -> None:
        refuse(self.allows(command))

    def sign_contract(self, number: str, start: date, end: date | None, envelope: Envelope) -> None:
        self._allowed("staff.contract")
        number = _number(number, "contract number")
        require(end is not None or self.employment_type not in FIXED_TERM,
                "a {employment_type} employee's contract needs an end date", employment_type=self.employment_type)
        require(end is None or end >= start, "a contract cannot end before it starts")
        self.check_employed_on(start, "contract")
        running: Any = self.contract
        if running is not None:
            if running["end"] is None:
                require(False, "employee {number} already has a running contract {contract} (open-ended)",
                        number=self.number, contract=running["number"])
            require(running["end"] < start, "employee {number} already has a running contract {contract} (to {end})",
                    number=self.number, contract=running["number"], end=running["end"])
        self.trigger_event(self.ContractSigned, contract_number=number, start=start, end=end, envelope=envelope)

    def move(self, movement: str, old: Position, new: Position, order_number: str, order_date: date,
             effective: date, envelope: Envelope) -> None:
        self._allowed(MOVEMENTS[movement])
        require(new.id != self.position_id, "employee {number} already holds position {new_label}",
                                            number=self.number, new_label=new.label)
        since: Any = self.since
        require(effective >= since, "employee {number}'s last movement took effect on {since}; a {movement} cannot "
                                    "take effect before it", number=self.number, since=since, movement=movement)
        order_number = _number(order_number, "order number")
        new.occupy(self.id, self.number, self.full_name, effective, envelope)
        old.vacate(self.id, self.number, effective, envelope)
        self.trigger_event(self.Moved, movement=movement, position_id=new.id, position=new.label,
                           position_title=new.title, from_position=old.label, order_number=order_number,
                           order_date=order_date, effective=effective, envelope=envelope)

    def initiate_separation(self, kind: str, last_day: date, order_number: str, order_date: date,
                            envelope: Envelope) -> None:
        self._allowed("staff.separate")
        require(kind in SEPARATION_KINDS, "unknown separation {kind!r}; kinds are {separation_kinds}", kind=kind,
                                          separation_kinds=', '.join(SEPARATION_KINDS))
        since: Any = self.since
        require(last_day >= since, "the last working day cannot be before {since}, when the current position took "
                                   "effect", since=since)
        for t in self.trips.values():
            require(t["end"] < last_day, "employee {number} travels on warrant {warrant} until {end}; cancel the "
                                         "trip or choose a later last working day", number=self.number,
                                         warrant=t['warrant'], end=t['end'])
        self.trigger_event(self.SeparationInitiated, kind=kind, last_day=last_day,
                           order_number=_number(order_number, "order number"), order_date=order_date,
                           envelope=envelope)

    def blockers(self) -> list[str]:
        """What the person still holds, one label each: what keeps the separation from completing."""
        return [item["label"] for item in self.holdings.values()]

    # the commands whose state rule `allows` decides (EMPLOYEE_STATUSES)
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(EMPLOYEE_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the employee's state refuses that command, in words; None when its state allows it (the command's
        own values, its dates among them, are checked when it runs). The methods enforce it; the card offers
        exactly this, and the pickers list the people in EMPLOYEE_STATUSES."""
        if command not in EMPLOYEE_STATUSES:
            return None
        if self.status not in EMPLOYEE_STATUSES[command]:
            if command == "trips.plan":
                return self.receiving_refusal("trip")
            if not self.active:
                if command == "staff.complete-separation":
                    return Message("employee {number} has already left", number=self.number)
                return Message("employee {number} has left", number=self.number)
            if self.separation is None:
                return Message("employee {number} has no separation initiated", number=self.number)
            return Message("employee {number} is leaving (last working day {last_day})", number=self.number,
                           last_day=self.last_day)
        held = self.blockers() if command == "staff.complete-separation" else []
        if held:
            return Message("employee {number} cannot be separated before clearance; still held: {held}",
                           number=self.number, held="; ".join(held))
        return None

    def complete_separation(self, position: Position, envelope: Envelope) -> None:
        self._allowed("staff.complete-separation")
        separation: Any = self.separation
        position.vacate(self.id, self.number, separation["last_day"] + timedelta(days=1), envelope)
        self.trigger_event(self.SeparationCompleted, kind=separation["kind"], last_day=separation["last_day"],
                           position=self.position, envelope=envelope)

    def register_military(self, status: str, office: str, category: str, envelope: Envelope) -> None:
        self._allowed("staff.military")
        require(status in MILITARY_STATUSES,
                "unknown military status {status!r}; statuses are {military_statuses}", status=status,
                military_statuses=', '.join(MILITARY_STATUSES))
        office = optional(office, "military office", NAME)
        category = optional(category, "category", NUMBER)
        if status in ("liable", "reserve"):
            require(office, "a {status} employee's military registration names the military office", status=status)
        self.trigger_event(self.MilitaryRegistered, status=status, office=office, category=category,
                           envelope=envelope)

    def book_trip(self, trip: UUID, warrant: str, label: str, start: date, end: date, envelope: Envelope) -> None:
        self._allowed("trips.plan")
        for t in self.trips.values():
            require(end < t["start"] or start > t["end"], "employee {number} is already travelling from {start} to "
                                                          "{end} on warrant {warrant}; trips of one person do not "
                                                          "overlap", number=self.number, start=t['start'],
                                                          end=t['end'], warrant=t['warrant'])
        self.check_can_receive(end, "trip")  # a trip ends before the last working day, too
        self.take("trip", trip, label, start, envelope)
        self.trigger_event(self.TripBooked, trip_id=trip, start=start, end=end, warrant=warrant, envelope=envelope)

    def drop_trip(self, trip: UUID, envelope: Envelope) -> None:
        """A cancelled trip: no longer held, and its dates are free again."""
        self.release("trip", trip, envelope)
        self.trigger_event(self.TripDropped, trip_id=trip, envelope=envelope)


def find_employee(ctx: Context, number: str) -> Employee:
    return ctx.get(Employee, employee_id(number), Message("no employee with personnel number {number!r}",
        number=number.strip().upper()))


def cited_order(ctx: Context, order: str, order_number: str, order_date: date | None, effective: date,
                what: str) -> tuple[str, date]:
    """The order a movement cites: a registered personnel order of the acts context (checked: it exists, is signed,
    is a personnel order, and the movement takes effect no earlier than its signature), or, for an archival order
    not in the register, its number and date as typed."""
    if (order or "").strip():
        from domain.acts import registered_personnel_order  # acts builds on personnel: imported when used

        o = registered_personnel_order(ctx, order)
        signed, number = o.signed_on, o.number
        assert signed is not None and number is not None  # a registered order is signed and numbered
        require(effective >= signed, "the {what} ({effective}) cannot take effect before its order {number} is "
                                     "signed ({signed})", what=what, effective=effective, number=number, signed=signed)
        return number, signed
    require((order_number or "").strip() or order_date is not None, "the {what} must cite its order: a registered "
            "personnel order, or an archival order's number and date", what=what)
    require(order_date is not None, "the {what} cites order {order_number}: give the order's date too", what=what,
            order_number=order_number.strip())
    assert order_date is not None
    return order_number, order_date


# The status a trip must have for each command on it: the card and the pickers read this, `Trip.allows` decides.
TRIP_STATUSES = {"trips.depart": "planned", "trips.cancel": "planned", "trips.arrive": "departed",
                 "trips.settle": "returned"}


class Trip(Record):
    """An official trip on a warrant: planned, departed, returned, settled. Open until settled."""

    warrant: str
    employee_id: UUID
    number: str
    full_name: str
    destination: str
    start: date
    end: date
    purpose: str
    advance: Decimal
    status: str
    departed_on: date | None
    returned_on: date | None
    expenses: Decimal | None
    balance: Decimal | None

    class Planned(Record.Created):
        warrant: str
        employee_id: UUID
        number: str
        full_name: str
        destination: str
        start: date
        end: date
        purpose: str
        advance: Decimal

        def apply(self, t: Trip) -> None:
            t.warrant, t.employee_id, t.number, t.full_name = self.warrant, self.employee_id, self.number, \
                self.full_name
            t.destination, t.start, t.end, t.purpose = self.destination, self.start, self.end, self.purpose
            t.advance = self.advance
            t.status = "planned"
            t.departed_on = t.returned_on = None
            t.expenses = t.balance = None

    class Departed(Record.Event):
        on: date

        def apply(self, t: Trip) -> None:
            t.status, t.departed_on = "departed", self.on

    class Arrived(Record.Event):
        on: date

        def apply(self, t: Trip) -> None:
            t.status, t.returned_on = "returned", self.on

    class Settled(Record.Event):
        expenses: Decimal
        balance: Decimal  # advance minus expenses: positive is refunded by the traveller, negative paid to them
        on: date

        def apply(self, t: Trip) -> None:
            t.status, t.expenses, t.balance = "settled", self.expenses, self.balance

    class Cancelled(Record.Event):
        on: date

        def apply(self, t: Trip) -> None:
            t.status = "cancelled"

    @property
    def label(self) -> str:
        return Message("trip {warrant} to {destination}", warrant=self.warrant, destination=self.destination)

    @property
    def code(self) -> str:
        return f"{self.warrant} ({self.number}, {self.status})"

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"trips.depart", "trips.cancel", "trips.arrive",
                                                          "trips.settle"})

    def allows(self, command: str) -> str | None:
        """Why the trip's state refuses that command, in words; None when its state allows it (TRIP_STATUSES).
        The methods enforce it; the card and the pickers offer exactly this."""
        if command not in TRIP_STATUSES or self.status == TRIP_STATUSES[command]:
            return None
        template = {"trips.depart": N_("trip {warrant} is {status}, not planned"),
                    "trips.cancel": N_("trip {warrant} is {status}; only a planned trip (before its departure) is "
                                       "cancelled"),
                    "trips.arrive": N_("trip {warrant} is {status}; the departure is marked first"),
                    "trips.settle": N_("trip {warrant} is {status}; it is settled after the return")}[command]
        return Message(template, warrant=self.warrant, status=self.status)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def depart(self, on: date, envelope: Envelope) -> None:
        self._allowed("trips.depart")
        self.trigger_event(self.Departed, on=on, envelope=envelope)

    def cancel(self, on: date, employee: Employee, envelope: Envelope) -> None:
        self._allowed("trips.cancel")
        self.trigger_event(self.Cancelled, on=on, envelope=envelope)
        employee.drop_trip(self.id, envelope)

    def arrive(self, on: date, envelope: Envelope) -> None:
        self._allowed("trips.arrive")
        departed: Any = self.departed_on
        require(on >= departed, "trip {warrant} departed on {departed}; it cannot return before",
                                warrant=self.warrant, departed=departed)
        self.trigger_event(self.Arrived, on=on, envelope=envelope)

    def settle(self, expenses: Decimal, on: date, employee: Employee, envelope: Envelope) -> None:
        self._allowed("trips.settle")
        expenses = _money(expenses, "expenses")
        self.trigger_event(self.Settled, expenses=expenses, balance=self.advance - expenses, on=on,
                           envelope=envelope)
        employee.release("trip", self.id, envelope)


# ---- commands ---------------------------------------------------------------------------------

def _position(ctx: Context, unit: str, code: str) -> Position:
    u = ctx.get(Unit, unit_id(unit), Message("no unit with code {code!r}", code=unit.strip().upper()))
    return ctx.get(Position, position_id(u.code, code), Message("no position {code}/{code2}",
        code=u.code, code2=code.strip().upper()))


class HireEmployee(Command, frozen=True, kw_only=True):
    name = "staff.hire"
    title = "Hire an employee into a vacant position"
    number: Code
    full_name: Name
    employment_type: str
    unit: str
    position: str
    order: str = ""  # a registered personnel order (PER-2026-0001), or an archival order's number and date:
    order_number: Code = ""
    order_date: date | None = None
    effective: date
    term_end: date | None = None  # required for a temporary or election-period hire: the fixed term's last day
    qualification_exception: str = ""  # why a person whose file does not meet the post's requirement is hired

    def execute(self, ctx: Context) -> Outcome:
        from domain.hrfiles import check_qualification

        number = _number(self.number, "personnel number")
        require(ctx.find(Employee, employee_id(number)) is None, "an employee with number {number} already exists",
                                                                 number=number)
        require(self.employment_type in EMPLOYMENT_TYPES,
                "unknown employment type {employment_type!r}; types are {employment_types}",
                employment_type=self.employment_type, employment_types=', '.join(EMPLOYMENT_TYPES))
        require(self.term_end is not None or self.employment_type not in FIXED_TERM,
                "a {employment_type} hire is for a fixed term: give the term's end date",
                employment_type=self.employment_type)
        require(self.term_end is None or self.employment_type in FIXED_TERM,
                "a {employment_type} hire has no fixed term; leave the term's end empty",
                employment_type=self.employment_type)
        require(self.term_end is None or self.term_end >= self.effective,
                "the term cannot end ({term_end}) before the hire takes effect ({effective})",
                term_end=self.term_end, effective=self.effective)
        position = _position(ctx, self.unit, self.position)
        full_name = clean(self.full_name, "full name", NAME)
        order_number, order_date = cited_order(ctx, self.order, self.order_number, self.order_date, self.effective,
                                               "hire")
        order_number = _number(order_number, "order number")
        eid = employee_id(number)
        check_qualification(ctx, position, number, self.qualification_exception, ctx.envelope)
        position.occupy(eid, number, full_name, self.effective, ctx.envelope)
        e = ctx.add(Employee._create(Employee.Hired, id=eid, number=number, full_name=full_name,
                                     employment_type=self.employment_type, position_id=position.id,
                                     position=position.label, position_title=position.title,
                                     order_number=order_number, order_date=order_date,
                                     effective=self.effective, term_end=self.term_end, envelope=ctx.envelope))
        return Outcome(message=Message("{full_name} hired as {number} into {position_label}", full_name=full_name,
                                       number=number, position_label=position.label), record_ids=[e.id])


class SignContract(Command, frozen=True, kw_only=True):
    name = "staff.contract"
    title = "Sign a labour contract"
    number: str
    contract_number: Code
    start: date
    end: date | None = None

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        e.sign_contract(self.contract_number, self.start, self.end, ctx.envelope)
        return Outcome(message=Message("contract signed with {number}", number=e.number), record_ids=[e.id])


class _Move(Command, frozen=True, kw_only=True):
    number: str
    unit: str
    position: str
    order: str = ""  # a registered personnel order, or an archival order's number and date:
    order_number: Code = ""
    order_date: date | None = None
    effective: date

    movement = "transfer"

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        old = ctx.get(Position, e.position_id, "the employee's position is missing")
        new = _position(ctx, self.unit, self.position)
        order_number, order_date = cited_order(ctx, self.order, self.order_number, self.order_date, self.effective,
                                               self.movement)
        e.move(self.movement, old, new, order_number, order_date, self.effective, ctx.envelope)
        return Outcome(message=Message("{number} {movement} to {new_label}", number=e.number, movement=self.movement,
                                       new_label=new.label), record_ids=[e.id])


class TransferEmployee(_Move, frozen=True, kw_only=True):
    name = "staff.transfer"
    title = "Transfer an employee to another vacant position"


class PromoteEmployee(_Move, frozen=True, kw_only=True):
    name = "staff.promote"
    title = "Promote an employee to a vacant higher position"
    movement = "promotion"


class InitiateSeparation(Command, frozen=True, kw_only=True):
    name = "staff.separate"
    title = "Initiate a separation (sets the last working day)"
    needs_reason = True
    number: str
    kind: str
    last_day: date
    order: str = ""  # a registered personnel order, or an archival order's number and date:
    order_number: Code = ""
    order_date: date | None = None

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        order_number, order_date = cited_order(ctx, self.order, self.order_number, self.order_date, self.last_day,
                                               "separation")
        e.initiate_separation(self.kind, self.last_day, order_number, order_date, ctx.envelope)
        return Outcome(message=Message("separation of {number} initiated; last working day {last_day}",
                                       number=e.number, last_day=self.last_day),
                       record_ids=[e.id])


class CompleteSeparation(Command, frozen=True, kw_only=True):
    name = "staff.complete-separation"
    title = "Complete a separation after clearance"
    number: str

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        position = ctx.get(Position, e.position_id, "the employee's position is missing")
        e.complete_separation(position, ctx.envelope)
        return Outcome(message=Message("{number} separated; {position_label} is vacant", number=e.number,
                                       position_label=position.label), record_ids=[e.id])


class RegisterMilitary(Command, frozen=True, kw_only=True):
    name = "staff.military"
    title = "Record military registration"
    number: str
    status: str
    military_office: Name = ""
    category: Number = ""

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        e.register_military(self.status, self.military_office, self.category, ctx.envelope)
        return Outcome(message=Message("military registration of {number} recorded", number=e.number),
                       record_ids=[e.id])


def find_trip(ctx: Context, warrant: str) -> Trip:
    return ctx.get(Trip, trip_id(warrant), Message("no trip on warrant {warrant!r}", warrant=warrant.strip().upper()))


class PlanTrip(Command, frozen=True, kw_only=True):
    name = "trips.plan"
    title = "Issue a trip warrant"
    money_out = "advance"
    warrant: Code
    number: str
    destination: Name
    start: date
    end: date
    purpose: str
    advance: Decimal = Decimal("0")

    def execute(self, ctx: Context) -> Outcome:
        warrant = _number(self.warrant, "warrant number")
        require(ctx.find(Trip, trip_id(warrant)) is None, "warrant {warrant} is already issued", warrant=warrant)
        e = find_employee(ctx, self.number)
        require(self.end >= self.start, "a trip cannot end before it starts")
        t = ctx.add(Trip._create(Trip.Planned, id=trip_id(warrant), warrant=warrant, employee_id=e.id,
                                 number=e.number, full_name=e.full_name,
                                 destination=clean(self.destination, "destination", NAME), start=self.start,
                                 end=self.end, purpose=clean(self.purpose, "purpose"),
                                 advance=_money(self.advance, "advance"), envelope=ctx.envelope))
        e.book_trip(t.id, warrant, str(t.label), self.start, self.end, ctx.envelope)
        return Outcome(message=Message("warrant {warrant} issued to {number}", warrant=warrant, number=e.number),
                       record_ids=[t.id])


class MarkDeparture(Command, frozen=True, kw_only=True):
    name = "trips.depart"
    title = "Mark a trip's departure"
    warrant: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        t = find_trip(ctx, self.warrant)
        t.depart(self.on, ctx.envelope)
        return Outcome(message=Message("{label}: departed", label=t.label), record_ids=[t.id])


class CancelTrip(Command, frozen=True, kw_only=True):
    name = "trips.cancel"
    title = "Cancel a trip before its departure"
    needs_reason = True
    warrant: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        t = find_trip(ctx, self.warrant)
        e = ctx.get(Employee, t.employee_id, "the traveller is missing")
        t.cancel(self.on, e, ctx.envelope)
        return Outcome(message=Message("{label}: cancelled; {number} no longer holds it", label=t.label,
                                       number=e.number), record_ids=[t.id])


class MarkArrival(Command, frozen=True, kw_only=True):
    name = "trips.arrive"
    title = "Mark a trip's return"
    warrant: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        t = find_trip(ctx, self.warrant)
        t.arrive(self.on, ctx.envelope)
        return Outcome(message=Message("{label}: returned", label=t.label), record_ids=[t.id])


class SettleTrip(Command, frozen=True, kw_only=True):
    name = "trips.settle"
    title = "Settle a trip's advance"
    warrant: str
    expenses: Decimal
    on: date

    def execute(self, ctx: Context) -> Outcome:
        t = find_trip(ctx, self.warrant)
        e = ctx.get(Employee, t.employee_id, "the traveller is missing")
        t.settle(self.expenses, self.on, e, ctx.envelope)
        return Outcome(message=Message("{label}: settled, balance {balance}", label=t.label, balance=t.balance),
                       record_ids=[t.id])
