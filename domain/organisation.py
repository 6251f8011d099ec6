"""Organisation context: units, elections, lower commissions and their members, staff-table positions.

Ids are derived from codes (a unit's code, an election's code, a commission's election and number,
a position's unit and code), so a code is unique by construction. Parents keep the set of their live
children, so a unit with live sub-units or positions, or a constituency commission with live
precinct commissions, cannot be dissolved.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import All, Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import Message, Refused
from domain.records import NUMBER, Number, Record, clean, optional, refuse, require
from domain.roles import ADMINISTRATORS, OFFICE_STAFF

UNIT_KINDS = ("office", "deputy", "department", "sector", "provincial")
# Which kinds of unit may stand directly under which (None: at the top).
ALLOWED_PARENTS: dict[str, tuple[str | None, ...]] = {
    "office": (None,),
    "deputy": (None, "office"),
    "department": (None, "office", "deputy"),
    "sector": ("department",),
    "provincial": (None, "office", "deputy"),
}
UNIT_LABELS = {"office": "office", "deputy": "deputy office", "department": "department",
               "sector": "sector", "provincial": "provincial office"}
ELECTION_KINDS = ("presidential", "parliamentary", "municipal", "provincial", "referendum")
COMMISSION_LEVELS = ("central", "constituency", "precinct")
# The central commission (the Commission itself, whose sessions the secretariat serves) is addressed like a lower
# one, as election CENTRAL and constituency 0: `commission_id(CENTRAL, 0)`.
CENTRAL = "CEC"
MEMBER_ROLES = ("chair", "deputy chair", "secretary", "member")
# After voting day an election's commissions still count, hear complaints and certify results; past this
# many days the election is over and its commissions receive nothing more.
RESULTS_PERIOD_DAYS = 90
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
_NS = uuid.UUID("0c9b1d8e-7a57-4b1e-8f51-3f2a6f0b7d11")


def _a(kind: str) -> str:
    label = UNIT_LABELS[kind]
    return ("an " if label[0] in "aeiou" else "a ") + label


def _code(value: str, what: str) -> str:
    code = (value or "").strip().upper()
    require(_CODE.match(code), "{what} code {value!r} must be 1-24 letters, digits or '-'", what=what, value=value)
    return code


@lru_cache(maxsize=1024)
def unit_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "unit/" + code.strip().upper())


@lru_cache(maxsize=256)
def election_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "election/" + code.strip().upper())


@lru_cache(maxsize=8192)  # every command on a commission derives its id; uuid5 costs more than the rule
def commission_id(election: str, constituency: int, precinct: int | None = None) -> UUID:
    key = f"commission/{election.strip().upper()}/{constituency}"
    return uuid.uuid5(_NS, key if precinct is None else f"{key}/{precinct}")


@lru_cache(maxsize=8192)  # the rules' messages name the commission, and are formatted eagerly
def commission_label(election: str, constituency: int, precinct: int | None) -> str:
    if constituency == 0:
        return election  # the central commission
    tail = f"-{precinct:04d}" if precinct is not None else ""
    return f"{election}/{constituency:03d}{tail}"


def central_commission_id() -> UUID:
    return commission_id(CENTRAL, 0)


def central_commission(ctx: Context) -> Commission:
    """The Commission itself (for its sessions: who is a member, who chairs), or a refusal."""
    return ctx.get(Commission, central_commission_id(), "the central commission is not established yet; an "
                   "administrator establishes it (commissions.establish-central) and appoints its members")


def position_id(unit_code: str, code: str) -> UUID:
    return uuid.uuid5(_NS, f"position/{unit_code.strip().upper()}/{code.strip().upper()}")


class Unit(Record):
    code: str
    name: str
    kind: str
    parent_id: UUID | None
    active: bool
    subunits: set[UUID]
    positions: set[UUID]

    def units(self) -> tuple[str | None, ...]:
        """The units this record belongs to, for the office rule (`domain.access.office_refusal`)."""
        return (self.code,)

    class Established(Record.Created):
        code: str
        name: str
        kind: str
        parent_id: UUID | None

        def apply(self, unit: Unit) -> None:
            unit.code, unit.name, unit.kind, unit.parent_id = self.code, self.name, self.kind, self.parent_id
            unit.active = True
            unit.subunits = set()
            unit.positions = set()

    class Renamed(Record.Event):
        name: str

        def apply(self, unit: Unit) -> None:
            unit.name = self.name

    class SubunitAttached(Record.Event):
        subunit_id: UUID

        def apply(self, unit: Unit) -> None:
            unit.subunits.add(self.subunit_id)

    class SubunitDetached(Record.Event):
        subunit_id: UUID

        def apply(self, unit: Unit) -> None:
            unit.subunits.discard(self.subunit_id)

    class PositionAdded(Record.Event):
        position_id: UUID

        def apply(self, unit: Unit) -> None:
            unit.positions.add(self.position_id)

    class PositionRemoved(Record.Event):
        position_id: UUID

        def apply(self, unit: Unit) -> None:
            unit.positions.discard(self.position_id)

    class Dissolved(Record.Event):
        effective: date

        def apply(self, unit: Unit) -> None:
            unit.active = False

    @classmethod
    def establish(cls, code: str, name: str, kind: str, parent: Unit | None, envelope: Envelope) -> Unit:
        code = _code(code, "unit")
        require(kind in UNIT_KINDS, "unknown unit kind {kind!r}; kinds are {unit_kinds}", kind=kind,
                                    unit_kinds=', '.join(UNIT_KINDS))
        parent_kind = parent.kind if parent else None
        allowed = ALLOWED_PARENTS[kind]
        if parent_kind:
            require(parent_kind in allowed, "{kind} cannot stand under {parent}; allowed: {allowed}", kind=_a(kind),
                    parent=_a(parent_kind), allowed=", ".join(k or "top" for k in allowed))
        require(parent_kind in allowed, "{kind} cannot stand at the top; allowed: {allowed}", kind=_a(kind),
                allowed=", ".join(k or "top" for k in allowed))
        if parent is not None:
            refuse(parent.allows("units.establish"))
        unit = cls._create(cls.Established, id=unit_id(code), code=code, name=clean(name, "name"),
                           kind=kind, parent_id=parent.id if parent else None, envelope=envelope)
        if parent is not None:
            parent.trigger_event(cls.SubunitAttached, subunit_id=unit.id, envelope=envelope)
        return unit

    def rename(self, name: str, envelope: Envelope) -> None:
        refuse(self.allows("units.rename"))
        name = clean(name, "name")
        require(name != self.name, "unit {code} is already named {name!r}", code=self.code, name=name)
        self.trigger_event(self.Renamed, name=name, envelope=envelope)

    # the commands whose state rule `allows` decides (establishing one under it: a sub-unit, a post)
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"units.dissolve", "units.rename", "units.establish",
                                                          "positions.establish"})

    def allows(self, command: str) -> str | None:
        """Why the unit's state refuses that command, in words; None when its state allows it (the command's own
        values are checked when it runs). The methods enforce it; the card offers exactly this."""
        if command not in self.RULED_COMMANDS:
            return None
        if not self.active:
            return {"units.dissolve": Message("unit {code} is already dissolved", code=self.code),
                    "units.establish": Message("parent unit {parent_code} is dissolved", parent_code=self.code),
                    "positions.establish": Message("unit {unit_code} is dissolved", unit_code=self.code),
                    }.get(command, Message("unit {code} is dissolved", code=self.code))
        if command != "units.dissolve":
            return None
        if self.subunits:
            return Message("unit {code} still has {subunits_count} sub-unit(s); dissolve them first", code=self.code,
                           subunits_count=len(self.subunits))
        if self.positions:
            return (Message("unit {code} still has {positions_count} position(s) on its staff table; abolish them "
                            "first", code=self.code, positions_count=len(self.positions)))
        return None

    def dissolve(self, effective: date, parent: Unit | None, envelope: Envelope) -> None:
        refusal = self.allows("units.dissolve")
        refuse(refusal)
        self.trigger_event(self.Dissolved, effective=effective, envelope=envelope)
        if parent is not None:
            parent.trigger_event(self.SubunitDetached, subunit_id=self.id, envelope=envelope)


class Position(Record):
    unit_id: UUID
    unit_code: str
    code: str
    title: str
    grade: str
    active: bool
    occupant_id: UUID | None
    occupant: str | None
    occupied_from: date | None
    free_from: date | None

    def units(self) -> tuple[str | None, ...]:
        """The units this record belongs to, for the office rule (`domain.access.office_refusal`)."""
        return (self.unit_code,)

    class Established(Record.Created):
        unit_id: UUID
        unit_code: str
        code: str
        title: str
        grade: str

        def apply(self, position: Position) -> None:
            position.unit_id, position.unit_code = self.unit_id, self.unit_code
            position.code, position.title, position.grade = self.code, self.title, self.grade
            position.active = True
            position.occupant_id = None
            position.occupant = None
            position.occupied_from = None
            position.free_from = None  # the first day a vacated post may be filled again

    class Abolished(Record.Event):
        effective: date

        def apply(self, position: Position) -> None:
            position.active = False

    class Occupied(Record.Event):
        employee_id: UUID
        number: str
        full_name: str
        effective: date

        def apply(self, position: Position) -> None:
            position.occupant_id = self.employee_id
            position.occupant = f"{self.number} {self.full_name}"
            position.occupied_from = self.effective  # the post is filled from this day, vacant until it
            position.free_from = None

    class Vacated(Record.Event):
        employee_id: UUID
        number: str
        effective: date  # the first day the post is free: the day of a transfer, the day after a last day

        def apply(self, position: Position) -> None:
            position.occupant_id = None
            position.occupant = None
            position.occupied_from = None
            position.free_from = self.effective

    @property
    def label(self) -> str:
        return f"{self.unit_code}/{self.code}"

    def filled_on(self, day: date) -> bool:
        """Whether the post is filled on `day`: by an occupant whose appointment has taken effect by then."""
        occupied_from: Any = self.occupied_from
        return self.occupant_id is not None and occupied_from is not None and occupied_from <= day

    # the commands whose state rule `allows` decides (a transfer or promotion into the post asks the same as a hire;
    # the vacant-post picker filters by it)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {
        "positions.abolish": StateRule(
            Check(Attr("active").is_true(), lambda p: Message("position {unit_code}/{code} is already abolished",
                                                              unit_code=p.unit_code, code=p.code)),
            Check(Attr("occupant_id").eq(None), lambda p: Message("position {unit_code}/{code} is occupied",
                                                                  unit_code=p.unit_code, code=p.code))),
        "staff.hire": StateRule(
            Check(Attr("active").is_true(), lambda p: Message("position {label} is abolished", label=p.label)),
            Check(Attr("occupant_id").eq(None), lambda p: Message("position {label} is not vacant", label=p.label)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the post's state refuses that command, in words; None when its state allows it. `abolish` and
        `occupy` enforce it; the cards offer exactly this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def occupy(self, employee_id: UUID, number: str, full_name: str, effective: date, envelope: Envelope) -> None:
        """One occupant per position: it is reserved from the hiring or transfer command on, whatever the
        effective date (the staff register shows the person there from that date)."""
        refusal = self.allows("staff.hire")
        refuse(refusal)
        free_from: Any = self.free_from
        require(free_from is None or effective >= free_from,
                "position {label} is free only from {free_from}, when its previous holder has left",
                label=self.label, free_from=free_from)
        self.trigger_event(self.Occupied, employee_id=employee_id, number=number, full_name=full_name,
                           effective=effective, envelope=envelope)

    def vacate(self, employee_id: UUID, number: str, effective: date, envelope: Envelope) -> None:
        require(self.occupant_id == employee_id, "employee {number} does not occupy position {label}", number=number,
                                                 label=self.label)
        self.trigger_event(self.Vacated, employee_id=employee_id, number=number, effective=effective,
                           envelope=envelope)

    @classmethod
    def establish(cls, unit: Unit, code: str, title: str, grade: str, envelope: Envelope) -> Position:
        refuse(unit.allows("positions.establish"))
        code = _code(code, "position")
        position = cls._create(cls.Established, id=position_id(unit.code, code), unit_id=unit.id,
                               unit_code=unit.code, code=code, title=clean(title, "title"),
                               grade=optional(grade, "grade", NUMBER), envelope=envelope)
        unit.trigger_event(Unit.PositionAdded, position_id=position.id, envelope=envelope)
        return position

    def abolish(self, unit: Unit, effective: date, envelope: Envelope) -> None:
        refusal = self.allows("positions.abolish")
        refuse(refusal)
        self.trigger_event(self.Abolished, effective=effective, envelope=envelope)
        unit.trigger_event(Unit.PositionRemoved, position_id=self.id, envelope=envelope)


class Election(Record):
    code: str
    name: str
    kind: str
    voting_day: date

    class Scheduled(Record.Created):
        code: str
        name: str
        kind: str
        voting_day: date

        def apply(self, election: Election) -> None:
            election.code, election.name = self.code, self.name
            election.kind, election.voting_day = self.kind, self.voting_day

    @property
    def over_on(self) -> date:
        """The first day the election is over: voting day plus the results period."""
        return self.voting_day + timedelta(days=RESULTS_PERIOD_DAYS + 1)

    @classmethod
    def schedule(cls, code: str, name: str, kind: str, voting_day: date, envelope: Envelope) -> Election:
        code = _code(code, "election")
        require(kind in ELECTION_KINDS,
                "unknown election kind {kind!r}; kinds are {election_kinds}", kind=kind,
                election_kinds=', '.join(ELECTION_KINDS))
        return cls._create(cls.Scheduled, id=election_id(code), code=code, name=clean(name, "name"),
                           kind=kind, voting_day=voting_day, envelope=envelope)


# A live lower commission: what money, bank accounts and supplies go to (the central commission takes none of them,
# a dissolved one nothing more); finance's rule on a commission checks it, the commission pickers filter by it.
IS_LOWER = Attr("level").ne("central")
IS_LIVE = Attr("active").is_true()
LIVE_LOWER = All((IS_LOWER, IS_LIVE))


class Commission(Record):
    election_id: UUID | None
    election_code: str
    level: str
    constituency: int
    precinct: int | None
    name: str
    active: bool
    members: dict[str, str]
    precincts: set[UUID]

    class Established(Record.Created):
        election_id: UUID | None  # None for the central commission
        election_code: str
        level: str
        constituency: int
        precinct: int | None
        name: str

        def apply(self, c: Commission) -> None:
            c.election_id, c.election_code, c.level = self.election_id, self.election_code, self.level
            c.constituency, c.precinct, c.name = self.constituency, self.precinct, self.name
            c.active = True
            c.members = {}
            c.precincts = set()

    class MemberAppointed(Record.Event):
        member: str
        role: str
        nominated_by: str

        def apply(self, c: Commission) -> None:
            c.members[self.member] = self.role

    class MemberRemoved(Record.Event):
        member: str

        def apply(self, c: Commission) -> None:
            c.members.pop(self.member, None)

    class PrecinctAttached(Record.Event):
        precinct_id: UUID

        def apply(self, c: Commission) -> None:
            c.precincts.add(self.precinct_id)

    class PrecinctDetached(Record.Event):
        precinct_id: UUID

        def apply(self, c: Commission) -> None:
            c.precincts.discard(self.precinct_id)

    class Dissolved(Record.Event):
        effective: date

        def apply(self, c: Commission) -> None:
            c.active = False

    @property
    def label(self) -> str:
        return commission_label(self.election_code, self.constituency, self.precinct)

    @classmethod
    def establish(cls, election: Election, constituency: int, precinct: int | None,
                  parent: Commission | None, name: str, envelope: Envelope) -> Commission:
        require(constituency > 0, "constituency number must be positive")
        if precinct is not None:
            require(precinct > 0, "precinct number must be positive")
            if parent is None:
                raise Refused("constituency {constituency} has no commission in {election_code}",
                              constituency=constituency, election_code=election.code)
            refuse(parent.allows("commissions.establish"))
        level = "constituency" if precinct is None else "precinct"
        c = cls._create(cls.Established, id=commission_id(election.code, constituency, precinct),
                        election_id=election.id, election_code=election.code, level=level,
                        constituency=constituency, precinct=precinct, name=clean(name, "name"),
                        envelope=envelope)
        if parent is not None:
            parent.trigger_event(cls.PrecinctAttached, precinct_id=c.id, envelope=envelope)
        return c

    @classmethod
    def establish_central(cls, name: str, envelope: Envelope) -> Commission:
        return cls._create(cls.Established, id=central_commission_id(), election_id=None, election_code=CENTRAL,
                           level="central", constituency=0, precinct=None, name=clean(name, "name"),
                           envelope=envelope)

    def appoint(self, member: str, role: str, nominated_by: str, envelope: Envelope) -> None:
        # Messages are formatted only on refusal: appointing is the bulk of a commission's history.
        if not self.active:
            refuse(self.allows("commissions.appoint"))
        member = clean(member, "member name")
        if role not in MEMBER_ROLES:
            raise Refused("unknown member role {role!r}; roles are {member_roles}", role=role,
                          member_roles=', '.join(MEMBER_ROLES))
        if member in self.members:
            raise Refused("{member} is already a member of {label}", member=member, label=self.label)
        if role != "member" and role in self.members.values():
            raise Refused("commission {label} already has a {role}", label=self.label, role=role)
        self.trigger_event(self.MemberAppointed, member=member, role=role,
                           nominated_by=optional(nominated_by, "nominated by"), envelope=envelope)

    def remove(self, member: str, envelope: Envelope) -> None:
        require(self.active, "commission {label} is dissolved", label=self.label)
        # naming a member refuses an empty commission too (`allows` says so before anyone is named)
        require(member.strip() in self.members, "{member} is not a member of {label}", member=member.strip(),
                                                label=self.label)
        self.trigger_event(self.MemberRemoved, member=member.strip(), envelope=envelope)

    # the commands whose state rule `allows` decides (establishing one: a precinct commission under this one)
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"commissions.remove", "commissions.dissolve",
                                                          "commissions.appoint", "commissions.establish"})

    def allows(self, command: str) -> str | None:
        """Why the commission's state refuses that command, in words; None when its state allows it (the
        command's own values are checked when it runs). The methods enforce it; the card offers exactly this."""
        if command not in self.RULED_COMMANDS:
            return None
        if command == "commissions.establish" and self.level != "constituency":
            return Message("precinct commissions stand under a constituency commission, not under {label}",
                           label=self.label)
        if command == "commissions.dissolve" and self.level == "central":
            return Message("{label} is the central commission; only lower commissions are dissolved", label=self.label)
        if not self.active:
            if command == "commissions.establish":
                return Message("constituency commission {parent_label} is dissolved", parent_label=self.label)
            return Message("commission {label} is {value}dissolved", label=self.label,
                           value='already ' if command == 'commissions.dissolve' else '')
        if command == "commissions.remove" and not self.members:
            return Message("commission {label} has no members", label=self.label)
        if command == "commissions.dissolve" and self.precincts:
            return (Message("commission {label} still has {precincts_count} precinct commission(s); dissolve them "
                            "first", label=self.label, precincts_count=len(self.precincts)))
        return None

    def dissolve(self, effective: date, parent: Commission | None, envelope: Envelope) -> None:
        refusal = self.allows("commissions.dissolve")
        refuse(refusal)
        self.trigger_event(self.Dissolved, effective=effective, envelope=envelope)
        if parent is not None:
            parent.trigger_event(self.PrecinctDetached, precinct_id=self.id, envelope=envelope)


