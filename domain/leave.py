"""Leave and attendance context: leave kinds and entitlements, each employee's leave account per year
(requests, approvals, refusals, cancellations, balances, annual leave carried over), and the monthly
timesheets of temporary staff per unit.

Entitlements are days per calendar year by kind and employment type, set by the Commission from a year on
(`LeavePolicy`); annual leave left at the end of a year is carried into the next up to the policy's limit,
when the next year's account opens. A request lies within one calendar year (a leave across the new year is
two requests), inside the employment (not before the hire, not after the last working day), never overlaps
another pending or approved request of the same person, and never takes a kind with an entitlement below
zero. Days are calendar days. Approved unpaid leave reduces the days paid by payroll; a timesheet's days
worked are what payroll pays a temporary employee for that month.
"""

from __future__ import annotations

import calendar
import re
import uuid
from datetime import date
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Unit, unit_id
from domain.personnel import FIXED_TERM, Employee, find_employee
from domain.records import Record, optional, refuse, require
from domain.roles import DECIDERS, OFFICE_STAFF
from domain.rules import rule
from domain.shown import Keyed

_NS = uuid.UUID("5b9d1f3e-7a2c-4e6b-8d0f-2a4c6e8b0d13")
LEAVE_KINDS = ("annual", "sick", "unpaid", "maternity", "study")
UNLIMITED = ("unpaid",)  # kinds with no yearly entitlement (each request is approved on its merits)
POLICY_ID = uuid.uuid5(_NS, "leave-policy")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


def account_id(employee: UUID, year: int) -> UUID:
    return uuid.uuid5(_NS, f"leave-account/{employee.hex}/{year}")


def timesheet_id(unit: str, period: str) -> UUID:
    return uuid.uuid5(_NS, f"timesheet/{unit.strip().upper()}/{period}")


def days_between(start: date, end: date) -> int:
    return (end - start).days + 1


def overlap_days(start: date, end: date, first: date, last: date) -> int:
    """Calendar days of [start, end] falling in [first, last]."""
    lo, hi = max(start, first), min(end, last)
    return days_between(lo, hi) if lo <= hi else 0


class LeavePolicy(Record):
    """Entitlements: (kind, employment type) -> [(from year, days)], and the annual carry-over limit by year."""

    entitlements: Keyed
    carry_over: list[tuple[int, int]]

    class Opened(Record.Created):
        def apply(self, p: LeavePolicy) -> None:
            p.entitlements = Keyed(noun="entitlement")
            p.carry_over = []

    class EntitlementSet(Record.Event):
        kind: str
        employment_type: str
        days: int
        from_year: int

        def apply(self, p: LeavePolicy) -> None:
            rows = [r for r in p.entitlements.get((self.kind, self.employment_type), []) if r[0] != self.from_year]
            p.entitlements[(self.kind, self.employment_type)] = sorted([*rows, (self.from_year, self.days)])

    class CarryOverSet(Record.Event):
        days: int
        from_year: int

        def apply(self, p: LeavePolicy) -> None:
            p.carry_over = sorted([*(r for r in p.carry_over if r[0] != self.from_year), (self.from_year, self.days)])

    def entitlement(self, kind: str, employment_type: str, year: int) -> int | None:
        """Days a year of this kind for this employment type in force in `year` (None: none set)."""
        rows = [days for since, days in self.entitlements.get((kind, employment_type), []) if since <= year]
        return rows[-1] if rows else None

    def carry_limit(self, year: int) -> int:
        rows = [days for since, days in self.carry_over if since <= year]
        return rows[-1] if rows else 0


def _policy(ctx: Context) -> LeavePolicy:
    found = ctx.find(LeavePolicy, POLICY_ID)
    if found is None:
        found = ctx.add(LeavePolicy._create(LeavePolicy.Opened, id=POLICY_ID, envelope=ctx.envelope))
    return found


# The statuses of a leave request each command on it takes: the account allows the command while one of its
# requests is in them, the command checks the request it names, the request pickers list those.
REQUEST_STATUSES: dict[str, tuple[str, ...]] = {
    "leave.approve": ("requested",), "leave.refuse": ("requested",), "leave.cancel": ("requested", "approved")}


