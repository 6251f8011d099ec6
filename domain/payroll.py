"""Payroll context: salary scales (grade x step), allowances and the tax and pension parameters, each set by
the Commission with an effective date; each employee's pay profile (step, allowances); monthly payroll runs
for a unit or the whole secretariat, their approval by a second person, payment, and corrections carried
into the next run (a paid run is never edited).

A run computes, for every enrolled employee employed in the month (in the unit, for a unit's run):
- the monthly salary of the post's grade (the staff table's `grade`) at the employee's step, plus the
  allowances, in force on the first day of the month the employee is employed (a mid-month hire: the hire);
- days paid: the calendar days employed in the month (a hire or a last working day mid-month counts from or
  to that day) less approved unpaid leave; for temporary and election-period staff, the days worked on the
  unit's approved timesheet when there is one;
- pay = (salary + allowances) x days paid / days of the month, to the cent; gross = pay + corrections;
- income tax = tax rate x (gross - tax-free amount), pension = pension rate x pay; net = gross - tax - pension.
Each employee is paid once per month: a second run covering them is refused until the first is voided.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from itertools import count
from typing import Any, ClassVar
from uuid import UUID

import msgspec

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import N_, Message
from domain.finance import BudgetLine, budget_line_id, fmt, money
from domain.leave import LeaveAccount, Timesheet, account_id, parse_period, timesheet_id
from domain.organisation import Position, Unit, unit_id
from domain.personnel import FIXED_TERM, Employee, find_employee
from domain.records import Number, Record, clean, optional, refuse, require
from domain.roles import DECIDERS, OFFICE_STAFF
from domain.rules import rule
from domain.shown import Keyed, Listed

_NS = uuid.UUID("3f7a9c1e-5b2d-4f8a-a6c4-9e1b3d5f7a20")
POLICY_ID = uuid.uuid5(_NS, "pay-policy")
ROSTER_ID = uuid.uuid5(_NS, "payroll-roster")
SALARY_ECONOMIC = "2110"  # wages and salaries: the expense a run names when it names no budget line
ALL = "ALL"
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def profile_id(employee: UUID) -> UUID:
    return uuid.uuid5(_NS, f"pay-profile/{employee.hex}")


def run_id(code: str, attempt: int) -> UUID:
    return uuid.uuid5(_NS, f"payroll-run/{code}/{attempt}")


def _rate(value: Decimal, what: str) -> Decimal:
    require(isinstance(value, Decimal) and value.is_finite() and 0 <= value < 100,
            "{what} {value} must be a percentage from 0 to under 100", what=what, value=value)
    return value


def _decimal(word: str) -> Decimal | None:
    try:
        return Decimal(word)
    except ArithmeticError:
        return None


def _in_force(rows: Sequence[tuple[date, Any]], on: date) -> Any:
    found = [value for since, value in rows if since <= on]
    return found[-1] if found else None


class PayPolicy(Record):
    """The Commission's salary scales, allowances and tax and pension parameters, each with effective dates."""

    scales: Keyed
    allowances: Keyed
    parameters: Listed

    class Opened(Record.Created):
        def apply(self, p: PayPolicy) -> None:
            p.scales, p.allowances = Keyed(noun="grade"), Keyed(noun="allowance")
            p.parameters = Listed(noun="setting")

    class ScaleSet(Record.Event):
        grade: str
        steps: list[Decimal]  # monthly salary at step 1, 2, ...
        effective: date
        decision: str

        def apply(self, p: PayPolicy) -> None:
            p.scales[self.grade] = sorted([*(r for r in p.scales.get(self.grade, []) if r[0] != self.effective),
                                           (self.effective, list(self.steps))], key=lambda r: r[0])

    class AllowanceSet(Record.Event):
        kind: str
        amount: Decimal
        effective: date
        decision: str

        def apply(self, p: PayPolicy) -> None:
            p.allowances[self.kind] = sorted([*(r for r in p.allowances.get(self.kind, []) if r[0] != self.effective),
                                              (self.effective, self.amount)], key=lambda r: r[0])

    class ParametersSet(Record.Event):
        tax_free: Decimal
        tax_rate: Decimal
        pension_rate: Decimal
        effective: date
        decision: str

        def apply(self, p: PayPolicy) -> None:
            p.parameters = Listed(sorted([*(r for r in p.parameters if r[0] != self.effective),
                                          (self.effective, (self.tax_free, self.tax_rate, self.pension_rate))],
                                         key=lambda r: r[0]), "setting")

    def scale(self, grade: str, on: date) -> list[Decimal] | None:
        return _in_force(self.scales.get(grade, []), on)

    def allowance(self, kind: str, on: date) -> Decimal | None:
        return _in_force(self.allowances.get(kind, []), on)

    def rates(self, on: date) -> tuple[Decimal, Decimal, Decimal] | None:
        return _in_force(self.parameters, on)