# ---- commands ---------------------------------------------------------------------------------

def _unit(ctx: Context, code: str) -> Unit:
    return ctx.get(Unit, unit_id(code), Message("no unit with code {code!r}", code=code.strip().upper()))


def find_unit(ctx: Context, code: str, *, live: bool = True) -> Unit:
    """A unit by its code for other contexts' commands, or a refusal naming it (and, with `live`, one that was
    dissolved)."""
    unit = _unit(ctx, code or "")
    require(not live or unit.active, "unit {unit_code} is dissolved", unit_code=unit.code)
    return unit


def find_election(ctx: Context, code: str) -> Election:
    """An election by its code for other contexts' commands, or a refusal naming it."""
    return _election(ctx, code or "")


def _election(ctx: Context, code: str) -> Election:
    return ctx.get(Election, election_id(code), Message("no election with code {code!r}", code=code.strip().upper()))


def _commission(ctx: Context, election: str, constituency: int, precinct: int | None) -> Commission:
    found = ctx.find(Commission, commission_id(election, constituency, precinct))
    if found is None:
        what = f"constituency {constituency}" + (f" precinct {precinct}" if precinct is not None else "")
        raise Refused("no commission for {what} in election {election}", what=what,
                      election=election.strip().upper())
    return found


class EstablishUnit(Command, frozen=True, kw_only=True):
    name = "units.establish"
    title = "Establish a unit"
    roles = ADMINISTRATORS
    code: str
    unit_name: str
    kind: str
    parent: str | None = None

    def execute(self, ctx: Context) -> Outcome:
        parent = _unit(ctx, self.parent) if self.parent else None
        code = _code(self.code, "unit")
        require(ctx.find(Unit, unit_id(code)) is None, "a unit with code {code} already exists", code=code)
        unit = ctx.add(Unit.establish(code, self.unit_name, self.kind, parent, ctx.envelope))
        return Outcome(message=Message("unit {unit_code} established", unit_code=unit.code), record_ids=[unit.id])


