"""The demo history of the election plan: continues DemoHistory.base() through the real commands.

The Planning and Policy directorate plans the latest election of the demo, phase by phase around its voting day
(the legal framework, voter registration, the candidates' deadlines the candidates part reads, accreditation,
training, materials, outreach, voting, counting, results and disputes), with the units responsible and the
dependencies between activities. Units report progress and completion; materials are dispatched two days late
and the results are announced after a deadline moved by a Commission decision.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, NamedTuple

from domain import plan as p
from domain.demo.base import Step

DEMO_TODAY = date(2026, 11, 30)  # the demo's last day: nothing is reported after it


class Planned(NamedTuple):
    code: str
    title: str
    phase: str
    unit: str
    starts: int  # days from voting day
    ends: int
    legal: bool = False
    depends_on: str = ""


PLAN = (
    Planned("CALENDAR", "Commission decision on the election calendar", "legal framework", "LEGAL", -210, -190, True),
    Planned("VOTER-REG", "Voter registration update", "voter registration", "FIELD-OPS", -180, -120, False,
            "CALENDAR"),
    Planned("NOMINATION", "Nomination of candidates", "candidates", "LEGAL", -120, -100, True, "CALENDAR"),
    Planned("SIGNATURES", "Submission of signature sheets", "candidates", "LEGAL", -100, -90, True, "NOMINATION"),
    Planned("CANDIDATE-REGISTRATION", "Decisions on candidates' registration", "candidates", "LEGAL", -90, -75,
            True, "SIGNATURES"),
    Planned("WITHDRAWAL", "Withdrawal of candidates", "candidates", "LEGAL", -75, -45, True,
            "CANDIDATE-REGISTRATION"),
    Planned("ACCREDITATION", "Accreditation of observers, media and agents", "accreditation", "EXT-REL", -60, -10),
    Planned("TRAINING", "Training of precinct commission members", "training", "TRAIN", -60, -14, False,
            "VOTER-REG"),
    Planned("OUTREACH", "Voter awareness campaign", "outreach", "PUB-OUT", -90, -2),
    Planned("DISPATCH", "Dispatch of election materials to the provinces", "materials", "LOG", -30, -3, False,
            "CANDIDATE-REGISTRATION"),
    Planned("VOTING", "Voting day", "voting", "FIELD-OPS", 0, 0, True, "DISPATCH, TRAINING"),
    Planned("COUNTING", "Counting and tally of results", "counting and results", "FIELD-OPS", 0, 14, False,
            "VOTING"),
    Planned("RESULTS", "Announcement of final results", "counting and results", "PLAN", 14, 45, True, "COUNTING"),
    Planned("DISPUTES", "Electoral complaints and disputes", "disputes", "LEGAL", 1, 60, True, "VOTING"),
)
LATE = {"DISPATCH": 2}  # completed this many days after its end
MOVED = {"RESULTS": 10}  # a legal deadline moved later by a Commission decision


def history(demo: Any) -> Iterator[Step]:
    spec = max(demo.elections, key=lambda e: e.voting_day)
    planner = demo.heads.get("PLAN", demo.admin)
    voting = spec.voting_day
    for a in PLAN:
        yield Step(planner, p.PlanActivity(election=spec.code, code=a.code, activity_title=a.title, phase=a.phase,
                                           unit=a.unit, starts=voting + timedelta(days=a.starts),
                                           ends=voting + timedelta(days=a.ends), legal=a.legal,
                                           depends_on=a.depends_on))
    for a in PLAN:
        yield from _carry_out(demo, spec.code, voting, a, planner)


def _carry_out(demo: Any, election: str, voting: date, a: Planned, planner: str) -> Iterator[Step]:
    starts, ends = voting + timedelta(days=a.starts), voting + timedelta(days=a.ends)
    reporter = demo.heads.get(a.unit, demo.admin)
    if a.code in MOVED:
        ends += timedelta(days=MOVED[a.code])
        yield Step(planner, p.RescheduleActivity(election=election, code=a.code, starts=starts, ends=ends),
                   "Commission decision: the deadline for final results extended while recounts finish")
    if starts > DEMO_TODAY:
        return
    span = (ends - starts).days
    for share in (25, 60):
        on = starts + timedelta(days=span * share // 100)
        if span >= 8 and on <= DEMO_TODAY:
            yield Step(reporter, p.ReportProgress(election=election, code=a.code, on=on, percent=share,
                                                  note=f"{share}% done as planned"))
    done = ends + timedelta(days=LATE.get(a.code, 0))
    if done <= DEMO_TODAY:
        note = "late: trucks held at the Salang pass" if a.code in LATE else ""
        yield Step(reporter, p.CompleteActivity(election=election, code=a.code, on=done, note=note))
