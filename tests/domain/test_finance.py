"""Finance rules (domain/finance.py): one budget per year and source, lines and their revisions, allocations
to existing, undissolved commissions within the line's balance, transfers within the allocation's balance to a
registered bank account under a fresh payment order, spending reports and their verification, refunds, closing
only when accounted for; donor projects (tranches, payments, advances, closing)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from domain.application import Secretariat
from domain.commands import Command
from domain.errors import Refused
from domain.finance import (
    REFUND_DAYS,
    AddBudgetLine,
    Allocate,
    Allocation,
    BudgetLine,
    CloseAllocation,
    CloseDonorProject,
    DonorProject,
    OpenBudget,
    PayFromProject,
    ReceiveTranche,
    RecordRefund,
    RegisterBankAccount,
    RegisterDonorProject,
    ReviseBudgetLine,
    SettleAdvance,
    SubmitSpendingReport,
    Transfer,
    VerifySpendingReport,
    allocation_id,
    budget_line_id,
    donor_project_id,
)
from domain.organisation import DissolveCommission, EstablishCommission, ScheduleElection

LINE = "2026-STATE-2211-PEC"
A1 = "AL-2026-STATE-0001"
DAY = date(2026, 5, 1)


def run(app: Secretariat, command: Command, reason: str = "test") -> None:
    app.handle(command, user="admin", reason=reason)


def refused(app: Secretariat, command: Command, match: str, reason: str = "test") -> None:
    """The command is refused with a message matching `match`, and nothing is recorded."""
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, reason=reason)
    assert app.head() == head


def line(app: Secretariat, code: str = LINE) -> BudgetLine:
    found = app.find(budget_line_id(code))
    assert isinstance(found, BudgetLine)
    return found


def allocation(app: Secretariat, code: str = A1) -> Allocation:
    found = app.find(allocation_id(code))
    assert isinstance(found, Allocation)
    return found


@pytest.fixture
def budget(app: Secretariat) -> Secretariat:
    """Election PE26 with constituency commissions 1 and 2 (2 dissolved), a budget with one line of 1,000.00."""
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                              voting_day=date(2026, 9, 1)))
    run(app, EstablishCommission(election="PE26", constituency=1, commission_name="ConEC 1"))
    run(app, EstablishCommission(election="PE26", constituency=2, commission_name="ConEC 2"))
    run(app, DissolveCommission(election="PE26", constituency=2, effective=DAY))
    run(app, OpenBudget(year=2026, source="STATE", budget_title="State budget"))
    run(app, AddBudgetLine(year=2026, source="state", economic_code="2211", cost_centre="pec", amount=D("1000.00")))
    return app


def allocate(app: Secretariat, amount: str = "600.00", commission: str = "PE26/001") -> None:
    run(app, Allocate(line=LINE, commission=commission, amount=D(amount), allocated_on=DAY,
                      report_due=date(2026, 10, 1)))


@pytest.fixture
def transferred(budget: Secretariat) -> Secretariat:
    """Allocation A1 of 600.00 to PE26/001, 500.00 of it transferred."""
    allocate(budget)
    run(budget, RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"))
    run(budget, Transfer(allocation=A1, amount=D("500.00"), payment_order="PO-1", value_date=DAY))
    return budget


# ---- budget -------------------------------------------------------------------------------------

def test_one_budget_per_year_and_source(budget: Secretariat) -> None:
    refused(budget, OpenBudget(year=2026, source="state", budget_title="Again"), "budget for 2026 from STATE already")
    run(budget, OpenBudget(year=2026, source="UNDP", budget_title="Basket fund"))
    run(budget, OpenBudget(year=2027, source="STATE", budget_title="Next year"))


def test_a_line_needs_its_budget_and_is_unique(budget: Secretariat) -> None:
    refused(budget, AddBudgetLine(year=2025, source="STATE", economic_code="1", cost_centre="X", amount=D("1")),
            "no budget for 2025")
    refused(budget, AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC",
                                  amount=D("5")), f"budget line {LINE} already exists")


@pytest.mark.parametrize(("amount", "match"), [
    (D("0"), "0 must be more than zero"), (D("-5.00"), "-5.00 must be more than zero"),
    (D("1.005"), "more than two decimal places"), (1.5, "must be a decimal amount"), (D("NaN"), "finite"),
    (D("1e13"), "too large"), (D("1E+9999"), "too large"),
])
def test_amounts_are_positive_decimals_with_two_places(budget: Secretariat, amount: object, match: str) -> None:
    refused(budget, AddBudgetLine(year=2026, source="STATE", economic_code="9", cost_centre="X",
                                  amount=amount), match)  # type: ignore[arg-type]
    refused(budget, Allocate(line=LINE, commission="PE26/001", amount=amount, allocated_on=DAY,  # type: ignore
                             report_due=DAY), match)


def test_codes_are_letters_digits_or_dashes(budget: Secretariat) -> None:
    refused(budget, OpenBudget(year=2026, source="state budget", budget_title="x"),
            "funding source 'state budget' must be 1-24 letters")
    refused(budget, AddBudgetLine(year=2026, source="STATE", economic_code="22.11", cost_centre="PEC",
                                  amount=D("1")), "economic code '22.11' must be 1-24 letters")
    refused(budget, RegisterDonorProject(code="UNDP 1", project_title="t", donor="d", agreement="a", amount=D("1"),
                                         starts=DAY, ends=date(2027, 1, 1)), "project code 'UNDP 1' must be 1-24")


def test_a_revision_needs_a_basis(budget: Secretariat) -> None:
    refused(budget, ReviseBudgetLine(line=LINE, amount=D("1200.00"), basis="  "), "basis of the revision is required")
    run(budget, ReviseBudgetLine(line=LINE, amount=D("1200.00"), basis="Cabinet decision 12"))
    assert line(budget).amount == D("1200.00") and line(budget).revisions == 1
    refused(budget, ReviseBudgetLine(line=LINE, amount=D("1200"), basis="again"), f"line {LINE} is already 1,200.00")


def test_the_fiscal_year_is_in_range(budget: Secretariat) -> None:
    refused(budget, OpenBudget(year=26, source="STATE", budget_title="x"), "fiscal year 26 is out of range")
    refused(budget, OpenBudget(year=2101, source="STATE", budget_title="x"), "fiscal year 2101 is out of range")


def test_a_revision_never_goes_below_what_is_allocated(budget: Secretariat) -> None:
    allocate(budget, "600.00")
    refused(budget, ReviseBudgetLine(line=LINE, amount=D("599.99"), basis="cut"), "600.00 is already allocated")
    run(budget, ReviseBudgetLine(line=LINE, amount=D("600.00"), basis="cut to what is allocated"))
    assert line(budget).unallocated == 0


# ---- allocations --------------------------------------------------------------------------------

def test_allocations_never_exceed_the_unallocated_balance(budget: Secretariat) -> None:
    allocate(budget, "600.00")
    refused(budget, Allocate(line=LINE, commission="PE26/001", amount=D("400.01"), allocated_on=DAY,
                             report_due=DAY), "exceeds the unallocated balance 400.00")
    allocate(budget, "400.00")
    assert line(budget).allocated == D("1000.00") and line(budget).unallocated == 0
    assert allocation(budget, "AL-2026-STATE-0002").amount == D("400.00")


def test_money_only_to_commissions_that_exist_and_are_not_dissolved(budget: Secretariat) -> None:
    refused(budget, Allocate(line=LINE, commission="PE26/009", amount=D("1"), allocated_on=DAY, report_due=DAY),
            "no commission PE26/009")
    refused(budget, Allocate(line=LINE, commission="PE26/002", amount=D("1"), allocated_on=DAY, report_due=DAY),
            "PE26/002 is dissolved")
    refused(budget, Allocate(line=LINE, commission="nonsense", amount=D("1"), allocated_on=DAY, report_due=DAY),
            "must be written like PE26/001")
    refused(budget, RegisterBankAccount(commission="PE26/002", bank="DAB", account_number="1"), "is dissolved")


def test_allocations_only_within_the_lines_fiscal_year_and_before_the_election_is_over(budget: Secretariat) -> None:
    run(budget, ScheduleElection(code="PC14", election_name="Provincial 2014", kind="provincial",
                                 voting_day=date(2014, 4, 5)))
    run(budget, EstablishCommission(election="PC14", constituency=1, commission_name="Old ConEC 1"))
    refused(budget, Allocate(line=LINE, commission="PE26/001", amount=D("1"), allocated_on=date(2027, 1, 4),
                             report_due=date(2027, 3, 1)),
            "line 2026-STATE-2211-PEC belongs to fiscal year 2026; it cannot be allocated on 2027-01-04")
    refused(budget, Allocate(line=LINE, commission="PE26/001", amount=D("1"), allocated_on=date(2025, 12, 31),
                             report_due=date(2026, 3, 1)), "belongs to fiscal year 2026")
    refused(budget, Allocate(line=LINE, commission="PC14/001", amount=D("1"), allocated_on=DAY, report_due=DAY),
            "election PC14 is over .voting day 2014-04-05, results period 90 days.; commission PC14/001 can receive "
            "no allocation")
    last = date(2026, 9, 1) + timedelta(days=90)  # PE26's voting day plus the results period
    refused(budget, Allocate(line=LINE, commission="PE26/001", amount=D("1"), allocated_on=last + timedelta(days=1),
                             report_due=date(2026, 12, 31)), "election PE26 is over")
    run(budget, Allocate(line=LINE, commission="PE26/001", amount=D("1"), allocated_on=last, report_due=last))
    run(budget, Allocate(line=LINE, commission="PE26/001", amount=D("1"), allocated_on=date(2026, 1, 1),
                         report_due=last))


def test_the_report_cannot_be_due_before_the_allocation(budget: Secretariat) -> None:
    refused(budget, Allocate(line=LINE, commission="PE26/001", amount=D("1"), allocated_on=DAY,
                             report_due=date(2026, 4, 30)), "cannot be due")


def test_a_transfer_needs_the_commissions_bank_account(budget: Secretariat) -> None:
    allocate(budget)
    refused(budget, Transfer(allocation=A1, amount=D("1"), payment_order="PO-1", value_date=DAY),
            "no bank account registered")


def test_transfers_never_exceed_the_untransferred_balance(transferred: Secretariat) -> None:
    refused(transferred, Transfer(allocation=A1, amount=D("100.01"), payment_order="PO-2", value_date=DAY),
            "exceeds the untransferred balance 100.00")
    run(transferred, Transfer(allocation=A1, amount=D("100.00"), payment_order="PO-2", value_date=DAY))
    a = allocation(transferred)
    assert a.transferred == D("600.00") and a.untransferred == 0


def test_a_payment_order_pays_once(transferred: Secretariat) -> None:
    refused(transferred, Transfer(allocation=A1, amount=D("1"), payment_order="po-1", value_date=DAY),
            "payment order PO-1 was already used")


def test_no_transfer_to_a_commission_dissolved_after_the_allocation(transferred: Secretariat) -> None:
    run(transferred, DissolveCommission(election="PE26", constituency=1, effective=DAY))
    refused(transferred, Transfer(allocation=A1, amount=D("1"), payment_order="PO-2", value_date=DAY),
            "PE26/001 is dissolved")


def test_no_value_date_before_the_allocation(transferred: Secretariat) -> None:
    refused(transferred, Transfer(allocation=A1, amount=D("1"), payment_order="PO-2", value_date=date(2026, 4, 1)),
            "before the allocation")


# ---- spending reports, refunds, closing ---------------------------------------------------------

def test_a_report_needs_money_transferred_and_stays_within_it(budget: Secretariat) -> None:
    allocate(budget)
    refused(budget, SubmitSpendingReport(allocation=A1, spent=D("1"), submitted_on=DAY), "nothing has been transferred")


def test_reported_spending_cannot_exceed_what_was_transferred(transferred: Secretariat) -> None:
    refused(transferred, SubmitSpendingReport(allocation=A1, spent=D("500.01"), submitted_on=DAY),
            "exceeds the 500.00 transferred")
    run(transferred, SubmitSpendingReport(allocation=A1, spent=D("400"), submitted_on=DAY))
    refused(transferred, SubmitSpendingReport(allocation=A1, spent=D("1"), submitted_on=DAY), "already awaiting")


def test_verification_needs_a_report_and_states_discrepancies(transferred: Secretariat) -> None:
    refused(transferred, VerifySpendingReport(allocation=A1, accepted=D("1"), verified_on=DAY),
            "no spending report awaiting verification")
    run(transferred, SubmitSpendingReport(allocation=A1, spent=D("400.00"), submitted_on=DAY))
    refused(transferred, VerifySpendingReport(allocation=A1, accepted=D("400.01"), verified_on=DAY),
            "exceeds the reported 400.00")
    refused(transferred, VerifySpendingReport(allocation=A1, accepted=D("350.00"), verified_on=DAY),
            "50.00 of the reported spending is not accepted: state the discrepancies")
    run(transferred, VerifySpendingReport(allocation=A1, accepted=D("350.00"), verified_on=DAY,
                                          discrepancies="fuel receipts unstamped"))
    a = allocation(transferred)
    assert a.verified == D("350.00") and a.expected_refund == D("150.00")
    assert a.refund_due == DAY + timedelta(days=REFUND_DAYS)


def test_refunds_never_exceed_what_is_unaccounted_for(transferred: Secretariat) -> None:
    run(transferred, SubmitSpendingReport(allocation=A1, spent=D("400.00"), submitted_on=DAY))
    refused(transferred, RecordRefund(allocation=A1, amount=D("100.01"), received_on=DAY, reference="R1"),
            "refund of 100.01 exceeds the 100.00")
    refused(transferred, RecordRefund(allocation=A1, amount=D("10"), received_on=DAY, reference=""),
            "receipt reference is required")


def test_an_allocation_closes_only_when_spending_plus_refunds_equal_transfers(transferred: Secretariat) -> None:
    refused(transferred, CloseAllocation(allocation=A1, closed_on=DAY), "leave 500.00 unaccounted for")
    run(transferred, SubmitSpendingReport(allocation=A1, spent=D("400.00"), submitted_on=DAY))
    refused(transferred, CloseAllocation(allocation=A1, closed_on=DAY), "not verified yet")
    run(transferred, VerifySpendingReport(allocation=A1, accepted=D("400.00"), verified_on=DAY))
    refused(transferred, CloseAllocation(allocation=A1, closed_on=DAY), "leave 100.00 unaccounted for")
    run(transferred, RecordRefund(allocation=A1, amount=D("100.00"), received_on=DAY, reference="R1"))
    run(transferred, CloseAllocation(allocation=A1, closed_on=DAY))
    assert allocation(transferred).status == "closed"
    refused(transferred, Transfer(allocation=A1, amount=D("1"), payment_order="PO-9", value_date=DAY),
            f"allocation {A1} is closed")


# ---- donor projects -----------------------------------------------------------------------------

@pytest.fixture
def project(app: Secretariat) -> Secretariat:
    run(app, RegisterDonorProject(code="UNDP-1", project_title="ELECT", donor="UNDP", agreement="A/1",
                                  amount=D("1000.00"), starts=date(2026, 1, 1), ends=date(2027, 1, 1)))
    run(app, ReceiveTranche(project="UNDP-1", amount=D("600.00"), received_on=DAY))
    return app


def _project(app: Secretariat) -> DonorProject:
    found = app.find(donor_project_id("UNDP-1"))
    assert isinstance(found, DonorProject)
    return found


def test_dates_of_reports_refunds_and_closing_keep_their_order(transferred: Secretariat) -> None:
    before = DAY - timedelta(days=1)
    refused(transferred, SubmitSpendingReport(allocation=A1, spent=D("400.00"), submitted_on=before),
            "cannot be submitted .* before the allocation")
    refused(transferred, RecordRefund(allocation=A1, amount=D("100.00"), received_on=before, reference="R-0"),
            "refund cannot be received .* before the allocation")
    run(transferred, SubmitSpendingReport(allocation=A1, spent=D("400.00"), submitted_on=date(2026, 6, 1)))
    refused(transferred, VerifySpendingReport(allocation=A1, accepted=D("400.00"), verified_on=date(2026, 5, 31)),
            r"cannot be verified \(2026-05-31\) before it was submitted \(2026-06-01\)")
    run(transferred, VerifySpendingReport(allocation=A1, accepted=D("400.00"), verified_on=date(2026, 6, 2)))
    run(transferred, RecordRefund(allocation=A1, amount=D("100.00"), received_on=date(2026, 6, 10), reference="R-1"))
    refused(transferred, CloseAllocation(allocation=A1, closed_on=date(2026, 6, 9)),
            r"cannot close on 2026-06-09, before its last movement \(2026-06-10\)")
    run(transferred, CloseAllocation(allocation=A1, closed_on=date(2026, 6, 10)))



def test_a_donor_project_has_a_currency_code_and_ends_after_it_starts(app: Secretariat) -> None:
    refused(app, RegisterDonorProject(code="X", project_title="t", donor="d", agreement="a", currency="dollars",
                                      amount=D("1"), starts=DAY, ends=date(2027, 1, 1)), "three-letter code")
    refused(app, RegisterDonorProject(code="X", project_title="t", donor="d", agreement="a", amount=D("1"),
                                      starts=DAY, ends=DAY), "cannot end")


def test_tranches_never_exceed_the_agreement(project: Secretariat) -> None:
    refused(project, ReceiveTranche(project="UNDP-1", amount=D("400.01"), received_on=DAY), "above the agreed 1,000.00")
    run(project, ReceiveTranche(project="UNDP-1", amount=D("400.00"), received_on=DAY))
    assert _project(project).received == D("1000.00") and _project(project).tranches == 2


def test_payments_never_exceed_the_cash_received_and_numbers_are_unique(project: Secretariat) -> None:
    refused(project, PayFromProject(project="UNDP-1", payment="P1", payee="x", amount=D("600.01"), paid_on=DAY),
            "exceeds the cash of UNDP-1")
    run(project, PayFromProject(project="UNDP-1", payment="P1", payee="x", amount=D("100"), paid_on=DAY))
    refused(project, PayFromProject(project="UNDP-1", payment="P1", payee="x", amount=D("1"), paid_on=DAY),
            "payment P1 of UNDP-1 already exists")
    refused(project, PayFromProject(project="UNDP-1", payment="P2", kind="gift", payee="x", amount=D("1"),
                                    paid_on=DAY), "unknown payment kind")


def test_closing_is_blocked_while_advances_are_open(project: Secretariat) -> None:
    run(project, PayFromProject(project="UNDP-1", payment="A1", kind="advance", payee="Training", amount=D("100"),
                                paid_on=DAY))
    refused(project, CloseDonorProject(project="UNDP-1", closed_on=DAY), r"1 advance\(s\) still open \(A1\)")
    refused(project, SettleAdvance(project="UNDP-1", payment="A1", spent=D("100.01"), settled_on=DAY),
            "exceeds the advance of 100.00")
    refused(project, SettleAdvance(project="UNDP-1", payment="P9", spent=D("1"), settled_on=DAY), "no open advance P9")
    run(project, SettleAdvance(project="UNDP-1", payment="A1", spent=D("80.00"), settled_on=DAY))
    assert _project(project).paid == D("80.00") and _project(project).cash == D("520.00")
    refused(project, CloseDonorProject(project="UNDP-1", closed_on=DAY), "reason", reason="")
    run(project, CloseDonorProject(project="UNDP-1", closed_on=DAY), reason="project completed")
    assert _project(project).closed and not _project(project).active
    refused(project, ReceiveTranche(project="UNDP-1", amount=D("1"), received_on=DAY), "UNDP-1 is closed")


def test_a_bank_account_change_must_change_something(transferred: Secretariat) -> None:
    refused(transferred, RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
            "that is already the bank account of PE26/001")
    run(transferred, RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF002"))


def test_a_donor_project_code_is_unique(project: Secretariat) -> None:
    refused(project, RegisterDonorProject(code="undp-1", project_title="again", donor="UNDP", agreement="A/2",
                                          amount=D("5.00"), starts=DAY, ends=date(2027, 1, 1)),
            "donor project UNDP-1 already exists")