class RenameUnit(Command, frozen=True, kw_only=True):
    name = "units.rename"
    title = "Rename a unit"
    roles = ADMINISTRATORS
    code: str
    unit_name: str

    def execute(self, ctx: Context) -> Outcome:
        unit = _unit(ctx, self.code)
        unit.rename(self.unit_name, ctx.envelope)
        return Outcome(message=Message("unit {unit_code} renamed", unit_code=unit.code), record_ids=[unit.id])


class DissolveUnit(Command, frozen=True, kw_only=True):
    name = "units.dissolve"
    title = "Dissolve a unit"
    roles = ADMINISTRATORS
    needs_reason = True
    code: str
    effective: date

    def execute(self, ctx: Context) -> Outcome:
        unit = _unit(ctx, self.code)
        parent = ctx.get(Unit, unit.parent_id, "parent unit missing") if unit.parent_id else None
        unit.dissolve(self.effective, parent, ctx.envelope)
        return Outcome(message=Message("unit {unit_code} dissolved", unit_code=unit.code), record_ids=[unit.id])


class EstablishPosition(Command, frozen=True, kw_only=True):
    name = "positions.establish"
    title = "Establish a staff-table position"
    roles = ADMINISTRATORS
    unit: str
    code: str
    position_title: str
    grade: Number = ""

    def execute(self, ctx: Context) -> Outcome:
        unit = _unit(ctx, self.unit)
        code = _code(self.code, "position")
        require(ctx.find(Position, position_id(unit.code, code)) is None,
                "position {unit_code}/{code} already exists", unit_code=unit.code, code=code)
        position = ctx.add(Position.establish(unit, code, self.position_title, self.grade, ctx.envelope))
        return Outcome(message=Message("position {unit_code}/{position_code} established", unit_code=unit.code,
                                       position_code=position.code), record_ids=[position.id])


