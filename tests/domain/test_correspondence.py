"""Correspondence registry rules: gap-free numbers per series and year, resolutions with calendar due dates,
execution, reply links (a reply ends the control of the letter it answers), filing, disposal under an approved
act, confidential hand-over against a receipt."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError, RecordConflictError

from domain.access import AddUser
from domain.calendar import DeclareHoliday, SetWeekend
from domain.commands import Context
from domain.correspondence import (
    ApproveDisposalAct,
    DisposalAct,
    DisposeDocument,
    Document,
    DraftDisposalAct,
    FileDocument,
    HandOverDocument,
    ReceiveDocument,
    RegistrationCounter,
    ReportExecution,
    ResolveDocument,
    ReturnDocument,
    SendDocument,
    act_id,
    counter_id,
    document_id,
    outgoing_document,
)
from domain.errors import NotPermitted, Refused
from domain.organisation import DissolveUnit, EstablishPosition, EstablishUnit
from domain.personnel import Employee, HireEmployee, employee_id

D = date(2026, 3, 2)  # a Monday


def run(app: Any, command: Any, user: str = "admin", reason: str = "") -> Any:
    return app.handle(command, user=user, reason=reason)


def refused(app: Any, command: Any, message: str, user: str = "admin", reason: str = "") -> None:
    head = app.head()
    with pytest.raises(Refused) as e:
        run(app, command, user, reason)
    assert message in str(e.value)
    assert app.head() == head  # nothing recorded


def doc(app: Any, number: str) -> Document:
    found = app.find(document_id(number))
    assert isinstance(found, Document)
    return found


def letter(app: Any, on: date = D, subject: str = "Ballot papers", **kw: Any) -> str:
    command = ReceiveDocument(received_on=on, sender="Ministry of Justice", subject=subject, **kw)
    return run(app, command).message.split()[0]


@pytest.fixture
def org(app: Any) -> Any:
    run(app, EstablishUnit(code="HQ", unit_name="Office", kind="office"))
    run(app, EstablishUnit(code="GEN", unit_name="General department", kind="department", parent="HQ"))
    run(app, AddUser(user="clerk", role="clerk", office="GEN"))
    return app


def test_numbers_are_gap_free_per_series_and_year(org: Any) -> None:
    assert letter(org) == "INC-2026-00001"
    refused(org, ReceiveDocument(received_on=D, sender="  ", subject="x"), "sender is required")
    assert letter(org) == "INC-2026-00002"  # the refused registration took no number
    assert run(org, SendDocument(sent_on=D, addressee="Ministry", subject="Reply")).message.startswith("OUT-2026-00001")
    assert letter(org, on=date(2025, 12, 30)) == "INC-2025-00001"
    assert letter(org, classification="confidential", subject="") == "CONF-2026-00001"
    assert letter(org) == "INC-2026-00003"


def test_numbers_have_one_shape_a_year_in_range_and_an_end(org: Any) -> None:
    refused(org, ReceiveDocument(received_on=date(1850, 1, 2), sender="M", subject="x"), "year 1850 is out of range")
    refused(org, ReportExecution(document="letter 5", on=D, report="x"), "must look like INC-2026-00001")
    counter = RegistrationCounter._create(RegistrationCounter.Opened, id=counter_id("INC", 2026), series="INC",
                                          year=2026, envelope=None)
    counter.last = 99_999
    with pytest.raises(Refused, match="series INC has run out of numbers for 2026"):
        counter.issue(D, None)  # type: ignore[arg-type]


def test_numbers_follow_the_dates_within_a_series_and_year(org: Any) -> None:
    assert letter(org, on=date(2026, 1, 23)) == "INC-2026-00001"
    refused(org, ReceiveDocument(received_on=date(2026, 1, 8), sender="M", subject="x"),
            "INC-2026-00001 is already registered on 2026-01-23, so a INC registration cannot be dated 2026-01-08")
    assert letter(org, on=date(2026, 1, 23)) == "INC-2026-00002"  # the same day is in order
    assert letter(org, on=date(2025, 12, 1)) == "INC-2025-00001"  # another year: its own order
    assert run(org, SendDocument(sent_on=date(2026, 1, 8), addressee="M", subject="x")).message.startswith(
        "OUT-2026-00001")  # another series: its own order
    refused(org, ReceiveDocument(received_on=date(2026, 1, 22), sender="M", subject="x"), "cannot be dated")
    assert letter(org, on=date(2026, 2, 1)) == "INC-2026-00003"


def test_two_registrations_at_once_cannot_take_one_number(org: Any) -> None:
    letter(org)
    envelope = org._envelope(org.user("admin").id, "admin", "administrator", None, "", "c1", "x", None, None)
    first, second = Context(org.find, envelope), Context(org.find, envelope)
    ReceiveDocument(received_on=D, sender="A", subject="a").execute(first)
    ReceiveDocument(received_on=D, sender="B", subject="b").execute(second)
    org.save(*first.changed())
    with pytest.raises((IntegrityError, RecordConflictError)):
        org.save(*second.changed())  # the counter (and the number) was taken meanwhile
    assert doc(org, "INC-2026-00002").correspondent == "A"
    assert org.find(document_id("INC-2026-00003")) is None


def test_registration_needs_sender_subject_and_a_known_classification(org: Any) -> None:
    refused(org, ReceiveDocument(received_on=D, sender="Ministry", subject=" "),
            "subject is required (only a confidential letter")
    refused(org, ReceiveDocument(received_on=D, sender="Ministry", subject="x", classification="secret"),
            "unknown classification")
    refused(org, ReceiveDocument(received_on=D, sender="M", subject="x", their_date=date(2026, 3, 5)),
            "after the registration date")
    # A confidential letter is logged unopened: no subject needed, and it is sealed and confidential.
    number = letter(org, classification="confidential", subject="")
    assert doc(org, number).sealed and doc(org, number).confidential and doc(org, number).series == "CONF"


def test_resolution_by_the_chairman_with_a_due_date_from_the_calendar(org: Any) -> None:
    number = letter(org)
    run(org, DeclareHoliday(day=date(2026, 3, 4), holiday_name="Holiday"))
    refused(org, ResolveDocument(document=number, unit="GEN", instruction="Prepare a reply", on=D), "may not run",
            user="clerk")
    refused(org, ResolveDocument(document=number, unit="XX", instruction="Reply", on=D), "no unit with code 'XX'")
    refused(org, ResolveDocument(document=number, unit="GEN", instruction=" ", on=D), "instruction is required")
    run(org, ResolveDocument(document=number, unit="GEN", instruction="Prepare a reply", on=D, working_days=3))
    d = doc(org, number)
    assert d.status == "under control" and d.unit == "GEN"
    assert d.due == date(2026, 3, 6)  # Tue 3, (Wed 4 holiday), Thu 5, Fri 6
    # The due date is stored: a later calendar change does not move it, even on replay.
    run(org, SetWeekend(weekend="thu,fri"), reason="weekend changed")
    assert doc(org, number).due == date(2026, 3, 6)
    out = run(org, SendDocument(sent_on=D, addressee="Ministry", subject="Reply")).message.split()[0]
    refused(org, ResolveDocument(document=out, unit="GEN", instruction="x", on=D), "only incoming documents")


def test_dates_cannot_precede_the_registration_and_units_must_be_active(org: Any) -> None:
    number = letter(org)
    before = date(2026, 3, 1)
    refused(org, ResolveDocument(document=number, unit="GEN", instruction="Reply", on=before),
            "a resolution cannot precede the registration")
    run(org, EstablishUnit(code="OLD", unit_name="Old unit", kind="department", parent="HQ"))
    run(org, DissolveUnit(code="OLD", effective=D), reason="reorganised")
    refused(org, ResolveDocument(document=number, unit="OLD", instruction="Reply", on=D), "unit OLD is dissolved")
    run(org, ResolveDocument(document=number, unit="GEN", instruction="Reply", on=D))
    refused(org, ReportExecution(document=number, on=before, report="Done"), "execution cannot precede")
    refused(org, FileDocument(document=letter(org), case_file="C-1", on=before), "filing cannot precede")


def test_execution_is_reported_only_under_control(org: Any) -> None:
    number = letter(org)
    refused(org, ReportExecution(document=number, on=D, report="done"), "only a document under control")
    run(org, ResolveDocument(document=number, unit="GEN", instruction="Reply", on=D))
    run(org, ReportExecution(document=number, on=D, report="Reply sent"), user="clerk")
    assert doc(org, number).status == "executed" and doc(org, number).executed_on == D
    refused(org, ResolveDocument(document=number, unit="GEN", instruction="Again", on=D),
            "it can no longer be resolved")


def test_reply_links_the_outgoing_letter_to_the_incoming_one(org: Any) -> None:
    number = letter(org)
    reply = SendDocument(sent_on=D, addressee="Ministry", subject="Reply", in_reply_to=number)
    out = run(org, reply).message.split()[0]
    assert doc(org, out).reply_to == number and doc(org, number).replies == [out]
    refused(org, SendDocument(sent_on=D, addressee="M", subject="x", in_reply_to=out), "a reply answers an incoming")
    refused(org, SendDocument(sent_on=date(2026, 3, 1), addressee="M", subject="x", in_reply_to=number),
            "cannot precede the letter it answers")
    refused(org, SendDocument(sent_on=D, addressee="M", subject="x", in_reply_to="INC-2026-00099"),
            "no document numbered INC-2026-00099")


def test_a_reply_ends_the_control_of_the_letter_it_answers_unless_interim(org: Any) -> None:
    number = letter(org)
    run(org, ResolveDocument(document=number, unit="GEN", instruction="Reply", on=D))
    later = date(2026, 3, 4)
    interim = run(org, SendDocument(sent_on=D, addressee="M", subject="Interim", in_reply_to=number, control="keep"))
    assert "stays under control" in interim.message
    assert doc(org, number).status == "under control"
    refused(org, SendDocument(sent_on=D, addressee="M", subject="x", in_reply_to=number, control="maybe"),
            "control must be 'end'")
    final = run(org, SendDocument(sent_on=later, addressee="M", subject="Reply", in_reply_to=number))
    out = final.message.split()[0]
    assert "which is now executed" in final.message
    answered = doc(org, number)
    assert answered.status == "executed" and answered.executed_on == later
    assert answered.execution == f"answered by reply {out}" and len(answered.replies) == 2
    run(org, FileDocument(document=number, case_file="01-04/2026", on=later))  # no separate execution report
    unresolved = letter(org, on=later)  # a reply to a letter never put under control only links it
    run(org, SendDocument(sent_on=later, addressee="M", subject="Reply", in_reply_to=unresolved))
    assert doc(org, unresolved).status == "registered"


def test_filing_waits_for_execution(org: Any) -> None:
    number = letter(org)
    run(org, ResolveDocument(document=number, unit="GEN", instruction="Reply", on=D))
    refused(org, FileDocument(document=number, case_file="01-04/2026", on=D), "report its execution before filing")
    run(org, ReportExecution(document=number, on=D, report="Reply sent"))
    run(org, FileDocument(document=number, case_file="01-04/2026", on=D))
    assert doc(org, number).case_file == "01-04/2026"
    refused(org, FileDocument(document=number, case_file="01-05/2026", on=D), "already filed")


def test_disposal_only_under_an_approved_act(org: Any) -> None:
    number = letter(org)
    run(org, DraftDisposalAct(act="DA-1/2026", drafted_on=D, basis="Retention period of 5 years ended"))
    refused(org, DraftDisposalAct(act="da-1/2026", drafted_on=D, basis="Again"),
            "disposal act DA-1/2026 already exists")
    refused(org, DisposeDocument(document=number, act="DA-1/2026", on=D), "needs a reason")
    refused(org, DisposeDocument(document=number, act="DA-1/2026", on=D), "not approved", reason="retention ended")
    refused(org, ApproveDisposalAct(act="DA-1/2026", on=D), "may not run", user="clerk")
    refused(org, ApproveDisposalAct(act="DA-1/2026", on=date(2026, 3, 1)), "approval cannot precede the draft")
    run(org, ApproveDisposalAct(act="DA-1/2026", on=D))
    refused(org, ApproveDisposalAct(act="DA-1/2026", on=D), "is already approved")
    refused(org, DisposeDocument(document=number, act="DA-1/2026", on=D), "only filed documents",
            reason="retention ended")
    run(org, FileDocument(document=number, case_file="01-04/2026", on=D))
    refused(org, DisposeDocument(document=number, act="DA-9", on=D), "no disposal act", reason="retention ended")
    refused(org, DisposeDocument(document=number, act="DA-1/2026", on=date(2026, 3, 1)),
            "disposal cannot precede the act's approval", reason="retention ended")
    run(org, DisposeDocument(document=number, act="DA-1/2026", on=D), reason="retention ended")
    assert doc(org, number).status == "disposed" and doc(org, number).disposal_act == "DA-1/2026"
    act = org.find(act_id("DA-1/2026"))
    assert isinstance(act, DisposalAct) and act.documents == 1 and act.case_files == ["01-04/2026"]
    refused(org, FileDocument(document=number, case_file="x", on=D), "was disposed of")
    out = run(org, SendDocument(sent_on=D, addressee="M", subject="Circular")).message.split()[0]
    run(org, FileDocument(document=out, case_file="01-04/2026", on=D))
    run(org, DisposeDocument(document=out, act="DA-1/2026", on=D), reason="retention ended")
    envelope = org._envelope(org.user("admin").id, "admin", "administrator", None, "", "c1", "x", None, None)
    with pytest.raises(Refused, match=f"response {out} was disposed of"):
        outgoing_document(Context(org.find, envelope), out, "response")  # no appeal is answered with it


def _employee(app: Any, number: str) -> None:
    run(app, EstablishPosition(unit="GEN", code=f"P{number}", position_title="Specialist"))
    run(app, HireEmployee(number=number, full_name=f"Employee {number}", employment_type="permanent", unit="GEN",
                          position=f"P{number}", order_number="12", order_date=D, effective=D))


def test_confidential_documents_are_handed_over_only_against_a_receipt(org: Any) -> None:
    _employee(org, "E1")
    _employee(org, "E2")
    number = letter(org, classification="confidential", subject="")
    refused(org, HandOverDocument(document=number, employee="E1", receipt=" ", on=D), "receipt number is required")
    refused(org, HandOverDocument(document=number, employee="E9", receipt="R-1", on=D), "no employee")
    refused(org, HandOverDocument(document=number, employee="E1", receipt="R-1", on=date(2026, 3, 1)),
            "E1 was hired on 2026-03-02; no document can be dated 2026-03-01")
    run(org, HandOverDocument(document=number, employee="E1", receipt="R-1", on=D))
    d = doc(org, number)
    assert d.holder == "E1" and d.receipt == "R-1" and not d.sealed
    held = org.find(employee_id("E1"))
    assert isinstance(held, Employee) and held.holdings[d.id.hex]["kind"] == "document"
    refused(org, HandOverDocument(document=number, employee="E2", receipt="R-2", on=D), "must be returned first")
    refused(org, FileDocument(document=number, case_file="C-1", on=D), "returned before filing")
    refused(org, ReturnDocument(document=number, employee="E2", on=D), "not E2")
    run(org, ReturnDocument(document=number, employee="E1", on=D))
    assert doc(org, number).holder is None and not org.find(employee_id("E1")).holdings
    ordinary = letter(org)
    refused(org, HandOverDocument(document=ordinary, employee="E1", receipt="R-3", on=D), "not confidential")
    refused(org, ReturnDocument(document=number, employee="E1", on=D), "is not handed over to anyone")
    run(org, FileDocument(document=number, case_file="00-CONF", on=D))
    refused(org, HandOverDocument(document=number, employee="E1", receipt="R-4", on=D), "is filed in 00-CONF")
    run(org, DraftDisposalAct(act="DA-2/2026", drafted_on=D, basis="Retention period ended"))
    run(org, ApproveDisposalAct(act="DA-2/2026", on=D))
    run(org, DisposeDocument(document=number, act="DA-2/2026", on=D), reason="retention ended")
    refused(org, HandOverDocument(document=number, employee="E1", receipt="R-5", on=D), "was disposed of")


def test_confidential_documents_are_hidden_from_uncleared_readers(org: Any) -> None:
    from projections.registers import read_register
    from projections.reports import ReportContext, run_report
    from projections.runner import Registers

    letter(org)
    secret = letter(org, classification="confidential", subject="Sealed envelope")
    registers = Registers(org)
    registers.setup()
    registers.catch_up()
    try:
        seen = {r["number"] for r in read_register(registers.db, registers.conn, "correspondence", cleared=False)}
        assert seen == {"INC-2026-00001"}
        everything = {r["number"] for r in read_register(registers.db, registers.conn, "correspondence")}
        assert secret in everything
        for cleared, expected in ((False, 1), (True, 2)):
            ctx = ReportContext(registers.db, registers.conn, D, cleared)
            assert len(run_report(ctx, "incoming-journal", ["clerk"]).rows) == expected
    finally:
        registers.close()
    assert doc(org, secret).confidential


def test_a_clerk_cannot_approve_or_an_auditor_register(org: Any) -> None:
    run(org, AddUser(user="audra", role="auditor"))
    with pytest.raises(NotPermitted):
        run(org, ReceiveDocument(received_on=D, sender="M", subject="x"), user="audra")
