"""The reports of the ledger, payroll, leave, personal files and the fixed-asset book, on both stores: trial
balance as of a date, general ledger, cash book, statement of financial position, budget execution by period,
payroll journal, staff cost by unit against the budget line, year to date, payslip, absences, depreciation
schedule, attestations due (cleared readers only); parameters checked; the trial balance on the command line."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from typing import Any

import pytest

from domain import depreciation as dp
from domain import finance as f
from domain import hrfiles as hf
from domain import leave as lv
from domain import ledger as lg
from domain import payroll as pr
from domain.errors import Refused
from domain.shown import english
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.identity import act_as
from tests.projections.test_ledger_property import SETUP, _payroll
from tui.cli.main import main

LINE = f.line_code(2026, "STATE", "2110", "HQ")


def history(app: Any) -> None:
    for item in [*SETUP,
                 f.AddBudgetLine(year=2026, source="STATE", economic_code="2110", cost_centre="HQ",
                                 amount=D("10000")),
                 lg.ReceiveFunds(reference="TR-1", year=2026, amount=D("5000.00"), received_on=date(2026, 1, 2)),
                 f.Transfer(allocation="AL-2026-STATE-0001", amount=D("300.00"), payment_order="PO-1",
                            value_date=date(2026, 2, 5)),
                 f.SubmitSpendingReport(allocation="AL-2026-STATE-0001", spent=D("200"), submitted_on=date(2026, 4, 1)),
                 f.VerifySpendingReport(allocation="AL-2026-STATE-0001", accepted=D("200"),
                                        verified_on=date(2026, 4, 2)),
                 lv.SetEntitlement(kind="annual", employment_type="permanent", days=20, from_year=2026),
                 lv.RequestLeave(number="E1", kind="unpaid", start=date(2026, 2, 2), end=date(2026, 2, 8)),
                 (lv.ApproveLeave(request="E1/2026/1", on=date(2026, 1, 20)), "boss"),
                 dp.RunDepreciation(period="2026-01", run_on=date(2026, 1, 31)),
                 pr.ComputePayroll(period="2026-01", computed_on=date(2026, 1, 25), budget_line=LINE),
                 (pr.ApprovePayroll(run="PAY-2026-01-ALL", approved_on=date(2026, 1, 26)), "boss"),
                 pr.PayPayroll(run="PAY-2026-01-ALL", paid_on=date(2026, 1, 27), reference="PO-P1"),
                 *_payroll(2, "ALL"),
                 hf.OpenPersonalFile(number="E1", full_name="Ann", birth_date=date(1990, 1, 1), birth_place="Kabul",
                                     citizenship="Afghanistan"),
                 hf.RecordAttestation(number="E1", on=date(2026, 3, 1), commission="C", result="fit for the post",
                                      next_on=date(2026, 6, 1))]:
        command, user = item if isinstance(item, tuple) else (item, "admin")
        app.handle(command, user=user, reason="history")


@pytest.fixture
def reports(app: Any) -> Any:
    history(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()

    def report(name: str, today: date = date(2026, 12, 31), cleared: bool = True, **params: str) -> Any:
        ctx = ReportContext(registers.db, registers.conn, today, cleared=cleared, params=params)
        return run_report(ctx, name, ["clerk"])

    yield report
    registers.close()


def test_trial_balance_as_of_dates(reports: Any) -> None:
    end = reports("trial-balance")
    assert end.notes[0].endswith(": balances")
    balances = {r[0]: (r[4], r[5]) for r in end.rows}
    # 960 laptop bought in July 2025 over 36 months: August to December caught up, and January: 6 x 26.67
    assert balances["1500"] == (96000, 0) and balances["1590"] == (0, 16000)
    assert balances["1310"] == (10000, 0) and balances["EXP-2211"] == (20000, 0)
    early = reports("trial-balance", as_of="2026-01-02")
    assert {r[0] for r in early.rows} == {"1100", "1500", "4100", "8100", "8200"}  # allocations committed
    assert {r[0]: r[4] - r[5] for r in early.rows}["1100"] == 500000 - 96000  # released less the laptop
    with pytest.raises(Refused, match="as_of must be a date like 2026-06-30"):
        reports("trial-balance", as_of="yesterday")


def test_general_ledger_and_cash_book_keep_running_balances(reports: Any) -> None:
    gl = reports("general-ledger", account="1310")
    assert [(r[4], r[5], r[6]) for r in gl.rows] == [(30000, 0, 30000), (0, 20000, 10000)]
    assert gl.rows[0][7] == "Allocation.Transferred"
    cash = reports("cash-book", **{"from": "2026-01-01"})
    assert english(cash.rows[0][3]) == "state budget funds of 2026 released" and cash.rows[0][7] == -96000 + 500000
    assert "opening -960.00" in cash.notes[0]
    with pytest.raises(Refused, match="not in the chart of accounts"):
        reports("general-ledger", account="7777")
    with pytest.raises(Refused, match="name the account"):
        reports("general-ledger")
    with pytest.raises(Refused, match="the cash book is kept for 1100, 1110"):
        reports("cash-book", account="1310")


def test_financial_position_and_budget_execution(reports: Any) -> None:
    position = reports("financial-position", as_of="2026-03-31")
    assert "(assets = liabilities + net assets)" in position.notes[0]
    budget = reports("budget-by-period", year="2026", period="month")
    salaries = [r for r in budget.rows if r[0] == "2110"]
    assert [r[1] for r in salaries] == ["2026-01", "2026-02"] and salaries[0][2] == 1000000
    assert salaries[-1][4] == sum(r[3] for r in salaries)  # spent to date is the running sum
    with pytest.raises(Refused, match="period must be one of month, quarter, year"):
        reports("budget-by-period", period="week")


def test_payroll_reports(reports: Any) -> None:
    journal = reports("payroll-journal", period="2026-02")
    assert [(r[1], r[6]) for r in journal.rows] == [("E1", 21), ("E2", 14)]  # unpaid leave; hired on the 15th
    cost = reports("staff-cost-by-unit", year="2026")
    assert {(r[0], r[1]) for r in cost.rows} == {("HQ", LINE), ("HQ", "(no budget line)")}
    ytd = reports("payroll-year-to-date", year="2026", number="E1")
    assert ytd.rows[0][2:4] == (2, 31 + 21)
    slip = dict(reports("payslip", number="E1", period="2026-01").rows)
    assert slip["days paid"] == "31 of 31" and slip["status"] == "paid"
    assert f"{slip['gross']}" == "1,200.00"  # the amount itself (shown in the reader's locale), not a text of it
    with pytest.raises(Refused, match="no payslip of E1 for 2025-01"):
        reports("payslip", number="E1", period="2025-01")


def test_leave_assets_and_files_reports(reports: Any) -> None:
    assert [r[:2] for r in reports("absences", month="2026-02").rows] == [("E1", "unpaid")]
    schedule = reports("depreciation-schedule")
    assert schedule.rows[0][:2] == ("LT-1", "computer") and schedule.rows[0][7] == 96000 - 16000
    due = reports("attestations-due", today=date(2026, 5, 15))
    assert [r[0] for r in due.rows] == ["E1"]
    assert reports("attestations-due", today=date(2026, 5, 15), cleared=False).rows == []


def test_trial_balance_on_the_command_line(store_url: str, app: Any, capsys: pytest.CaptureFixture[str]) -> None:
    history(app)
    act_as(store_url, "admin")  # the command line acts as the authenticated account's user
    assert main(["--store", store_url, "--user", "admin", "report", "trial-balance", "--param", "as_of=2026-01-31",
                 "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    assert sum(D(r["debits"]) for r in rows) == sum(D(r["credits"]) for r in rows) > 0


def test_the_assets_register_shows_book_value_and_write_offs_the_value_left(app: Any) -> None:
    history(app)
    from domain.assets import WriteOffAsset

    app.handle(WriteOffAsset(inventory="LT-1", act_number="WO-7", on=date(2026, 2, 2), write_off_reason="broken"),
               user="admin", reason="act")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    db, conn = registers.db, registers.conn
    assert [tuple(r) for r in db.execute(conn, "SELECT cost, depreciated, book_value FROM assets")] == [
        (96000, 16000, 80000)]
    ctx = ReportContext(db, conn, date(2026, 12, 31))
    acts = run_report(ctx, "write-off-acts", ["clerk"])
    assert acts.rows[0][4:6] == (96000, 80000) and "book value 800.00" in acts.notes[0]
    loss = run_report(ReportContext(db, conn, date(2026, 12, 31), params={"account": "5850"}), "general-ledger",
                      ["clerk"])
    assert [r[4] for r in loss.rows] == [80000]  # the write-off posts the book value left
    registers.close()