class AbolishPosition(Command, frozen=True, kw_only=True):
    name = "positions.abolish"
    title = "Abolish a staff-table position"
    roles = ADMINISTRATORS
    needs_reason = True
    unit: str
    code: str
    effective: date

    def execute(self, ctx: Context) -> Outcome:
        unit = _unit(ctx, self.unit)
        position = ctx.get(Position, position_id(unit.code, self.code),
                           Message("no position {code}/{code2}", code=unit.code, code2=self.code.strip().upper()))
        position.abolish(unit, self.effective, ctx.envelope)
        return Outcome(message=Message("position {unit_code}/{position_code} abolished", unit_code=unit.code,
                                       position_code=position.code), record_ids=[position.id])


class ScheduleElection(Command, frozen=True, kw_only=True):
    name = "elections.schedule"
    title = "Schedule an election"
    roles = ADMINISTRATORS
    code: str
    election_name: str
    kind: str
    voting_day: date

    def execute(self, ctx: Context) -> Outcome:
        code = _code(self.code, "election")
        require(ctx.find(Election, election_id(code)) is None, "an election with code {code} already exists",
                                                               code=code)
        election = ctx.add(Election.schedule(code, self.election_name, self.kind, self.voting_day,
                                             ctx.envelope))
        return Outcome(message=Message("election {election_code} scheduled", election_code=election.code),
                       record_ids=[election.id])


