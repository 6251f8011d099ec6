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
from datetime import date
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.organisation import find_election, find_unit
from domain.records import LONG, Long, Record, clean, optional, require
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
    require(_CODE.match(code), f"activity code {value!r} must be 1-24 letters, digits or '-'")
    return code


@lru_cache(maxsize=4096)
def activity_id(election: str, code: str) -> UUID:
    return uuid.uuid5(_NS, f"activity/{election.strip().upper()}/{code.strip().upper()}")


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
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(_STEPS)

    def allows(self, command: str) -> str | None:
        """Why the activity's state refuses that command, in words; None when its state allows it (its dates,
        percent and dependencies are checked when a command runs). The methods enforce it; the card offers this."""
        if command in self._STEPS and self.status == "completed":
            return f"activity {self.label} was completed on {self.completed_on}; it cannot be {self._STEPS[command]}"
        return None

    def _open(self, command: str) -> None:
        refusal = self.allows(command)
        require(refusal is None, refusal or "")

    def check_dependencies_done(self, dependencies: list[Activity], what: str) -> None:
        pending = [d.code for d in dependencies if d.status != "completed"]
        require(not pending, f"activity {self.label} cannot be {what} before {', '.join(pending)} "
                f"{'is' if len(pending) == 1 else 'are'} completed")

    def reschedule(self, starts: date, ends: date, dependencies: list[Activity], dependants: list[Activity],
                   envelope: Envelope) -> None:
        self._open("plan.reschedule")
        require(ends >= starts, f"activity {self.label} cannot end ({ends}) before it starts ({starts})")
        require((starts, ends) != (self.starts, self.ends), f"activity {self.label} already runs {starts} to {ends}")
        for d in dependencies:
            require(d.ends <= starts, f"activity {self.label} cannot start on {starts}: it depends on {d.code}, "
                    f"which ends on {d.ends}")
        for d in dependants:
            require(ends <= d.starts, f"activity {self.label} cannot end on {ends}: {d.code} depends on it and "
                    f"starts on {d.starts}")
        self.trigger_event(self.Rescheduled, starts=starts, ends=ends, envelope=envelope)

    def report(self, on: date, percent: int, note: str, dependencies: list[Activity], envelope: Envelope) -> None:
        self._open("plan.report-progress")
        require(0 < percent < 100, f"progress is reported as 1-99 percent (100 is completion), not {percent}")
        require(percent >= self.progress, f"progress of {self.label} cannot go back from {self.progress}% "
                f"to {percent}%")
        require(on >= self.starts, f"activity {self.label} starts on {self.starts}; no progress on {on}")
        require(self.last_report_on is None or on >= self.last_report_on,
                f"the last report on {self.label} was on {self.last_report_on}; a report cannot be dated {on}")
        self.check_dependencies_done(dependencies, "started")
        self.trigger_event(self.ProgressReported, on=on, percent=percent, note=optional(note, "note", LONG),
                           envelope=envelope)

    def complete(self, on: date, note: str, dependencies: list[Activity], envelope: Envelope) -> None:
        self._open("plan.complete")
        require(on >= self.starts, f"activity {self.label} starts on {self.starts}; it cannot be completed on {on}")
        require(self.last_report_on is None or on >= self.last_report_on,
                f"the last report on {self.label} was on {self.last_report_on}; completion cannot be dated {on}")
        self.check_dependencies_done(dependencies, "completed")
        self.trigger_event(self.Completed, on=on, note=optional(note, "note", LONG), envelope=envelope)


def find_activity(ctx: Context, election: str, code: str) -> Activity:
    return ctx.get(Activity, activity_id(election, code), f"the plan of {(election or '').strip().upper()} has no "
                   f"activity {(code or '').strip().upper()!r}")


def deadline(ctx: Context, election: str, code: str) -> date | None:
    """The end of a planned activity, or None when the election's plan has no such activity."""
    found = ctx.find(Activity, activity_id(election, code))
    return found.ends if found is not None else None


def check_deadline(ctx: Context, election: str, code: str, on: date, what: str) -> None:
    """Refuse a step dated after the deadline the plan sets for it (no plan activity: no deadline)."""
    ends = deadline(ctx, election, code)
    require(ends is None or on <= ends, f"{what} for {election.strip().upper()} closed on {ends} "
            f"(election plan activity {code}); {on} is too late")


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
        require(self.phase in PHASES, f"unknown phase {self.phase!r}; phases are {', '.join(PHASES)}")
        unit = find_unit(ctx, self.unit)
        require(self.ends >= self.starts, f"activity {code} cannot end ({self.ends}) before it starts "
                f"({self.starts})")
        require(ctx.find(Activity, activity_id(election.code, code)) is None,
                f"the plan of {election.code} already has activity {code}")
        depends = _codes(self.depends_on)
        require(code not in depends, f"activity {code} cannot depend on itself")
        require(len(set(depends)) == len(depends), f"activity {code} names a dependency twice")
        found = [find_activity(ctx, election.code, d) for d in depends]
        for d in found:
            require(d.ends <= self.starts, f"activity {code} cannot start on {self.starts}: it depends on {d.code}, "
                    f"which ends on {d.ends}")
        a = ctx.add(Activity._create(Activity.Planned, id=activity_id(election.code, code),
                                     election_code=election.code, code=code,
                                     title=clean(self.activity_title, "title"), phase=self.phase,
                                     unit_code=unit.code, starts=self.starts, ends=self.ends, legal=self.legal,
                                     depends_on=depends, envelope=ctx.envelope))
        for d in found:
            d.trigger_event(Activity.DependantAdded, code=code, envelope=ctx.envelope)
        return Outcome(message=f"{a.label} planned from {a.starts} to {a.ends} ({unit.code})",
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
                f"{a.label} is a legal deadline: name the Commission decision that moved it in the reason")
        dependencies, dependants = _neighbours(ctx, a)
        a.reschedule(self.starts, self.ends, dependencies, dependants, ctx.envelope)
        return Outcome(message=f"{a.label} now runs {a.starts} to {a.ends}", record_ids=[a.id])


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
        return Outcome(message=f"{a.label}: {a.progress}% on {self.on}", record_ids=[a.id])


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
        return Outcome(message=f"{a.label} completed on {self.on}{late}", record_ids=[a.id])
