"""Acts rules: a decision only from an item adopted by its majority, numbered gap-free per year in date order;
publication and the State Register; amendment and repeal only by later acts, with consolidated editions; orders
signed only after the Law department's visa, numbered in their own series; personnel movements citing a signed
personnel order; certified extracts; execution control with working-day due dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.access import AddUser
from domain.acts import (
    AmendAct,
    AssignExecution,
    Decision,
    DraftOrder,
    Extract,
    IssueExtract,
    Order,
    OrderNumber,
    PublishAct,
    RecordStateRegistration,
    RegisterDecision,
    RepealAct,
    ReportExecution,
    ReturnOrder,
    SendToStateRegister,
    SignOrder,
    SubmitOrder,
    VisaOrder,
    decision_id,
    extract_id,
    order_id,
)
from domain.calendar import DeclareHoliday
from domain.errors import NotPermitted
from domain.organisation import EstablishPosition
from domain.personnel import Employee, HireEmployee, InitiateSeparation, TransferEmployee, employee_id
from domain.sessions import AddAgendaItem, ConveneSession
from tests.domain.commission import hold, refused, run, setup_commission

S1, S2 = date(2026, 3, 10), date(2026, 3, 24)


@pytest.fixture
def cec(app: Any) -> Any:
    return setup_commission(app)


def decision(app: Any, number: str) -> Decision:
    found = app.find(decision_id(number))
    assert isinstance(found, Decision)
    return found


def order(app: Any, number: str) -> Order:
    found = app.find(order_id(number))
    if isinstance(found, OrderNumber):  # a registered number points at the order (its id is the draft's)
        found = app.find(found.order_id)
    assert isinstance(found, Order)
    return found


@pytest.fixture
def acts(cec: Any) -> Any:
    """DEC-2026-0001 (a decision) and DEC-2026-0002 (a normative act) of 10 March; DEC-2026-0003 (a normative
    act) of 24 March; item 3 of the first session was not adopted, its item 4 adopted but not registered."""
    first = hold(cec, S1, [("decision", 5), ("normative act", 6), ("normative act", 5), ("decision", 9)])
    run(cec, RegisterDecision(session=first, item=1))
    run(cec, RegisterDecision(session=first, item=2, decision_title="Rules of accreditation", normative=True))
    second = hold(cec, S2, [("normative act", 7)])
    run(cec, RegisterDecision(session=second, item=1, normative=True))
    return cec


def test_a_decision_needs_the_majority_its_kind_requires(acts: Any) -> None:
    refused(acts, RegisterDecision(session="SES-2026-001", item=3, normative=True),
            "a decision needs the majority its kind requires: item 3 (normative act) received 5 votes for, the "
            "two-thirds majority of 9 members needs 6")
    refused(acts, RegisterDecision(session="SES-2026-001", item=1), "is already decision DEC-2026-0001")


def test_decisions_link_to_their_session_item_and_vote(acts: Any) -> None:
    d = decision(acts, "DEC-2026-0002")
    assert (d.session, d.item, d.adopted_on, d.votes, d.normative, d.title) == (
        "SES-2026-001", 2, S1, "6-3-0", True, "Rules of accreditation")


def test_an_unvoted_item_makes_no_decision_and_a_plain_item_no_act(cec: Any) -> None:
    run(cec, ConveneSession(held_on=S1, place="Hall", chair="Chair"))
    run(cec, AddAgendaItem(session="SES-2026-001", item_title="X", unit="GEN"))
    refused(cec, RegisterDecision(session="SES-2026-001", item=1), "has not been voted on")
    number = hold(cec, S2, [("decision", 9)])
    refused(cec, RegisterDecision(session=number, item=1, normative=True), "a normative act is adopted on")


def test_decision_numbers_are_gap_free_per_year_and_in_date_order(acts: Any) -> None:
    assert decision(acts, "DEC-2026-0003").adopted_on == S2
    # A decision of the earlier session registered late cannot take a number after the 24 March decision.
    refused(acts, RegisterDecision(session="SES-2026-001", item=4),
            "DEC-2026-0003 is already registered on 2026-03-24, so a DEC registration cannot be "
            "dated 2026-03-10, earlier")
    late = hold(acts, date(2026, 3, 31), [("decision", 9)])
    run(acts, RegisterDecision(session=late, item=1))
    assert decision(acts, "DEC-2026-0004").session == late


def test_publication_and_the_state_register(acts: Any) -> None:
    run(acts, PublishAct(decision="DEC-2026-0002", medium="official gazette", on=date(2026, 3, 15),
                         reference="No. 12"))
    refused(acts, PublishAct(decision="DEC-2026-0002", medium="official gazette", on=date(2026, 3, 16)),
            "was already published in the official gazette on 2026-03-15")
    refused(acts, PublishAct(decision="DEC-2026-0002", medium="newspaper", on=date(2026, 3, 16)), "unknown medium")
    refused(acts, PublishAct(decision="DEC-2026-0002", on=date(2026, 3, 9)), "cannot precede the adoption")
    refused(acts, SendToStateRegister(decision="DEC-2026-0001", on=S2), "DEC-2026-0001 is not a normative act")
    refused(acts, RecordStateRegistration(decision="DEC-2026-0002", registration_number="SR-1", on=S2),
            "has not been sent to the State Register")
    run(acts, SendToStateRegister(decision="DEC-2026-0002", on=date(2026, 3, 12)))
    refused(acts, SendToStateRegister(decision="DEC-2026-0002", on=date(2026, 3, 13)), "was already sent")
    refused(acts, RecordStateRegistration(decision="DEC-2026-0002", registration_number="SR-1",
                                          on=date(2026, 3, 11)), "cannot precede the sending")
    run(acts, RecordStateRegistration(decision="DEC-2026-0002", registration_number="SR-2026-77", on=S2))
    assert decision(acts, "DEC-2026-0002").state_register["number"] == "SR-2026-77"


def test_an_act_cannot_be_amended_by_an_earlier_act(acts: Any) -> None:
    refused(acts, AmendAct(act="DEC-2026-0003", by="DEC-2026-0002", effective=S2, summary="x"),
            "an act cannot be amended by an earlier act: DEC-2026-0002 of 2026-03-10 is older than DEC-2026-0003")
    refused(acts, AmendAct(act="DEC-2026-0002", by="DEC-2026-0001", effective=S2, summary="x"),
            "DEC-2026-0001 is not a normative act")
    refused(acts, AmendAct(act="DEC-2026-0002", by="DEC-2026-0003", effective=S1, summary="x"),
            "cannot take effect (2026-03-10) before the amending act is adopted (2026-03-24)")
    run(acts, AmendAct(act="DEC-2026-0002", by="DEC-2026-0003", effective=date(2026, 4, 1), summary="art. 2"))
    act = decision(acts, "DEC-2026-0002")
    assert act.amendments == [{"by": "DEC-2026-0003", "effective": date(2026, 4, 1), "summary": "art. 2"}]
    assert decision(acts, "DEC-2026-0003").amends == ["amends DEC-2026-0002"]


def test_repeal_ends_the_act_in_force(acts: Any) -> None:
    run(acts, RepealAct(act="DEC-2026-0002", by="DEC-2026-0003", effective=date(2026, 5, 1)))
    act = decision(acts, "DEC-2026-0002")
    assert act.in_force_on(date(2026, 4, 30)) and not act.in_force_on(date(2026, 5, 1))
    refused(acts, AmendAct(act="DEC-2026-0002", by="DEC-2026-0003", effective=date(2026, 5, 2), summary="x"),
            "was repealed by DEC-2026-0003")


def test_extracts_are_numbered_and_certified(acts: Any) -> None:
    refused(acts, IssueExtract(decision="DEC-2026-0001", requester="Court", issued_on=date(2026, 3, 9),
                               certified_by="C1"), "cannot precede the decision")
    refused(acts, IssueExtract(decision="DEC-2026-0001", requester="Court", issued_on=S2, certified_by="ZZ"),
            "no employee with personnel number 'ZZ'")
    run(acts, IssueExtract(decision="DEC-2026-0001", requester="District court", purpose="case 1", issued_on=S2,
                           certified_by="C1"))
    x = acts.find(extract_id("EXT-2026-0001"))
    assert isinstance(x, Extract) and x.certified_by == "C1 Clerk One" and x.decision == "DEC-2026-0001"
    assert decision(acts, "DEC-2026-0001").extracts == 1
    refused(acts, IssueExtract(decision="DEC-2099-0001", requester="X", issued_on=S2, certified_by="C1"),
            "no decision numbered DEC-2099-0001")


def _draft(app: Any, kind: str = "general order", on: date = S1) -> str:
    return run(app, DraftOrder(order_kind=kind, order_title="On the election calendar", unit="GEN",
                               drafted_on=on)).message.split()[1]


def test_an_order_cannot_be_signed_without_the_law_departments_visa(cec: Any) -> None:
    run(cec, AddUser(user="chief", role="head"))
    draft = _draft(cec)
    assert draft == "DRF-2026-0001"
    refused(cec, SignOrder(order=draft, on=S1), "is draft: an order cannot be signed without the Law department's "
            "visa", user="chief")
    run(cec, SubmitOrder(order=draft, on=S1))
    refused(cec, VisaOrder(order=draft, lawyer="C1", on=S1), "works in GEN, not in the Law department")
    run(cec, ReturnOrder(order=draft, lawyer="L1", remarks="cite the article", on=S1))
    assert order(cec, draft).status == "returned"
    refused(cec, SignOrder(order=draft, on=S1), "is returned: an order cannot be signed without", user="chief")
    run(cec, SubmitOrder(order=draft, on=date(2026, 3, 11)))
    run(cec, VisaOrder(order=draft, lawyer="L1", opinion="lawful", on=date(2026, 3, 11)))
    run(cec, AddUser(user="clerk", role="clerk"))
    with pytest.raises(NotPermitted):  # the Chairman signs
        run(cec, SignOrder(order=draft, on=date(2026, 3, 12)), user="clerk")
    refused(cec, SignOrder(order=draft, on=S1), "signature (2026-03-10) cannot precede the visa", user="chief")
    run(cec, SignOrder(order=draft, on=date(2026, 3, 12)), user="chief")
    o = order(cec, draft)
    assert (o.status, o.number, o.signed_on) == ("registered", "ORD-2026-0001", date(2026, 3, 12))
    assert order(cec, "ORD-2026-0001").id == o.id  # found by its registered number too


def test_order_series_are_separate_and_in_date_order(cec: Any) -> None:
    run(cec, AddUser(user="chief", role="head"))
    for kind, on in (("personnel order", S1), ("general order", S1), ("personnel order", S2)):
        draft = _draft(cec, kind, on)
        run(cec, SubmitOrder(order=draft, on=on))
        run(cec, VisaOrder(order=draft, lawyer="L1", on=on))
        run(cec, SignOrder(order=draft, on=on), user="chief")
    assert order(cec, "PER-2026-0002").signed_on == S2 and order(cec, "ORD-2026-0001").order_kind == "general order"
    late = _draft(cec, "personnel order", S1)
    run(cec, SubmitOrder(order=late, on=S1))
    run(cec, VisaOrder(order=late, lawyer="L1", on=S1))
    refused(cec, SignOrder(order=late, on=date(2026, 3, 23)),
            "PER-2026-0002 is already registered on 2026-03-24, so a PER registration cannot be "
            "dated 2026-03-23, earlier", user="chief")
    run(cec, SignOrder(order=late, on=S2), user="chief")
    assert order(cec, "PER-2026-0003").draft == late


def _personnel_order(app: Any, on: date) -> str:
    if app.user("chief") is None:
        run(app, AddUser(user="chief", role="head"))
    draft = _draft(app, "personnel order", on)
    run(app, SubmitOrder(order=draft, on=on))
    run(app, VisaOrder(order=draft, lawyer="L1", on=on))
    return run(app, SignOrder(order=draft, on=on), user="chief").message.split()[-1]


def test_personnel_movements_cite_a_signed_personnel_order(cec: Any) -> None:
    run(cec, EstablishPosition(unit="GEN", code="CLERK2", position_title="Clerk"))
    run(cec, EstablishPosition(unit="GEN", code="CLERK3", position_title="Clerk"))
    hire = {"number": "C2", "full_name": "New Clerk", "employment_type": "permanent", "unit": "GEN",
            "position": "CLERK2", "effective": S2}
    refused(cec, HireEmployee(**hire), "the hire must cite its order")
    refused(cec, HireEmployee(**hire, order="PER-2026-0001"), "no registered order numbered PER-2026-0001")
    draft = _draft(cec, "personnel order")
    refused(cec, HireEmployee(**hire, order=draft), "is draft, not signed")
    general = _draft(cec, "general order")
    run(cec, SubmitOrder(order=general, on=S1))
    run(cec, VisaOrder(order=general, lawyer="L1", on=S1))
    run(cec, AddUser(user="chief", role="head"))
    run(cec, SignOrder(order=general, on=S1), user="chief")
    refused(cec, HireEmployee(**hire, order="ORD-2026-0001"), "ORD-2026-0001 is a general order, not a personnel")
    number = _personnel_order(cec, S1)
    refused(cec, HireEmployee(**{**hire, "effective": date(2026, 3, 9)}, order=number),
            "cannot take effect before its order PER-2026-0001 is signed (2026-03-10)")
    run(cec, HireEmployee(**hire, order=number))
    e = cec.find(employee_id("C2"))
    assert isinstance(e, Employee) and e.card[0].endswith("order PER-2026-0001 of 2026-03-10")
    second = _personnel_order(cec, S2)
    run(cec, TransferEmployee(number="C2", unit="GEN", position="CLERK3", order=second, effective=S2))
    run(cec, InitiateSeparation(number="C2", kind="resignation", last_day=date(2026, 4, 30), order=second),
        reason="leaves")
    assert cec.find(employee_id("C2")).separation["order"] == "PER-2026-0002"


def test_execution_control_uses_the_working_calendar(acts: Any) -> None:
    run(acts, DeclareHoliday(day=date(2026, 3, 20), holiday_name="Novruz"))
    run(acts, AssignExecution(record="DEC-2026-0001", unit="GEN", instruction="inform the commissions", on=S1,
                              working_days=8))
    d = decision(acts, "DEC-2026-0001")
    assert d.control["GEN"]["due"] == date(2026, 3, 23)  # 8 working days, the holiday skipped
    assert d.under_control and d.controlled_until == date(2026, 3, 23)
    refused(acts, AssignExecution(record="DEC-2026-0001", unit="GEN", instruction="x", on=S1),
            "GEN already executes decision DEC-2026-0001")
    refused(acts, AssignExecution(record="DEC-2026-0001", unit="LEGAL", instruction="x", on=date(2026, 3, 1)),
            "cannot be assigned (2026-03-01) before its date (2026-03-10)")
    run(acts, AssignExecution(record="DEC-2026-0001", unit="LEGAL", instruction="opinion", on=S1, working_days=20))
    refused(acts, ReportExecution(record="DEC-2026-0001", unit="SEC", on=S2, report="done"),
            "SEC is not an executing unit of decision DEC-2026-0001; executing units: GEN, LEGAL")
    run(acts, ReportExecution(record="DEC-2026-0001", unit="GEN", on=S2, report="letters sent"))
    refused(acts, ReportExecution(record="DEC-2026-0001", unit="GEN", on=S2, report="again"), "already reported")
    d = decision(acts, "DEC-2026-0001")
    assert d.under_control and d.controlled_until == d.control["LEGAL"]["due"]
    run(acts, ReportExecution(record="DEC-2026-0001", unit="LEGAL", on=S2, report="given"))
    assert not decision(acts, "DEC-2026-0001").under_control


def test_only_a_signed_order_is_put_under_control(cec: Any) -> None:
    draft = _draft(cec)
    refused(cec, AssignExecution(record=draft, unit="GEN", instruction="x", on=S1), "only a signed order is executed")
    number = _personnel_order(cec, S1)
    run(cec, AssignExecution(record=number, unit="GEN", instruction="apply", on=S1))
    assert order(cec, number).under_control
