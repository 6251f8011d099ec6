"""Legal rules: opinions requested by units with working-day due dates, given by a Law department lawyer; court
cases with a representative holding a valid power of attorney, hearings in date order, judgment and the appeal
deadline, closing only once the judgment can no longer be appealed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.legal import (
    AppointRepresentative,
    AssignLawyer,
    CloseCase,
    CourtCase,
    FileAppeal,
    GiveOpinion,
    LegalOpinion,
    RecordHearing,
    RecordJudgment,
    RegisterCase,
    RequestOpinion,
    ScheduleHearing,
    case_id,
    opinion_id,
)
from domain.personnel import InitiateSeparation
from tests.domain.commission import D, refused, run, setup_commission

CASE = "CASE-2026-001"


@pytest.fixture
def cec(app: Any) -> Any:
    return setup_commission(app)


def opinion(app: Any, number: str = "LOP-2026-0001") -> LegalOpinion:
    found = app.find(opinion_id(number))
    assert isinstance(found, LegalOpinion)
    return found


def case(app: Any) -> CourtCase:
    found = app.find(case_id(CASE))
    assert isinstance(found, CourtCase)
    return found


def test_an_opinion_is_due_in_working_days_and_given_by_a_lawyer(cec: Any) -> None:
    refused(cec, RequestOpinion(unit="GEN", subject_kind="poem", document="x", requested_on=D), "unknown subject")
    refused(cec, RequestOpinion(unit="NOPE", document="x", requested_on=D), "no unit with code 'NOPE'")
    run(cec, RequestOpinion(unit="GEN", subject_kind="contract", document="Lease of the warehouse", requested_on=D,
                            working_days=5))
    o = opinion(cec)
    assert (o.number, o.due, o.status) == ("LOP-2026-0001", date(2026, 3, 9), "requested")
    refused(cec, GiveOpinion(opinion=o.number, text="ok", on=D), "a lawyer of the Law department is assigned before")
    refused(cec, AssignLawyer(opinion=o.number, lawyer="C1", on=D), "works in GEN, not in the Law department")
    run(cec, AssignLawyer(opinion=o.number, lawyer="L1", on=D))
    refused(cec, GiveOpinion(opinion=o.number, conclusion="fine", text="ok", on=D), "unknown conclusion")
    result = run(cec, GiveOpinion(opinion=o.number, conclusion="lawful with remarks", text="clause 4", on=date(2026,
                                                                                                                3, 11)))
    assert "2 days after its due date" in result.message
    assert opinion(cec).status == "given"
    refused(cec, RequestOpinion(unit="GEN", document="x", requested_on=date(2026, 3, 1)),
            "LOP-2026-0001 is already registered on 2026-03-02, so a LOP registration cannot be "
            "dated 2026-03-01, earlier")


def test_a_leaving_lawyer_gets_no_new_assignment(cec: Any) -> None:
    run(cec, InitiateSeparation(number="L1", kind="resignation", last_day=date(2026, 3, 5), order_number="S1",
                                order_date=D), reason="leaves")
    run(cec, RequestOpinion(unit="GEN", document="x", requested_on=D))
    refused(cec, AssignLawyer(opinion="LOP-2026-0001", lawyer="L1", on=date(2026, 3, 6)), "employee L1 is leaving")


@pytest.fixture
def lawsuit(cec: Any) -> Any:
    run(cec, RegisterCase(court="Baku Administrative Court", case_number="2-1/77", parties="Party X v. CEC",
                          subject="Refused registration", standing="defendant", opened_on=D))
    return cec


def test_hearings_need_a_representative_with_a_valid_power_of_attorney(lawsuit: Any) -> None:
    refused(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 3, 20)), "needs a representative whose power of "
            "attorney is valid on 2026-03-20")
    refused(lawsuit, AppointRepresentative(case=CASE, employee="L1", power_of_attorney="POA-1",
                                           valid_until=date(2026, 3, 1), on=D), "ends (2026-03-01) before it is given")
    run(lawsuit, AppointRepresentative(case=CASE, employee="L1", power_of_attorney="POA-1",
                                       valid_until=date(2026, 4, 30), on=D))
    run(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 3, 20)))
    refused(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 3, 18)), "hearings are in date order")
    refused(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 5, 5)), "(it ends 2026-04-30)")
    assert case(lawsuit).next_hearing == date(2026, 3, 20)


def test_judgment_sets_the_appeal_deadline_and_closing_waits_for_it(lawsuit: Any) -> None:
    run(lawsuit, AppointRepresentative(case=CASE, employee="L1", power_of_attorney="POA-1",
                                       valid_until=date(2026, 12, 31), on=D))
    run(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 3, 20)))
    refused(lawsuit, RecordHearing(case=CASE, on=date(2026, 3, 21), outcome="x"), "no hearing of CASE-2026-001 is "
            "scheduled on 2026-03-21")
    refused(lawsuit, RecordJudgment(case=CASE, on=date(2026, 3, 25), outcome="won"),
            "record the outcome of the hearing of 2026-03-20 first")
    run(lawsuit, RecordHearing(case=CASE, on=date(2026, 3, 20), outcome="adjourned for evidence"))
    refused(lawsuit, RecordJudgment(case=CASE, on=date(2026, 3, 25), outcome="draw"), "unknown outcome")
    run(lawsuit, RecordJudgment(case=CASE, on=date(2026, 3, 25), outcome="lost", appeal_days=30))
    assert case(lawsuit).judgment["appeal_until"] == date(2026, 4, 24)
    refused(lawsuit, CloseCase(case=CASE, on=date(2026, 4, 1)), "may still be appealed until 2026-04-24")
    refused(lawsuit, FileAppeal(case=CASE, on=date(2026, 4, 25)), "the appeal deadline was 2026-04-24")
    run(lawsuit, FileAppeal(case=CASE, on=date(2026, 4, 20)))
    refused(lawsuit, CloseCase(case=CASE, on=date(2026, 6, 1)), "is appealed; a case is closed once judged")
    run(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 6, 10)))
    run(lawsuit, RecordHearing(case=CASE, on=date(2026, 6, 10), outcome="heard"))
    run(lawsuit, RecordJudgment(case=CASE, on=date(2026, 6, 10), outcome="won", appeal_days=10))
    run(lawsuit, CloseCase(case=CASE, on=date(2026, 6, 21)))
    assert case(lawsuit).status == "closed"
    refused(lawsuit, ScheduleHearing(case=CASE, on=date(2026, 7, 1)), "is closed")


def test_a_case_is_registered_with_its_standing(cec: Any) -> None:
    refused(cec, RegisterCase(court="C", case_number="1", parties="A v B", subject="S", standing="witness",
                              opened_on=D), "unknown standing")
    refused(cec, RegisterCase(court="", case_number="1", parties="A v B", subject="S", opened_on=D),
            "court is required")
