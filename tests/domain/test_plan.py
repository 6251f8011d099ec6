"""Election plan rules (domain/plan.py): activities with units, dates and dependencies; progress only forward
and only once the dependencies are completed; rescheduling with a reason, legal deadlines only by a Commission
decision; other contexts' deadlines read from the plan."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import Secretariat
from domain.errors import Refused
from domain.organisation import DissolveUnit, EstablishUnit, ScheduleElection
from domain.plan import (
    Activity,
    CompleteActivity,
    PlanActivity,
    ReportProgress,
    RescheduleActivity,
    activity_id,
    check_deadline,
    deadline,
)
from tests.domain.rules import refused, run

D = date


def activity(app: Secretariat, code: str) -> Activity:
    found = app.find(activity_id("PE26", code))
    assert isinstance(found, Activity)
    return found


def plan(code: str, starts: date, ends: date, depends_on: str = "", legal: bool = False,
         unit: str = "LEGAL") -> PlanActivity:
    return PlanActivity(election="PE26", code=code, activity_title=f"Activity {code}", phase="candidates", unit=unit,
                        starts=starts, ends=ends, legal=legal, depends_on=depends_on)


@pytest.fixture
def planned(app: Secretariat) -> Secretariat:
    run(app, EstablishUnit(code="LEGAL", unit_name="Legal", kind="department"))
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                              voting_day=D(2026, 9, 1)))
    run(app, plan("CALENDAR", D(2026, 1, 5), D(2026, 1, 20), legal=True))
    run(app, plan("NOMINATION", D(2026, 2, 1), D(2026, 3, 1), "CALENDAR", legal=True))
    return app


def test_an_activity_names_a_live_unit_a_known_phase_and_ordered_dates(planned: Secretariat) -> None:
    refused(planned, plan("X", D(2026, 3, 5), D(2026, 3, 1)), r"cannot end \(2026-03-01\) before it starts")
    refused(planned, plan("X", D(2026, 3, 1), D(2026, 3, 5), unit="NOPE"), "no unit with code 'NOPE'")
    refused(planned, PlanActivity(election="PE26", code="X", activity_title="X", phase="party", unit="LEGAL",
                                  starts=D(2026, 3, 1), ends=D(2026, 3, 2)), "unknown phase 'party'")
    refused(planned, plan("BAD CODE", D(2026, 3, 1), D(2026, 3, 2)), "activity code 'BAD CODE' must be")
    refused(planned, PlanActivity(election="XX", code="X", activity_title="X", phase="voting", unit="LEGAL",
                                  starts=D(2026, 3, 1), ends=D(2026, 3, 2)), "no election with code 'XX'")
    refused(planned, plan("CALENDAR", D(2026, 3, 1), D(2026, 3, 2)), "already has activity CALENDAR")
    run(planned, EstablishUnit(code="OLD", unit_name="Old", kind="department"))
    run(planned, DissolveUnit(code="OLD", effective=D(2026, 1, 1)), "merged")
    refused(planned, plan("X", D(2026, 3, 1), D(2026, 3, 2), unit="OLD"), "unit OLD is dissolved")


def test_dependencies_exist_and_end_before_the_activity_starts(planned: Secretariat) -> None:
    refused(planned, plan("SIGNATURES", D(2026, 2, 20), D(2026, 3, 10), "NOMINATION"),
            "cannot start on 2026-02-20: it depends on NOMINATION, which ends on 2026-03-01")
    refused(planned, plan("SIGNATURES", D(2026, 3, 1), D(2026, 3, 10), "GHOST"), "has no activity 'GHOST'")
    refused(planned, plan("SIGNATURES", D(2026, 3, 1), D(2026, 3, 10), "SIGNATURES"), "cannot depend on itself")
    refused(planned, plan("SIGNATURES", D(2026, 3, 1), D(2026, 3, 10), "NOMINATION, NOMINATION"),
            "names a dependency twice")
    run(planned, plan("SIGNATURES", D(2026, 3, 1), D(2026, 3, 10), "NOMINATION"))
    assert activity(planned, "NOMINATION").dependants == ["SIGNATURES"]
    assert activity(planned, "SIGNATURES").depends_on == ["NOMINATION"]


def test_progress_goes_forward_after_the_start_and_after_the_dependencies(planned: Secretariat) -> None:
    refused(planned, ReportProgress(election="PE26", code="NOMINATION", on=D(2026, 2, 5), percent=20),
            "NOMINATION cannot be started before CALENDAR is completed")
    refused(planned, ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 1), percent=20),
            "starts on 2026-01-05; no progress on 2026-01-01")
    refused(planned, ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 6), percent=100),
            "1-99 percent")
    run(planned, ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 8), percent=40))
    refused(planned, ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 9), percent=30),
            "cannot go back from 40% to 30%")
    refused(planned, ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 7), percent=50),
            "the last report on PE26/CALENDAR was on 2026-01-08")
    refused(planned, CompleteActivity(election="PE26", code="CALENDAR", on=D(2026, 1, 7)),
            "completion cannot be dated 2026-01-07")
    run(planned, CompleteActivity(election="PE26", code="CALENDAR", on=D(2026, 1, 25)))
    a = activity(planned, "CALENDAR")
    assert (a.status, a.progress, a.completed_on) == ("completed", 100, D(2026, 1, 25))
    assert a.is_late(D(2026, 1, 25))
    refused(planned, CompleteActivity(election="PE26", code="CALENDAR", on=D(2026, 1, 26)), "was completed on")
    refused(planned, ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 26), percent=50),
            "was completed on")
    run(planned, ReportProgress(election="PE26", code="NOMINATION", on=D(2026, 2, 5), percent=20))
    refused(planned, CompleteActivity(election="PE26", code="NOMINATION", on=D(2026, 1, 30)),
            "starts on 2026-02-01; it cannot be completed on 2026-01-30")


def test_lateness_is_read_against_the_day_asked(planned: Secretariat) -> None:
    a = activity(planned, "NOMINATION")
    assert not a.is_late(D(2026, 3, 1)) and a.is_late(D(2026, 3, 2))


def test_rescheduling_needs_a_reason_and_keeps_dependencies_in_order(planned: Secretariat) -> None:
    run(planned, plan("SIGNATURES", D(2026, 3, 1), D(2026, 3, 10), "NOMINATION"))
    refused(planned, RescheduleActivity(election="PE26", code="SIGNATURES", starts=D(2026, 3, 2), ends=D(2026, 3, 12)),
            "needs a reason")
    refused(planned, RescheduleActivity(election="PE26", code="NOMINATION", starts=D(2026, 2, 1), ends=D(2026, 3, 5)),
            "name the Commission decision", reason="the printers were late")
    refused(planned, RescheduleActivity(election="PE26", code="NOMINATION", starts=D(2026, 2, 1), ends=D(2026, 3, 5)),
            "NOMINATION cannot end on 2026-03-05: SIGNATURES depends on it and starts on 2026-03-01",
            reason="Commission decision 12")
    refused(planned, RescheduleActivity(election="PE26", code="SIGNATURES", starts=D(2026, 2, 25),
                                        ends=D(2026, 3, 12)),
            "cannot start on 2026-02-25: it depends on NOMINATION", reason="more time")
    refused(planned, RescheduleActivity(election="PE26", code="SIGNATURES", starts=D(2026, 3, 1),
                                        ends=D(2026, 3, 10)), "already runs", reason="no change")
    refused(planned, RescheduleActivity(election="PE26", code="SIGNATURES", starts=D(2026, 3, 9),
                                        ends=D(2026, 3, 2)), "cannot end", reason="typo")
    run(planned, RescheduleActivity(election="PE26", code="SIGNATURES", starts=D(2026, 3, 2), ends=D(2026, 3, 12)),
        reason="more time for the provinces")
    assert (activity(planned, "SIGNATURES").starts, activity(planned, "SIGNATURES").ends) == (D(2026, 3, 2),
                                                                                             D(2026, 3, 12))
    run(planned, RescheduleActivity(election="PE26", code="NOMINATION", starts=D(2026, 2, 1), ends=D(2026, 3, 2)),
        reason="Commission decision DEC-2026-0004")


def test_other_contexts_read_their_deadlines_from_the_plan(planned: Secretariat) -> None:
    from domain.commands import Context

    ctx = Context(planned.find, None)  # type: ignore[arg-type]
    assert deadline(ctx, "PE26", "NOMINATION") == D(2026, 3, 1)
    assert deadline(ctx, "PE26", "WITHDRAWAL") is None
    check_deadline(ctx, "PE26", "NOMINATION", D(2026, 3, 1), "nominations")
    check_deadline(ctx, "PE26", "WITHDRAWAL", D(2030, 1, 1), "withdrawals")
    with pytest.raises(Refused, match=r"nominations for PE26 closed on 2026-03-01 \(election plan activity "
                                      r"NOMINATION\); 2026-03-02 is too late"):
        check_deadline(ctx, "PE26", "NOMINATION", D(2026, 3, 2), "nominations")


def test_a_clerk_reports_progress_but_only_heads_plan(planned: Secretariat) -> None:
    from domain.access import AddUser
    from domain.errors import NotPermitted

    run(planned, AddUser(user="clerk1", role="clerk"))
    with pytest.raises(NotPermitted):
        planned.handle(plan("X", D(2026, 3, 1), D(2026, 3, 2)), user="clerk1")
    planned.handle(ReportProgress(election="PE26", code="CALENDAR", on=D(2026, 1, 8), percent=10), user="clerk1")
