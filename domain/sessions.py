"""Sessions context: the Commission's sessions, as the General department prepares and records them.

- A session is convened with its number per year (SES-2026-001, gap-free and in date order, from the shared
  RegistrationCounter), kind (regular, extraordinary), date, place and chair (a member of the central commission).
- Notices go to members of the central commission and to invited persons; only accredited media and observers
  are invited (their accreditation for the election, valid on the session's day: stakeholders' `find_accredited`).
- Agenda items are numbered in order, each with its kind, rapporteur unit and draft documents. The majority an
  item needs is a parameter per item kind (MajorityRules; defaults in DEFAULT_MAJORITIES).
- Attendance is marked per member: present, absent (a reason is required) or by proxy to a member present.
- Opening takes the commission's membership that day from the organisation context (`central_commission`) and
  stores it in the event; it is refused without quorum (QUORUM of the members present in person).
- Each item is voted on once, by totals or per member: the votes cast never exceed the members present (in person
  or by proxy), and the result is decided by the item's majority of the membership of that day.
- Adjournment (with the date it continues) and continuation (quorum checked again), closing, and the minutes
  (numbered MIN-2026-001, with the audio and video recordings' file names and SHA-256 checksums).

Decisions adopted at a session are registered by the acts context (`domain.acts`), from the item's vote.
"""

from __future__ import annotations

import re
import uuid
from collections import UserDict, UserList
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.correspondence import next_number
from domain.envelope import Envelope
from domain.errors import N_, Message
from domain.organisation import Commission, Unit, central_commission, unit_id
from domain.records import NAME, Name, Record, clean, optional, refuse, require
from domain.roles import ADMINISTRATORS
from domain.shown import Told
from domain.stakeholders import find_accredited

_NS = uuid.UUID("5e55e551-0a1b-4c2d-9e3f-4a5b6c7d8e9f")
SESSION_KINDS = ("regular", "extraordinary")
ATTENDANCE = ("present", "absent", "proxy")
CHOICES = ("for", "against", "abstained")
MAJORITIES = ("simple", "two-thirds")
DEFAULT_MAJORITIES = {"procedural": "simple", "decision": "simple", "complaint": "simple",
                      "normative act": "two-thirds", "rules of procedure": "two-thirds"}
ITEM_KINDS = tuple(DEFAULT_MAJORITIES)
QUORUM = Fraction(2, 3)  # of the members that day, present in person
INVITED = ("media representative", "international observer", "domestic observer")  # accreditation categories
_NUMBER = re.compile(r"^SES-(\d{4})-(\d{3})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
RULES_ID = uuid.uuid5(_NS, "majority-rules")


class Notices(Told, UserDict[str, dict[str, Any]]):
    """addressee -> {"category", "sent_on"}; the card shows how many went to members and to guests."""

    def told(self) -> list[Message]:
        guests = [a for a, n in self.items() if n["category"] != "member"]
        members = Message("members notified: {count}", count=len(self) - len(guests))
        return [members, Message("invited: {guests}", guests=", ".join(guests))] if guests else [members]


class Items(Told, UserList[dict[str, Any]]):
    """The agenda in order; the card shows each item with its result."""

    def told(self) -> list[Message]:
        out = []
        for i in self:
            v = i["vote"]
            if v is None:
                result = Message("pending")
            elif v["adopted"]:
                result = Message("{votes_for}-{against}-{abstained}, adopted", votes_for=v["for"],
                                 against=v["against"], abstained=v["abstained"])
            else:
                result = Message("{votes_for}-{against}-{abstained}, not adopted", votes_for=v["for"],
                                 against=v["against"], abstained=v["abstained"])
            if i.get("decision"):
                result = Message("{result}, {decision}", result=result, decision=i["decision"])
            out.append(Message("{number}. {title} ({kind}, {unit}): {result}", number=i["number"], title=i["title"],
                               kind=Message(i["kind"]), unit=i["unit"], result=result))
        return out or [Message("none yet")]


class Attendance(Told, UserDict[str, dict[str, Any]]):
    """member -> {"status", "reason", "proxy"}; the card lists absences and proxies."""

    def told(self) -> list[Message]:
        present = sum(1 for a in self.values() if a["status"] == "present")
        others = [Message("{member} absent ({reason})", member=m, reason=a["reason"]) if a["status"] == "absent"
                  else Message("{member} by proxy to {proxy}", member=m, proxy=a["proxy"])
                  for m, a in self.items() if a["status"] != "present"]
        return [Message("present: {count}", count=present), *others]


def session_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "session/" + number.strip().upper())


