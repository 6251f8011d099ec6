"""Organisation rules (domain/organisation.py): unit codes, kinds and the parent hierarchy, renaming
and dissolving units, staff-table positions, elections, and lower commissions with their members.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import Result, Secretariat
from domain.commands import Command
from domain.errors import Refused
from domain.organisation import (
    AbolishPosition,
    AppointMember,
    Commission,
    DissolveCommission,
    DissolveUnit,
    Election,
    EstablishCommission,
    EstablishPosition,
    EstablishUnit,
    RemoveMember,
    RenameUnit,
    ScheduleElection,
    Unit,
    commission_id,
    election_id,
    unit_id,
)

DAY = date(2025, 6, 1)
ELECTION = "PRES25"


def run(app: Secretariat, command: Command, reason: str = "test") -> Result:
    return app.handle(command, user="admin", reason=reason)


def refused(app: Secretariat, command: Command, match: str, reason: str = "test") -> None:
    """The command is refused with a message matching `match`, and nothing is recorded."""
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, reason=reason)
    assert app.head() == head


def unit(app: Secretariat, code: str, kind: str = "department", parent: str | None = None) -> Unit:
    run(app, EstablishUnit(code=code, unit_name=f"Unit {code}", kind=kind, parent=parent))
    found = app.find(unit_id(code))
    assert isinstance(found, Unit)
    return found


def unit_of_kind(app: Secretariat, kind: str) -> str:
    """A unit of the given kind, under a department when it cannot stand at the top."""
    parent = None
    if kind == "sector":
        parent = unit(app, "DEP").code
    return unit(app, kind.upper(), kind, parent).code


def dissolve_unit(app: Secretariat, code: str) -> None:
    run(app, DissolveUnit(code=code, effective=DAY))


def position(app: Secretariat, unit_code: str, code: str) -> None:
    run(app, EstablishPosition(unit=unit_code, code=code, position_title=f"Post {code}"))


def election(app: Secretariat, code: str = ELECTION) -> None:
    run(app, ScheduleElection(code=code, election_name="Presidential", kind="presidential", voting_day=DAY))


def establish(constituency: int, precinct: int | None = None,
              election: str = ELECTION) -> EstablishCommission:
    return EstablishCommission(election=election, constituency=constituency, precinct=precinct,
                               commission_name=f"Commission {constituency}/{precinct}")


def commission(app: Secretariat, constituency: int, precinct: int | None = None) -> None:
    run(app, establish(constituency, precinct))


def dissolve_commission(constituency: int, precinct: int | None = None) -> DissolveCommission:
    return DissolveCommission(election=ELECTION, constituency=constituency, precinct=precinct, effective=DAY)


def appoint(member: str, role: str = "member") -> AppointMember:
    return AppointMember(election=ELECTION, constituency=1, member=member, role=role)


def members(app: Secretariat) -> dict[str, str]:
    found = app.find(commission_id(ELECTION, 1))
    assert isinstance(found, Commission)
    return found.members


# ---- units --------------------------------------------------------------------------------------

def test_unit_code_is_upper_cased(app: Secretariat) -> None:
    assert unit(app, " hr-1 ").code == "HR-1"


@pytest.mark.parametrize("code", ["", "-HR", "H R", "H_R", "X" * 25])
def test_unit_code_format_is_checked(app: Secretariat, code: str) -> None:
    refused(app, EstablishUnit(code=code, unit_name="Unit", kind="department"), "unit code .* must be 1-24")


def test_unit_code_is_unique(app: Secretariat) -> None:
    unit(app, "HR")
    refused(app, EstablishUnit(code="hr", unit_name="Other", kind="office"),
            "a unit with code HR already exists")


def test_unknown_unit_kind_is_refused(app: Secretariat) -> None:
    refused(app, EstablishUnit(code="HR", unit_name="HR", kind="bureau"), "unknown unit kind 'bureau'")


@pytest.mark.parametrize(("kind", "parent_kind"), [
    ("sector", "department"), ("department", None), ("department", "office"), ("department", "deputy"),
    ("deputy", "office"), ("provincial", None), ("provincial", "deputy"), ("office", None),
])
def test_allowed_parents(app: Secretariat, kind: str, parent_kind: str | None) -> None:
    parent = unit_of_kind(app, parent_kind) if parent_kind else None
    assert unit(app, "NEW", kind, parent).kind == kind
    if parent:
        found = app.find(unit_id(parent))
        assert isinstance(found, Unit) and found.subunits == {unit_id("NEW")}


@pytest.mark.parametrize(("kind", "parent_kind", "match"), [
    ("sector", None, "a sector cannot stand at the top; allowed: department"),
    ("sector", "office", "a sector cannot stand under an office"),
    ("sector", "sector", "a sector cannot stand under a sector"),
    ("department", "sector", "a department cannot stand under a sector"),
    ("department", "department", "a department cannot stand under a department"),
    ("office", "office", "an office cannot stand under an office; allowed: top"),
    ("deputy", "deputy", "a deputy office cannot stand under a deputy office"),
    ("provincial", "department", "a provincial office cannot stand under a department"),
])
def test_refused_parents(app: Secretariat, kind: str, parent_kind: str | None, match: str) -> None:
    parent = unit_of_kind(app, parent_kind) if parent_kind else None
    refused(app, EstablishUnit(code="NEW", unit_name="New", kind=kind, parent=parent), match)


def test_unknown_parent_is_refused(app: Secretariat) -> None:
    refused(app, EstablishUnit(code="NEW", unit_name="New", kind="sector", parent="NOPE"),
            "no unit with code 'NOPE'")


def test_a_dissolved_parent_gets_no_new_units(app: Secretariat) -> None:
    unit(app, "DEP")
    dissolve_unit(app, "DEP")
    refused(app, EstablishUnit(code="NEW", unit_name="New", kind="sector", parent="DEP"),
            "parent unit DEP is dissolved")


def test_rename_a_unit(app: Secretariat) -> None:
    unit(app, "HR")
    run(app, RenameUnit(code="HR", unit_name="  Human Resources "))
    found = app.find(unit_id("HR"))
    assert isinstance(found, Unit) and found.name == "Human Resources"


@pytest.mark.parametrize(("name", "match"), [("Unit HR", "unit HR is already named 'Unit HR'"),
                                             ("   ", "name is required"),
                                             ("two\nlines", "name must be a single line")])
def test_rename_refuses_a_bad_name(app: Secretariat, name: str, match: str) -> None:
    unit(app, "HR")
    refused(app, RenameUnit(code="HR", unit_name=name), match)


def test_rename_refuses_a_dissolved_unit(app: Secretariat) -> None:
    unit(app, "HR")
    dissolve_unit(app, "HR")
    refused(app, RenameUnit(code="HR", unit_name="Human Resources"), "unit HR is dissolved")


def test_dissolve_needs_a_reason(app: Secretariat) -> None:
    unit(app, "HR")
    refused(app, DissolveUnit(code="HR", effective=DAY), "'units.dissolve' needs a reason", reason="")


def test_dissolve_waits_for_sub_units_and_positions(app: Secretariat) -> None:
    unit(app, "DEP")
    unit(app, "SEC", "sector", "DEP")
    position(app, "DEP", "P1")
    refused(app, DissolveUnit(code="DEP", effective=DAY), "unit DEP still has 1 sub-unit")
    dissolve_unit(app, "SEC")
    refused(app, DissolveUnit(code="DEP", effective=DAY), "unit DEP still has 1 position")
    run(app, AbolishPosition(unit="DEP", code="P1", effective=DAY))
    dissolve_unit(app, "DEP")
    found = app.find(unit_id("DEP"))
    assert isinstance(found, Unit) and not found.active
    refused(app, DissolveUnit(code="DEP", effective=DAY), "unit DEP is already dissolved")


# ---- positions ----------------------------------------------------------------------------------

def test_position_is_unique_per_unit(app: Secretariat) -> None:
    unit(app, "HR")
    unit(app, "IT")
    position(app, "HR", "P1")
    position(app, "IT", "P1")
    refused(app, EstablishPosition(unit="hr", code="p1", position_title="Again"),
            "position HR/P1 already exists")


def test_position_refused_in_a_dissolved_unit(app: Secretariat) -> None:
    unit(app, "HR")
    dissolve_unit(app, "HR")
    refused(app, EstablishPosition(unit="HR", code="P1", position_title="Post"), "unit HR is dissolved")


def test_abolish_position_needs_a_reason(app: Secretariat) -> None:
    unit(app, "HR")
    position(app, "HR", "P1")
    refused(app, AbolishPosition(unit="HR", code="P1", effective=DAY), "'positions.abolish' needs a reason",
            reason="")


# ---- elections ----------------------------------------------------------------------------------

def test_election_code_is_unique(app: Secretariat) -> None:
    election(app)
    refused(app, ScheduleElection(code=ELECTION.lower(), election_name="Again", kind="referendum",
                                  voting_day=DAY), f"an election with code {ELECTION} already exists")


def test_unknown_election_kind_is_refused(app: Secretariat) -> None:
    refused(app, ScheduleElection(code="X1", election_name="X", kind="royal", voting_day=DAY),
            "unknown election kind 'royal'")


def test_voting_day_is_a_date(app: Secretariat) -> None:
    fields = {"code": "P25", "election_name": "Presidential", "kind": "presidential"}
    with pytest.raises(Refused, match=r"elections.schedule: .*date"):
        app.command("elections.schedule", {**fields, "voting_day": "first of June"})
    run(app, app.command("elections.schedule", {**fields, "voting_day": "2025-06-01"}))
    found = app.find(election_id("P25"))
    assert isinstance(found, Election) and found.voting_day == DAY


# ---- commissions --------------------------------------------------------------------------------

def test_commission_needs_an_existing_election(app: Secretariat) -> None:
    refused(app, establish(1, election="NOPE"), "no election with code 'NOPE'")


def test_precinct_needs_its_constituency_commission(app: Secretariat) -> None:
    election(app)
    refused(app, establish(1, 7), f"constituency 1 has no commission in {ELECTION}")
    commission(app, 1)
    commission(app, 1, 7)
    found = app.find(commission_id(ELECTION, 1))
    assert isinstance(found, Commission) and found.precincts == {commission_id(ELECTION, 1, 7)}


def test_precinct_refused_under_a_dissolved_constituency(app: Secretariat) -> None:
    election(app)
    commission(app, 1)
    run(app, dissolve_commission(1))
    refused(app, establish(1, 7), f"constituency commission {ELECTION}/001 is dissolved")


@pytest.mark.parametrize("precinct", [None, 7])
def test_duplicate_commission_is_refused(app: Secretariat, precinct: int | None) -> None:
    election(app)
    commission(app, 1)
    if precinct:
        commission(app, 1, precinct)
    refused(app, establish(1, precinct), "that commission already exists")


def test_a_constituency_with_live_precincts_cannot_be_dissolved(app: Secretariat) -> None:
    election(app)
    commission(app, 1)
    commission(app, 1, 7)
    refused(app, dissolve_commission(1), f"{ELECTION}/001 still has 1 precinct commission")
    run(app, dissolve_commission(1, 7))
    run(app, dissolve_commission(1))


# ---- commission members -------------------------------------------------------------------------

@pytest.fixture
def with_commission(app: Secretariat) -> Secretariat:
    """The app with election PRES25 and its constituency 1 commission."""
    election(app)
    commission(app, 1)
    return app


def test_a_member_is_appointed_once(with_commission: Secretariat) -> None:
    app = with_commission
    run(app, appoint("Ana Novak"))
    refused(app, appoint(" Ana Novak ", "secretary"), f"Ana Novak is already a member of {ELECTION}/001")


def test_one_chair_but_many_members(with_commission: Secretariat) -> None:
    app = with_commission
    run(app, appoint("Ana", "chair"))
    refused(app, appoint("Ben", "chair"), f"commission {ELECTION}/001 already has a chair")
    run(app, appoint("Cid"))
    run(app, appoint("Dan"))
    assert members(app) == {"Ana": "chair", "Cid": "member", "Dan": "member"}


def test_unknown_member_role_is_refused(with_commission: Secretariat) -> None:
    refused(with_commission, appoint("Ana", "treasurer"), "unknown member role 'treasurer'")


def test_removing_a_non_member_is_refused(with_commission: Secretariat) -> None:
    app = with_commission
    refused(app, RemoveMember(election=ELECTION, constituency=1, member="Ana"),
            f"Ana is not a member of {ELECTION}/001")


def test_removing_a_member_needs_a_reason(with_commission: Secretariat) -> None:
    app = with_commission
    run(app, appoint("Ana"))
    remove = RemoveMember(election=ELECTION, constituency=1, member="Ana")
    refused(app, remove, "'commissions.remove' needs a reason", reason=" ")
    run(app, remove, reason="resigned")
    assert members(app) == {}


def test_a_dissolved_commission_takes_no_members(with_commission: Secretariat) -> None:
    app = with_commission
    run(app, dissolve_commission(1))
    refused(app, appoint("Ana"), f"commission {ELECTION}/001 is dissolved")
