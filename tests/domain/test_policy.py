"""Who may do and see what, in the domain: office scope on commands (a provincial user acts only on their
office's units, posts, letters and appeals; headquarters and auditors everywhere), the read policy's
answers (registers, log, export, records), and the two-person rule for money paid out above the
administrator's threshold (awaiting approval, approved or rejected by a second user, never by the maker)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.access import (
    AWAITING,
    AddUser,
    ApprovePayment,
    PendingPayment,
    RejectPayment,
    SetClearance,
    SetThreshold,
    office_scope,
)
from domain.application import Secretariat
from domain.correspondence import ReceiveDocument, SendDocument
from domain.errors import NotPermitted, Refused
from domain.finance import (
    AddBudgetLine,
    Allocate,
    Allocation,
    OpenBudget,
    RegisterBankAccount,
    Transfer,
    allocation_id,
)
from domain.organisation import EstablishCommission, EstablishPosition, EstablishUnit, ScheduleElection, unit_id
from domain.readpolicy import (
    CONFIDENTIAL,
    event_view,
    export_refusal,
    log_refusal,
    reader,
    record_refusal,
    register_refusal,
)

DAY = date(2026, 5, 1)
A1 = "AL-2026-STATE-0001"


@pytest.fixture
def offices(app: Secretariat) -> Secretariat:
    """HQ (SEC) with a finance department; the Kandahar and Balkh provincial offices, Kandahar with a
    sub-unit; a clerk of each province, a clerk of finance (HQ) and an auditor."""
    for command in (
        EstablishUnit(code="SEC", unit_name="Secretariat", kind="office"),
        EstablishUnit(code="FIN", unit_name="Finance", kind="department", parent="SEC"),
        EstablishUnit(code="KDH", unit_name="Kandahar", kind="provincial", parent="SEC"),
        EstablishUnit(code="BLK", unit_name="Balkh", kind="provincial", parent="SEC"),
        AddUser(user="kclerk", role="clerk", office="KDH"),
        AddUser(user="bclerk", role="clerk", office="BLK"),
        AddUser(user="fclerk", role="clerk", office="FIN"),
        AddUser(user="audra", role="auditor", office="KDH"),
    ):
        app.handle(command, user="admin")
    return app


def _user(app: Secretariat, name: str):
    found = app.user(name)
    assert found is not None
    return found


def test_office_scope_is_the_provincial_office_and_its_units(offices: Secretariat) -> None:
    scope = office_scope(_user(offices, "kclerk"), offices.find)
    assert scope == {"KDH"}
    assert office_scope(_user(offices, "fclerk"), offices.find) is None  # headquarters: every unit
    assert office_scope(_user(offices, "audra"), offices.find) is None  # auditors: every unit
    assert office_scope(_user(offices, "admin"), offices.find) is None


def test_a_provincial_clerk_acts_only_on_their_offices_records(offices: Secretariat) -> None:
    offices.handle(ReceiveDocument(received_on=DAY, sender="Balkh PEC", subject="Ballots"), user="bclerk")
    letter = "INC-2026-00001"
    head = offices.head()
    with pytest.raises(NotPermitted, match="kclerk works for KDH and acts only on its office's records; "
                                           "this document belongs to BLK"):
        offices.handle(SendDocument(sent_on=DAY, addressee="Balkh PEC", subject="Re: ballots", in_reply_to=letter),
                       user="kclerk")
    assert offices.head() == head
    offices.handle(SendDocument(sent_on=DAY, addressee="Balkh PEC", subject="Interim", in_reply_to=letter,
                              control="keep"), user="bclerk")
    offices.handle(SendDocument(sent_on=DAY, addressee="Balkh PEC", subject="Re: ballots", in_reply_to=letter),
                   user="fclerk")  # a headquarters clerk acts for any office
    with pytest.raises(NotPermitted, match=r"kadmin works for KDH .* belongs to BLK"):  # an office administrator too
        offices.handle(AddUser(user="kadmin", role="administrator", office="KDH"), user="admin")
        offices.handle(EstablishPosition(unit="BLK", code="DIR", position_title="Director"), user="kadmin")
    offices.handle(EstablishPosition(unit="KDH", code="DIR", position_title="Director"), user="kadmin")


def test_the_read_policy_answers_for_registers_log_export_and_records(offices: Secretariat) -> None:
    kclerk = reader(_user(offices, "kclerk"), offices.find)
    audra = reader(_user(offices, "audra"), offices.find)
    admin = reader(_user(offices, "admin"), offices.find)
    assert register_refusal(kclerk, "register users", {"auditor", "administrator"}) == \
        "register users is for administrator, auditor; kclerk is clerk"
    assert register_refusal(audra, "register users", {"auditor", "administrator"}) is None
    assert log_refusal(kclerk) and log_refusal(audra) is None
    assert "not cleared" in (export_refusal(audra) or "")
    assert "exports are for auditors and administrators" in (export_refusal(kclerk) or "")
    offices.handle(SetClearance(user="audra", clearance="confidential"), user="admin")
    assert export_refusal(reader(_user(offices, "audra"), offices.find)) is None
    assert event_view(kclerk, True, {"subject": "X"}, "why") == (CONFIDENTIAL, CONFIDENTIAL)
    assert event_view(kclerk, False, {"subject": "X"}, "why") == ({"subject": "X"}, "why")
    balkh = offices.find(unit_id("BLK"))
    assert record_refusal(kclerk, balkh, "BLK") == \
        "record BLK belongs to BLK; kclerk sees only their own office's records"
    assert record_refusal(admin, balkh, "BLK") is None and record_refusal(audra, balkh, "BLK") is None


# ---- the two-person rule -------------------------------------------------------------------------------------

@pytest.fixture
def money(offices: Secretariat) -> Secretariat:
    """An allocation of 900.00 to PE26/001 with a bank account; a threshold of 100.00; finance clerks."""
    for command in (
        ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary", voting_day=date(2026, 9, 1)),
        EstablishCommission(election="PE26", constituency=1, commission_name="ConEC 1"),
        OpenBudget(year=2026, source="STATE", budget_title="State budget"),
        AddBudgetLine(year=2026, source="state", economic_code="2211", cost_centre="pec", amount=D("1000.00")),
        Allocate(line="2026-STATE-2211-PEC", commission="PE26/001", amount=D("900.00"), allocated_on=DAY,
                 report_due=date(2026, 10, 1)),
        RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
        AddUser(user="fclerk2", role="clerk", office="FIN"),
        SetThreshold(amount=D("100.00")),
    ):
        offices.handle(command, user="admin")
    return offices


def _transferred(app: Secretariat) -> D:
    found = app.find(allocation_id(A1))
    assert isinstance(found, Allocation)
    return found.transferred


def test_a_payment_above_the_threshold_waits_for_a_second_user(money: Secretariat) -> None:
    result = money.handle(Transfer(allocation=A1, amount=D("500.00"), payment_order="PO-1", value_date=DAY),
                          user="fclerk")
    assert "awaiting approval by a second user" in result.message and _transferred(money) == 0
    [entry] = [r for r in (money.find(i) for i in result.outcome.record_ids) if isinstance(r, PendingPayment)]
    assert entry.status == AWAITING and entry.maker == "fclerk" and entry.amount == D("500.00")
    head = money.head()
    with pytest.raises(Refused, match="fclerk entered this payment and cannot approve or reject it"):
        money.handle(ApprovePayment(entry=str(entry.id)), user="fclerk")
    with pytest.raises(NotPermitted, match="auditors can read everything but change nothing"):
        money.handle(ApprovePayment(entry=str(entry.id)), user="audra")
    assert money.head() == head
    approved = money.handle(ApprovePayment(entry=str(entry.id)), user="fclerk2")
    assert "approved by fclerk2" in approved.message and _transferred(money) == D("500.00")
    with pytest.raises(Refused, match="already approved"):
        money.handle(ApprovePayment(entry=str(entry.id)), user="admin")


def test_a_payment_at_or_below_the_threshold_is_made_at_once_and_rules_are_checked_on_entry(
        money: Secretariat) -> None:
    money.handle(Transfer(allocation=A1, amount=D("100.00"), payment_order="PO-1", value_date=DAY), user="fclerk")
    assert _transferred(money) == D("100.00")
    head = money.head()
    with pytest.raises(Refused, match="exceeds the untransferred balance"):  # refused now, not on approval
        money.handle(Transfer(allocation=A1, amount=D("5000.00"), payment_order="PO-2", value_date=DAY),
                     user="fclerk")
    assert money.head() == head


def test_a_rejected_payment_is_never_made_and_the_threshold_is_an_event(money: Secretariat) -> None:
    result = money.handle(Transfer(allocation=A1, amount=D("500.00"), payment_order="PO-1", value_date=DAY),
                          user="fclerk")
    entry = str(result.outcome.record_ids[0])
    with pytest.raises(Refused, match="needs a reason"):
        money.handle(RejectPayment(entry=entry), user="fclerk2")
    money.handle(RejectPayment(entry=entry), user="fclerk2", reason="wrong account")
    assert _transferred(money) == 0
    with pytest.raises(Refused, match="already rejected"):
        money.handle(ApprovePayment(entry=entry), user="admin")
    with pytest.raises(NotPermitted, match="needs administrator"):
        money.handle(SetThreshold(amount=D("1000.00")), user="fclerk")
    money.handle(SetThreshold(amount=D("1000.00")), user="admin")
    money.handle(Transfer(allocation=A1, amount=D("500.00"), payment_order="PO-2", value_date=DAY), user="fclerk")
    assert _transferred(money) == D("500.00")


def test_a_batch_never_slips_a_large_payment_past_the_rule(money: Secretariat) -> None:
    head = money.head()
    with pytest.raises(Refused, match="two-person threshold"):
        money.handle_many([(Transfer(allocation=A1, amount=D("500.00"), payment_order="PO-1", value_date=DAY),
                            "", "fclerk")], user="admin", command_id_prefix="bulk-1")
    assert money.head() == head


def test_a_provincial_clerk_hires_and_sends_on_trips_only_their_offices_staff(offices: Secretariat) -> None:
    from domain.personnel import HireEmployee, PlanTrip

    for unit in ("KDH", "BLK"):
        offices.handle(EstablishPosition(unit=unit, code="DIR", position_title="Director"), user="admin")
    hire = {"full_name": "A. Karimi", "employment_type": "permanent", "position": "DIR", "order_number": "O-1",
            "order_date": DAY, "effective": DAY}
    with pytest.raises(NotPermitted, match="this position belongs to BLK"):
        offices.handle(HireEmployee(number="E1", unit="BLK", **hire), user="kclerk")
    offices.handle(HireEmployee(number="E1", unit="BLK", **hire), user="bclerk")
    offices.handle(HireEmployee(number="E2", unit="KDH", **hire), user="kclerk")
    trip = {"destination": "Kabul", "start": date(2026, 6, 1), "end": date(2026, 6, 3), "purpose": "training"}
    head = offices.head()
    with pytest.raises(NotPermitted, match=r"kclerk works for KDH .* this employee belongs to BLK"):
        offices.handle(PlanTrip(warrant="W-1", number="E1", **trip), user="kclerk")
    assert offices.head() == head
    offices.handle(PlanTrip(warrant="W-1", number="E2", **trip), user="kclerk")
