"""The registers and reports of the election plan, the register of parties and candidates' files
(projections/plan.py, parties.py, candidates.py), on both stores: rows as the events left them, filter words,
lateness and deadlines read against the day given, and the reports on the command line."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from domain import candidates as c
from domain import parties as pt
from domain import plan as p
from domain.organisation import EstablishCommission, EstablishUnit, ScheduleElection
from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.identity import bootstrap_here
from tui.cli.main import main

D = date
E = {"election": "PE26"}


def history(app: Any) -> None:
    commands: list[Any] = [
        ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=D(2026, 9, 1)),
        EstablishCommission(election="PE26", constituency=1, commission_name="Kabul"),
        EstablishCommission(election="PE26", constituency=2, commission_name="Kapisa"),
        EstablishUnit(code="LEGAL", unit_name="Legal", kind="department"),
        p.PlanActivity(**E, code="CALENDAR", activity_title="Calendar [b]", phase="legal framework", unit="LEGAL",
                       starts=D(2026, 1, 5), ends=D(2026, 1, 20), legal=True),
        p.PlanActivity(**E, code="NOMINATION", activity_title="Nominations", phase="candidates", unit="LEGAL",
                       starts=D(2026, 5, 1), ends=D(2026, 5, 20), legal=True, depends_on="CALENDAR"),
        p.PlanActivity(**E, code="CANDIDATE-REGISTRATION", activity_title="Registration", phase="candidates",
                       unit="LEGAL", starts=D(2026, 5, 20), ends=D(2026, 6, 15), depends_on="NOMINATION"),
        p.ReportProgress(**E, code="CALENDAR", on=D(2026, 1, 10), percent=50, note="drafted"),
        p.CompleteActivity(**E, code="CALENDAR", on=D(2026, 1, 22)),
        p.ReportProgress(**E, code="NOMINATION", on=D(2026, 5, 5), percent=10),
        pt.RegisterParty(code="PDA", party_name="Party of Democracy", registration_number="MOJ-1",
                         registered_on=D(2010, 1, 5), leader="Ahmadi", address="Kabul"),
        pt.RegisterParty(code="PRG", party_name="Progress [/x]", registration_number="MOJ-2",
                         registered_on=D(2011, 1, 5), leader="Karimi", address="Herat"),
        pt.RegisterParty(code="AWN", party_name="Women's Network", kind="public organisation",
                         registration_number="MOJ-3", registered_on=D(2012, 1, 5), leader="Nazari", address="Kabul"),
        pt.HoldMeeting(party="PDA", held_on=D(2026, 2, 1), subject="Calendar", participants="Ahmadi"),
        pt.HoldMeeting(party="PDA", held_on=D(2025, 12, 1), subject="Rules", participants="Ahmadi"),
        pt.ChangeLeader(party="PRG", leader="Rahimi", on=D(2026, 3, 1)),
        c.NominateCandidate(**E, document="T1", full_name="Zahra", constituency=1, party="PDA",
                            nominated_on=D(2026, 5, 10)),
        c.NominateCandidate(**E, document="T2", full_name="Karim", constituency=1, nominated_on=D(2026, 5, 11)),
        c.NominateCandidate(**E, document="T3", full_name="Hamid", constituency=2, party="PRG",
                            nominated_on=D(2026, 5, 12)),
        c.SubmitSignatures(**E, document="T1", on=D(2026, 5, 21), sheets=40, signatures=1200),
        c.CheckSignatures(**E, document="T1", on=D(2026, 5, 25), sampled=100, valid=95, invalid=5, required=1000),
        c.RegisterCandidate(**E, document="T1", on=D(2026, 6, 1), decision="DEC-2026-0010"),
        c.SubmitSignatures(**E, document="T2", on=D(2026, 5, 21), sheets=20, signatures=700),
        c.CheckSignatures(**E, document="T2", on=D(2026, 5, 25), sampled=100, valid=90, invalid=10, required=1000),
        c.RefuseCandidate(**E, document="T2", on=D(2026, 6, 1), decision="DEC-2026-0011",
                          reasons="an estimated 630 valid signatures of 1000"),
    ]
    for command in commands:
        app.handle(command, user="admin")
    app.handle(pt.DissolveParty(party="AWN", on=D(2026, 4, 1)), user="admin", reason="congress")


@pytest.fixture
def registers(app: Any) -> Any:
    history(app)
    found = Registers(app)
    found.setup()
    found.catch_up()
    yield found
    found.close()


def rows(registers: Any, name: str) -> list[dict[str, Any]]:
    return read_register(registers.db, registers.conn, name)


def report(registers: Any, name: str, today: date, **params: str) -> Any:
    return run_report(ReportContext(registers.db, registers.conn, today, params=params), name, ["clerk"])


def test_the_plan_register(registers: Any) -> None:
    found = {r["code"]: r for r in rows(registers, "election-plan")}
    assert [r["code"] for r in rows(registers, "election-plan")] == ["CALENDAR", "NOMINATION",
                                                                     "CANDIDATE-REGISTRATION"]
    assert (found["CALENDAR"]["status"], found["CALENDAR"]["progress"], found["CALENDAR"]["completed_on"],
            found["CALENDAR"]["title"], found["CALENDAR"]["legal"]) == ("completed", 100, "2026-01-22",
                                                                       "Calendar [b]", "legal deadline")
    assert (found["NOMINATION"]["status"], found["NOMINATION"]["progress"],
            found["NOMINATION"]["depends_on"]) == ("in progress", 10, "CALENDAR")


def test_late_and_at_risk_activities_against_the_day(registers: Any) -> None:
    early = report(registers, "plan-late", D(2026, 5, 15))
    assert [(r[1], r[5], r[6], r[7]) for r in early.rows] == [("NOMINATION", 10, 73, "at risk")]
    later = report(registers, "plan-late", D(2026, 5, 25), election="pe26")
    assert [(r[1], r[7], r[8]) for r in later.rows] == [("NOMINATION", "late", 5)]
    assert report(registers, "plan-late", D(2026, 5, 25), election="XX").rows == []


def test_the_register_of_parties_and_meetings(registers: Any) -> None:
    found = {r["code"]: r for r in rows(registers, "parties")}
    assert (found["PDA"]["meetings"], found["PRG"]["leader"], found["PRG"]["name"]) == (2, "Rahimi", "Progress [/x]")
    assert (found["AWN"]["status"], found["AWN"]["ended_on"], found["AWN"]["kind"]) == (
        "dissolved", "2026-04-01", "public organisation")
    meetings = rows(registers, "party-meetings")
    assert [m["code"] for m in meetings] == ["PDA/2", "PDA/1"]  # newest first
    contacts = report(registers, "party-contacts", D(2026, 11, 1), year="2026")
    assert [(r[0], r[3]) for r in contacts.rows] == [("AWN", 0), ("PDA", 1), ("PRG", 0)]
    assert [(r[0], r[3]) for r in report(registers, "party-contacts", D(2026, 11, 1)).rows][1] == ("PDA", 2)


def test_candidates_and_signature_checks(registers: Any) -> None:
    found = {r["document"]: r for r in rows(registers, "candidates")}
    assert (found["T1"]["status"], found["T1"]["estimated_valid"], found["T1"]["decision"]) == (
        "registered", 1140, "DEC-2026-0010")
    assert (found["T2"]["status"], found["T2"]["party"], found["T3"]["status"]) == (
        "refused", "self-nominated", "nominated")
    checks = rows(registers, "signature-checks")
    assert sorted((r["document"], r["result"]) for r in checks) == [("T1", "enough"), ("T2", "not enough")]
    by = report(registers, "candidates-by-constituency", D(2026, 7, 1), election="PE26")
    assert by.rows == [("PE26", 1, 0, 0, 0, 1, 1, 0, 2), ("PE26", 2, 1, 0, 0, 0, 0, 0, 1)]
    refusals = report(registers, "candidate-refusals", D(2026, 7, 1))
    assert [(r[2], r[5]) for r in refusals.rows] == [("T2", "DEC-2026-0011")]


def test_deadlines_near_count_the_candidates_waiting(registers: Any) -> None:
    near = report(registers, "candidate-deadlines", D(2026, 5, 10), days="14")
    assert [(r[1], r[3], r[5]) for r in near.rows] == [("NOMINATION", "2026-05-20", None)]
    later = report(registers, "candidate-deadlines", D(2026, 6, 5))
    assert [(r[1], r[5]) for r in later.rows] == [("CANDIDATE-REGISTRATION", 0)]
    from domain.errors import Refused

    with pytest.raises(Refused, match="days must be a whole number"):
        report(registers, "candidate-deadlines", D(2026, 6, 5), days="soon")


@pytest.mark.parametrize(("register", "words", "count"), [
    ("election-plan", "status:compl", 1), ("election-plan", "late:2026-05-25", 1),
    ("election-plan", "unit:legal phase:cand", 2), ("parties", "status:dissolved", 1),
    ("parties", "kind:public", 1), ("party-meetings", "party:pda month:2026-02", 1),
    ("candidates", "constituency:1 status:reg", 1), ("candidates", "party:PRG", 1),
    ("signature-checks", "result:not", 1),
])
def test_filter_words(registers: Any, register: str, words: str, count: int) -> None:
    from projections.paging import RegisterQuery
    from projections.registers import register as find_register

    query = RegisterQuery(registers.db, registers.conn, find_register(register), filter=words)
    assert query.count() == count


def test_reports_on_the_command_line(store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from domain.application import open_store

    app = open_store(store_url, create=True)
    bootstrap_here(app)  # the command line acts as the authenticated account's user
    history(app)
    app.close()
    code = main(["--store", store_url, "--user", "admin", "report", "candidates-by-constituency", "--json"])
    out = capsys.readouterr().out
    assert code == 0
    assert [json.loads(line)["constituency"] for line in out.splitlines()] == [1, 2]
