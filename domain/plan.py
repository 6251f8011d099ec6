"""The election plan: an election's calendar of phases and activities (legal deadlines among them), each with
its responsible unit, start and end, and the activities it depends on; progress reported by the units; late
activities flagged when read.

An activity is planned -> in progress (a unit reports progress) -> completed. It cannot make progress or be
completed before every activity it depends on is completed, and a dependency must end no later than the
activity that depends on it starts. Rescheduling needs a reason, and a legal deadline (`legal`) is moved only
with the Commission decision that moved it named in the reason. Progress never goes back.

Other contexts read their deadlines from the plan instead of having them typed per record:
`deadline(ctx, election, activity)` is the end of a planned activity (or None when the plan has no such
activity), and `check_deadline` refuses a step taken after it. The activity codes they read are in
`DEADLINES`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import find_election, find_unit
from domain.records import LONG, Long, Record, clean, optional, refuse, require
from domain.roles import DECIDERS, OFFICE_STAFF

_NS = uuid.UUID("4a6f0c2e-8d1b-4e57-a3c9-2f7b1d9e6a05")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
PHASES = ("legal framework", "voter registration", "candidates", "accreditation", "training", "materials",
          "outreach", "voting", "counting and results", "disputes")

# The activities other contexts read their deadlines from (activity code -> what it closes).
DEADLINES = {
    "NOMINATION": "nominations of candidates",
    "SIGNATURES": "submission of candidates' signature sheets",
    "CANDIDATE-REGISTRATION": "decisions on candidates' registration",
    "WITHDRAWAL": "withdrawal of candidates",
    "ACCREDITATION": "applications for accreditation of observers, media and party agents",
    "DISPATCH": "dispatch of election materials to the commissions",
}


def activity_code(value: str) -> str:
    code = (value or "").strip().upper()
    require(_CODE.match(code), "activity code {value!r} must be 1-24 letters, digits or '-'", value=value)
    return code


@lru_cache(maxsize=4096)
def activity_id(election: str, code: str) -> UUID:
    return uuid.uuid5(_NS, f"activity/{election.strip().upper()}/{code.strip().upper()}")


def _completed(step: str) -> Callable[[Activity], str]:
    def refusal(a: Activity) -> str:
        return Message("activity {label} was completed on {completed_on}; it cannot be {steps}", label=a.label,
                       completed_on=a.completed_on, steps=step)

    return refusal


class Activity(Record):
    """One activity of an election's plan."""

    election_code: str
    code: str
    title: str
    phase: str
    unit_code: str
    starts: date
    ends: date
    legal: bool
    depends_on: list[str]
    progress: int
    status: str
    completed_on: date | None
    last_report_on: date | None
    dependants: list[str]

    class Planned(Record.Created):
        election_code: str
        code: str
        title: str
        phase: str
        unit_code: str
        starts: date
        ends: date
        legal: bool
        depends_on: list[str]

        def apply(self, a: Activity) -> None:
            a.election_code, a.code, a.title, a.phase = self.election_code, self.code, self.title, self.phase
            a.unit_code, a.starts, a.ends, a.legal = self.unit_code, self.starts, self.ends, self.legal
            a.depends_on = list(self.depends_on)
            a.progress = 0
            a.status = "planned"
            a.completed_on = None
            a.last_report_on = None
            a.dependants = []

    class Rescheduled(Record.Event):
        starts: date
        ends: date

        def apply(self, a: Activity) -> None:
            a.starts, a.ends = self.starts, self.ends

    class ProgressReported(Record.Event):
        on: date
        percent: int
        note: str

        def apply(self, a: Activity) -> None:
            a.progress, a.last_report_on, a.status = self.percent, self.on, "in progress"

    class Completed(Record.Event):
        on: date
        note: str

        def apply(self, a: Activity) -> None:
            a.progress, a.completed_on, a.last_report_on, a.status = 100, self.on, self.on, "completed"

    class DependantAdded(Record.Event):
        code: str

        def apply(self, a: Activity) -> None:
            a.dependants = [*a.dependants, self.code]

    @property
    def label(self) -> str:
        return f"{self.election_code}/{self.code}"

    def is_late(self, today: date) -> bool:
        """Not completed and its end has passed, or completed after its end."""
        if self.completed_on is not None:
            return self.completed_on > self.ends
        return self.ends < today

    # the commands whose state rule `allows` decides, each with its step in words
    _STEPS: ClassVar[dict[str, str]] = {"plan.reschedule": "rescheduled", "plan.report-progress": "reported on",
                                        "plan.complete": "completed again"}
    # a completed activity takes none of them (the activity pickers filter by the same condition)
    STATE_RULES: ClassVar[dict[str, StateRule]] = {
        command: StateRule(Check(Attr("status").ne("completed"), _completed(step))) for command, step in _STEPS.items()}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(_STEPS)

    def allows(self, command: str) -> str | None:
        """Why the activity's state refuses that command, in words; None when its state allows it (its dates,
        percent and dependencies are checked when a command runs). The methods enforce it; the card offers this."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def _open(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def check_dependencies_done(self, dependencies: list[Activity], what: str) -> None:
        pending = [d.code for d in dependencies if d.status != "completed"]
        require(not pending, "activity {label} cannot be {what} before {pending} {value} completed",
                             label=self.label, what=what, pending=', '.join(pending),
                             value='is' if len(pending) == 1 else 'are')

    def reschedule(self, starts: date, ends: date, dependencies: list[Activity], dependants: list[Activity],
                   envelope: Envelope) -> None:
        self._open("plan.reschedule")
        require(ends >= starts, "activity {label} cannot end ({ends}) before it starts ({starts})", label=self.label,
                                ends=ends, starts=starts)
        require((starts, ends) != (self.starts, self.ends), "activity {label} already runs {starts} to {ends}",
                                                            label=self.label, starts=starts, ends=ends)
        for d in dependencies:
            require(d.ends <= starts, "activity {label} cannot start on {starts}: it depends on {code}, which ends "
                                      "on {ends}", label=self.label, starts=starts, code=d.code, ends=d.ends)
        for d in dependants:
            require(ends <= d.starts, "activity {label} cannot end on {ends}: {code} depends on it and starts on "
                                      "{starts}", label=self.label, ends=ends, code=d.code, starts=d.starts)
        self.trigger_event(self.Rescheduled, starts=starts, ends=ends, envelope=envelope)

    def report(self, on: date, percent: int, note: str, dependencies: list[Activity], envelope: Envelope) -> None:
        self._open("plan.report-progress")
        require(0 < percent < 100, "progress is reported as 1-99 percent (100 is completion), not {percent}",
                                   percent=percent)
        require(percent >= self.progress, "progress of {label} cannot go back from {progress}% to {percent}%",
                                          label=self.label, progress=self.progress, percent=percent)
        require(on >= self.starts, "activity {label} starts on {starts}; no progress on {on}", label=self.label,
                                   starts=self.starts, on=on)
        require(self.last_report_on is None or on >= self.last_report_on,
                "the last report on {label} was on {last_report_on}; a report cannot be dated {on}",
                label=self.label, last_report_on=self.last_report_on, on=on)
        self.check_dependencies_done(dependencies, "started")
        self.trigger_event(self.ProgressReported, on=on, percent=percent, note=optional(note, "note", LONG),
                           envelope=envelope)

    def complete(self, on: date, note: str, dependencies: list[Activity], envelope: Envelope) -> None:
        self._open("plan.complete")
        require(on >= self.starts, "activity {label} starts on {starts}; it cannot be completed on {on}",
                                   label=self.label, starts=self.starts, on=on)
        require(self.last_report_on is None or on >= self.last_report_on,
                "the last report on {label} was on {last_report_on}; completion cannot be dated {on}",
                label=self.label, last_report_on=self.last_report_on, on=on)
        self.check_dependencies_done(dependencies, "completed")
        self.trigger_event(self.Completed, on=on, note=optional(note, "note", LONG), envelope=envelope)


def find_activity(ctx: Context, election: str, code: str) -> Activity:
    return ctx.get(Activity, activity_id(election, code), Message("the plan of {value} has no activity {value2!r}",
        value=(election or '').strip().upper(), value2=(code or '').strip().upper()))


def deadline(ctx: Context, election: str, code: str) -> date | None:
    """The end of a planned activity, or None when the election's plan has no such activity."""
    found = ctx.find(Activity, activity_id(election, code))
    return found.ends if found is not None else None