def needed(majority: str, members: int) -> int:
    """The votes "for" a majority of the membership needs: more than half, or at least two thirds."""
    if majority == "two-thirds":
        return -(-2 * members // 3)
    return members // 2 + 1


def quorum(members: int) -> int:
    return -(-members * QUORUM.numerator // QUORUM.denominator)


class MajorityRules(Record):
    """The majority each kind of agenda item needs, where it differs from DEFAULT_MAJORITIES."""

    rules: dict[str, str]

    class Opened(Record.Created):
        def apply(self, r: MajorityRules) -> None:
            r.rules = {}

    class Set(Record.Event):
        item_kind: str
        majority: str

        def apply(self, r: MajorityRules) -> None:
            r.rules[self.item_kind] = self.majority

    @property
    def label(self) -> str:
        return Message("majority rules")


def majority_for(ctx: Context, item_kind: str) -> str:
    rules = ctx.find(MajorityRules, RULES_ID)
    own = rules.rules.get(item_kind) if rules is not None else None
    return own or DEFAULT_MAJORITIES[item_kind]


_NOT_CLOSED = ("convened", "open", "adjourned")
# The statuses in which a session takes each command on it, and the refusal otherwise (a whole sentence, so that
# it translates whole): the card reads this, `Session.allows` decides by it.
IS_STATUS = "{label} is {status}"
SESSION_STATUSES: dict[str, tuple[tuple[str, ...], str]] = {
    "sessions.notify": (_NOT_CLOSED, IS_STATUS), "sessions.attendance": (_NOT_CLOSED, IS_STATUS),
    "sessions.roll-call": (_NOT_CLOSED, IS_STATUS),
    "sessions.add-item": (_NOT_CLOSED, N_("{label} is {status}; items are added before it closes")),
    "sessions.open": (("convened",), N_("{label} is {status}, not convened")),
    "sessions.adjourn": (("open",), N_("{label} is {status}; only an open session is adjourned")),
    "sessions.close": (("open",), N_("{label} is {status}; only an open session is closed")),
    "sessions.continue": (("adjourned",), N_("{label} is {status}, not adjourned")),
    "sessions.minutes": (("closed",), N_("{label} is {status}; minutes are recorded once it is closed")),
}


def _in_status(command: str) -> Check:
    """The session is in a status that takes `command` (SESSION_STATUSES), and why not otherwise."""
    allowed, refusal_template = SESSION_STATUSES[command]

    def refusal(s: Session) -> str:
        if s.status == "closed" and command in ("sessions.notify", "sessions.attendance", "sessions.roll-call"):
            return Message("{label} was closed on {closed_on}", label=s.label, closed_on=s.closed_on)
        return Message(refusal_template, label=s.label, status=s.status)

    return Check(Attr("status").one_of(allowed), refusal)


# The rules written as conditions (the session pickers filter by them): each status rule, minutes once, and a vote
# while the session is open on an item not yet voted on.
SESSION_RULES: dict[str, StateRule] = {
    **{command: StateRule(_in_status(command)) for command in SESSION_STATUSES},
    "sessions.minutes": StateRule(_in_status("sessions.minutes"), Check(Attr("minutes").eq(None), lambda s: Message(
        "the minutes of {label} are {number}", label=s.label, number=s.minutes["number"]))),
    "sessions.vote": StateRule(
        Check(Attr("status").one_of(("open",)), lambda s: Message(
            "{label} is {status}; votes are taken while it is open", label=s.label, status=s.status)),
        Check(Attr("unvoted").gt(0), lambda s: Message("every item of {label} was already voted on", label=s.label))),
}


class Session(Record):
    number: str
    kind: str
    held_on: date
    place: str
    chair: str
    status: str
    notices: Notices
    items: Items
    attendance: Attendance
    roster: list[str]
    opened_on: date | None
    continues_on: date | None
    closed_on: date | None
    minutes: dict[str, Any] | None

    class Convened(Record.Created):
        number: str
        kind: str
        held_on: date
        place: str
        chair: str

        def apply(self, s: Session) -> None:
            s.number, s.kind, s.held_on, s.place, s.chair = self.number, self.kind, self.held_on, self.place, self.chair
            s.status = "convened"
            s.notices = Notices()  # addressee -> {"category", "sent_on"}
            s.items = Items()  # dicts: number, title, kind, unit, drafts, majority, vote, decision
            s.attendance = Attendance()  # member -> {"status", "reason", "proxy"}
            s.roster = []  # the members on the day it opened
            s.opened_on = None
            s.continues_on = None
            s.closed_on = None
            s.minutes = None

    class NoticeSent(Record.Event):
        addressee: str
        category: str  # member, or the invited person's accreditation category
        document: str  # an invited person's accreditation document ("" for members)
        sent_on: date

        def apply(self, s: Session) -> None:
            s.notices[self.addressee] = {"category": self.category, "sent_on": self.sent_on}

    class ItemAdded(Record.Event):
        item: int
        title: str
        item_kind: str
        unit_code: str
        drafts: list[str]
        majority: str

        def apply(self, s: Session) -> None:
            s.items = Items([*s.items, {"number": self.item, "title": self.title, "kind": self.item_kind,
                                  "unit": self.unit_code, "drafts": list(self.drafts), "majority": self.majority,
                                  "vote": None, "decision": None}])

    class AttendanceMarked(Record.Event):
        member: str
        status: str
        reason: str
        proxy: str

        def apply(self, s: Session) -> None:
            s.attendance[self.member] = {"status": self.status, "reason": self.reason, "proxy": self.proxy}

    class Opened(Record.Event):
        on: date
        roster: list[str]
        present: int
        quorum: int

        def apply(self, s: Session) -> None:
            s.status, s.opened_on, s.roster = "open", self.on, list(self.roster)

    class Voted(Record.Event):
        item: int
        votes_for: int
        against: int
        abstained: int
        ballots: dict[str, str]  # member -> choice; empty when only totals were recorded
        members: int
        needed: int
        adopted: bool

        def apply(self, s: Session) -> None:
            vote = {"for": self.votes_for, "against": self.against, "abstained": self.abstained,
                    "ballots": dict(self.ballots), "members": self.members, "needed": self.needed,
                    "adopted": self.adopted}
            s.items = Items({**i, "vote": vote} if i["number"] == self.item else i for i in s.items)

    class DecisionLinked(Record.Event):
        item: int
        decision: str

        def apply(self, s: Session) -> None:
            s.items = Items({**i, "decision": self.decision} if i["number"] == self.item else i for i in s.items)

    class Adjourned(Record.Event):
        on: date
        continues_on: date

        def apply(self, s: Session) -> None:
            s.status, s.continues_on = "adjourned", self.continues_on

    class Continued(Record.Event):
        on: date
        present: int
        quorum: int

        def apply(self, s: Session) -> None:
            s.status = "open"

    class Closed(Record.Event):
        on: date

        def apply(self, s: Session) -> None:
            s.status, s.closed_on = "closed", self.on

    class MinutesRecorded(Record.Event):
        minutes_number: str
        on: date
        recordings: list[dict[str, str]]  # {"file", "sha256"}

        def apply(self, s: Session) -> None:
            s.minutes = {"number": self.minutes_number, "on": self.on, "recordings": list(self.recordings)}

    # ---- what the session allows -------------------------------------------------------------------

    @property
    def label(self) -> str:
        return Message("session {number}", number=self.number)

    @property
    def year(self) -> int:
        return self.held_on.year

    def present(self) -> list[str]:
        return [m for m, a in self.attendance.items() if a["status"] == "present"]

    def voters(self) -> list[str]:
        """Who may vote: members present in person, and members represented by proxy."""
        return [m for m, a in self.attendance.items() if a["status"] in ("present", "proxy")]

    def item(self, number: int) -> dict[str, Any]:
        found = next((i for i in self.items if i["number"] == number), None)
        require(found is not None, "{label} has no agenda item {number}; items: {value}", label=self.label,
                                   number=number,
                                   value=', '.join(str(i['number']) for i in self.items) or 'none yet')
        assert found is not None
        return found

    def items_unvoted(self) -> list[int]:
        """The numbers of the agenda items not yet voted on, in agenda order."""
        return [i["number"] for i in self.items if i["vote"] is None]

    def items_undecided(self) -> list[int]:
        """The numbers of the items adopted by their vote and not yet registered as decisions, in agenda order."""
        return [i["number"] for i in self.items if i["vote"] and i["vote"]["adopted"] and not i.get("decision")]

    @property
    def unvoted(self) -> int:
        return len(self.items_unvoted())

    @property
    def undecided(self) -> int:
        return len(self.items_undecided())

    # the commands whose state rule `allows` decides (SESSION_RULES)
    STATE_RULES: ClassVar[dict[str, StateRule]] = SESSION_RULES
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(SESSION_RULES)

    def allows(self, command: str) -> str | None:
        """Why the session's state refuses that command, in words; None when its state allows it (SESSION_RULES).
        The methods enforce it; the card and the pickers offer exactly this."""
        rule = self.STATE_RULES.get(command)
        return rule(self) if rule is not None else None

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def _not_closed(self) -> None:
        require(self.status != "closed", "{label} was closed on {closed_on}", label=self.label,
                                         closed_on=self.closed_on)

    def send_notice(self, addressee: str, category: str, document: str, sent_on: date, envelope: Envelope) -> None:
        self._not_closed()
        require(sent_on <= self.held_on, "a notice is sent before the session: {sent_on} is after {held_on}",
                                         sent_on=sent_on, held_on=self.held_on)
        require(addressee not in self.notices, "{addressee} was already notified of {label} on {get}",
                                               addressee=addressee, label=self.label,
                                               get=self.notices.get(addressee, {}).get('sent_on'))
        self.trigger_event(self.NoticeSent, addressee=addressee, category=category, document=document,
                           sent_on=sent_on, envelope=envelope)

    def add_item(self, title: str, kind: str, unit: Unit, drafts: list[str], majority: str,
                 envelope: Envelope) -> int:
        self._allowed("sessions.add-item")
        require(unit.active, "rapporteur unit {unit_code} is dissolved", unit_code=unit.code)
        number = len(self.items) + 1
        self.trigger_event(self.ItemAdded, item=number, title=clean(title, "item title", 300), item_kind=kind,
                           unit_code=unit.code, drafts=drafts, majority=majority, envelope=envelope)
        return number

    def mark(self, member: str, status: str, reason: str, proxy: str, commission: Commission,
             envelope: Envelope) -> None:
        self._not_closed()
        require(member in commission.members, "{member} is not a member of the central commission", member=member)
        require(status in ATTENDANCE, "unknown attendance {status!r}; attendance is {attendance}", status=status,
                                      attendance=', '.join(ATTENDANCE))
        reason = optional(reason, "reason of absence", 200)
        proxy = optional(proxy, "proxy holder", 120)
        if status == "absent":
            require(reason, "{member} is absent: the reason of absence is required", member=member)
        if status == "proxy":
            require(proxy and proxy != member, "{member} votes by proxy: name the member who holds the proxy",
                                               member=member)
            holder = self.attendance.get(proxy)
            require(holder is not None and holder["status"] == "present",
                    "the proxy holder {proxy} must be a member marked present", proxy=proxy)
            held = [m for m, a in self.attendance.items() if a["proxy"] == proxy and m != member]
            require(not held, "{proxy} already holds the proxy of {held}; one proxy per member", proxy=proxy,
                              held=', '.join(held))
        else:
            proxy = ""
        if self.attendance.get(member, {}).get("status") == "present" and status != "present":
            given = [m for m, a in self.attendance.items() if a["proxy"] == member]
            require(not given, "{member} holds the proxy of {given}; change that attendance first", member=member,
                               given=', '.join(given))
        self.trigger_event(self.AttendanceMarked, member=member, status=status, reason=reason, proxy=proxy,
                           envelope=envelope)

    def open(self, on: date, commission: Commission, envelope: Envelope) -> None:
        self._allowed("sessions.open")
        require(on == self.held_on, "{label} is convened for {held_on}, not {on}", label=self.label,
                                    held_on=self.held_on, on=on)
        roster = sorted(commission.members)
        present = [m for m in self.present() if m in commission.members]
        need = quorum(len(roster))
        require(roster and len(present) >= need, "no quorum: {present_count} of {roster_count} members present, "
                                                 "{need} needed to open {label}", present_count=len(present),
                                                 roster_count=len(roster), need=need, label=self.label)
        self.trigger_event(self.Opened, on=on, roster=roster, present=len(present), quorum=need, envelope=envelope)

    def vote(self, item_number: int, votes_for: int, against: int, abstained: int, ballots: dict[str, str],
             envelope: Envelope) -> dict[str, Any]:
        require(self.status == "open", "{label} is {status}; votes are taken while it is open", label=self.label,
                                       status=self.status)
        item = self.item(item_number)
        require(item["vote"] is None, "item {item_number} of {label} was already voted on", item_number=item_number,
                                      label=self.label)
        voters = self.voters()
        if ballots:
            for member, choice in ballots.items():
                require(choice in CHOICES, "{member}: unknown vote {choice!r}; votes are {choices}", member=member,
                                           choice=choice, choices=', '.join(CHOICES))
                require(member in voters, "{member} is not present (in person or by proxy) and cannot vote",
                                          member=member)
            counted = [sum(1 for c in ballots.values() if c == choice) for choice in CHOICES]
            require(not (votes_for or against or abstained) or counted == [votes_for, against, abstained],
                    "the totals {votes_for}-{against}-{abstained} differ from the members' votes "
                    "{counted}-{counted2}-{counted3}", votes_for=votes_for, against=against, abstained=abstained,
                    counted=counted[0], counted2=counted[1], counted3=counted[2])
            votes_for, against, abstained = counted
        require(min(votes_for, against, abstained) >= 0, "vote counts cannot be negative")
        cast = votes_for + against + abstained
        require(cast <= len(voters), "{cast} votes cast on item {item_number}, but only {voters_count} members are "
                                     "present (in person or by proxy)", cast=cast, item_number=item_number,
                                     voters_count=len(voters))
        members = len(self.roster)
        need = needed(item["majority"], members)
        adopted = votes_for >= need
        self.trigger_event(self.Voted, item=item_number, votes_for=votes_for, against=against, abstained=abstained,
                           ballots=ballots, members=members, needed=need, adopted=adopted, envelope=envelope)
        return self.item(item_number)

    def link_decision(self, item_number: int, decision: str, envelope: Envelope) -> None:
        self.trigger_event(self.DecisionLinked, item=item_number, decision=decision, envelope=envelope)

    def adjourn(self, on: date, continues_on: date, envelope: Envelope) -> None:
        self._allowed("sessions.adjourn")
        require(on >= (self.opened_on or self.held_on), "adjournment ({on}) cannot precede the opening", on=on)
        require(continues_on > on, "the session continues after the adjournment ({on}), not on {continues_on}",
                                   on=on, continues_on=continues_on)
        self.trigger_event(self.Adjourned, on=on, continues_on=continues_on, envelope=envelope)

    def resume(self, on: date, envelope: Envelope) -> None:
        self._allowed("sessions.continue")
        require(on >= (self.continues_on or on), "{label} continues on {continues_on}, not {on}", label=self.label,
                                                 continues_on=self.continues_on, on=on)
        present = [m for m in self.present() if m in self.roster]
        need = quorum(len(self.roster))
        require(len(present) >= need, "no quorum: {present_count} of {roster_count} members present, {need} needed "
                                      "to continue {label}", present_count=len(present),
                                      roster_count=len(self.roster), need=need, label=self.label)
        self.trigger_event(self.Continued, on=on, present=len(present), quorum=need, envelope=envelope)

    def close(self, on: date, envelope: Envelope) -> None:
        self._allowed("sessions.close")
        require(on >= (self.opened_on or self.held_on), "closing ({on}) cannot precede the opening", on=on)
        self.trigger_event(self.Closed, on=on, envelope=envelope)

    def record_minutes(self, ctx: Context, on: date, recordings: list[dict[str, str]]) -> str:
        self._allowed("sessions.minutes")
        require(on >= (self.closed_on or on), "minutes ({on}) cannot precede the closing ({closed_on})", on=on,
                                              closed_on=self.closed_on)
        number = next_number(ctx, "MIN", on, width=3)
        self.trigger_event(self.MinutesRecorded, minutes_number=number, on=on, recordings=recordings,
                           envelope=ctx.envelope)
        return number


# ---- commands ---------------------------------------------------------------------------------


def check_session_number(number: str) -> str:
    text = (number or "").strip().upper()
    require(_NUMBER.match(text), "session number {number!r} must look like SES-2026-001", number=number)
    return text


def find_session(ctx: Context, number: str) -> Session:
    text = check_session_number(number)
    return ctx.get(Session, session_id(text), Message("no session numbered {text}", text=text))


def _member(commission: Commission, name: str, what: str) -> str:
    member = clean(name, what, 120)
    require(member in commission.members, "{what} {member} is not a member of the central commission", what=what,
                                          member=member)
    return member


class ConveneSession(Command, frozen=True, kw_only=True):
    name = "sessions.convene"
    title = "Convene a session of the Commission"
    kind: str = "regular"
    held_on: date
    place: str
    chair: str

    def execute(self, ctx: Context) -> Outcome:
        require(self.kind in SESSION_KINDS, "unknown session kind {kind!r}; kinds are {session_kinds}",
                                            kind=self.kind, session_kinds=', '.join(SESSION_KINDS))
        commission = central_commission(ctx)
        chair = _member(commission, self.chair, "chair")
        place = clean(self.place, "place", 200)
        number = next_number(ctx, "SES", self.held_on, width=3)
        s = ctx.add(Session._create(Session.Convened, id=session_id(number), number=number, kind=self.kind,
                                    held_on=self.held_on, place=place, chair=chair, envelope=ctx.envelope))
        return Outcome(message=Message("{kind} session {number} convened for {held_on}", kind=self.kind,
                                       number=number, held_on=self.held_on), record_ids=[s.id])


class SendNotice(Command, frozen=True, kw_only=True):
    name = "sessions.notify"
    title = "Send a session notice to a member or an accredited guest"
    session: str
    member: str = ""  # a member of the central commission, or
    election: str = ""  # an invited person: the election of their accreditation and their document
    document: str = ""
    sent_on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        require(bool(self.member.strip()) != bool(self.document.strip()),
                "a notice goes either to a member or to an invited person (election and document), not both")
        if self.member.strip():
            member = _member(central_commission(ctx), self.member, "member")
            s.send_notice(member, "member", "", self.sent_on, ctx.envelope)
            return Outcome(message=Message("notice of {number} sent to {member}", number=s.number, member=member),
                           record_ids=[s.id])
        require(self.election.strip(), "an invited person's notice names the election of their accreditation")
        guest = find_accredited(ctx, self.election, self.document, s.held_on)
        require(guest.category in INVITED, "{guest_full_name} is accredited as a {guest_category}; only accredited "
                                           "media and observers are invited to sessions",
                                           guest_full_name=guest.full_name, guest_category=guest.category)
        s.send_notice(f"{guest.full_name} ({guest.organisation_name})", guest.category, guest.code, self.sent_on,
                      ctx.envelope)
        return Outcome(message=Message("notice of {number} sent to {guest_full_name}", number=s.number,
                                       guest_full_name=guest.full_name), record_ids=[s.id])


class AddAgendaItem(Command, frozen=True, kw_only=True):
    name = "sessions.add-item"
    title = "Add an item to a session's agenda"
    session: str
    item_title: str
    item_kind: str = "decision"
    unit: str  # the rapporteur unit
    drafts: str = ""  # the draft documents, separated by ';'

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        require(self.item_kind in ITEM_KINDS, "unknown item kind {item_kind!r}; kinds are {item_kinds}",
                                              item_kind=self.item_kind, item_kinds=', '.join(ITEM_KINDS))
        code = (self.unit or "").strip().upper()
        unit = ctx.get(Unit, unit_id(code), Message("no unit with code {code!r}", code=code))
        drafts = [optional(d, "draft document", 200) for d in self.drafts.split(";")]
        n = s.add_item(self.item_title, self.item_kind, unit, [d for d in drafts if d],
                       majority_for(ctx, self.item_kind), ctx.envelope)
        return Outcome(message=Message("item {n} added to {number}", n=n, number=s.number), record_ids=[s.id])


class MarkAttendance(Command, frozen=True, kw_only=True):
    name = "sessions.attendance"
    title = "Mark a member's attendance"
    session: str
    member: Name
    status: str = "present"
    reason: str = ""
    proxy: str = ""

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        s.mark(clean(self.member, "member", NAME), self.status, self.reason, self.proxy.strip(),
               central_commission(ctx), ctx.envelope)
        return Outcome(message=Message("{member} marked {status} at {number}", member=self.member.strip(),
                                       status=self.status, number=s.number), record_ids=[s.id])


def _per_member(text: str, malformed: str, twice: str) -> dict[str, str]:
    """'Name=value; Other Name=value' -> {member: value}, refusing a part without '=' (`malformed`, with {part})
    and a member named twice (`twice`, with {member})."""
    out: dict[str, str] = {}
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        require(sep and name.strip(), malformed, part=part.strip())
        member = clean(name, "member", NAME)
        require(member not in out, twice, member=member)
        out[member] = value.strip()
    return out


def parse_absences(text: str) -> dict[str, str]:
    """'Name=reason; Other Name=reason' -> {name: reason of absence}."""
    return _per_member(text, N_("write each absent member as 'Name=reason of absence', not {part!r}"),
                       N_("{member} is named absent twice"))


class TakeRollCall(Command, frozen=True, kw_only=True):
    """The clerk's roll call at the door: one command instead of one form per member. Members already marked
    (a proxy given before the session) keep their marking."""

    name = "sessions.roll-call"
    title = "Take the roll call: every member present but those named absent"
    session: str
    absent: str = ""  # "Name=reason; Name=reason"

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        s._allowed(self.name)
        commission = central_commission(ctx)
        absences = parse_absences(self.absent)
        for member in absences:
            require(member in commission.members, "{member} is not a member of the central commission",
                    member=member)
        unmarked = [m for m in sorted(commission.members) if m not in s.attendance]
        require(unmarked or absences, "every member of the central commission is already marked at {number}",
                number=s.number)
        for member in unmarked:
            status = "absent" if member in absences else "present"
            s.mark(member, status, absences.get(member, ""), "", commission, ctx.envelope)
        for member in [m for m in absences if m not in unmarked]:  # marked before: named absent now
            s.mark(member, "absent", absences[member], "", commission, ctx.envelope)
        return Outcome(message=Message("roll call at {number}: {present_count} present, {absent_count} absent",
                                       number=s.number, present_count=len(s.present()),
                                       absent_count=sum(1 for a in s.attendance.values() if a["status"] == "absent")),
                       record_ids=[s.id])


class OpenSession(Command, frozen=True, kw_only=True):
    name = "sessions.open"
    title = "Open a session (checks the quorum)"
    session: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        s.open(self.on, central_commission(ctx), ctx.envelope)
        return Outcome(message=Message("{number} opened: {present_count} of {roster_count} members present",
                                       number=s.number, present_count=len(s.present()), roster_count=len(s.roster)),
                       record_ids=[s.id])


def parse_ballots(text: str) -> dict[str, str]:
    """'Name=for; Other Name=against' -> {name: choice}."""
    choices = _per_member(text, N_("write each member's vote as 'Name=for', not {part!r}"),
                          N_("{member} voted twice"))
    return {member: choice.lower() for member, choice in choices.items()}


class Vote(Command, frozen=True, kw_only=True):
    name = "sessions.vote"
    title = "Record the vote on an agenda item"
    session: str
    item: int
    votes_for: int = 0
    against: int = 0
    abstained: int = 0
    ballots: str = ""  # per member: "Name=for; Name=against; ..." (then the totals may be left 0)

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        item = s.vote(self.item, self.votes_for, self.against, self.abstained, parse_ballots(self.ballots),
                      ctx.envelope)
        v = item["vote"]
        result = "adopted" if v["adopted"] else "not adopted"
        return Outcome(message=Message("item {item} of {number}: {for_} for, {against} against, {abstained} "
                                       "abstained; {result} ({majority} majority: {needed} of {members} members)",
                                       item=self.item, number=s.number, for_=v['for'], against=v['against'],
                                       abstained=v['abstained'], result=result, majority=item['majority'],
                                       needed=v['needed'], members=v['members']), record_ids=[s.id])


class AdjournSession(Command, frozen=True, kw_only=True):
    name = "sessions.adjourn"
    title = "Adjourn a session"
    needs_reason = True
    session: str
    on: date
    continues_on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        s.adjourn(self.on, self.continues_on, ctx.envelope)
        return Outcome(message=Message("{number} adjourned until {continues_on}", number=s.number,
                                       continues_on=self.continues_on), record_ids=[s.id])


class ContinueSession(Command, frozen=True, kw_only=True):
    name = "sessions.continue"
    title = "Continue an adjourned session (checks the quorum again)"
    session: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        s.resume(self.on, ctx.envelope)
        return Outcome(message=Message("{number} continued on {on}", number=s.number, on=self.on), record_ids=[s.id])


class CloseSession(Command, frozen=True, kw_only=True):
    name = "sessions.close"
    title = "Close a session"
    session: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        s.close(self.on, ctx.envelope)
        return Outcome(message=Message("{number} closed", number=s.number), record_ids=[s.id])


def parse_recordings(text: str) -> list[dict[str, str]]:
    """'file.mp4 <sha256>; file.wav <sha256>' -> [{"file", "sha256"}]."""
    out = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        name, _, checksum = part.strip().rpartition(" ")
        name, checksum = optional(name, "recording file name", 200), checksum.strip().lower()
        require(name and _SHA256.match(checksum), "write each recording as 'file-name sha256', with the 64 hex "
                                                  "digits of its SHA-256 checksum, not {part!r}",
                                                  part=part.strip()[:80])
        out.append({"file": name, "sha256": checksum})
    return out


class RecordMinutes(Command, frozen=True, kw_only=True):
    name = "sessions.minutes"
    title = "Record a session's minutes"
    session: str
    on: date
    recordings: str = ""  # "file-name sha256; ..." of the audio and video recordings

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        number = s.record_minutes(ctx, self.on, parse_recordings(self.recordings))
        return Outcome(message=Message("minutes {number} of {number2} recorded", number=number, number2=s.number),
                       record_ids=[s.id])


class SetMajority(Command, frozen=True, kw_only=True):
    name = "sessions.set-majority"
    title = "Set the majority an item kind needs"
    roles = ADMINISTRATORS
    needs_reason = True
    item_kind: str
    majority: str

    def execute(self, ctx: Context) -> Outcome:
        require(self.item_kind in ITEM_KINDS, "unknown item kind {item_kind!r}; kinds are {item_kinds}",
                                              item_kind=self.item_kind, item_kinds=', '.join(ITEM_KINDS))
        require(self.majority in MAJORITIES, "unknown majority {majority!r}; majorities are {majorities}",
                                             majority=self.majority, majorities=', '.join(MAJORITIES))
        require(majority_for(ctx, self.item_kind) != self.majority, "{item_kind} items already need a {majority} "
                                                                    "majority", item_kind=self.item_kind,
                                                                    majority=self.majority)
        rules = ctx.find(MajorityRules, RULES_ID)
        if rules is None:
            rules = ctx.add(MajorityRules._create(MajorityRules.Opened, id=RULES_ID, envelope=ctx.envelope))
        rules.trigger_event(MajorityRules.Set, item_kind=self.item_kind, majority=self.majority,
                            envelope=ctx.envelope)
        return Outcome(message=Message("{item_kind} items now need a {majority} majority", item_kind=self.item_kind,
                                       majority=self.majority), record_ids=[rules.id])