class LeaveAccount(Record):
    """One employee's leave in one calendar year."""

    employee_id: UUID
    number: str
    year: int
    employment_type: str
    entitlements: dict[str, int]
    carried: int
    requests: Keyed

    class Opened(Record.Created):
        employee_id: UUID
        number: str
        year: int
        employment_type: str
        entitlements: dict[str, int]  # kind -> days this year (carried-over annual leave included)
        carried: int

        def apply(self, a: LeaveAccount) -> None:
            a.employee_id, a.number, a.year = self.employee_id, self.number, self.year
            a.employment_type, a.entitlements, a.carried = self.employment_type, dict(self.entitlements), self.carried
            a.requests = Keyed(noun="request")  # request number -> {kind, start, end, days, status}

    class Requested(Record.Event):
        request: str
        kind: str
        start: date
        end: date
        days: int
        note: str

        def apply(self, a: LeaveAccount) -> None:
            a.requests[self.request] = {"kind": self.kind, "start": self.start, "end": self.end, "days": self.days,
                                        "status": "requested"}

    class Decided(Record.Event):
        request: str
        status: str  # approved, refused, cancelled
        on: date

        def apply(self, a: LeaveAccount) -> None:
            a.requests[self.request] = {**a.requests[self.request], "status": self.status}

    @property
    def code(self) -> str:
        return f"{self.number} leave {self.year}"

    def used(self, kind: str, statuses: tuple[str, ...] = ("approved",)) -> int:
        return sum(r["days"] for r in self.requests.values() if r["kind"] == kind and r["status"] in statuses)

    def balance(self, kind: str) -> int | None:
        """Days of the kind left (approved and pending requests counted), None for kinds without a limit."""
        if kind in UNLIMITED or kind not in self.entitlements:
            return None
        return self.entitlements[kind] - self.used(kind, ("approved", "requested"))

    def unpaid_days(self, first: date, last: date) -> int:
        return sum(overlap_days(r["start"], r["end"], first, last) for r in self.requests.values()
                   if r["kind"] == "unpaid" and r["status"] == "approved")

    def request(self, employee: Employee, kind: str, start: date, end: date, note: str, envelope: Envelope) -> str:
        require(kind in LEAVE_KINDS, "unknown leave kind {kind!r}; kinds are {leave_kinds}", kind=kind,
                                     leave_kinds=', '.join(LEAVE_KINDS))
        require(start <= end, "a leave cannot end ({end}) before it starts ({start})", end=end, start=start)
        require(start.year == end.year == self.year, "a leave lies within one calendar year: {start} to {end} "
                                                     "crosses the year's end; request each year's part separately",
                                                     start=start, end=end)
        employee.check_can_receive(start, "leave")
        employee.check_employed_on(start, "leave")
        last: Any = employee.last_day
        require(last is None or end <= last, "employee {employee_number} leaves on {last}; no leave runs past it",
                                             employee_number=employee.number, last=last)
        for number, r in self.requests.items():
            if r["status"] in ("requested", "approved"):
                require(end < r["start"] or start > r["end"], "{kind} leave {start} to {end} overlaps {kind2} leave "
                                                              "{number} ({start2} to {end2}, {status}); one person's "
                                                              "leaves do not overlap", kind=kind, start=start,
                                                              end=end, kind2=r['kind'], number=number,
                                                              start2=r['start'], end2=r['end'], status=r['status'])
        days = days_between(start, end)
        if kind not in UNLIMITED:
            require(kind in self.entitlements, "a {employment_type} employee has no {kind} leave entitlement in "
                                               "{year}", employment_type=self.employment_type, kind=kind,
                                               year=self.year)
            left = self.balance(kind)
            assert left is not None
            require(days <= left, "{days} day(s) of {kind} leave exceed the {left} day(s) left to {number} in {year}",
                                  days=days, kind=kind, left=left, number=self.number, year=self.year)
        number = f"{self.number}/{self.year}/{len(self.requests) + 1}"
        self.trigger_event(self.Requested, request=number, kind=kind, start=start, end=end, days=days,
                           note=optional(note, "note"), envelope=envelope)
        return number

    # the commands whose state rule `allows` decides: a decision needs a request awaiting one, a cancellation
    # a requested or approved leave (which request, and its dates, are checked when the command runs)
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(REQUEST_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the account's state refuses that command, in words; None when it allows it (one of its requests in
        a status REQUEST_STATUSES names). The card offers exactly this, the request pickers list those requests."""
        statuses = {r["status"] for r in self.requests.values()}
        if command in ("leave.approve", "leave.refuse") and not statuses & set(REQUEST_STATUSES[command]):
            return Message("no leave request of {number} in {year} awaits a decision", number=self.number,
                           year=self.year)
        if command == "leave.cancel" and not statuses & set(REQUEST_STATUSES[command]):
            return Message(
                "{number} has no requested or approved leave in {year} to cancel", number=self.number, year=self.year
            )
        return None

    def decide(self, request: str, status: str, on: date, envelope: Envelope) -> None:
        found = self.requests.get(request)
        require(
            found is not None,
            "no leave request {request} of {number} in {year}",
            request=request,
            number=self.number,
            year=self.year,
        )
        assert found is not None
        if status == "cancelled":
            require(
                found["status"] in REQUEST_STATUSES["leave.cancel"],
                "leave {request} is {status}; only a requested or approved leave is cancelled",
                request=request,
                status=found["status"],
            )
            require(
                found["status"] == "requested" or on < found["start"],
                "leave {request} began on {start}; a leave already begun is not cancelled",
                request=request,
                start=found["start"],
            )
        else:
            require(
                found["status"] in REQUEST_STATUSES["leave.approve"],
                "leave {request} is already {status}",
                request=request,
                status=found["status"],
            )
        self.trigger_event(self.Decided, request=request, status=status, on=on, envelope=envelope)


def find_account(ctx: Context, employee: Employee, year: int) -> LeaveAccount | None:
    return ctx.find(LeaveAccount, account_id(employee.id, year))


def open_account(ctx: Context, employee: Employee, year: int) -> LeaveAccount:
    """The employee's account for the year, opened on first use with the entitlements then in force and the
    annual leave carried over from the year before (up to the policy's limit)."""
    found = find_account(ctx, employee, year)
    if found is not None:
        return found
    policy = ctx.find(LeavePolicy, POLICY_ID)
    kind_days = {
        kind: days
        for kind in LEAVE_KINDS
        if policy is not None and (days := policy.entitlement(kind, employee.employment_type, year)) is not None
    }
    carried = 0
    previous = find_account(ctx, employee, year - 1)
    if policy is not None and previous is not None and "annual" in kind_days:
        left = previous.balance("annual") or 0
        carried = max(0, min(left, policy.carry_limit(year)))
        kind_days["annual"] += carried
    return ctx.add(
        LeaveAccount._create(
            LeaveAccount.Opened,
            id=account_id(employee.id, year),
            employee_id=employee.id,
            number=employee.number,
            year=year,
            employment_type=employee.employment_type,
            entitlements=kind_days,
            carried=carried,
            envelope=ctx.envelope,
        )
    )


class Timesheet(Record):
    """Days worked by the temporary staff of one unit in one month: submitted, then approved."""

    unit: str
    period: str
    days: dict[str, int]
    month_days: int
    status: str

    class Submitted(Record.Created):
        unit: str
        period: str
        days: dict[str, int]  # personnel number -> days worked
        month_days: int

        def apply(self, t: Timesheet) -> None:
            t.unit, t.period, t.days, t.month_days = self.unit, self.period, dict(self.days), self.month_days
            t.status = "submitted"

    class Approved(Record.Event):
        on: date

        def apply(self, t: Timesheet) -> None:
            t.status = "approved"

    @property
    def code(self) -> str:
        return f"{self.unit} {self.period} ({self.status})"

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"timesheets.approve"})

    def allows(self, command: str) -> str | None:
        """Why the timesheet's state refuses that command, in words (a submitted one is approved once); None when
        it allows it. The command enforces it; the card offers exactly this."""
        if command == "timesheets.approve" and self.status != "submitted":
            return Message(
                "the timesheet of {unit} for {period} is already approved", unit=self.unit, period=self.period
            )
        return None


