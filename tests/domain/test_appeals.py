"""Appeals rules: no anonymous appeals, assignment by the chairman with a due date from the working calendar
(stored once), extensions with a reason, the lifecycle's order, closing only with a registered outgoing
response or referral notice, escalation, and receptions linked to the appeals they produced."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.access import AddUser
from domain.appeals import (
    AnswerAppeal,
    Appeal,
    AssignAppeal,
    CloseAppeal,
    DecideAppeal,
    DeclareInadmissible,
    EscalateAppeal,
    ExtendAppeal,
    GiveExpertOpinion,
    Reception,
    RecordReception,
    ReferOut,
    RegisterAppeal,
    StartReview,
    appeal_id,
    reception_id,
)
from domain.calendar import Calendar, DeclareHoliday, RemoveHoliday, SetWeekend, add_working_days
from domain.correspondence import ReceiveDocument, SendDocument
from domain.errors import Refused
from domain.organisation import DissolveUnit, EstablishUnit

D = date(2026, 3, 2)  # a Monday
APL = "APL-2026-00001"


def run(app: Any, command: Any, user: str = "admin", reason: str = "") -> Any:
    return app.handle(command, user=user, reason=reason)


def refused(app: Any, command: Any, message: str, user: str = "admin", reason: str = "") -> None:
    head = app.head()
    with pytest.raises(Refused) as e:
        run(app, command, user, reason)
    assert message in str(e.value)
    assert app.head() == head


def appeal(app: Any, number: str = APL) -> Appeal:
    found = app.find(appeal_id(number))
    assert isinstance(found, Appeal)
    return found


def register(app: Any, kind: str = "complaint", channel: str = "written", **kw: Any) -> str:
    values = {"received_on": D, "applicant": "Zahra Ahmadi", "contact": "Kabul, District 3", "subject": "Voter list",
              **kw}
    return run(app, RegisterAppeal(kind=kind, channel=channel, **values)).message.split()[1]


def outgoing(app: Any, on: date = D) -> str:
    return run(app, SendDocument(sent_on=on, addressee="Zahra Ahmadi", subject="Response")).message.split()[0]


@pytest.fixture
def org(app: Any) -> Any:
    run(app, EstablishUnit(code="HQ", unit_name="Office", kind="office"))
    run(app, EstablishUnit(code="LEGAL", unit_name="Legal", kind="department", parent="HQ"))
    run(app, EstablishUnit(code="OPS", unit_name="Operations", kind="department", parent="HQ"))
    run(app, AddUser(user="clerk", role="clerk", office="HQ"))
    run(app, AddUser(user="chief", role="head", office="HQ"))
    return app


def test_anonymous_appeals_are_refused(org: Any) -> None:
    base = {"kind": "complaint", "channel": "written", "received_on": D, "subject": "Voter list"}
    refused(org, RegisterAppeal(applicant=" ", contact="Kabul", **base), "applicant's name is required")
    refused(org, RegisterAppeal(applicant="Anonymous", contact="Kabul", **base), "anonymous appeals are not considered")
    refused(org, RegisterAppeal(applicant="Zahra", contact="", **base), "address or contact is required")
    refused(org, RegisterAppeal(applicant="Zahra", contact="Kabul", **{**base, "kind": "petition"}),
            "unknown appeal kind")
    refused(org, RegisterAppeal(applicant="Zahra", contact="Kabul", **{**base, "channel": "fax"}), "unknown channel")
    assert register(org) == APL


def test_only_the_chairman_assigns_with_a_due_date_from_the_working_calendar(org: Any) -> None:
    register(org)
    run(org, DeclareHoliday(day=date(2026, 3, 3), holiday_name="Nowruz"), user="chief")
    refused(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", on=D, working_days=3), "may not run", user="clerk")
    refused(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", co_units="LEGAL", on=D), "cannot also be a co-unit")
    refused(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", co_units="NOPE", on=D), "no unit with code 'NOPE'")
    refused(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", co_units="OPS, ops", on=D), "a co-unit is named twice")
    run(org, EstablishUnit(code="OLD", unit_name="Old", kind="department", parent="HQ"))
    run(org, DissolveUnit(code="OLD", effective=D), reason="reorganised")
    refused(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", co_units="OLD", on=D), "unit OLD is dissolved")
    run(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", co_units="OPS", on=D, working_days=3), user="chief")
    a = appeal(org)
    assert a.status == "assigned" and a.lead_unit == "LEGAL" and a.co_units == ["OPS"]
    assert a.due == date(2026, 3, 6)  # Wed 4, Thu 5, Fri 6: the holiday on Tue 3 is skipped
    # Computed once and stored: later holidays and weekends do not move it, even when the record is replayed.
    run(org, DeclareHoliday(day=date(2026, 3, 5), holiday_name="Extra"), user="chief")
    run(org, SetWeekend(weekend="thu,fri"), user="chief", reason="new labour code")
    assert appeal(org).due == date(2026, 3, 6)
    refused(org, AssignAppeal(appeal=APL, lead_unit="OPS", on=D), "it cannot be assigned")


def test_default_terms_follow_the_kind(org: Any) -> None:
    register(org, kind="electoral complaint")
    run(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", on=D))
    assert appeal(org).due == add_working_days(None, D, 3)


def test_extensions_need_a_reason_and_take_the_new_date_from_the_calendar(org: Any) -> None:
    register(org)
    refused(org, ExtendAppeal(appeal=APL, working_days=5), "has no term yet", reason="complex")
    run(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", on=D, working_days=4))  # due Fri 6
    refused(org, ExtendAppeal(appeal=APL, working_days=5), "needs a reason")
    run(org, DeclareHoliday(day=date(2026, 3, 9), holiday_name="Women's day"))
    run(org, ExtendAppeal(appeal=APL, working_days=2), reason="expert group needs the precinct's protocols")
    a = appeal(org)
    assert a.due == date(2026, 3, 11) and a.extensions == 1  # Mon 9 is a holiday: Tue 10, Wed 11


def test_the_lifecycle_runs_in_order(org: Any) -> None:
    register(org)
    refused(org, StartReview(appeal=APL, on=D), "it cannot be put under review")
    refused(org, DecideAppeal(appeal=APL, on=D, decision="x"), "it cannot be decided")
    run(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", on=D))
    refused(org, GiveExpertOpinion(appeal=APL, on=D, opinion="x"), "cannot be given an expert opinion")
    run(org, StartReview(appeal=APL, on=D), user="clerk")
    refused(org, StartReview(appeal=APL, on=date(2026, 3, 1)), "cannot be put under review")
    run(org, GiveExpertOpinion(appeal=APL, on=D, opinion="The complaint is well founded"), user="clerk")
    refused(org, DecideAppeal(appeal=APL, on=D, decision="Upheld"), "may not run", user="clerk")
    refused(org, DecideAppeal(appeal=APL, on=date(2026, 2, 1), decision="Upheld"), "cannot precede")
    run(org, DecideAppeal(appeal=APL, on=D, decision="Upheld"), user="chief")
    refused(org, DeclareInadmissible(appeal=APL, on=D, grounds="late"), "cannot be declared inadmissible")
    response = outgoing(org)
    run(org, AnswerAppeal(appeal=APL, response=response, on=D))
    run(org, CloseAppeal(appeal=APL, on=D))
    assert appeal(org).status == "closed" and appeal(org).response == response
    refused(org, CloseAppeal(appeal=APL, on=D), "already closed")


def test_an_appeal_closes_only_with_a_registered_outgoing_response(org: Any) -> None:
    register(org)
    run(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", on=D))
    run(org, StartReview(appeal=APL, on=D))
    refused(org, CloseAppeal(appeal=APL, on=D), "cannot close without a registered outgoing response")
    run(org, DecideAppeal(appeal=APL, on=D, decision="Rejected"))
    refused(org, CloseAppeal(appeal=APL, on=D), "cannot close without a registered outgoing response")
    incoming = run(org, ReceiveDocument(received_on=D, sender="Zahra", subject="More")).message.split()[0]
    refused(org, AnswerAppeal(appeal=APL, response=incoming, on=D), "is an incoming document")
    refused(org, AnswerAppeal(appeal=APL, response="OUT-2026-00042", on=D), "not in the correspondence registry")
    refused(org, AnswerAppeal(appeal=APL, response="letter", on=D), "not in the correspondence registry")
    refused(org, AnswerAppeal(appeal=APL, response=outgoing(org, date(2026, 2, 1)), on=D), "predates the appeal")
    run(org, AnswerAppeal(appeal=APL, response=outgoing(org), on=D))
    refused(org, CloseAppeal(appeal=APL, on=date(2026, 3, 1)), "cannot precede the response")
    run(org, CloseAppeal(appeal=APL, on=D))


def test_an_appeals_answer_is_a_letter_to_its_applicant_that_answers_nothing_else(org: Any) -> None:
    register(org)
    second = register(org, applicant="Rəşad Məmmədov", contact="Bakı, Nizami küç. 5")
    for number in (APL, second):
        run(org, AssignAppeal(appeal=number, lead_unit="LEGAL", on=D))
        run(org, StartReview(appeal=number, on=D))
        run(org, DecideAppeal(appeal=number, on=D, decision="Rejected"))
    ministry = run(org, SendDocument(sent_on=D, addressee="Ministry of Interior", subject="On the voter list")
                   ).message.split()[0]
    refused(org, AnswerAppeal(appeal=APL, response=ministry, on=D),
            f"response {ministry} is addressed to Ministry of Interior, not to the applicant Zahra Ahmadi")
    inc = run(org, ReceiveDocument(received_on=D, sender="Zahra Ahmadi", subject="Voter list")).message.split()[0]
    reply = run(org, SendDocument(sent_on=D, addressee="Zahra Ahmadi", subject="Reply", in_reply_to=inc)
                ).message.split()[0]
    refused(org, AnswerAppeal(appeal=APL, response=reply, on=D),
            f"response {reply} answers {inc}; an appeal's answer is a letter that answers nothing else")
    response = outgoing(org)
    run(org, AnswerAppeal(appeal=APL, response=response, on=D))
    refused(org, AnswerAppeal(appeal=second, response=response, on=D), "is addressed to Zahra Ahmadi")
    both = run(org, SendDocument(sent_on=D, addressee="Zahra Ahmadi, Rəşad Məmmədov", subject="Joint reply")
               ).message.split()[0]
    run(org, AnswerAppeal(appeal=second, response=both, on=D))  # any spelling of the name: fold() compares
    third = register(org)
    run(org, DeclareInadmissible(appeal=third, on=D, grounds="Late"), user="chief")
    refused(org, AnswerAppeal(appeal=third, response=response, on=D), f"already answers appeal {APL}")
    refused(org, AnswerAppeal(appeal=third, response=both, on=D), f"already answers appeal {second}")
    run(org, AnswerAppeal(appeal=third, response=outgoing(org), on=D))
    upper = run(org, SendDocument(sent_on=D, addressee="RƏŞAD MƏMMƏDOV", subject="Reply")).message.split()[0]
    fourth = register(org, applicant="Rəşad Məmmədov", contact="Bakı")
    run(org, DeclareInadmissible(appeal=fourth, on=D, grounds="Late"), user="chief")
    run(org, AnswerAppeal(appeal=fourth, response=upper, on=D))


def test_inadmissible_and_referred_appeals_close_with_a_notice(org: Any) -> None:
    register(org)
    run(org, DeclareInadmissible(appeal=APL, on=D, grounds="Filed after the deadline"), user="chief")
    refused(org, CloseAppeal(appeal=APL, on=D), "cannot close without")
    run(org, AnswerAppeal(appeal=APL, response=outgoing(org), on=D))
    run(org, CloseAppeal(appeal=APL, on=D))
    second = register(org)
    refused(org, ReferOut(appeal=second, body="Ministry of Interior", notice="", on=D), "must be a registered")
    run(org, ReferOut(appeal=second, body="Ministry of Interior", notice=outgoing(org), on=D))
    assert appeal(org, second).status == "referred out" and appeal(org, second).addressee == "Ministry of Interior"
    run(org, CloseAppeal(appeal=second, on=D))


def test_escalation_to_a_higher_body(org: Any) -> None:
    register(org)
    run(org, AssignAppeal(appeal=APL, lead_unit="LEGAL", on=D))
    refused(org, EscalateAppeal(appeal=APL, body="Supreme Court", notice=outgoing(org), on=D), "may not run",
            user="clerk")
    run(org, EscalateAppeal(appeal=APL, body="Electoral Complaints Commission", notice="OUT-2026-00001", on=D))
    a = appeal(org)
    assert a.status == "escalated" and a.addressee == "Electoral Complaints Commission"
    refused(org, ExtendAppeal(appeal=APL, working_days=2), "cannot be extended", reason="x")
    run(org, CloseAppeal(appeal=APL, on=D))


def test_receptions_are_linked_to_the_appeals_they_produced(org: Any) -> None:
    run(org, RecordReception(held_on=D, citizen="Karim Nazari", official="M. Rahimi", topic="Polling station moved"))
    refused(org, RecordReception(held_on=D, citizen="", official="M. Rahimi", topic="x"), "citizen's name is required")
    refused(org, RegisterAppeal(kind="complaint", channel="written", received_on=D, applicant="Karim Nazari",
                                contact="Kabul", subject="Moved", reception="REC-2026-00001"),
            "only an appeal made at a reception")
    refused(org, RegisterAppeal(kind="complaint", channel="reception", received_on=D, applicant="Karim Nazari",
                                contact="Kabul", subject="Moved", reception="REC-2026-00009"), "no reception")
    refused(org, RegisterAppeal(kind="complaint", channel="reception", received_on=date(2026, 3, 1),
                                applicant="Karim Nazari", contact="Kabul", subject="Moved", reception="REC-2026-00001"),
            "the appeal cannot precede its reception")
    number = register(org, channel="reception", reception="REC-2026-00001")
    assert appeal(org, number).reception == "REC-2026-00001"
    reception = org.find(reception_id("REC-2026-00001"))
    assert isinstance(reception, Reception) and reception.appeals == [number]


def test_calendar_keeps_weekends_and_holidays_as_events(org: Any) -> None:
    from domain.calendar import CALENDAR_ID

    run(org, DeclareHoliday(day=date(2026, 3, 21), holiday_name="Nowruz"), user="chief")
    refused(org, DeclareHoliday(day=date(2026, 3, 21), holiday_name="Again"), "already a holiday")
    refused(org, DeclareHoliday(day=date(2026, 3, 22), holiday_name="x"), "may not run", user="clerk")
    refused(org, RemoveHoliday(day=date(2026, 3, 21)), "needs a reason")
    refused(org, SetWeekend(weekend="mon,tue,wed,thu,fri,sat,sun"), "at least one day", reason="x")
    refused(org, SetWeekend(weekend="caturday"), "unknown weekday", reason="x")
    run(org, RemoveHoliday(day=date(2026, 3, 21)), reason="declared by mistake")
    refused(org, RemoveHoliday(day=date(2026, 3, 21)), "2026-03-21 is not a holiday", reason="again")
    refused(org, SetWeekend(weekend="sun, sat"), "the weekend is already sat,sun", reason="x")
    refused(org, AssignAppeal(appeal=register(org), lead_unit="LEGAL", on=D, working_days=400),
            "working days must be between 1 and 365, not 400")
    calendar = org.find(CALENDAR_ID)
    assert isinstance(calendar, Calendar) and calendar.holidays == {}
    run(org, SetWeekend(weekend="fri"), reason="one-day weekend")
    assert add_working_days(org.find(CALENDAR_ID), date(2026, 3, 5), 2) == date(2026, 3, 8)  # Thu +2: Sat, Sun
