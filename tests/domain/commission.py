"""A small Commission for the sessions, acts and legal tests: units (General, Law), a lawyer and a clerk, the
central commission with nine members (quorum 6; simple majority 5, two-thirds 6) and an election with an
accredited journalist (P1) and an accredited party agent (A1)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.errors import Refused
from domain.organisation import (
    AppointMember,
    EstablishCentralCommission,
    EstablishPosition,
    EstablishUnit,
    ScheduleElection,
)
from domain.parties import RegisterParty
from domain.personnel import HireEmployee
from domain.sessions import AddAgendaItem, CloseSession, ConveneSession, MarkAttendance, OpenSession, Vote
from domain.stakeholders import AccreditIndividual, AccreditOrganisation, ApplyIndividual, ApplyOrganisation

D = date(2026, 3, 2)  # a Monday
MEMBERS = ["Chair", "Deputy", "Secretary", "M4", "M5", "M6", "M7", "M8", "M9"]


def run(app: Any, command: Any, user: str = "admin", reason: str = "test") -> Any:
    return app.handle(command, user=user, reason=reason)


def refused(app: Any, command: Any, message: str, user: str = "admin", reason: str = "test") -> None:
    head = app.head()
    with pytest.raises(Refused) as e:
        run(app, command, user, reason)
    assert message in str(e.value), str(e.value)
    assert app.head() == head  # nothing recorded


def setup_commission(app: Any) -> Any:
    for code, name, kind in (("SEC", "Secretariat", "office"), ("GEN", "General department", "department"),
                             ("LEGAL", "Law department", "department")):
        run(app, EstablishUnit(code=code, unit_name=name, kind=kind, parent=None if code == "SEC" else "SEC"))
    run(app, EstablishPosition(unit="LEGAL", code="ADVISER", position_title="Legal adviser"))
    run(app, EstablishPosition(unit="GEN", code="CLERK", position_title="Clerk"))
    run(app, HireEmployee(number="L1", full_name="Lawyer One", employment_type="permanent", unit="LEGAL",
                          position="ADVISER", order_number="2020/1", order_date=date(2020, 1, 1),
                          effective=date(2020, 1, 1)))
    run(app, HireEmployee(number="C1", full_name="Clerk One", employment_type="permanent", unit="GEN",
                          position="CLERK", order_number="2020/2", order_date=date(2020, 1, 1),
                          effective=date(2020, 1, 1)))
    run(app, EstablishCentralCommission(commission_name="Central Election Commission"))
    for n, member in enumerate(MEMBERS):
        role = ("chair", "deputy chair", "secretary")[n] if n < 3 else "member"
        run(app, AppointMember(election="CEC", constituency=0, member=member, role=role))
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                              voting_day=date(2026, 9, 20)))
    run(app, RegisterParty(code="PTY", party_name="Party", registration_number="MOJ-1", registered_on=date(2010, 1, 1),
                           leader="Leader", address="Kabul"))  # a party applies only from the register of parties
    for code, kind, doc, name in (("TV1", "media", "P1", "Journalist"), ("PTY", "political party", "A1", "Agent")):
        run(app, ApplyOrganisation(election="PE26", code=code, organisation_name=code, kind=kind, applied_on=D))
        run(app, AccreditOrganisation(election="PE26", organisation=code, decided_on=D))
        run(app, ApplyIndividual(election="PE26", organisation=code, document=doc, full_name=name, applied_on=D))
        run(app, AccreditIndividual(election="PE26", document=doc, badge=f"B-{doc}", valid_from=D,
                                    valid_until=date(2026, 12, 31)))
    return app


def hold(app: Any, on: date, items: list[tuple[str, int]], absent: dict[str, str] | None = None,
         close: bool = True) -> str:
    """A session on that day: items of these kinds with that many votes for, the rest against; every member present
    but those absent (with their reasons); closed unless told otherwise. Its number."""
    absent = absent or {}
    result = run(app, ConveneSession(held_on=on, place="Hall", chair="Chair"))
    number = result.message.split()[2]
    for n, (kind, _) in enumerate(items, start=1):
        run(app, AddAgendaItem(session=number, item_title=f"Item {n}", item_kind=kind, unit="GEN"))
    for member in MEMBERS:
        status = "absent" if member in absent else "present"
        run(app, MarkAttendance(session=number, member=member, status=status, reason=absent.get(member, "")))
    run(app, OpenSession(session=number, on=on))
    for n, (_, votes) in enumerate(items, start=1):
        run(app, Vote(session=number, item=n, votes_for=votes, against=len(MEMBERS) - len(absent) - votes))
    if close:
        run(app, CloseSession(session=number, on=on))
    return number
