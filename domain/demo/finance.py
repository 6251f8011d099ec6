"""The demo history of the finance registers: continues DemoHistory.base() through the real commands.

The state budget of the 2026 parliamentary election year (1405), allocated in July to the constituency
commissions of all 34 provinces and transferred to their bank accounts before voting day; spending reports
after the election, verification, refunds and closings through November (some left outstanding, so the
overdue lists have something to show); a donor-funded project with tranches, payments and advances.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain import finance as f
from domain.demo.base import CURRENT_ELECTION, PROVINCES, Step

ELECTION = CURRENT_ELECTION.code
YEAR = CURRENT_ELECTION.voting_day.year
REPORTS_DUE = CURRENT_ELECTION.voting_day + timedelta(days=30)  # spending reports a month after voting day
# Economic code, cost centre, description, amount per unit of province weight (AFN).
LINES = (
    ("2211", "PEC", "Temporary staff of lower commissions", Decimal("1850000.00")),
    ("2212", "PEC", "Transport of election materials and staff", Decimal("640000.00")),
)
HQ_LINES = (("2213", "FIN", "Rent and utilities of the secretariat", Decimal("24000000.00")),
            ("2214", "LOG", "Stationery and printing", Decimal("9500000.00")))
BANKS = ("Da Afghanistan Bank", "Da Afghanistan Bank", "Azizi Bank", "Afghanistan International Bank")
def _amount(rng: Any, base: Decimal, weight: int, low: float = 0.8, high: float = 1.2) -> Decimal:
    factor = Decimal(str(round(low + (high - low) * rng.random(), 3)))
    return (base * weight * factor).quantize(Decimal("1.00"))


def history(demo: Any) -> Iterator[Step]:
    yield from budget(demo)
    yield from donor_project(demo)


def budget(demo: Any) -> Iterator[Step]:
    head = demo.heads.get("FIN", demo.admin)
    clerk = demo.clerks.get("FIN", head)
    rng = demo.rng
    yield Step(head, f.OpenBudget(year=YEAR, source="STATE", budget_title="State budget of the Commission, 1405"))
    total_weight = sum(p.weight for p in PROVINCES)
    for economic, centre, description, per_weight in LINES:
        yield Step(head, f.AddBudgetLine(year=YEAR, source="STATE", economic_code=economic, cost_centre=centre,
                                         amount=per_weight * total_weight * Decimal("1.10"), description=description))
    for economic, centre, description, amount in HQ_LINES:
        yield Step(head, f.AddBudgetLine(year=YEAR, source="STATE", economic_code=economic, cost_centre=centre,
                                         amount=amount, description=description))
    yield Step(head, f.ReviseBudgetLine(line=f.line_code(YEAR, "STATE", "2212", "PEC"),
                                        amount=LINES[1][3] * total_weight * Decimal("1.25"),
                                        basis="Cabinet decision on fuel prices, amended budget 1405"))
    number = 0
    for p in PROVINCES:
        commission = f"{ELECTION}/{p.number:03d}"
        yield Step(clerk, f.RegisterBankAccount(commission=commission, bank=demo.pick(BANKS),
                                                account_number=f"AF{rng.randint(10**13, 10**14 - 1)}"))
        for economic, centre, _, per_weight in LINES:
            number += 1
            code = f"AL-{YEAR}-STATE-{number:04d}"
            amount = _amount(rng, per_weight, p.weight, 0.85, 1.0)
            allocated_on = date(YEAR, 7, 1) + timedelta(days=rng.randint(0, 20))
            report_due = REPORTS_DUE
            yield Step(head, f.Allocate(line=f.line_code(YEAR, "STATE", economic, centre), commission=commission,
                                        amount=amount, allocated_on=allocated_on, report_due=report_due))
            yield from _transfers_and_reports(demo, clerk, code, amount, allocated_on)


def _transfers_and_reports(demo: Any, clerk: str, code: str, amount: Decimal, allocated_on: date) -> Iterator[Step]:
    rng = demo.rng
    first = (amount * Decimal("0.6")).quantize(Decimal("1.00"))
    value_date = allocated_on + timedelta(days=rng.randint(3, 15))
    yield Step(clerk, f.Transfer(allocation=code, amount=first, payment_order=f"PO-{code.rsplit('-', 1)[1]}-1",
                                 value_date=value_date))
    transferred = first
    if rng.random() < 0.85:  # the second tranche of the allocation
        rest = amount - first
        yield Step(clerk, f.Transfer(allocation=code, amount=rest, payment_order=f"PO-{code.rsplit('-', 1)[1]}-2",
                                     value_date=value_date + timedelta(days=rng.randint(20, 40))))
        transferred = amount
    roll = rng.random()
    if roll < 0.15:
        return  # no spending report yet: overdue once the due date has passed
    spent = (transferred * Decimal(str(round(0.86 + 0.14 * rng.random(), 3)))).quantize(Decimal("1.00"))
    submitted_on = CURRENT_ELECTION.voting_day + timedelta(days=rng.randint(3, 28))
    yield Step(clerk, f.SubmitSpendingReport(allocation=code, spent=spent, submitted_on=submitted_on,
                                             reference=f"SR-{code.rsplit('-', 1)[1]}"))
    if roll < 0.25:
        return  # awaiting verification
    accepted, discrepancies = spent, ""
    if rng.random() < 0.2:
        accepted = (spent * Decimal("0.97")).quantize(Decimal("1.00"))
        discrepancies = demo.pick(("fuel receipts without the commission's stamp",
                                   "per diem paid to staff not on the temporary staff list",
                                   "rent paid for a polling centre that was closed"))
    verified_on = submitted_on + timedelta(days=rng.randint(3, 10))
    yield Step(demo.heads.get("FIN", clerk), f.VerifySpendingReport(allocation=code, accepted=accepted,
                                                                    verified_on=verified_on,
                                                                    discrepancies=discrepancies))
    unspent = transferred - accepted
    if unspent == 0 or rng.random() < 0.15:
        if unspent == 0:
            yield Step(clerk, f.CloseAllocation(allocation=code, closed_on=verified_on))
        return  # refund outstanding
    received_on = verified_on + timedelta(days=rng.randint(1, 6))  # by the end of November
    yield Step(clerk, f.RecordRefund(allocation=code, amount=unspent, received_on=received_on,
                                     reference=f"TR-{rng.randint(100000, 999999)}"))
    if rng.random() < 0.8:
        yield Step(clerk, f.CloseAllocation(allocation=code, closed_on=received_on))


def donor_project(demo: Any) -> Iterator[Step]:
    head = demo.heads.get("FIN", demo.admin)
    clerk = demo.clerks.get("FIN", head)
    code = "UNDP-ELECT-II"
    yield Step(head, f.RegisterDonorProject(code=code, project_title="Enhancing Legal and Electoral Capacity "
                                            "for Tomorrow, phase II", donor="UNDP (basket fund)",
                                            agreement="ELECT-II/2024/04", currency="USD",
                                            amount=Decimal("4800000.00"), starts=date(2025, 1, 1),
                                            ends=date(2027, 12, 31)))
    for n, (amount, on) in enumerate(((Decimal("1500000.00"), date(2025, 2, 10)),
                                      (Decimal("1500000.00"), date(2026, 3, 5)),
                                      (Decimal("900000.00"), date(2026, 9, 1))), start=1):
        yield Step(clerk, f.ReceiveTranche(project=code, amount=amount, received_on=on, reference=f"TRANCHE-{n}"))
    payments = (
        ("ELECT-P-001", "payment", "Kabul Printing House", Decimal("412500.00"), date(2026, 4, 2),
         "voter education leaflets"),
        ("ELECT-P-002", "payment", "Afghan Wireless", Decimal("86200.00"), date(2026, 5, 14),
         "results transmission SIM cards"),
        ("ELECT-A-001", "advance", "Training Directorate", Decimal("120000.00"), date(2026, 6, 1),
         "training of trainers, regional hubs"),
        ("ELECT-A-002", "advance", "Logistics Directorate", Decimal("75000.00"), date(2026, 8, 20),
         "airlift of sensitive materials"),
        ("ELECT-P-003", "payment", "Biometric Solutions Ltd", Decimal("1250000.00"), date(2026, 9, 10),
         "biometric voter verification devices"),
    )
    for number, kind, payee, amount, on, purpose in payments:
        yield Step(clerk, f.PayFromProject(project=code, payment=number, kind=kind, payee=payee, amount=amount,
                                           paid_on=on, purpose=purpose))
    yield Step(clerk, f.SettleAdvance(project=code, payment="ELECT-A-001", spent=Decimal("113480.00"),
                                      settled_on=date(2026, 7, 15)))
