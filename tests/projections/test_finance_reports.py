"""The finance and stakeholder reports (projections/finance.py REPORTS), on both stores: budget execution,
allocations vs transfers, outstanding reports and refunds flagged overdue against the day given, financial
statements by month, quarter and year, the accredited list without expired badges, the parties' filing matrix
with late reports; parameters checked; and `secretariat report NAME --json --today D` on the command line."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from domain import finance as f
from domain import parties as pt
from domain import stakeholders as s
from domain.errors import Refused
from domain.organisation import EstablishCommission, ScheduleElection
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.identity import act_as
from tui.cli.main import main

DAY = date(2026, 5, 1)
LINE = f.line_code(2026, "STATE", "2211", "PEC")


def history(app: Any) -> None:
    for command in (
        ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=date(2026, 9, 1)),
        EstablishCommission(election="PE26", constituency=1, commission_name="C1"),
        EstablishCommission(election="PE26", constituency=2, commission_name="C2"),
        f.OpenBudget(year=2026, source="STATE", budget_title="State"),
        f.AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC", amount=D("1000.00")),
        f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="1"),
        f.RegisterBankAccount(commission="PE26/002", bank="DAB", account_number="2"),
        # 0001: transferred, report not submitted (due 2026-10-01)
        f.Allocate(line=LINE, commission="PE26/001", amount=D("300.00"), allocated_on=DAY,
                   report_due=date(2026, 10, 1)),
        f.Transfer(allocation="AL-2026-STATE-0001", amount=D("300.00"), payment_order="PO-1", value_date=DAY),
        # 0002: verified with 50.00 to refund by 2026-11-30 (verified 2026-10-31)
        f.Allocate(line=LINE, commission="PE26/002", amount=D("200.00"), allocated_on=DAY,
                   report_due=date(2026, 10, 1)),
        f.Transfer(allocation="AL-2026-STATE-0002", amount=D("150.00"), payment_order="PO-2",
                   value_date=date(2026, 7, 2)),
        f.SubmitSpendingReport(allocation="AL-2026-STATE-0002", spent=D("100.00"), submitted_on=date(2026, 10, 1)),
        f.VerifySpendingReport(allocation="AL-2026-STATE-0002", accepted=D("100.00"), verified_on=date(2026, 10, 31)),
        f.RecordRefund(allocation="AL-2026-STATE-0002", amount=D("0.50"), received_on=date(2026, 11, 2),
                       reference="TR-1"),
        f.RegisterDonorProject(code="UNDP-1", project_title="ELECT", donor="UNDP", agreement="A", amount=D("900"),
                               starts=date(2026, 1, 1), ends=date(2027, 1, 1)),
        f.ReceiveTranche(project="UNDP-1", amount=D("400.00"), received_on=date(2026, 2, 1)),
        s.ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE", kind="international observers",
                            applied_on=DAY),
        s.AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=DAY),
        s.ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="Ann", applied_on=DAY),
        s.ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="Bob", applied_on=DAY),
        s.AccreditIndividual(election="PE26", document="P1", badge="B1", valid_from=DAY, valid_until=date(2026, 9, 5)),
        s.AccreditIndividual(election="PE26", document="P2", badge="B2", valid_from=DAY, valid_until=date(2026, 8, 1)),
        pt.RegisterParty(code="PDA", party_name="P", registration_number="MOJ-1", registered_on=date(2010, 1, 1),
                         leader="L", address="Kabul"),
        pt.RegisterParty(code="PRG", party_name="Q", registration_number="MOJ-2", registered_on=date(2010, 1, 1),
                         leader="L", address="Kabul"),
        s.ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)),
        s.ExpectPartyReport(party="PRG", year=2025, due=date(2026, 3, 31)),
        s.SubmitPartyReport(party="PRG", year=2025, on=date(2026, 3, 1)),
    ):
        app.handle(command, user="admin")


@pytest.fixture
def reports(app: Any) -> Any:
    history(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()

    def build(name: str, today: date = date(2026, 11, 15), **params: str) -> Any:
        ctx = ReportContext(registers.db, registers.conn, today, params=params)
        return run_report(ctx, name, ["clerk"])

    yield build
    registers.close()


def test_budget_execution_by_line(reports: Any) -> None:
    r = reports("budget-execution", year="2026")
    assert r.columns[:7] == ("line", "budget", "allocated", "transferred", "verified", "refunded", "balance")
    assert r.rows[0] == (LINE, 100000, 50000, 45000, 10000, 50, 50000, 45) and r.bars == "executed"
    assert r.cell("executed", 45) == "45%" and r.as_dicts()[0]["executed"] == 45  # JSON: a number, no glyphs
    assert reports("budget-execution", year="2027").rows == []
    with pytest.raises(Refused, match="year must be a number"):
        reports("budget-execution", year="soon")


def test_allocations_vs_transfers_per_commission(reports: Any) -> None:
    r = reports("allocations-vs-transfers", election="pe26")
    assert [row[:5] for row in r.rows] == [("PE26/001", 1, 30000, 30000, 0), ("PE26/002", 1, 20000, 15000, 5000)]


def test_overdue_reports_and_refunds_are_flagged_against_the_day(reports: Any) -> None:
    before = reports("outstanding-reports-and-refunds", today=date(2026, 9, 30))
    assert [(r[0], r[2], r[4], r[5]) for r in before.rows] == [
        ("AL-2026-STATE-0001", "spending report", 30000, ""), ("AL-2026-STATE-0002", "refund", 4950, "")]
    after = reports("outstanding-reports-and-refunds", today=date(2026, 12, 1))
    assert [(r[0], r[3], r[5]) for r in after.rows] == [
        ("AL-2026-STATE-0001", "2026-10-01", "OVERDUE"), ("AL-2026-STATE-0002", "2026-11-30", "OVERDUE")]


def test_financial_statements_by_period(reports: Any) -> None:
    q = reports("financial-statement", period="quarter", year="2026")
    assert [row[0] for row in q.rows] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    # read from the ledger: transfers, verified spending, refunds and donor money as they were posted
    assert q.columns[1:7] == ("funds_received", "transferred", "verified", "refunded", "donor_received", "donor_paid")
    assert q.rows[1][1:3] == (0, 30000) and q.rows[0][5] == 40000
    y = reports("financial-statement", period="year", year="2026")
    assert y.rows == [("2026", 0, 45000, 10000, 50, 40000, 0, 0, 0)]
    assert len(reports("financial-statement", year="2026").rows) == 5  # months with postings
    with pytest.raises(Refused, match="period must be one of month, quarter, year"):
        reports("financial-statement", period="week")
    # with no year: the latest year with movements up to the day read, not an empty current year
    assert reports("financial-statement", today=date(2028, 1, 5), period="year").rows == y.rows
    assert reports("financial-statement", today=date(2025, 1, 5), period="year").rows == []


def test_the_accredited_list_leaves_out_expired_badges(reports: Any) -> None:
    r = reports("accredited-list", today=date(2026, 8, 15), election="PE26")
    assert [row[3:5] for row in r.rows] == [("Ann", "B1")] and "1 expired" in r.notes[0]
    assert len(reports("accredited-list", today=date(2026, 7, 1)).rows) == 2


def test_party_filings_matrix_marks_late_reports(reports: Any) -> None:
    early = reports("party-filings", today=date(2026, 3, 15))
    assert early.columns == ("party", "2025") and early.rows == [("PDA", "expected"), ("PRG", "submitted")]
    late = reports("party-filings", today=date(2026, 4, 1))
    assert late.rows == [("PDA", "expected (late)"), ("PRG", "submitted")]


def test_unknown_parameters_are_refused(reports: Any) -> None:
    with pytest.raises(Refused, match="takes no parameter colour"):
        reports("party-filings", colour="red")


def test_report_on_the_command_line_as_json_for_a_given_day(store_url: str, capsys: pytest.CaptureFixture[str],
                                                            app: Any) -> None:
    history(app)
    act_as(store_url, "admin")
    s_ = ["--store", store_url, "--user", "admin"]
    assert main([*s_, "report"]) == 0
    names = capsys.readouterr().out.split()
    assert {"budget-execution", "outstanding-reports-and-refunds", "accredited-list", "party-filings"} <= set(names)
    assert main([*s_, "report", "outstanding-reports-and-refunds", "--json", "--today", "2026-12-01"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [
        {"allocation": "AL-2026-STATE-0001", "commission": "PE26/001", "outstanding": "spending report",
         "due": "2026-10-01", "amount": "300.00", "overdue": "OVERDUE"},
        {"allocation": "AL-2026-STATE-0002", "commission": "PE26/002", "outstanding": "refund",
         "due": "2026-11-30", "amount": "49.50", "overdue": "OVERDUE"}]


@pytest.mark.parametrize(("register", "words", "count"), [
    ("budget", "year:2026 source:state", 1), ("budget", "year:2027", 0),
    ("allocations", "due:2026-10-01 election:pe26", 1), ("allocations", "due:2026-09-30", 0),
    ("allocations", "commission:PE26/002 report:verified", 1),
    ("accreditations", "expired:2026-08-15", 1), ("accreditations", "level:organisation status:accredited", 1),
    ("party-reports", "late:2026-04-01", 1), ("party-reports", "year:2025 status:submitted", 1),
    ("donor-projects", "status:active currency:usd", 1),
])
def test_filter_words(app: Any, register: str, words: str, count: int) -> None:
    from projections.paging import RegisterQuery
    from projections.registers import register as find_register

    history(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        query = RegisterQuery(registers.db, registers.conn, find_register(register), filter=words)
        assert query.count() == count
    finally:
        registers.close()
