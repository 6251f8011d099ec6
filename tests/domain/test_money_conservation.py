"""Property: money is conserved. After any random sequence of finance commands, valid and refused, for every
budget line budget = unallocated + allocated (allocated being the sum of the accepted allocations, unallocated
never negative), and for every allocation allocated = untransferred + transferred (transferred being the sum of
the accepted transfers, untransferred never negative; spending, pending reports and refunds never more than
was transferred). Checked on the aggregates, against a model kept from the accepted commands, and on the
budget and allocations registers."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import finance as f
from domain.errors import Refused
from domain.organisation import DissolveCommission, EstablishCommission, ScheduleElection
from projections.runner import Registers
from tests.projections.support import fresh_store

LINES = [f.line_code(2026, "STATE", "2211", "PEC"), f.line_code(2026, "STATE", "2212", "PEC")]
CODES = [f"AL-2026-STATE-{n:04d}" for n in range(1, 5)]
DAY = date(2026, 5, 1)
ODD = [Decimal("0"), Decimal("-1.00"), Decimal("1.005"), Decimal("250"), Decimal("1000")]
AMOUNTS = st.one_of(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("700"), places=2), st.sampled_from(ODD))
SPENT = st.one_of(AMOUNTS, st.just(Decimal("0")))
ALLOCATIONS = st.sampled_from(CODES)
PREAMBLE = [
    ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=date(2026, 9, 1)),
    EstablishCommission(election="PE26", constituency=1, commission_name="C1"),
    EstablishCommission(election="PE26", constituency=2, commission_name="C2"),
    f.OpenBudget(year=2026, source="STATE", budget_title="State"),
    f.AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC", amount=Decimal("1000.00")),
    f.AddBudgetLine(year=2026, source="STATE", economic_code="2212", cost_centre="PEC", amount=Decimal("500.00")),
    f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="1"),
    f.Allocate(line=LINES[0], commission="PE26/001", amount=Decimal("400.00"), allocated_on=DAY,
               report_due=date(2026, 10, 1)),
    f.Allocate(line=LINES[1], commission="PE26/001", amount=Decimal("300.00"), allocated_on=DAY,
               report_due=date(2026, 10, 1)),
]
TRANSFER = st.builds(f.Transfer, allocation=ALLOCATIONS, amount=AMOUNTS,
                     payment_order=st.sampled_from(["NEW"] * 6 + ["PO-1"]), value_date=st.just(DAY))
COMMANDS = st.one_of(
    TRANSFER, TRANSFER,
    st.builds(f.Allocate, line=st.sampled_from(LINES), commission=st.sampled_from(["PE26/001", "PE26/002", "PE26/9"]),
              amount=st.one_of(st.sampled_from([Decimal("300"), Decimal("600.01"), Decimal("1000")]), AMOUNTS),
              allocated_on=st.just(DAY), report_due=st.just(date(2026, 10, 1))),
    st.builds(f.ReviseBudgetLine, line=st.sampled_from(LINES), amount=AMOUNTS, basis=st.sampled_from(["", "law"])),
    st.builds(f.SubmitSpendingReport, allocation=ALLOCATIONS, spent=SPENT, submitted_on=st.just(DAY)),
    st.builds(f.VerifySpendingReport, allocation=ALLOCATIONS, accepted=SPENT, verified_on=st.just(DAY),
              discrepancies=st.sampled_from(["", "missing receipts"])),
    st.builds(f.RecordRefund, allocation=ALLOCATIONS, amount=AMOUNTS, received_on=st.just(DAY),
              reference=st.just("R")),
    st.builds(f.CloseAllocation, allocation=ALLOCATIONS, closed_on=st.just(DAY)),
    st.builds(f.RegisterBankAccount, commission=st.just("PE26/002"), bank=st.just("DAB"), account_number=st.just("2")),
    st.just(DissolveCommission(election="PE26", constituency=2, effective=DAY)),
)

# The life of one allocation, with random amounts: most steps valid, some refused.
STORY = st.builds(lambda code, t, spent, accepted, refund: [
    f.Transfer(allocation=code, amount=t, payment_order="NEW", value_date=DAY),
    f.SubmitSpendingReport(allocation=code, spent=spent, submitted_on=DAY),
    f.VerifySpendingReport(allocation=code, accepted=accepted, verified_on=DAY, discrepancies="short receipts"),
    f.RecordRefund(allocation=code, amount=refund, received_on=DAY, reference="R"),
    f.CloseAllocation(allocation=code, closed_on=DAY)], st.sampled_from(CODES[:2]), AMOUNTS, SPENT, SPENT, AMOUNTS)
PLANS = st.lists(st.one_of(COMMANDS.map(lambda c: [c]), STORY), min_size=4, max_size=15).map(
    lambda parts: [c for part in parts for c in part])


def _cents(amount: Decimal) -> int:
    return int(amount * 100)


def _check(app: Any, commands: list[Any]) -> None:
    registers = Registers(app)
    registers.setup()
    line_amount = {LINES[0]: Decimal("1000.00"), LINES[1]: Decimal("500.00")}
    allocated: dict[str, Decimal] = defaultdict(Decimal)  # line -> sum of accepted allocations
    allocation_amount: dict[str, Decimal] = {}
    allocation_line: dict[str, str] = {}
    transferred: dict[str, Decimal] = defaultdict(Decimal)
    orders = 0
    for command in [*PREAMBLE, *commands]:
        if isinstance(command, f.Transfer) and command.payment_order == "NEW":  # mostly fresh numbers
            orders += 1
            command = msgspec.structs.replace(command, payment_order=f"PO-{orders}")
        try:
            result = app.handle(command, user="admin", reason="property")
        except Refused:
            continue
        if isinstance(command, f.Allocate):
            a = app.find(result.outcome.record_ids[0])
            allocated[command.line] += command.amount
            allocation_amount[a.code], allocation_line[a.code] = command.amount, command.line
        elif isinstance(command, f.Transfer):
            transferred[command.allocation] += command.amount
        elif isinstance(command, f.ReviseBudgetLine):
            line_amount[command.line] = command.amount
    registers.catch_up()

    for code in LINES:
        line = app.find(f.budget_line_id(code))
        assert line.amount == line_amount[code]
        assert line.allocated == allocated[code]
        assert line.unallocated >= 0 and line.amount == line.unallocated + line.allocated
    for code, amount in allocation_amount.items():
        a = app.find(f.allocation_id(code))
        assert a.amount == amount and a.line_code == allocation_line[code]
        assert a.transferred == transferred[code]
        assert a.untransferred >= 0 and a.amount == a.untransferred + a.transferred
        assert a.verified + a.refunded + (a.reported or 0) <= a.transferred
        assert a.status == "open" or a.verified + a.refunded == a.transferred

    db, conn = registers.db, registers.conn
    lines = {r[0]: r[1:] for r in db.execute(conn, "SELECT code, amount, allocated, unallocated, transferred, "
                                                   "verified, refunded FROM budget_lines")}
    rows = db.execute(conn, "SELECT code, line_code, amount, transferred, untransferred, verified, refunded, "
                            "expected_refund FROM allocations")
    assert {r[0] for r in rows} == set(allocation_amount)
    for code in LINES:
        amount, allocated_c, unallocated, transferred_c, verified, refunded = lines[code]
        assert amount == _cents(line_amount[code]) and amount == unallocated + allocated_c
        mine = [r for r in rows if r[1] == code]
        assert allocated_c == sum(r[2] for r in mine) == _cents(allocated[code])
        assert transferred_c == sum(r[3] for r in mine)
        assert verified == sum(r[5] for r in mine) and refunded == sum(r[6] for r in mine)
    for code, _line, amount, transferred_c, untransferred, verified, refunded, expected in rows:
        assert amount == untransferred + transferred_c == _cents(allocation_amount[code])
        assert transferred_c == _cents(transferred[code])
        assert expected == transferred_c - verified - refunded >= 0
    registers.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(commands=PLANS)
def test_money_is_conserved(commands: list[Any]) -> None:
    with fresh_store("sqlite") as app:
        _check(app, commands)
