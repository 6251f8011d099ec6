"""Training: programmes for election staff and commission members (their audience, curriculum, materials and
pass mark), their sessions (place, dates, trainers, capacity, cost charged to a budget line), the enrolment and
attendance of each trainee (an employee by personnel number, or a member of a lower commission), tests, and
numbered certificates (CERT-YYYY-NNNNN, gap-free per year).

A session takes no more trainees than its capacity; a trainee is enrolled once per session, an employee only
while employed and not leaving; attendance is recorded from the session's first day; a certificate is issued
only to a trainee who attended and passed the test (score at or above the programme's pass mark), once.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.correspondence import next_number
from domain.envelope import Envelope
from domain.errors import Message
from domain.finance import find_line, money
from domain.organisation import Commission, commission_id, find_unit
from domain.personnel import find_employee
from domain.records import LONG, PROSE, SUBJECT, Long, Prose, Record, Subject, clean, optional, refuse, require
from domain.roles import OFFICE_STAFF

_NS = uuid.UUID("5d2c8b1e-7f4a-4e3d-9a6b-3c1d0e2f4a5b")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
AUDIENCES = ("staff", "constituency commission members", "precinct commission members", "party agents",
             "observers")
KINDS = ("employee", "commission member")
_MEMBER = re.compile(r"^([A-Z0-9-]+)/(\d{1,4})(?:-(\d{1,5}))?:(.+)$")


def _code(value: str, what: str) -> str:
    code = (value or "").strip().upper()
    require(_CODE.match(code), "{what} {value!r} must be 1-24 letters, digits or '-'", what=what, value=value)
    return code


@lru_cache(maxsize=1024)
def programme_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "programme/" + code.strip().upper())


@lru_cache(maxsize=8192)
def session_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "session/" + code.strip().upper())


class Programme(Record):
    code: str
    title: str
    audience: str
    curriculum: str
    materials: str
    pass_mark: int
    sessions: int

    class Added(Record.Created):
        code: str
        title: str
        audience: str
        curriculum: str
        materials: str
        pass_mark: int

        def apply(self, p: Programme) -> None:
            p.code, p.title, p.audience, p.curriculum = self.code, self.title, self.audience, self.curriculum
            p.materials, p.pass_mark = self.materials, self.pass_mark
            p.sessions = 0

    class SessionAdded(Record.Event):
        number: int

        def apply(self, p: Programme) -> None:
            p.sessions = self.number


class Session(Record):
    """One session of a programme with its trainees: trainee key -> {name, kind, attended, score, certificate}."""

    programme_code: str
    code: str
    place: str
    unit_code: str
    starts: date
    ends: date
    trainers: str
    capacity: int
    cost: Decimal
    line_code: str
    trainees: dict[str, Any]

    class Scheduled(Record.Created):
        programme_code: str
        code: str
        place: str
        unit_code: str
        starts: date
        ends: date
        trainers: str
        capacity: int
        cost: Decimal
        line_code: str

        def apply(self, s: Session) -> None:
            s.programme_code, s.code, s.place, s.unit_code = self.programme_code, self.code, self.place, self.unit_code
            s.starts, s.ends, s.trainers, s.capacity = self.starts, self.ends, self.trainers, self.capacity
            s.cost, s.line_code = self.cost, self.line_code
            s.trainees = {}

    class Enrolled(Record.Event):
        key: str
        kind: str
        name: str
        commission: str

        def apply(self, s: Session) -> None:
            s.trainees = {**s.trainees, self.key: {"name": self.name, "kind": self.kind,
                                                   "commission": self.commission, "attended": None, "score": None,
                                                   "certificate": None}}

    class AttendanceRecorded(Record.Event):
        key: str
        attended: bool
        on: date

        def apply(self, s: Session) -> None:
            s.trainees = {**s.trainees, self.key: {**s.trainees[self.key], "attended": self.attended}}

    class Tested(Record.Event):
        key: str
        score: int

        def apply(self, s: Session) -> None:
            s.trainees = {**s.trainees, self.key: {**s.trainees[self.key], "score": self.score}}

    class Certified(Record.Event):
        key: str
        certificate: str
        on: date

        def apply(self, s: Session) -> None:
            s.trainees = {**s.trainees, self.key: {**s.trainees[self.key], "certificate": self.certificate}}

    @property
    def enrolled(self) -> int:
        return len(self.trainees)

    # the commands whose state rule `allows` decides: enrolment only below capacity; attendance, scores and
    # certificates only once someone is enrolled (the session pickers filter by the same conditions)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {
        "training.enrol": StateRule(Check(Attr("enrolled").lt(Attr("capacity")), lambda s: Message(
            "session {code} is full: {capacity} places taken", code=s.code, capacity=s.capacity))),
        **{command: StateRule(Check(Attr("enrolled").gt(0), lambda s: Message(
            "nobody is enrolled in session {code}", code=s.code)))
           for command in ("training.attendance", "training.score", "training.certify")}}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the session's state refuses that command, in words; None when its state allows it (who the trainee
        is is checked when the command runs). The methods enforce it; the card offers exactly this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def _trainee(self, key: str, command: str) -> dict[str, Any]:
        self._allowed(command)
        require(key in self.trainees, "{key} is not enrolled in session {code}", key=key, code=self.code)
        return self.trainees[key]

    def enrol(self, key: str, kind: str, name: str, commission: str, envelope: Envelope) -> None:
        require(key not in self.trainees, "{name} ({key}) is already enrolled in session {code}", name=name, key=key,
                code=self.code)
        self._allowed("training.enrol")
        self.trigger_event(self.Enrolled, key=key, kind=kind, name=name, commission=commission, envelope=envelope)

    def record_attendance(self, key: str, attended: bool, on: date, envelope: Envelope) -> None:
        self._trainee(key, "training.attendance")
        require(
            self.starts <= on,
            "session {code} starts on {starts}; no attendance on {on}",
            code=self.code,
            starts=self.starts,
            on=on,
        )
        self.trigger_event(self.AttendanceRecorded, key=key, attended=attended, on=on, envelope=envelope)

    def record_score(self, key: str, score: int, envelope: Envelope) -> None:
        trainee = self._trainee(key, "training.score")
        require(
            trainee["attended"] is True,
            "{name} did not attend session {code}; no test",
            name=trainee["name"],
            code=self.code,
        )
        require(0 <= score <= 100, "a score is 0-100, not {score}", score=score)
        self.trigger_event(self.Tested, key=key, score=score, envelope=envelope)

    def check_certifiable(self, key: str, pass_mark: int, on: date) -> dict[str, object]:
        trainee = self._trainee(key, "training.certify")
        require(trainee["attended"] is True, "{name} did not attend session {code}; no certificate",
                name=trainee['name'], code=self.code)
        require(trainee["score"] is not None, "{name} has no test score in session {code}", name=trainee['name'],
                code=self.code)
        score = int(trainee["score"])
        require(score >= pass_mark, "{name} scored {score}, below the pass mark {pass_mark}", name=trainee['name'],
                score=score, pass_mark=pass_mark)
        require(trainee["certificate"] is None, "{name} already holds certificate {certificate}", name=trainee['name'],
                certificate=trainee['certificate'])
        require(on >= self.ends, "certificates of session {code} are issued from its last day ({ends})",
                code=self.code, ends=self.ends)
        return trainee


def find_programme(ctx: Context, code: str) -> Programme:
    return ctx.get(Programme, programme_id(code or ""), Message("no training programme {value!r}",
        value=(code or '').strip().upper()))


def find_session(ctx: Context, code: str) -> Session:
    return ctx.get(Session, session_id(code or ""), Message("no training session {value!r}",
        value=(code or '').strip().upper()))


def _trainee(ctx: Context, kind: str, who: str, on: date) -> tuple[str, str, str]:
    """(key, name, commission label) of a trainee: an employee by personnel number, or a commission member as
    ELECTION/CONSTITUENCY[-PRECINCT]:NAME."""
    require(kind in KINDS, "unknown trainee kind {kind!r}; kinds are {kinds}", kind=kind, kinds=", ".join(KINDS))
    if kind == "employee":
        employee = find_employee(ctx, who or "")
        employee.check_can_receive(on, "training")
        return f"EMP:{employee.number}", employee.full_name, ""
    found = _MEMBER.match((who or "").strip().upper())
    require(
        found is not None,
        "a commission member is named as PE26/1-3:NAME (election/constituency-precinct:member), not {who!r}",
        who=who,
    )
    assert found is not None
    election, constituency, precinct, _ = found.groups()
    commission = ctx.find(Commission, commission_id(election, int(constituency), int(precinct) if precinct else None))
    require(
        commission is not None,
        "no commission {election}/{constituency}{value}",
        election=election,
        constituency=constituency,
        value="-" + precinct if precinct else "",
    )
    assert commission is not None
    name = (who or "").split(":", 1)[1].strip()
    member = next((m for m in commission.members if m.upper() == name.upper()), None)
    require(
        member is not None, "{name} is not a member of {commission_label}", name=name, commission_label=commission.label
    )
    return f"MEM:{commission.label}:{member}", str(member), commission.label


# ---- commands ----------------------------------------------------------------------------------


class AddProgramme(Command, frozen=True, kw_only=True):
    name = "training.add-programme"
    title = "Add a training programme"
    roles = OFFICE_STAFF
    code: str
    programme_title: str
    audience: str
    curriculum: Prose
    materials: Long = ""
    pass_mark: int = 60

    def execute(self, ctx: Context) -> Outcome:
        code = _code(self.code, "programme code")
        require(
            self.audience in AUDIENCES,
            "unknown audience {audience!r}; audiences are {audiences}",
            audience=self.audience,
            audiences=", ".join(AUDIENCES),
        )
        require(0 <= self.pass_mark <= 100, "the pass mark is 0-100, not {pass_mark}", pass_mark=self.pass_mark)
        require(ctx.find(Programme, programme_id(code)) is None, "programme {code} already exists", code=code)
        p = ctx.add(
            Programme._create(
                Programme.Added,
                id=programme_id(code),
                code=code,
                title=clean(self.programme_title, "title"),
                audience=self.audience,
                curriculum=clean(self.curriculum, "curriculum", PROSE),
                materials=optional(self.materials, "materials", LONG),
                pass_mark=self.pass_mark,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message("programme {code} added for {audience}", code=p.code, audience=p.audience),
            record_ids=[p.id],
        )


class ScheduleSession(Command, frozen=True, kw_only=True):
    name = "training.schedule-session"
    title = "Schedule a training session"
    roles = OFFICE_STAFF
    programme: str
    place: str
    unit: str
    starts: date
    ends: date
    trainers: Subject
    capacity: int
    cost: Decimal = Decimal("0")
    line: str = ""

    def execute(self, ctx: Context) -> Outcome:
        p = find_programme(ctx, self.programme)
        unit = find_unit(ctx, self.unit)
        require(
            self.ends >= self.starts,
            "a session cannot end ({ends}) before it starts ({starts})",
            ends=self.ends,
            starts=self.starts,
        )
        require(1 <= self.capacity <= 500, "capacity must be 1-500 trainees, not {capacity}", capacity=self.capacity)
        cost = money(self.cost, "cost", zero_ok=True)
        line = ""
        if cost > 0:
            require(self.line.strip() != "", "a session with a cost names the budget line it is charged to")
            line = find_line(ctx, self.line).code
        number = p.sessions + 1
        code = f"{p.code}-{number:03d}"
        s = ctx.add(
            Session._create(
                Session.Scheduled,
                id=session_id(code),
                programme_code=p.code,
                code=code,
                place=clean(self.place, "place"),
                unit_code=unit.code,
                starts=self.starts,
                ends=self.ends,
                trainers=clean(self.trainers, "trainers", SUBJECT),
                capacity=self.capacity,
                cost=cost,
                line_code=line,
                envelope=ctx.envelope,
            )
        )
        p.trigger_event(Programme.SessionAdded, number=number, envelope=ctx.envelope)
        return Outcome(
            message=Message(
                "session {code} scheduled {starts} to {ends} at {place}",
                code=code,
                starts=s.starts,
                ends=s.ends,
                place=s.place,
            ),
            record_ids=[s.id, p.id],
        )


class Enrol(Command, frozen=True, kw_only=True):
    name = "training.enrol"
    title = "Enrol a trainee in a session"
    roles = OFFICE_STAFF
    session: str
    kind: str = "employee"
    trainee: str

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        key, name, commission = _trainee(ctx, self.kind, self.trainee, s.starts)
        s.enrol(key, self.kind, name, commission, ctx.envelope)
        return Outcome(
            message=Message(
                "{name} enrolled in {code} ({enrolled} of {capacity})",
                name=name,
                code=s.code,
                enrolled=s.enrolled,
                capacity=s.capacity,
            ),
            record_ids=[s.id],
        )


class _TraineeStep(Command, frozen=True, kw_only=True):
    session: str
    trainee: str  # the key shown on the session's card: EMP:number or MEM:commission:name

    def _key(self, s: Session) -> str:
        wanted = (self.trainee or "").strip().upper()
        for key in s.trainees:
            if key.upper() == wanted or key.upper().split(":", 1)[-1] == wanted:
                return key
        require(False, "{trainee!r} is not enrolled in session {code}", trainee=self.trainee, code=s.code)
        return ""


class RecordAttendance(_TraineeStep, frozen=True, kw_only=True):
    name = "training.attendance"
    title = "Record a trainee's attendance"
    roles = OFFICE_STAFF
    attended: bool = True
    on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        key = self._key(s)
        s.record_attendance(key, self.attended, self.on, ctx.envelope)
        word = "attended" if self.attended else "was absent from"
        return Outcome(
            message=Message("{name} {word} {code}", name=s.trainees[key]["name"], word=word, code=s.code),
            record_ids=[s.id],
        )


class RecordScore(_TraineeStep, frozen=True, kw_only=True):
    name = "training.score"
    title = "Record a trainee's test score"
    roles = OFFICE_STAFF
    score: int

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        key = self._key(s)
        s.record_score(key, self.score, ctx.envelope)
        return Outcome(
            message=Message(
                "{name} scored {score} in {code}", name=s.trainees[key]["name"], score=self.score, code=s.code
            ),
            record_ids=[s.id],
        )


class IssueCertificate(_TraineeStep, frozen=True, kw_only=True):
    name = "training.certify"
    title = "Issue a training certificate"
    roles = OFFICE_STAFF
    on: date

    def execute(self, ctx: Context) -> Outcome:
        s = find_session(ctx, self.session)
        key = self._key(s)
        trainee = s.check_certifiable(key, find_programme(ctx, s.programme_code).pass_mark, self.on)
        number = next_number(ctx, "CERT", self.on)
        s.trigger_event(Session.Certified, key=key, certificate=number, on=self.on, envelope=ctx.envelope)
        return Outcome(
            message=Message("certificate {number} issued to {name}", number=number, name=trainee["name"]),
            record_ids=[s.id],
        )