def _policy(ctx: Context) -> PayPolicy:
    found = ctx.find(PayPolicy, POLICY_ID)
    if found is None:
        found = ctx.add(PayPolicy._create(PayPolicy.Opened, id=POLICY_ID, envelope=ctx.envelope))
    return found


class Roster(Record):
    """Who is enrolled in payroll: the employees a run looks at."""

    members: Keyed

    class Opened(Record.Created):
        def apply(self, r: Roster) -> None:
            r.members = Keyed(noun="employee")

    class Joined(Record.Event):
        employee_id: UUID
        number: str

        def apply(self, r: Roster) -> None:
            r.members[self.employee_id.hex] = self.number


class PayProfile(Record):
    """One employee's step and allowances (with effective dates), corrections awaiting the next run, and the
    months a run has paid them for."""

    employee_id: UUID
    number: str
    history: Listed
    pending: Keyed
    periods: Keyed
    corrections_made: int

    class Enrolled(Record.Created):
        employee_id: UUID
        number: str
        step: int
        allowances: list[str]
        effective: date

        def apply(self, p: PayProfile) -> None:
            p.employee_id, p.number = self.employee_id, self.number
            p.history = Listed([(self.effective, (self.step, list(self.allowances)))], "change")
            p.pending = Keyed(noun="correction")  # correction id -> {amount, note, run}
            p.periods = Keyed(noun="month")  # period -> run code
            p.corrections_made = 0

    class Changed(Record.Event):
        step: int
        allowances: list[str]
        effective: date

        def apply(self, p: PayProfile) -> None:
            p.history = Listed(sorted([*(r for r in p.history if r[0] != self.effective),
                                       (self.effective, (self.step, list(self.allowances)))], key=lambda r: r[0]),
                                "change")

    class CorrectionRecorded(Record.Event):
        correction: str
        run: str
        amount: Decimal  # positive: owed to the employee; negative: overpaid, recovered
        note: str

        def apply(self, p: PayProfile) -> None:
            p.pending[self.correction] = {"amount": self.amount, "note": self.note, "run": self.run}
            p.corrections_made += 1

    class Included(Record.Event):
        period: str
        run: str
        corrections: list[str]

        def apply(self, p: PayProfile) -> None:
            p.periods[self.period] = self.run
            for c in self.corrections:
                p.pending.pop(c, None)

    class Released(Record.Event):
        """A voided run's month is free again, and the corrections it carried wait for the next run."""

        period: str
        run: str
        correction: str
        amount: Decimal

        def apply(self, p: PayProfile) -> None:
            p.periods.pop(self.period, None)
            if self.amount:
                p.pending[self.correction] = {"amount": self.amount, "note": f"carried back from voided {self.run}",
                                              "run": self.run}

    def terms(self, on: date) -> tuple[int, list[str]] | None:
        return _in_force(self.history, on)


class PayLine(msgspec.Struct, frozen=True):
    """One employee's payslip in a run."""

    employee_id: UUID
    number: str
    full_name: str
    unit: str
    grade: str
    step: int
    days: int
    month_days: int
    salary: Decimal
    allowances: Decimal
    correction: Decimal
    gross: Decimal
    tax: Decimal
    pension: Decimal
    net: Decimal
    corrections: list[str]


