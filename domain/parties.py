"""Parties and public organisations: the register the Department for Work with political parties and public
organisations keeps (registration with the justice authority, leaders, addresses, status changes, merger and
dissolution) and the secretariat's meetings and events with them.

A party is registered -> suspended -> registered again (reinstated) ...; registered or suspended -> merged into
another registered party, or dissolved (both final, with the date and a reason). A party that is merged or
dissolved files nothing and is accredited for nothing: other contexts ask `check_may_act(ctx, code, on, what)`
before a party's report is expected or submitted, or its agents are accredited, and the party's code must be in
this register. A suspended party may still file its reports (the law keeps the duty) but is not accredited.
Dates keep their order: nothing about a party is dated before its registration or its last change.
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
from domain.records import (
    LONG,
    NAME,
    NUMBER,
    PROSE,
    SUBJECT,
    Long,
    Name,
    Number,
    Prose,
    Record,
    Subject,
    clean,
    optional,
    refuse,
    require,
)
from domain.roles import DECIDERS, OFFICE_STAFF

_NS = uuid.UUID("c3d9e1f7-2a4b-4c6d-8e0f-1a2b3c4d5e6f")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
KINDS = ("political party", "public organisation")
ENDED = ("merged", "dissolved")
LIVE = ("registered", "suspended")  # the statuses not ENDED


_LIVE = Check(Attr("status").one_of(LIVE), lambda p: Message("{code} was {status} on {ended_on}", code=p.code,
                                                              status=p.status, ended_on=p.ended_on))


def party_code(value: str) -> str:
    code = (value or "").strip().upper()
    require(_CODE.match(code), "party code {value!r} must be 1-24 letters, digits or '-'", value=value)
    return code


@lru_cache(maxsize=1024)
def party_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "party/" + code.strip().upper())


def meeting_id(code: str, number: int) -> UUID:
    return uuid.uuid5(_NS, f"meeting/{code.strip().upper()}/{number}")


class Party(Record):
    code: str
    name: str
    kind: str
    registration_number: str
    registered_on: date
    leader: str
    address: str
    status: str
    last_change_on: date
    merged_into: str | None
    ended_on: date | None
    meetings: int

    class Registered(Record.Created):
        code: str
        name: str
        kind: str
        registration_number: str
        registered_on: date
        leader: str
        address: str

        def apply(self, p: Party) -> None:
            p.code, p.name, p.kind = self.code, self.name, self.kind
            p.registration_number, p.registered_on = self.registration_number, self.registered_on
            p.leader, p.address = self.leader, self.address
            p.status = "registered"
            p.last_change_on = self.registered_on
            p.merged_into = None
            p.ended_on = None
            p.meetings = 0

    class LeaderChanged(Record.Event):
        leader: str
        on: date

        def apply(self, p: Party) -> None:
            p.leader, p.last_change_on = self.leader, self.on

    class AddressChanged(Record.Event):
        address: str
        on: date

        def apply(self, p: Party) -> None:
            p.address, p.last_change_on = self.address, self.on

    class Suspended(Record.Event):
        on: date

        def apply(self, p: Party) -> None:
            p.status, p.last_change_on = "suspended", self.on

    class Reinstated(Record.Event):
        on: date

        def apply(self, p: Party) -> None:
            p.status, p.last_change_on = "registered", self.on

    class Merged(Record.Event):
        on: date
        into: str

        def apply(self, p: Party) -> None:
            p.status, p.last_change_on, p.merged_into, p.ended_on = "merged", self.on, self.into, self.on

    class Dissolved(Record.Event):
        on: date

        def apply(self, p: Party) -> None:
            p.status, p.last_change_on, p.ended_on = "dissolved", self.on, self.on

    class MeetingHeld(Record.Event):
        number: int

        def apply(self, p: Party) -> None:
            p.meetings = self.number

    @property
    def active(self) -> bool:
        return self.status not in ENDED

    # the commands whose state rule `allows` decides (a party that ended takes none; the party pickers filter by it)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {
        **{c: StateRule(_LIVE) for c in ("parties.change-leader", "parties.change-address", "parties.merge",
                                         "parties.dissolve")},
        "parties.suspend": StateRule(_LIVE, Check(Attr("status").eq("registered"), lambda p: Message(
            "{code} is already suspended", code=p.code))),
        "parties.reinstate": StateRule(_LIVE, Check(Attr("status").eq("suspended"), lambda p: Message(
            "{code} is {status}, not suspended", code=p.code, status=p.status)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the party's state refuses that command, in words; None when its state allows it (the command's own
        values, its date among them, are checked when it runs). The methods enforce it; the card offers this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _dated(self, on: date, what: str) -> None:
        require(self.active, "{code} was {status} on {ended_on}; it cannot be {what}", code=self.code,
                             status=self.status, ended_on=self.ended_on, what=what)
        require(on >= self.last_change_on, "{code} cannot be {what} on {on}, before its last change "
                                           "({last_change_on})", code=self.code, what=what, on=on,
                                           last_change_on=self.last_change_on)

    def change_leader(self, leader: str, on: date, envelope: Envelope) -> None:
        self._dated(on, "given a new leader")
        leader = clean(leader, "leader", NAME)
        require(leader != self.leader, "{leader} already leads {code}", leader=leader, code=self.code)
        self.trigger_event(self.LeaderChanged, leader=leader, on=on, envelope=envelope)

    def change_address(self, address: str, on: date, envelope: Envelope) -> None:
        self._dated(on, "given a new address")
        address = clean(address, "address", SUBJECT)
        require(address != self.address, "{code} already has that address", code=self.code)
        self.trigger_event(self.AddressChanged, address=address, on=on, envelope=envelope)

    def suspend(self, on: date, envelope: Envelope) -> None:
        self._dated(on, "suspended")
        refusal = self.allows("parties.suspend")
        refuse(refusal)
        self.trigger_event(self.Suspended, on=on, envelope=envelope)

    def reinstate(self, on: date, envelope: Envelope) -> None:
        self._dated(on, "reinstated")
        refusal = self.allows("parties.reinstate")
        refuse(refusal)
        self.trigger_event(self.Reinstated, on=on, envelope=envelope)

    def merge_into(self, other: Party, on: date, envelope: Envelope) -> None:
        self._dated(on, "merged")
        require(other.code != self.code, "{code} cannot merge into itself", code=self.code)
        require(other.status == "registered", "{code} can merge only into a registered party; {other_code} is "
                                              "{other_status}", code=self.code, other_code=other.code,
                                              other_status=other.status)
        require(on >= other.registered_on, "{other_code} was registered on {other_registered_on}; {code} cannot "
                                           "merge into it on {on}", other_code=other.code,
                                           other_registered_on=other.registered_on, code=self.code, on=on)
        self.trigger_event(self.Merged, on=on, into=other.code, envelope=envelope)

    def dissolve(self, on: date, envelope: Envelope) -> None:
        self._dated(on, "dissolved")
        self.trigger_event(self.Dissolved, on=on, envelope=envelope)


class Meeting(Record):
    """A meeting or event of the secretariat with a party: who took part, what was discussed."""

    party_code: str
    number: int
    held_on: date
    subject: str
    participants: str
    record: str
    code: str

    class Held(Record.Created):
        party_code: str
        number: int
        held_on: date
        subject: str
        participants: str
        record: str

        def apply(self, m: Meeting) -> None:
            m.party_code, m.number, m.held_on = self.party_code, self.number, self.held_on
            m.subject, m.participants, m.record = self.subject, self.participants, self.record
            m.code = f"{self.party_code}/{self.number}"


def find_party(ctx: Context, code: str) -> Party:
    return ctx.get(Party, party_id(code or ""), Message("no party or organisation {value!r} in the register of "
        "parties",
        value=(code or '').strip().upper()))


def check_may_act(ctx: Context, code: str, on: date, what: str, *, suspended_ok: bool) -> Party:
    """The registered party for another context's step (a report expected or filed, agents accredited), or a
    refusal: not in the register, merged, dissolved, or (unless `suspended_ok`) suspended on that day."""
    p = find_party(ctx, code)
    require(p.active, "{code} was {status} on {ended_on}; it cannot {what}", code=p.code, status=p.status,
                      ended_on=p.ended_on, what=what)
    require(suspended_ok or p.status != "suspended", "{code} is suspended; it cannot {what}", code=p.code, what=what)
    require(on >= p.registered_on, "{code} was registered on {registered_on}; it cannot {what} on {on}", code=p.code,
                                   registered_on=p.registered_on, what=what, on=on)
    return p


# ---- commands ----------------------------------------------------------------------------------


class RegisterParty(Command, frozen=True, kw_only=True):
    name = "parties.register"
    title = "Register a party or public organisation"
    roles = OFFICE_STAFF
    code: str
    party_name: str
    kind: str = "political party"
    registration_number: Number
    registered_on: date
    leader: Name
    address: Subject

    def execute(self, ctx: Context) -> Outcome:
        code = party_code(self.code)
        require(self.kind in KINDS, "unknown kind {kind!r}; kinds are {kinds}", kind=self.kind,
                                    kinds=', '.join(KINDS))
        require(ctx.find(Party, party_id(code)) is None, "{code} is already in the register of parties", code=code)
        p = ctx.add(Party._create(Party.Registered, id=party_id(code), code=code,
                                  name=clean(self.party_name, "name"), kind=self.kind,
                                  registration_number=clean(self.registration_number,
                                                            "justice registration number", NUMBER),
                                  registered_on=self.registered_on, leader=clean(self.leader, "leader", NAME),
                                  address=clean(self.address, "address", SUBJECT), envelope=ctx.envelope))
        return Outcome(message=Message("{code} ({name}) registered", code=p.code, name=p.name), record_ids=[p.id])


class ChangeLeader(Command, frozen=True, kw_only=True):
    name = "parties.change-leader"
    title = "Record a party's new leader"
    roles = OFFICE_STAFF
    party: str
    leader: Name
    on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_party(ctx, self.party)
        p.change_leader(self.leader, self.on, ctx.envelope)
        return Outcome(message=Message("{code} is led by {leader} from {on}", code=p.code, leader=p.leader,
                                       on=self.on), record_ids=[p.id])


class ChangeAddress(Command, frozen=True, kw_only=True):
    name = "parties.change-address"
    title = "Record a party's new address"
    roles = OFFICE_STAFF
    party: str
    address: Subject
    on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_party(ctx, self.party)
        p.change_address(self.address, self.on, ctx.envelope)
        return Outcome(message=Message("{code} has a new address from {on}", code=p.code, on=self.on),
                       record_ids=[p.id])


class SuspendParty(Command, frozen=True, kw_only=True):
    name = "parties.suspend"
    title = "Suspend a party (justice authority's decision)"
    roles = DECIDERS
    needs_reason = True
    party: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_party(ctx, self.party)
        p.suspend(self.on, ctx.envelope)
        return Outcome(message=Message("{code} suspended from {on}", code=p.code, on=self.on), record_ids=[p.id])


class ReinstateParty(Command, frozen=True, kw_only=True):
    name = "parties.reinstate"
    title = "Reinstate a suspended party"
    roles = DECIDERS
    needs_reason = True
    party: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_party(ctx, self.party)
        p.reinstate(self.on, ctx.envelope)
        return Outcome(message=Message("{code} reinstated from {on}", code=p.code, on=self.on), record_ids=[p.id])


class MergeParty(Command, frozen=True, kw_only=True):
    name = "parties.merge"
    title = "Record a party's merger into another"
    roles = DECIDERS
    needs_reason = True
    party: str
    into: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        p, other = find_party(ctx, self.party), find_party(ctx, self.into)
        p.merge_into(other, self.on, ctx.envelope)
        return Outcome(message=Message("{code} merged into {other_code} on {on}", code=p.code, other_code=other.code,
                                       on=self.on), record_ids=[p.id])


class DissolveParty(Command, frozen=True, kw_only=True):
    name = "parties.dissolve"
    title = "Record a party's dissolution"
    roles = DECIDERS
    needs_reason = True
    party: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        p = find_party(ctx, self.party)
        p.dissolve(self.on, ctx.envelope)
        return Outcome(message=Message("{code} dissolved on {on}", code=p.code, on=self.on), record_ids=[p.id])


class HoldMeeting(Command, frozen=True, kw_only=True):
    name = "parties.meeting"
    title = "Record a meeting or event with a party"
    roles = OFFICE_STAFF
    party: str
    held_on: date
    subject: str
    participants: Long
    record: Prose = ""

    def execute(self, ctx: Context) -> Outcome:
        p = find_party(ctx, self.party)
        require(self.held_on >= p.registered_on, "{code} was registered on {registered_on}; no meeting with it "
                                                 "on {held_on}",
                code=p.code, registered_on=p.registered_on, held_on=self.held_on)
        require(p.active or (p.ended_on is not None and self.held_on <= p.ended_on), "{code} was {status} on "
                                                                                     "{ended_on}; no meeting with "
                                                                                     "it on {held_on}",
                             code=p.code, status=p.status, ended_on=p.ended_on, held_on=self.held_on)
        number = p.meetings + 1
        m = ctx.add(Meeting._create(Meeting.Held, id=meeting_id(p.code, number), party_code=p.code, number=number,
                                    held_on=self.held_on, subject=clean(self.subject, "subject"),
                                    participants=clean(self.participants, "participants", LONG),
                                    record=optional(self.record, "record of the discussion", PROSE),
                                    envelope=ctx.envelope))
        p.trigger_event(Party.MeetingHeld, number=number, envelope=ctx.envelope)
        return Outcome(message=Message("meeting {code} with {code2} on {held_on} recorded", code=m.code,
                                       code2=p.code, held_on=self.held_on), record_ids=[m.id, p.id])