class EstablishCommission(Command, frozen=True, kw_only=True):
    name = "commissions.establish"
    title = "Establish a lower commission"
    roles = OFFICE_STAFF
    election: str
    constituency: int
    precinct: int | None = None
    commission_name: str

    def execute(self, ctx: Context) -> Outcome:
        election = _election(ctx, self.election)
        parent = None
        if self.precinct is not None:
            parent = ctx.find(Commission, commission_id(election.code, self.constituency))
        cid = commission_id(election.code, self.constituency, self.precinct)
        require(ctx.find(Commission, cid) is None, "that commission already exists")
        c = ctx.add(Commission.establish(election, self.constituency, self.precinct, parent,
                                         self.commission_name, ctx.envelope))
        return Outcome(message=Message("commission {label} established", label=c.label), record_ids=[c.id])


class EstablishCentralCommission(Command, frozen=True, kw_only=True):
    name = "commissions.establish-central"
    title = "Establish the central commission"
    roles = ADMINISTRATORS
    commission_name: str

    def execute(self, ctx: Context) -> Outcome:
        require(ctx.find(Commission, central_commission_id()) is None, "the central commission already exists")
        c = ctx.add(Commission.establish_central(self.commission_name, ctx.envelope))
        return Outcome(message=Message("central commission {label} established", label=c.label), record_ids=[c.id])