# The status each command takes a payroll run in (PayrollRun.allows decides by it), and why others are refused.
RUN_STATUSES = {"payroll.approve": "computed", "payroll.void": "computed", "payroll.pay": "approved",
                "payroll.correct": "paid"}
# why a run's state refuses each command: whole sentences, so that they translate whole
_RUN_REFUSALS = {"payroll.approve": N_("payroll {code} is {status}; only a computed run is approved"),
                 "payroll.void": N_("payroll {code} is {status}; only a computed run is voided (correct a later run "
                                    "instead)"),
                 "payroll.pay": N_("payroll {code} is {status}; only an approved run is paid"),
                 "payroll.correct": N_("payroll {code} is {status}; corrections are made to paid runs (void a "
                                       "computed one instead)")}


def _run_rule(command: str) -> StateRule:
    """The run takes `command` in one status (RUN_STATUSES); the run pickers filter by the same condition."""
    # the status as a Message: shown in the reader's language (it is a word of the vocabulary)
    return StateRule(Check(Attr("status").eq(RUN_STATUSES[command]), lambda r: Message(
        _RUN_REFUSALS[command], code=r.code, status=Message(r.status))))


class PayrollRun(Record):
    code: str
    period: str
    scope: str
    budget_line: str
    economic_code: str
    computed_on: date
    lines: Listed
    gross: Decimal
    tax: Decimal
    pension: Decimal
    net: Decimal
    status: str
    computed_by: str
    approved_on: date | None
    paid_on: date | None

    class Computed(Record.Created):
        code: str
        period: str
        scope: str
        budget_line: str
        economic_code: str
        computed_on: date
        lines: list[PayLine]
        gross: Decimal
        tax: Decimal
        pension: Decimal
        net: Decimal

        def apply(self, r: PayrollRun) -> None:
            r.code, r.period, r.scope, r.budget_line = self.code, self.period, self.scope, self.budget_line
            r.economic_code, r.computed_on = self.economic_code, self.computed_on
            r.lines = Listed(self.lines, "payslip")
            r.gross, r.tax, r.pension, r.net = self.gross, self.tax, self.pension, self.net
            r.status = "computed"
            r.computed_by = self.envelope.actor_name
            r.approved_on = r.paid_on = None

    class Approved(Record.Event):
        approved_on: date

        def apply(self, r: PayrollRun) -> None:
            r.status, r.approved_on = "approved", self.approved_on

    class Paid(Record.Event):
        paid_on: date
        reference: str

        def apply(self, r: PayrollRun) -> None:
            r.status, r.paid_on = "paid", self.paid_on

    class Voided(Record.Event):
        on: date

        def apply(self, r: PayrollRun) -> None:
            r.status = "voided"

    # the commands whose state rule `allows` decides, and the status each takes a run in
    STATE_RULES: ClassVar[dict[str, StateRule]] = {command: _run_rule(command) for command in RUN_STATUSES}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(RUN_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the run's state refuses that command, in words (RUN_STATUSES); None when it allows it. The methods
        and commands enforce it; the card offers exactly this, the run pickers list the runs it allows."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def allowed(self, command: str) -> None:
        """Refuse the command unless the run's state allows it (allows)."""
        refusal = self.allows(command)
        refuse(refusal)

    def approve(self, on: date, envelope: Envelope) -> None:
        self.allowed("payroll.approve")
        require(
            envelope.actor_name != self.computed_by,
            "payroll {code} was computed by {computed_by}; a second person approves it",
            code=self.code,
            computed_by=self.computed_by,
        )
        require(
            on >= self.computed_on,
            "payroll {code} cannot be approved ({on}) before it was computed ({computed_on})",
            code=self.code,
            on=on,
            computed_on=self.computed_on,
        )
        self.trigger_event(self.Approved, approved_on=on, envelope=envelope)

    def pay(self, on: date, reference: str, envelope: Envelope) -> None:
        self.allowed("payroll.pay")
        approved: Any = self.approved_on
        require(
            on >= approved,
            "payroll {code} cannot be paid ({on}) before its approval ({approved})",
            code=self.code,
            on=on,
            approved=approved,
        )
        self.trigger_event(
            self.Paid, paid_on=on, reference=clean(reference, "payment reference", 40), envelope=envelope
        )


WITHHOLDINGS_ID = uuid.uuid5(_NS, "withholdings")
WITHHOLDING_KINDS = ("income tax", "pension")


class Withholdings(Record):
    """Income tax and pension withheld by approved runs, and what was remitted to the state: never more."""

    withheld: dict[str, Decimal]
    remitted: dict[str, Decimal]
    references: Listed

    class Opened(Record.Created):
        def apply(self, w: Withholdings) -> None:
            w.withheld = {k: ZERO for k in WITHHOLDING_KINDS}
            w.remitted = {k: ZERO for k in WITHHOLDING_KINDS}
            w.references = Listed(noun="payment")

    class Withheld(Record.Event):
        run: str
        tax: Decimal
        pension: Decimal

        def apply(self, w: Withholdings) -> None:
            w.withheld = {
                "income tax": w.withheld["income tax"] + self.tax,
                "pension": w.withheld["pension"] + self.pension,
            }

    class Remitted(Record.Event):
        kind: str
        amount: Decimal
        paid_on: date
        reference: str

        def apply(self, w: Withholdings) -> None:
            w.remitted = {**w.remitted, self.kind: w.remitted[self.kind] + self.amount}
            w.references = Listed([*w.references, self.reference], "payment")

    def outstanding(self, kind: str) -> Decimal:
        return self.withheld[kind] - self.remitted[kind]


def _withholdings(ctx: Context) -> Withholdings:
    found = ctx.find(Withholdings, WITHHOLDINGS_ID)
    if found is None:
        found = ctx.add(Withholdings._create(Withholdings.Opened, id=WITHHOLDINGS_ID, envelope=ctx.envelope))
    return found


def _profile(ctx: Context, e: Employee) -> PayProfile | None:
    return ctx.find(PayProfile, profile_id(e.id))


def _employed(e: Employee, first: date, last: date) -> tuple[date, date] | None:
    """The days of [first, last] the employee was employed (from the hire to the last working day)."""
    start = max(e.hired_on, first)
    end = last
    separation: Any = e.separation
    if separation is not None:
        end = min(end, separation["last_day"])
    return (start, end) if start <= end else None


def compute_line(
    ctx: Context,
    policy: PayPolicy,
    e: Employee,
    profile: PayProfile,
    year: int,
    month: int,
    rates: tuple[Decimal, Decimal, Decimal],
) -> PayLine | None:
    first, month_days = date(year, month, 1), calendar.monthrange(year, month)[1]
    last = date(year, month, month_days)
    span = _employed(e, first, last)
    if span is None:
        return None
    position = ctx.get(Position, e.position_id, Message("the position of {number} is missing", number=e.number))
    grade = position.grade
    first = span[0]  # scales, allowances and terms in force on the month's first day employed
    steps = policy.scale(grade, first)
    require(
        steps is not None,
        "no salary scale for {value!r} in force on {first} (employee {number}, post {position_label})",
        value=grade or "an ungraded post",
        first=first,
        number=e.number,
        position_label=position.label,
    )
    assert steps is not None
    terms = profile.terms(first)
    require(terms is not None, "employee {number}'s pay terms take effect after {first}", number=e.number, first=first)
    assert terms is not None
    step, kinds = terms
    require(
        1 <= step <= len(steps),
        "grade {grade!r} has {steps_count} step(s); employee {number} is at step {step}",
        grade=grade,
        steps_count=len(steps),
        number=e.number,
        step=step,
    )
    allowances = ZERO
    for kind in kinds:
        amount = policy.allowance(kind, first)
        require(amount is not None, "no {kind!r} allowance is in force on {first} (employee {number})", kind=kind,
                first=first, number=e.number)
        assert amount is not None
        allowances += amount
    days = (span[1] - span[0]).days + 1
    leave = ctx.find(LeaveAccount, account_id(e.id, year))
    if leave is not None:
        days -= leave.unpaid_days(span[0], span[1])
    if e.employment_type in FIXED_TERM:
        sheet = ctx.find(Timesheet, timesheet_id(e.position.split("/")[0], f"{year:04d}-{month:02d}"))
        if sheet is not None and sheet.status == "approved" and e.number in sheet.days:
            days = min(sheet.days[e.number], days)
    salary = steps[step - 1]
    pay = ((salary + allowances) * days / month_days).quantize(CENT, rounding=ROUND_HALF_UP)
    pending = sorted(profile.pending.items())
    correction = sum((c["amount"] for _, c in pending), ZERO)
    if pay == 0 and correction == 0:
        return None
    gross = pay + correction
    tax_free, tax_rate, pension_rate = rates
    tax = (max(gross - tax_free, ZERO) * tax_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    pension = (max(pay, ZERO) * pension_rate / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    net = gross - tax - pension
    require(
        net >= 0,
        "employee {number}'s corrections ({fmt}) exceed the month's pay of {fmt2}; recover the rest in a later run",
        number=e.number,
        fmt=fmt(correction),
        fmt2=fmt(pay),
    )
    return PayLine(
        e.id,
        e.number,
        e.full_name,
        e.position.split("/")[0],
        grade,
        step,
        days,
        month_days,
        salary,
        allowances,
        correction,
        gross,
        tax,
        pension,
        net,
        [c for c, _ in pending],
    )


def find_run(ctx: Context, code: str) -> PayrollRun:
    """The latest attempt of a run by its code (PAY-2026-01-ALL)."""
    code = code.strip().upper()
    found = None
    for attempt in count(1):
        run = ctx.find(PayrollRun, run_id(code, attempt))
        if run is None:
            break
        found = run
    require(found is not None, "no payroll run {code}", code=code)
    assert found is not None
    return found


# ---- commands ----------------------------------------------------------------------------------


class SetSalaryScale(Command, frozen=True, kw_only=True):
    name = "payroll.set-scale"
    title = "Set a grade's salary scale (monthly salary per step)"
    roles = OFFICE_STAFF
    needs_reason = True
    grade: Number
    steps: str  # monthly salaries of step 1, 2, ... separated by spaces or commas
    effective: date
    decision: str

    def execute(self, ctx: Context) -> Outcome:
        grade = clean(self.grade, "grade", 40)
        words = self.steps.replace(",", " ").split()
        require(words, "a salary scale lists the monthly salary of each step")
        amounts = [money(_decimal(w), f"salary of step {n}") for n, w in enumerate(words, start=1)]
        require(
            amounts == sorted(amounts),
            "the steps of {grade} must not decrease: {words}",
            grade=grade,
            words=" ".join(words),
        )
        policy = _policy(ctx)
        policy.trigger_event(
            PayPolicy.ScaleSet,
            grade=grade,
            steps=amounts,
            effective=self.effective,
            decision=clean(self.decision, "decision"),
            envelope=ctx.envelope,
        )
        return Outcome(
            message=Message(
                "salary scale of {grade}: {amounts_count} step(s) from {effective}",
                grade=grade,
                amounts_count=len(amounts),
                effective=self.effective,
            ),
            record_ids=[policy.id],
        )


class SetAllowance(Command, frozen=True, kw_only=True):
    name = "payroll.set-allowance"
    title = "Set an allowance's monthly amount"
    roles = OFFICE_STAFF
    needs_reason = True
    kind: Number
    amount: Decimal
    effective: date
    decision: str

    def execute(self, ctx: Context) -> Outcome:
        kind = clean(self.kind, "allowance", 40).lower()
        policy = _policy(ctx)
        policy.trigger_event(
            PayPolicy.AllowanceSet,
            kind=kind,
            amount=money(self.amount, "allowance", zero_ok=True),
            effective=self.effective,
            decision=clean(self.decision, "decision"),
            envelope=ctx.envelope,
        )
        return Outcome(
            message=Message(
                "{kind} allowance {fmt} from {effective}", kind=kind, fmt=fmt(self.amount), effective=self.effective
            ),
            record_ids=[policy.id],
        )


class SetPayParameters(Command, frozen=True, kw_only=True):
    name = "payroll.set-parameters"
    title = "Set the income tax and pension parameters"
    roles = OFFICE_STAFF
    needs_reason = True
    tax_free: Decimal
    tax_rate: Decimal
    pension_rate: Decimal
    effective: date
    decision: str

    def execute(self, ctx: Context) -> Outcome:
        policy = _policy(ctx)
        policy.trigger_event(
            PayPolicy.ParametersSet,
            tax_free=money(self.tax_free, "tax-free amount", zero_ok=True),
            tax_rate=_rate(self.tax_rate, "tax rate"),
            pension_rate=_rate(self.pension_rate, "pension rate"),
            effective=self.effective,
            decision=clean(self.decision, "decision"),
            envelope=ctx.envelope,
        )
        return Outcome(
            message=Message(
                "tax {tax_rate}% above {fmt}, pension {pension_rate}% from {effective}",
                tax_rate=self.tax_rate,
                fmt=fmt(self.tax_free),
                pension_rate=self.pension_rate,
                effective=self.effective,
            ),
            record_ids=[policy.id],
        )


@rule(Employee, "payroll.set-terms")
def terms_for(e: Employee) -> str | None:
    """Pay terms are set for a person still employed. `SetPayTerms` enforces it; the employee's card asks it."""
    return None if e.active else Message("employee {number} has left", number=e.number)


class SetPayTerms(Command, frozen=True, kw_only=True):
    name = "payroll.set-terms"
    title = "Enrol an employee in payroll, or change their step and allowances"
    roles = OFFICE_STAFF
    number: str
    step: int
    allowances: str = ""  # allowance kinds, separated by commas
    effective: date

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        refuse(terms_for(e))
        require(1 <= self.step <= 30, "step {step} is out of range", step=self.step)
        kinds = sorted({k.strip().lower() for k in self.allowances.split(",") if k.strip()})
        policy = ctx.find(PayPolicy, POLICY_ID)
        for kind in kinds:
            require(
                policy is not None and kind in policy.allowances, "unknown allowance {kind!r}; set it first", kind=kind
            )
        profile = _profile(ctx, e)
        if profile is None:
            require(
                self.effective >= e.hired_on,
                "employee {number} was hired on {hired_on}; pay terms cannot take effect on {effective}",
                number=e.number,
                hired_on=e.hired_on,
                effective=self.effective,
            )
            profile = ctx.add(
                PayProfile._create(
                    PayProfile.Enrolled,
                    id=profile_id(e.id),
                    employee_id=e.id,
                    number=e.number,
                    step=self.step,
                    allowances=kinds,
                    effective=self.effective,
                    envelope=ctx.envelope,
                )
            )
            roster = ctx.find(Roster, ROSTER_ID) or ctx.add(
                Roster._create(Roster.Opened, id=ROSTER_ID, envelope=ctx.envelope)
            )
            roster.trigger_event(Roster.Joined, employee_id=e.id, number=e.number, envelope=ctx.envelope)
            return Outcome(
                message=Message("{number} enrolled in payroll at step {step}", number=e.number, step=self.step),
                record_ids=[profile.id],
            )
        require(
            profile.terms(self.effective) != (self.step, kinds),
            "those are already {number}'s pay terms",
            number=e.number,
        )
        profile.trigger_event(
            PayProfile.Changed, step=self.step, allowances=kinds, effective=self.effective, envelope=ctx.envelope
        )
        return Outcome(
            message=Message(
                "pay terms of {number} changed from {effective}", number=e.number, effective=self.effective
            ),
            record_ids=[profile.id],
        )


class ComputePayroll(Command, frozen=True, kw_only=True):
    name = "payroll.compute"
    title = "Compute a month's payroll for a unit or the whole secretariat"
    roles = OFFICE_STAFF
    period: str
    unit: str = ALL
    computed_on: date
    budget_line: str = ""

    def execute(self, ctx: Context) -> Outcome:
        year, month = parse_period(self.period)
        period = f"{year:04d}-{month:02d}"
        scope = (self.unit or ALL).strip().upper()
        if scope != ALL:
            ctx.get(Unit, unit_id(scope), Message("no unit with code {code!r}", code=scope))
        economic, line_code = SALARY_ECONOMIC, ""
        if self.budget_line.strip():
            budget = ctx.get(BudgetLine, budget_line_id(self.budget_line), Message("no budget line {budget_line!r}",
                budget_line=self.budget_line.strip().upper()))
            require(budget.year == year, "budget line {budget_code} is of {budget_year}, not of {year}",
                    budget_code=budget.code, budget_year=budget.year, year=year)
            economic, line_code = budget.economic_code, budget.code
        require(self.computed_on >= date(year, month, 1), "the payroll of {period} cannot be computed before the "
                                                          "month begins ({computed_on})",
                                         period=period, computed_on=self.computed_on)
        policy = ctx.find(PayPolicy, POLICY_ID)
        rates = policy.rates(date(year, month, 1)) if policy is not None else None
        require(
            policy is not None and rates is not None,
            "no tax and pension parameters in force on {period}-01",
            period=period,
        )
        assert policy is not None and rates is not None
        roster = ctx.find(Roster, ROSTER_ID)
        require(roster is not None and roster.members, "nobody is enrolled in payroll yet")
        assert roster is not None
        code = f"PAY-{period}-{scope}"
        attempt = next(n for n in count(1) if ctx.find(PayrollRun, run_id(code, n)) is None)
        lines, profiles = [], []
        for key in sorted(roster.members, key=lambda k: roster.members[k]):
            e = ctx.get(Employee, UUID(key), "an enrolled employee is missing")
            if scope != ALL and e.position.split("/")[0] != scope:
                continue
            profile = ctx.get(PayProfile, profile_id(e.id), Message("the pay profile of {number} is missing",
                number=e.number))
            line = compute_line(ctx, policy, e, profile, year, month, rates)
            if line is None:
                continue
            require(
                period not in profile.periods,
                "employee {number} is already paid for {period} by {get}",
                number=e.number,
                period=period,
                get=profile.periods.get(period),
            )
            lines.append(line)
            profiles.append(profile)
        if scope != ALL:
            require(lines, "nobody to pay in {period} in {scope}", period=period, scope=scope)
        require(lines, "nobody to pay in {period}", period=period)
        total = {k: sum((getattr(line, k) for line in lines), ZERO) for k in ("gross", "tax", "pension", "net")}
        label = code if attempt == 1 else f"{code}/{attempt}"
        run = ctx.add(
            PayrollRun._create(
                PayrollRun.Computed,
                id=run_id(code, attempt),
                code=label,
                period=period,
                scope=scope,
                budget_line=line_code,
                economic_code=economic,
                computed_on=self.computed_on,
                lines=lines,
                envelope=ctx.envelope,
                **total,
            )
        )
        for profile, line in zip(profiles, lines, strict=True):
            profile.trigger_event(
                PayProfile.Included, period=period, run=label, corrections=line.corrections, envelope=ctx.envelope
            )
        return Outcome(
            message=Message(
                "payroll {label}: {lines_count} employee(s), gross {fmt}, net {fmt2}",
                label=label,
                lines_count=len(lines),
                fmt=fmt(total["gross"]),
                fmt2=fmt(total["net"]),
            ),
            record_ids=[run.id],
        )


class ApprovePayroll(Command, frozen=True, kw_only=True):
    name = "payroll.approve"
    title = "Approve a computed payroll (a second person)"
    roles = DECIDERS
    run: str
    approved_on: date

    def execute(self, ctx: Context) -> Outcome:
        r = find_run(ctx, self.run)
        r.approve(self.approved_on, ctx.envelope)
        _withholdings(ctx).trigger_event(
            Withholdings.Withheld, run=r.code, tax=r.tax, pension=r.pension, envelope=ctx.envelope
        )
        return Outcome(message=Message("payroll {code} approved", code=r.code), record_ids=[r.id])


class PayPayroll(Command, frozen=True, kw_only=True):
    name = "payroll.pay"
    title = "Record an approved payroll paid"
    roles = OFFICE_STAFF
    run: str
    paid_on: date
    reference: str

    def execute(self, ctx: Context) -> Outcome:
        r = find_run(ctx, self.run)
        r.pay(self.paid_on, self.reference, ctx.envelope)
        return Outcome(message=Message("payroll {code} paid: {fmt}", code=r.code, fmt=fmt(r.net)), record_ids=[r.id])


class VoidPayroll(Command, frozen=True, kw_only=True):
    name = "payroll.void"
    title = "Void a computed payroll not yet approved"
    roles = OFFICE_STAFF
    needs_reason = True
    run: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        r = find_run(ctx, self.run)
        r.allowed("payroll.void")
        r.trigger_event(PayrollRun.Voided, on=self.on, envelope=ctx.envelope)
        for line in r.lines:
            profile = ctx.get(PayProfile, profile_id(line.employee_id), "a pay profile is missing")
            profile.trigger_event(
                PayProfile.Released,
                period=r.period,
                run=r.code,
                correction=f"{r.code}/{line.number}",
                amount=line.correction,
                envelope=ctx.envelope,
            )
        return Outcome(message=Message("payroll {code} voided", code=r.code), record_ids=[r.id])


class CorrectPay(Command, frozen=True, kw_only=True):
    name = "payroll.correct"
    title = "Record a pay correction, carried into the employee's next run"
    roles = OFFICE_STAFF
    needs_reason = True
    number: str
    run: str
    amount: Decimal  # positive: underpaid; negative: overpaid
    note: str = ""

    def execute(self, ctx: Context) -> Outcome:
        e = find_employee(ctx, self.number)
        r = find_run(ctx, self.run)
        r.allowed("payroll.correct")
        require(
            any(line.number == e.number for line in r.lines),
            "employee {number} is not in payroll {code}",
            number=e.number,
            code=r.code,
        )
        require(
            isinstance(self.amount, Decimal) and self.amount.is_finite() and self.amount != 0,
            "a correction is an amount other than zero",
        )
        amount = money(abs(self.amount), "correction") * (1 if self.amount > 0 else -1)
        profile = ctx.get(PayProfile, profile_id(e.id), Message("employee {number} is not enrolled in payroll",
            number=e.number))
        correction = f"{e.number}/C{profile.corrections_made + 1}"
        profile.trigger_event(
            PayProfile.CorrectionRecorded,
            correction=correction,
            run=r.code,
            amount=amount,
            note=optional(self.note, "note"),
            envelope=ctx.envelope,
        )
        return Outcome(
            message=Message(
                "correction of {fmt} to {number} recorded; the next run carries it", fmt=fmt(amount), number=e.number
            ),
            record_ids=[profile.id],
        )


class RemitWithholdings(Command, frozen=True, kw_only=True):
    name = "payroll.remit"
    title = "Remit withheld income tax or pension to the state"
    roles = OFFICE_STAFF
    kind: str
    amount: Decimal | None = None  # none: all that is withheld and not yet remitted
    paid_on: date
    reference: Number

    def execute(self, ctx: Context) -> Outcome:
        require(
            self.kind in WITHHOLDING_KINDS,
            "unknown withholding {kind!r}; kinds are {withholding_kinds}",
            kind=self.kind,
            withholding_kinds=", ".join(WITHHOLDING_KINDS),
        )
        reference = clean(self.reference, "payment reference", 40).upper()
        w = _withholdings(ctx)
        if self.amount is None:
            require(w.outstanding(self.kind) > 0, "no {kind} withheld is waiting to be remitted", kind=self.kind)
        amount = money(w.outstanding(self.kind) if self.amount is None else self.amount, "remitted amount")
        require(reference not in w.references, "payment {reference} is already recorded", reference=reference)
        require(
            amount <= w.outstanding(self.kind),
            "remitting {fmt} of {kind} exceeds the {fmt2} withheld and not yet remitted",
            fmt=fmt(amount),
            kind=self.kind,
            fmt2=fmt(w.outstanding(self.kind)),
        )
        w.trigger_event(
            Withholdings.Remitted,
            kind=self.kind,
            amount=amount,
            paid_on=self.paid_on,
            reference=reference,
            envelope=ctx.envelope,
        )
        return Outcome(
            message=Message(
                "{fmt} of {kind} remitted ({reference})", fmt=fmt(amount), kind=self.kind, reference=reference
            ),
            record_ids=[w.id],
        )