def check_deadline(ctx: Context, election: str, code: str, on: date, what: str) -> None:
    """Refuse a step dated after the deadline the plan sets for it (no plan activity: no deadline)."""
    ends = deadline(ctx, election, code)
    require(ends is None or on <= ends, "{what} for {election} closed on {ends} (election plan activity {code}); "
                                        "{on} is too late", what=what, election=election.strip().upper(), ends=ends,
                                        code=code, on=on)


def _codes(text: str) -> list[str]:
    return [activity_code(c) for c in re.split(r"[,;\s]+", text or "") if c]


# ---- commands ----------------------------------------------------------------------------------


class PlanActivity(Command, frozen=True, kw_only=True):
    name = "plan.add-activity"
    title = "Add an activity to an election's plan"
    roles = DECIDERS
    election: str
    code: str
    activity_title: str
    phase: str
    unit: str
    starts: date
    ends: date
    legal: bool = False
    depends_on: str = ""

    def execute(self, ctx: Context) -> Outcome:
        election = find_election(ctx, self.election)
        code = activity_code(self.code)
        require(self.phase in PHASES, "unknown phase {phase!r}; phases are {phases}", phase=self.phase,
                                      phases=', '.join(PHASES))
        unit = find_unit(ctx, self.unit)
        require(self.ends >= self.starts, "activity {code} cannot end ({ends}) before it starts ({starts})",
                                          code=code, ends=self.ends, starts=self.starts)
        require(ctx.find(Activity, activity_id(election.code, code)) is None,
                "the plan of {election_code} already has activity {code}", election_code=election.code, code=code)
        depends = _codes(self.depends_on)
        require(code not in depends, "activity {code} cannot depend on itself", code=code)
        require(len(set(depends)) == len(depends), "activity {code} names a dependency twice", code=code)
        found = [find_activity(ctx, election.code, d) for d in depends]
        for d in found:
            require(d.ends <= self.starts, "activity {code} cannot start on {starts}: it depends on {code2}, which "
                                           "ends on {ends}", code=code, starts=self.starts, code2=d.code,
                                           ends=d.ends)
        a = ctx.add(Activity._create(Activity.Planned, id=activity_id(election.code, code),
                                     election_code=election.code, code=code,
                                     title=clean(self.activity_title, "title"), phase=self.phase,
                                     unit_code=unit.code, starts=self.starts, ends=self.ends, legal=self.legal,
                                     depends_on=depends, envelope=ctx.envelope))
        for d in found:
            d.trigger_event(Activity.DependantAdded, code=code, envelope=ctx.envelope)
        return Outcome(message=Message("{label} planned from {starts} to {ends} ({unit_code})", label=a.label,
                                       starts=a.starts, ends=a.ends, unit_code=unit.code),
                       record_ids=[a.id, *(d.id for d in found)])