def parse_period(text: str) -> tuple[int, int]:
    m = _PERIOD.match((text or "").strip())
    require(
        m is not None and 1 <= int(m.group(2)) <= 12 and 1990 <= int(m.group(1)) <= 2100,
        "period {text!r} must be a month written like 2026-01",
        text=text,
    )
    assert m is not None
    return int(m.group(1)), int(m.group(2))


# ---- commands ----------------------------------------------------------------------------------


class SetEntitlement(Command, frozen=True, kw_only=True):
    name = "leave.set-entitlement"
    title = "Set a leave entitlement (days a year) from a year on"
    needs_reason = True
    kind: str
    employment_type: str
    days: int
    from_year: int

    def execute(self, ctx: Context) -> Outcome:
        from domain.personnel import EMPLOYMENT_TYPES

        require(
            self.kind in LEAVE_KINDS and self.kind not in UNLIMITED,
            "leave kind {kind!r} takes no entitlement; kinds with one are {kinds}",
            kind=self.kind,
            kinds=", ".join(k for k in LEAVE_KINDS if k not in UNLIMITED),
        )
        require(
            self.employment_type in EMPLOYMENT_TYPES,
            "unknown employment type {employment_type!r}; types are {employment_types}",
            employment_type=self.employment_type,
            employment_types=", ".join(EMPLOYMENT_TYPES),
        )
        require(0 <= self.days <= 366, "an entitlement of {days} days a year is out of range", days=self.days)
        require(1990 <= self.from_year <= 2100, "year {from_year} is out of range", from_year=self.from_year)
        policy = _policy(ctx)
        policy.trigger_event(
            LeavePolicy.EntitlementSet,
            kind=self.kind,
            employment_type=self.employment_type,
            days=self.days,
            from_year=self.from_year,
            envelope=ctx.envelope,
        )
        return Outcome(
            message=Message(
                "{kind} leave of {employment_type} staff: {days} days a year from {from_year}",
                kind=self.kind,
                employment_type=self.employment_type,
                days=self.days,
                from_year=self.from_year,
            ),
            record_ids=[policy.id],
        )