class AppointMember(Command, frozen=True, kw_only=True):
    name = "commissions.appoint"
    title = "Appoint a commission member"
    roles = OFFICE_STAFF
    election: str
    constituency: int
    precinct: int | None = None
    member: str
    role: str = "member"
    nominated_by: str = ""

    def execute(self, ctx: Context) -> Outcome:
        c = _commission(ctx, self.election, self.constituency, self.precinct)
        c.appoint(self.member, self.role, self.nominated_by, ctx.envelope)
        return Outcome(message=Message("{member} appointed to {label}", member=self.member.strip(), label=c.label),
                       record_ids=[c.id])


class RemoveMember(Command, frozen=True, kw_only=True):
    name = "commissions.remove"
    title = "Remove a commission member"
    roles = OFFICE_STAFF
    needs_reason = True
    election: str
    constituency: int
    precinct: int | None = None
    member: str

    def execute(self, ctx: Context) -> Outcome:
        c = _commission(ctx, self.election, self.constituency, self.precinct)
        c.remove(self.member, ctx.envelope)
        return Outcome(message=Message("{member} removed from {label}", member=self.member.strip(), label=c.label),
                       record_ids=[c.id])


class DissolveCommission(Command, frozen=True, kw_only=True):
    name = "commissions.dissolve"
    title = "Dissolve a lower commission"
    roles = ADMINISTRATORS
    needs_reason = True
    election: str
    constituency: int
    precinct: int | None = None
    effective: date

    def execute(self, ctx: Context) -> Outcome:
        c = _commission(ctx, self.election, self.constituency, self.precinct)
        parent = None
        if self.precinct is not None:
            parent = _commission(ctx, self.election, self.constituency, None)
        c.dissolve(self.effective, parent, ctx.envelope)
        return Outcome(message=Message("commission {label} dissolved", label=c.label), record_ids=[c.id])