def _neighbours(ctx: Context, a: Activity) -> tuple[list[Activity], list[Activity]]:
    return ([find_activity(ctx, a.election_code, d) for d in a.depends_on],
            [find_activity(ctx, a.election_code, d) for d in a.dependants])


class RescheduleActivity(Command, frozen=True, kw_only=True):
    name = "plan.reschedule"
    title = "Reschedule an activity of the plan"
    roles = DECIDERS
    needs_reason = True
    election: str
    code: str
    starts: date
    ends: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_activity(ctx, self.election, self.code)
        reason = ctx.envelope.reason or ""
        require(not a.legal or re.search(r"\bdecision\b", reason, re.I),
                "{label} is a legal deadline: name the Commission decision that moved it in the reason",
                label=a.label)
        dependencies, dependants = _neighbours(ctx, a)
        a.reschedule(self.starts, self.ends, dependencies, dependants, ctx.envelope)
        return Outcome(message=Message("{label} now runs {starts} to {ends}", label=a.label, starts=a.starts,
                                       ends=a.ends), record_ids=[a.id])


class ReportProgress(Command, frozen=True, kw_only=True):
    name = "plan.report-progress"
    title = "Report progress on an activity of the plan"
    roles = OFFICE_STAFF
    election: str
    code: str
    on: date
    percent: int
    note: Long = ""

    def execute(self, ctx: Context) -> Outcome:
        a = find_activity(ctx, self.election, self.code)
        a.report(self.on, self.percent, self.note, _neighbours(ctx, a)[0], ctx.envelope)
        return Outcome(message=Message("{label}: {progress}% on {on}", label=a.label, progress=a.progress,
                                       on=self.on), record_ids=[a.id])


class CompleteActivity(Command, frozen=True, kw_only=True):
    name = "plan.complete"
    title = "Record an activity of the plan as completed"
    roles = OFFICE_STAFF
    election: str
    code: str
    on: date
    note: Long = ""

    def execute(self, ctx: Context) -> Outcome:
        a = find_activity(ctx, self.election, self.code)
        a.complete(self.on, self.note, _neighbours(ctx, a)[0], ctx.envelope)
        late = f", {(self.on - a.ends).days} day(s) after its end" if a.is_late(self.on) else ""
        return Outcome(message=Message("{label} completed on {on}{late}", label=a.label, on=self.on, late=late),
                       record_ids=[a.id])
