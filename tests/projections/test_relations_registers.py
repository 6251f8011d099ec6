"""The registers and reports of foreign relations and of media and outreach (projections/delegations.py,
media.py) on both stores: rows as the events left them, interpreters' bookings released on cancellation, campaign
reach by province, findings by decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain import delegations as d
from domain import media as m
from domain.organisation import EstablishPosition, EstablishUnit, ScheduleElection
from domain.personnel import HireEmployee
from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers

D = date


@pytest.fixture
def registers(app: Any) -> Any:
    commands: list[Any] = [
        EstablishUnit(code="EXT", unit_name="External relations", kind="department"),
        EstablishUnit(code="PO-KAB", unit_name="Kabul", kind="provincial"),
        EstablishUnit(code="PO-HER", unit_name="Herat", kind="provincial"),
        ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=D(2026, 9, 1)),
        EstablishPosition(unit="EXT", code="INT", position_title="Interpreter"),
        HireEmployee(number="INT1", full_name="Sima", employment_type="permanent", unit="EXT", position="INT",
                     order_number="1", order_date=D(2026, 1, 1), effective=D(2026, 1, 2)),
        d.PlanVisit(organisation="CEC [/x]", country="AZ", arrives=D(2026, 3, 8), departs=D(2026, 3, 11),
                    programme="Meetings", members="Head"),
        d.PlanVisit(organisation="ODIHR", country="PL", arrives=D(2026, 4, 8), departs=D(2026, 4, 11),
                    programme="Meetings", members="Head"),
        d.AssignInterpreter(visit="DEL-2026-00001", employee="INT1"),
        d.AssignInterpreter(visit="DEL-2026-00002", employee="INT1"),
        d.RecordMeeting(visit="DEL-2026-00001", held_on=D(2026, 3, 9), counterpart="Chairman", participants="All",
                        discussion="Training"),
        d.ReceiveGift(visit="DEL-2026-00001", description="Book", value=Decimal("20.50")),
        d.PlanTripAbroad(election="PE26", member="Karimi", destination="Baku", purpose="Conference",
                         departs=D(2026, 5, 1), returns=D(2026, 5, 4)),
        m.DraftRelease(release_title="Voter list", text="Published", unit="EXT", drafted_on=D(2026, 5, 1)),
        m.HoldPressEvent(held_on=D(2026, 5, 2), place="Media centre", topic="Voter list", speakers="Spokesperson",
                         media_present=12),
        m.RecordFinding(observed_on=D(2026, 6, 1), outlet="Tolo", material="poll", subject="x", finding="y"),
        m.RecordFinding(observed_on=D(2026, 6, 2), outlet="1TV", material="poll", subject="x", finding="y"),
        m.DecideFinding(finding="MON-2026-00001", decision="warning", on=D(2026, 6, 3), reasons="r"),
        m.LaunchCampaign(code="VOTE", election="PE26", campaign_title="Vote", provinces="PO-KAB, PO-HER",
                         messages="How", channels="radio, posters", starts=D(2026, 6, 1), ends=D(2026, 8, 31)),
        m.ReportReach(campaign="VOTE", province="PO-KAB", on=D(2026, 7, 1), channel="radio", people=500),
        m.ReportReach(campaign="VOTE", province="PO-KAB", on=D(2026, 8, 1), channel="radio", people=300),
        m.ReportReach(campaign="VOTE", province="PO-HER", on=D(2026, 8, 1), channel="posters", people=100),
    ]
    for command in commands:
        app.handle(command, user="admin")
    app.handle(d.CancelVisit(visit="DEL-2026-00002", on=D(2026, 4, 1)), user="admin", reason="postponed")
    found = Registers(app)
    found.setup()
    found.catch_up()
    yield found
    found.close()


def rows(registers: Any, name: str) -> dict[str, dict[str, Any]]:
    return {r.get("number") or r.get("code"): r for r in read_register(registers.db, registers.conn, name)}


def report(registers: Any, name: str, **params: str) -> Any:
    return run_report(ReportContext(registers.db, registers.conn, D(2026, 11, 1), params=params), name, ["clerk"])


def test_delegations_meetings_and_bookings(registers: Any) -> None:
    found = rows(registers, "delegations")
    first, second, trip = found["DEL-2026-00001"], found["DEL-2026-00002"], found["TRA-2026-00001"]
    assert (first["organisation"], first["status"], first["meetings"], first["gifts_value"], first["interpreters"]) \
        == ("CEC [/x]", "held", 1, 2050, "Sima (INT1)")
    assert (second["status"], trip["direction"], trip["country"]) == ("cancelled", "trip abroad", "Baku")
    assert list(rows(registers, "meetings")) == ["DEL-2026-00001/1"]
    booked = report(registers, "interpreter-bookings")
    assert [r[0] for r in booked.rows] == ["DEL-2026-00001"]  # the cancelled visit released its interpreter


def test_press_findings_campaigns(registers: Any) -> None:
    press = rows(registers, "press")
    assert (press["PR-2026-00001"]["status"], press["PEV-2026-00001"]["kind"]) == ("draft", "press event")
    findings = rows(registers, "media-monitoring")
    assert (findings["MON-2026-00001"]["decision"], findings["MON-2026-00002"]["decision"]) == ("warning", None)
    assert rows(registers, "campaigns")["VOTE"]["reached"] == 900
    assert report(registers, "campaign-reach", campaign="vote").rows == [("PO-HER", "posters", 100),
                                                                       ("PO-KAB", "radio", 800)]
    assert report(registers, "monitoring-findings", year="2026").rows == [("(awaiting decision)", "poll", 1),
                                                                          ("warning", "poll", 1)]