class SetCarryOver(Command, frozen=True, kw_only=True):
    name = "leave.set-carry-over"
    title = "Set how many days of annual leave carry over into a year"
    needs_reason = True
    days: int
    from_year: int

    def execute(self, ctx: Context) -> Outcome:
        require(0 <= self.days <= 366, "a carry-over of {days} days is out of range", days=self.days)
        require(1990 <= self.from_year <= 2100, "year {from_year} is out of range", from_year=self.from_year)
        policy = _policy(ctx)
        policy.trigger_event(LeavePolicy.CarryOverSet, days=self.days, from_year=self.from_year, envelope=ctx.envelope)
        return Outcome(
            message=Message(
                "up to {days} days of annual leave carry over from {from_year}",
                days=self.days,
                from_year=self.from_year,
            ),
            record_ids=[policy.id],
        )


@rule(Employee, "leave.request")
def leave_for(e: Employee) -> str | None:
    """Leave is requested for a person still employed (a leaving person's leave ends by the last working day: the
    dates are checked with the request). `RequestLeave` enforces it; the employee's and the account's cards ask it."""
    return e.receiving_refusal("leave")


class RequestLeave(Command, frozen=True, kw_only=True):
    name = "leave.request"
    title = "Request leave"
    roles = OFFICE_STAFF
    number: str
    kind: str
    start: date
    end: date
    note: str = ""

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        refuse(leave_for(e))
        account = open_account(ctx, e, self.start.year)
        request = account.request(e, self.kind, self.start, self.end, self.note, ctx.envelope)
        return Outcome(
            message=Message(
                "{kind} leave {request} requested for {number}", kind=self.kind, request=request, number=e.number
            ),
            record_ids=[account.id],
        )


class _Decide(Command, frozen=True, kw_only=True):
    request: str  # NUMBER/YEAR/n
    on: date
    status = ""

    def execute(self, ctx: Context) -> Outcome:
        parts = self.request.strip().upper().split("/")
        require(
            len(parts) == 3 and parts[1].isdigit(),
            "a leave request is numbered like P-0001/2026/1, not {request!r}",
            request=self.request.strip(),
        )
        e = find_employee(ctx, parts[0])
        account = ctx.get(
            LeaveAccount, account_id(e.id, int(parts[1])), Message("no leave account of {number} in {year}",
                number=e.number, year=parts[1])
        )
        account.decide(self.request.strip().upper(), self.status, self.on, ctx.envelope)
        return Outcome(
            message=Message("leave {request} {status}", request=self.request.strip().upper(), status=self.status),
            record_ids=[account.id],
        )


