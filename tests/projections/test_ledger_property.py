"""Property: over random sequences of money commands (valid and refused) of every context that posts (finance,
trips, assets, depreciation, payroll with a second person approving, treasury releases, adjusting entries),
every journal entry balances, the trial balance balances as of any date, the ledger kept event by event equals
its rebuild, and the ledger agrees with the registers it mirrors (commissions' open balances, fixed assets at
cost, net pay approved and not yet paid)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import assets as a
from domain import depreciation as dp
from domain import finance as f
from domain import ledger as lg
from domain import organisation as o
from domain import payroll as pr
from domain import personnel as p
from domain.access import AddUser
from domain.errors import Refused
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.projections.support import fresh_store, snapshot

LINE = f.line_code(2026, "STATE", "2211", "PEC")
DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
AMOUNT = st.sampled_from([Decimal("0.01"), Decimal("40.00"), Decimal("125.50"), Decimal("300.00"), Decimal("0")])
ALLOCATIONS = st.sampled_from(["AL-2026-STATE-0001", "AL-2026-STATE-0002"])
MONTHS = st.integers(1, 12)
RUNS = st.sampled_from(["PAY-2026-01-ALL", "PAY-2026-02-ALL", "PAY-2026-03-HQ"])
SETUP: list[Any] = [
    AddUser(user="boss", role="head"),
    o.EstablishUnit(code="HQ", unit_name="HQ", kind="office", parent=None),
    o.EstablishPosition(unit="HQ", code="ACC", position_title="Accountant", grade="G1"),
    o.EstablishPosition(unit="HQ", code="DRV", position_title="Driver", grade="G2"),
    o.ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=date(2026, 9, 1)),
    o.EstablishCommission(election="PE26", constituency=1, commission_name="C1"),
    f.OpenBudget(year=2026, source="STATE", budget_title="State"),
    f.AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC", amount=Decimal("2000")),
    f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="1"),
    f.Allocate(line=LINE, commission="PE26/001", amount=Decimal("800"), allocated_on=date(2026, 1, 1),
               report_due=date(2026, 12, 1)),
    f.Allocate(line=LINE, commission="PE26/001", amount=Decimal("500"), allocated_on=date(2026, 1, 1),
               report_due=date(2026, 12, 1)),
    f.RegisterDonorProject(code="UNDP-1", project_title="ELECT", donor="UNDP", agreement="A", amount=Decimal("5000"),
                           starts=date(2026, 1, 1), ends=date(2027, 1, 1)),
    p.HireEmployee(number="E1", full_name="Ann", employment_type="permanent", unit="HQ", position="ACC",
                   order_number="1", order_date=date(2026, 1, 1), effective=date(2026, 1, 1)),
    p.HireEmployee(number="E2", full_name="Bob", employment_type="temporary", unit="HQ", position="DRV",
                   order_number="2", order_date=date(2026, 1, 1), effective=date(2026, 2, 15),
                   term_end=date(2026, 12, 31)),
    pr.SetSalaryScale(grade="G1", steps="1000 1200", effective=date(2026, 1, 1), decision="D"),
    pr.SetSalaryScale(grade="G2", steps="700", effective=date(2026, 1, 1), decision="D"),
    pr.SetPayParameters(tax_free=Decimal("300"), tax_rate=Decimal("10"), pension_rate=Decimal("3"),
                        effective=date(2026, 1, 1), decision="D"),
    pr.SetPayTerms(number="E1", step=2, effective=date(2026, 1, 1)),
    pr.SetPayTerms(number="E2", step=1, effective=date(2026, 2, 15)),
    a.RegisterAsset(inventory="LT-1", category="computer", cost=Decimal("960"), location="HQ store",
                    acquired_on=date(2025, 7, 1)),
    dp.CapitaliseAsset(inventory="LT-1", useful_life_months=36),
]


def _trip(warrant: str, start: date, advance: Decimal, expenses: Decimal, cancel: bool) -> list[Any]:
    plan = p.PlanTrip(warrant=warrant, number="E1", destination="Herat", start=start, end=start + timedelta(days=2),
                      purpose="audit", advance=advance)
    if cancel:
        return [plan, p.CancelTrip(warrant=warrant, on=start - timedelta(days=1))]
    return [plan, p.MarkDeparture(warrant=warrant, on=start),
            p.MarkArrival(warrant=warrant, on=start + timedelta(days=2)),
            p.SettleTrip(warrant=warrant, expenses=expenses, on=start + timedelta(days=3))]


def _payroll(month: int, scope: str) -> list[Any]:
    code = f"PAY-2026-{month:02d}-{scope}"
    return [pr.ComputePayroll(period=f"2026-{month:02d}", unit=scope, computed_on=date(2026, month, 25)),
            (pr.ApprovePayroll(run=code, approved_on=date(2026, month, 26)), "boss"),
            pr.PayPayroll(run=code, paid_on=date(2026, month, 27), reference=f"PO-{code}")]


MONEY = st.one_of(
    st.builds(lambda al, amt, n, d: [f.Transfer(allocation=al, amount=amt, payment_order=f"PO-{n}", value_date=d)],
              ALLOCATIONS, AMOUNT, st.integers(1, 50), DAY),
    st.builds(lambda al, amt, d: [f.SubmitSpendingReport(allocation=al, spent=amt, submitted_on=d),
                                  f.VerifySpendingReport(allocation=al, accepted=amt, verified_on=d)],
              ALLOCATIONS, AMOUNT, DAY),
    st.builds(lambda al, amt, d: [f.RecordRefund(allocation=al, amount=amt, received_on=d, reference="R")],
              ALLOCATIONS, AMOUNT, DAY),
    st.builds(lambda al, d: [f.CloseAllocation(allocation=al, closed_on=d)], ALLOCATIONS, DAY),
    st.builds(lambda amt, d: [f.ReceiveTranche(project="UNDP-1", amount=amt, received_on=d)], AMOUNT, DAY),
    st.builds(lambda n, k, amt, d: [f.PayFromProject(project="UNDP-1", payment=f"P{n}", kind=k, payee="X",
                                                     amount=amt, paid_on=d)],
              st.integers(1, 4), st.sampled_from(f.PAYMENT_KINDS), AMOUNT, DAY),
    st.builds(lambda n, amt, d: [f.SettleAdvance(project="UNDP-1", payment=f"P{n}", spent=amt, settled_on=d)],
              st.integers(1, 4), AMOUNT, DAY),
    st.builds(_trip, st.sampled_from(["W-1", "W-2", "W-3"]), st.dates(date(2026, 2, 1), date(2026, 11, 30)),
              AMOUNT, AMOUNT, st.booleans()),
    st.builds(lambda i, c, d: [a.RegisterAsset(inventory=i, category="printer", cost=c, location="HQ store",
                                               acquired_on=d), dp.CapitaliseAsset(inventory=i, useful_life_months=12)],
              st.sampled_from(["PR-1", "PR-2"]), AMOUNT, DAY),
    st.builds(lambda i, d: [a.WriteOffAsset(inventory=i, act_number="WO-1", on=d, write_off_reason="broken")],
              st.sampled_from(["LT-1", "PR-1", "PR-2"]), DAY),
    st.builds(lambda m: [dp.RunDepreciation(period=f"2026-{m:02d}", run_on=dp.last_day(2026, m))], MONTHS),
    st.builds(_payroll, st.integers(1, 3), st.sampled_from(["ALL", "HQ"])),
    st.builds(lambda r, amt: [pr.CorrectPay(number="E1", run=r, amount=amt)], RUNS,
              st.sampled_from([Decimal("50"), Decimal("-20.50")])),
    st.builds(lambda k, amt, n, d: [pr.RemitWithholdings(kind=k, amount=amt, paid_on=d, reference=f"R-{n}")],
              st.sampled_from(pr.WITHHOLDING_KINDS), st.none() | AMOUNT, st.integers(1, 3), DAY),
    st.builds(lambda n, amt, d: [lg.ReceiveFunds(reference=f"TR-{n}", year=2026, amount=amt, received_on=d)],
              st.integers(1, 3), AMOUNT, DAY),
    st.builds(lambda dr, cr, amt, d: [lg.PostAdjustingEntry(number="ADJ-1", on=d, debit_account=dr,
                                                            credit_account=cr, amount=amt)],
              st.sampled_from(["1100", "EXP-2211", "3100"]), st.sampled_from(["1100", "4100"]), AMOUNT, DAY),
)


def _handle(app: Any, item: Any) -> None:
    command, user = item if isinstance(item, tuple) else (item, "admin")
    try:
        app.handle(command, user=user, reason="property test")
    except Refused:
        pass


def _check(steps: list[list[Any]], as_of: date) -> None:
    with fresh_store("sqlite") as app:
        for command in SETUP:
            app.handle(command, user="admin", reason="setup")
        registers = Registers(app)
        registers.setup()
        for part in steps:
            for item in part:
                _handle(app, item)
            registers.catch_up()
        db, conn = registers.db, registers.conn
        unbalanced = db.execute(conn, "SELECT entry FROM ledger_journal GROUP BY entry "
                                      "HAVING SUM(debit) <> SUM(credit)")
        assert list(unbalanced) == []
        ctx = ReportContext(db, conn, date(2027, 1, 1), params={"as_of": as_of.isoformat()})
        assert run_report(ctx, "trial-balance", ["auditor"]).notes[0].endswith(": balances")
        whole = ReportContext(db, conn, date(2027, 1, 1))
        assert run_report(whole, "financial-position", ["auditor"]).notes[0].endswith(
            "(assets = liabilities + net assets)")

        def balance(account: str) -> int:
            rows = db.execute(conn, "SELECT balance FROM ledger_accounts WHERE code = ?", (account,))
            return int(rows[0][0]) if rows else 0

        open_with_commissions = db.execute(conn, "SELECT COALESCE(SUM(transferred - verified - refunded), 0) "
                                                 "FROM allocations")[0][0]
        assert balance("1310") == int(open_with_commissions)
        committed = db.execute(conn, "SELECT COALESCE(SUM(CASE WHEN status = 'open' THEN amount ELSE verified END), 0) "
                                     "FROM allocations")[0][0]
        assert balance("8100") == int(committed) == -balance("8200")
        at_cost = db.execute(conn, "SELECT COALESCE(SUM(cost), 0) FROM assets WHERE status <> 'written off'")[0][0]
        assert balance("1500") == int(at_cost)
        unpaid = db.execute(conn, "SELECT COALESCE(SUM(net), 0) FROM payroll_runs WHERE status = 'approved'")[0][0]
        assert balance("2200") == -int(unpaid)
        withholdings = app.find(pr.WITHHOLDINGS_ID)
        if withholdings is not None:
            assert balance("2210") == -int(withholdings.outstanding("income tax") * 100)
            assert balance("2220") == -int(withholdings.outstanding("pension") * 100)
        book = db.execute(conn, "SELECT COALESCE(SUM(depreciated), 0) FROM fixed_assets "
                                "WHERE status <> 'written off'")[0][0]
        assert balance("1590") == -int(book)
        kept = snapshot(db, conn)
        registers.rebuild(["ledger"])
        assert snapshot(db, conn) == kept
        registers.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(steps=st.lists(MONEY, min_size=5, max_size=25), as_of=DAY)
def test_trial_balance_always_balances_and_the_ledger_rebuilds_as_kept(steps: list[list[Any]], as_of: date) -> None:
    _check(steps, as_of)


def test_every_posting_kind_appears_in_a_fixed_story() -> None:
    """The same checks over a story that exercises every rule, so the property cannot pass by refusing all."""
    story = [
        [lg.ReceiveFunds(reference="TR-1", year=2026, amount=Decimal("9000"), received_on=date(2026, 1, 2))],
        [f.Transfer(allocation="AL-2026-STATE-0001", amount=Decimal("300"), payment_order="PO-1",
                    value_date=date(2026, 1, 5))],
        [f.SubmitSpendingReport(allocation="AL-2026-STATE-0001", spent=Decimal("200"), submitted_on=date(2026, 2, 1)),
         f.VerifySpendingReport(allocation="AL-2026-STATE-0001", accepted=Decimal("200"),
                                verified_on=date(2026, 2, 2))],
        [f.RecordRefund(allocation="AL-2026-STATE-0001", amount=Decimal("100"), received_on=date(2026, 2, 9),
                        reference="R"),
         f.CloseAllocation(allocation="AL-2026-STATE-0001", closed_on=date(2026, 2, 10))],
        [f.ReceiveTranche(project="UNDP-1", amount=Decimal("1000"), received_on=date(2026, 1, 9))],
        [f.PayFromProject(project="UNDP-1", payment="P1", kind="advance", payee="X", amount=Decimal("100"),
                          paid_on=date(2026, 2, 1)),
         f.SettleAdvance(project="UNDP-1", payment="P1", spent=Decimal("70"), settled_on=date(2026, 2, 20)),
         f.PayFromProject(project="UNDP-1", payment="P2", kind="payment", payee="Y", amount=Decimal("50"),
                          paid_on=date(2026, 2, 21))],
        _trip("W-1", date(2026, 3, 1), Decimal("100"), Decimal("80"), False),
        _trip("W-2", date(2026, 4, 1), Decimal("60"), Decimal("0"), True),
        [dp.RunDepreciation(period="2026-01", run_on=date(2026, 1, 31)),
         a.WriteOffAsset(inventory="LT-1", act_number="WO-1", on=date(2026, 2, 3), write_off_reason="broken")],
        _payroll(1, "ALL"), _payroll(2, "ALL"),
        [pr.CorrectPay(number="E1", run="PAY-2026-02-ALL", amount=Decimal("50"))], _payroll(3, "ALL"),
        [pr.RemitWithholdings(kind="income tax", paid_on=date(2026, 4, 10), reference="TAX-1")],
        [lg.PostAdjustingEntry(number="ADJ-1", on=date(2026, 3, 31), debit_account="EXP-2211", credit_account="1100",
                               amount=Decimal("5"))],
    ]
    _check(story, date(2026, 2, 15))
    with fresh_store("sqlite") as app:
        for command in SETUP:
            app.handle(command, user="admin", reason="setup")
        for part in story:
            for item in part:
                command, user = item if isinstance(item, tuple) else (item, "admin")
                app.handle(command, user=user, reason="story")  # every command of the story is valid
        registers = Registers(app)
        registers.setup()
        registers.catch_up()
        kinds = {row[0] for row in registers.db.execute(registers.conn, "SELECT DISTINCT event FROM ledger_journal")}
        assert kinds == {"Allocation.Made", "Allocation.Closed", "FundsRelease.Received", "Allocation.Transferred",
                         "Allocation.ReportVerified",
                         "Allocation.Refunded", "DonorProject.TrancheReceived", "DonorProject.Paid",
                         "DonorProject.AdvanceSettled", "Trip.Planned", "Trip.Settled", "Trip.Cancelled",
                         "Asset.Registered", "DepreciationBook.RunPosted", "Asset.WrittenOff",
                         "PayrollRun.Approved", "PayrollRun.Paid", "AdjustingEntry.Posted", "Withholdings.Remitted"}
        march = registers.db.execute(registers.conn, "SELECT correction FROM payslips WHERE number = 'E1' "
                                                     "AND period = '2026-03'")
        assert [r[0] for r in march] == [5000]  # the correction to February is paid in March
        registers.close()