class ApproveLeave(_Decide, frozen=True, kw_only=True):
    name = "leave.approve"
    title = "Approve a leave request"
    roles = DECIDERS
    status = "approved"


class RefuseLeave(_Decide, frozen=True, kw_only=True):
    name = "leave.refuse"
    title = "Refuse a leave request"
    roles = DECIDERS
    needs_reason = True
    status = "refused"


class CancelLeave(_Decide, frozen=True, kw_only=True):
    name = "leave.cancel"
    title = "Cancel a leave before it begins"
    roles = OFFICE_STAFF
    needs_reason = True
    status = "cancelled"


def _parse_days(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        number, sep, days = part.partition("=")
        require(
            sep and days.strip().isdigit(), "timesheet entry {part!r} must be written NUMBER=DAYS", part=part.strip()
        )
        key = number.strip().upper()
        require(key not in out, "employee {key} appears twice in the timesheet", key=key)
        out[key] = int(days.strip())
    require(out, "a timesheet lists at least one employee as NUMBER=DAYS")
    return out


class SubmitTimesheet(Command, frozen=True, kw_only=True):
    name = "timesheets.submit"
    title = "Submit a unit's monthly timesheet of temporary staff"
    roles = OFFICE_STAFF
    unit: str
    period: str
    days_worked: str  # P-0001=22, P-0002=20

    def execute(self, ctx: Context) -> Outcome:
        year, month = parse_period(self.period)
        period = f"{year:04d}-{month:02d}"
        unit = ctx.get(Unit, unit_id(self.unit), Message("no unit with code {code!r}", code=self.unit.strip().upper()))
        require(
            ctx.find(Timesheet, timesheet_id(unit.code, period)) is None,
            "the timesheet of {unit_code} for {period} is already submitted",
            unit_code=unit.code,
            period=period,
        )
        month_days = calendar.monthrange(year, month)[1]
        days = _parse_days(self.days_worked)
        for number, worked in days.items():
            e = find_employee(ctx, number)
            require(
                e.employment_type in FIXED_TERM,
                "employee {number} is {employment_type}; timesheets are for temporary and election-period staff",
                number=number,
                employment_type=e.employment_type,
            )
            require(
                e.position.split("/")[0] == unit.code,
                "employee {number} works in {split}, not {unit_code}",
                number=number,
                split=e.position.split("/")[0],
                unit_code=unit.code,
            )
            require(
                worked <= month_days,
                "{number} cannot work {worked} days in {period} ({month_days} days)",
                number=number,
                worked=worked,
                period=period,
                month_days=month_days,
            )
        t = ctx.add(
            Timesheet._create(
                Timesheet.Submitted,
                id=timesheet_id(unit.code, period),
                unit=unit.code,
                period=period,
                days=days,
                month_days=month_days,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message(
                "timesheet of {unit_code} for {period} submitted ({days_count} employee(s))",
                unit_code=unit.code,
                period=period,
                days_count=len(days),
            ),
            record_ids=[t.id],
        )


class ApproveTimesheet(Command, frozen=True, kw_only=True):
    name = "timesheets.approve"
    title = "Approve a unit's monthly timesheet"
    roles = DECIDERS
    unit: str
    period: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        year, month = parse_period(self.period)
        period = f"{year:04d}-{month:02d}"
        t = ctx.get(
            Timesheet, timesheet_id(self.unit, period), Message("no timesheet of {unit} for {period}",
                unit=self.unit.strip().upper(), period=period)
        )
        refusal = t.allows("timesheets.approve")
        refuse(refusal)
        require(
            self.on >= date(year, month, 20),
            "a timesheet for {period} is approved from the 20th of the month on, not {on}",
            period=period,
            on=self.on,
        )
        t.trigger_event(Timesheet.Approved, on=self.on, envelope=ctx.envelope)
        return Outcome(
            message=Message("timesheet of {unit} for {period} approved", unit=t.unit, period=period), record_ids=[t.id]
        )
