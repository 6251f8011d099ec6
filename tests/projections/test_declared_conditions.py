"""The domain's declared conditions (domain.conditions) and their SQL (projections.conditions): a register's
filter for a command selects exactly the rows whose record's state the domain allows it on, on both stores, for
finance's records in each state a rule tells apart (what the finance pickers list)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest

from domain import finance as f
from domain import organisation as o
from domain.conditions import Attr, Check, StateRule
from domain.errors import Refused
from domain.organisation import Commission
from domain.rules import allows, condition
from projections.conditions import sql
from projections.finance import allowing
from projections.runner import Registers


def test_a_condition_reads_as_sql() -> None:
    rule = StateRule(Check(Attr("status").eq("it's open"), str), Check(Attr("reported").eq(None), str),
                     Check(Attr("reported").ne(None), str), Check(Attr("received").lt(Attr("amount")), str),
                     Check(Attr("active").is_true(), str), Check(Attr("cash").gt(Decimal(0)), str))
    assert sql(rule.condition) == ("status = 'it''s open' AND reported IS NULL AND reported IS NOT NULL AND "
                                   "received < amount AND active = 1 AND cash > 0")
    assert sql(Attr("status").one_of(("planned", "held"))) == "status IN ('planned', 'held')"
    assert sql(rule.condition, {"active": "status = 'active'", "amount": "a + b"}) == (
        "status = 'it''s open' AND reported IS NULL AND reported IS NOT NULL AND received < (a + b) AND "
        "(status = 'active') AND cash > 0")


def test_what_sql_cannot_say_the_same_way_is_refused() -> None:
    with pytest.raises(TypeError, match="minor units"):  # the row holds cents: 1.50 would compare wrong
        sql(Attr("cash").gt(Decimal("1.50")))
    with pytest.raises(ValueError):
        Attr("reported").lt(None)
    with pytest.raises(LookupError):  # a rule written as a function declares no condition
        allowing(f.Budget, "budgets.add-line")


def test_a_state_rule_gives_its_first_refusal() -> None:
    class Row:
        status, cash = "open", 0

    rule = StateRule(Check(Attr("status").eq("open"), lambda r: "closed"),
                     Check(Attr("cash").gt(0), lambda r: "no cash"))
    assert rule(Row()) == "no cash"
    Row.status = "closed"
    assert rule(Row()) == "closed"
    Row.status, Row.cash = "open", 5
    assert rule(Row()) is None and rule.condition.holds(Row())


DAY = date(2026, 5, 1)
LINE = f.line_code(2026, "STATE", "2211", "PEC")
FULL = f.line_code(2026, "STATE", "2212", "PEC")


def _al(n: int) -> str:
    return f"AL-2026-STATE-{n:04d}"


def _story() -> list[Any]:
    """Allocations, donor projects, lines and commissions in each state the finance rules tell apart."""
    later = date(2026, 5, 10)
    return [
        o.ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                           voting_day=date(2026, 9, 1)),
        o.EstablishCommission(election="PE26", constituency=1, commission_name="ConEC 1"),
        o.EstablishCommission(election="PE26", constituency=2, commission_name="ConEC 2"),
        f.OpenBudget(year=2026, source="STATE", budget_title="State budget"),
        f.AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC",
                        amount=Decimal("1000.00")),
        f.AddBudgetLine(year=2026, source="STATE", economic_code="2212", cost_centre="PEC", amount=Decimal("100")),
        f.Allocate(line=FULL, commission="PE26/002", amount=Decimal("100"), allocated_on=DAY, report_due=later),
        f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
        *(f.Allocate(line=LINE, commission="PE26/001", amount=Decimal("100"), allocated_on=DAY, report_due=later)
          for _ in range(5)),
        # 2: nothing transferred; 3: part transferred, nothing reported; 4: all transferred, report pending;
        # 5: all spent and verified (closable); 6: verified in part, refunded in part, then closed
        f.Transfer(allocation=_al(3), amount=Decimal("40"), payment_order="PO-3", value_date=DAY),
        f.Transfer(allocation=_al(4), amount=Decimal("100"), payment_order="PO-4", value_date=DAY),
        f.SubmitSpendingReport(allocation=_al(4), spent=Decimal("60"), submitted_on=later),
        f.Transfer(allocation=_al(5), amount=Decimal("100"), payment_order="PO-5", value_date=DAY),
        f.SubmitSpendingReport(allocation=_al(5), spent=Decimal("100"), submitted_on=later),
        f.VerifySpendingReport(allocation=_al(5), accepted=Decimal("100"), verified_on=later),
        f.Transfer(allocation=_al(6), amount=Decimal("100"), payment_order="PO-6", value_date=DAY),
        f.SubmitSpendingReport(allocation=_al(6), spent=Decimal("70"), submitted_on=later),
        f.VerifySpendingReport(allocation=_al(6), accepted=Decimal("70"), verified_on=later),
        f.RecordRefund(allocation=_al(6), amount=Decimal("30"), received_on=later, reference="TR-6"),
        f.CloseAllocation(allocation=_al(6), closed_on=later),
        o.DissolveCommission(election="PE26", constituency=2, effective=later),
        *(f.RegisterDonorProject(code=code, project_title=code, donor="UNDP", agreement=f"A/{code}",
                                 amount=Decimal("1000"), starts=date(2026, 1, 1), ends=date(2027, 1, 1))
          for code in ("NEW", "CASH", "SPENT", "DONE")),
        f.ReceiveTranche(project="CASH", amount=Decimal("500"), received_on=DAY),
        f.PayFromProject(project="CASH", payment="A1", kind="advance", payee="Agent", amount=Decimal("100"),
                         paid_on=DAY),
        f.ReceiveTranche(project="SPENT", amount=Decimal("1000"), received_on=DAY),
        f.PayFromProject(project="SPENT", payment="P1", payee="Printer", amount=Decimal("1000"), paid_on=DAY),
        f.CloseDonorProject(project="DONE", closed_on=later),
    ]


# (record kind, its register's table): the records whose rules declare conditions
TABLES = ((f.Allocation, "allocations"), (f.DonorProject, "donor_projects"), (f.BudgetLine, "budget_lines"),
          (Commission, "commissions"))


def test_a_registers_filter_selects_exactly_the_records_the_domain_allows(app: Any) -> None:
    for command in _story():
        try:
            app.handle(command, user="admin", reason="conditions test")
        except Refused as e:  # the story is valid: a refusal is a mistake in it
            raise AssertionError(f"{command.name}: {e}") from e
    registers = Registers(app)
    try:
        registers.setup()
        registers.catch_up()
        checked = []
        for kind, table in TABLES:
            rows = registers.db.execute(registers.conn, f"SELECT id FROM {table}")
            records = [app.find(UUID(str(r[0]))) for r in rows]
            commands = [c for c in getattr(kind, "RULED_COMMANDS", ()) if condition(kind, c) is not None]
            commands += ["accounts.register"] if kind is Commission else []
            for command in commands:
                selected = {UUID(str(r[0])) for r in registers.db.execute(
                    registers.conn, f"SELECT id FROM {table} WHERE {allowing(kind, command)}")}
                allowed = {r.id for r in records if allows(r, command) is None}
                assert selected == allowed, command
                assert allowed and len(allowed) < len(records), f"{command}: the story tries one answer only"
                checked.append(command)
        assert set(checked) == {*f.ALLOCATION_RULES, *f.PROJECT_RULES, "allocations.allocate", "accounts.register"}
    finally:
        registers.close()


def test_every_pickers_filter_reads_on_the_store(app: Any) -> None:
    """Each picker's filter, most of them now written from the domain's conditions, is SQL both stores read."""
    import tui.plugins  # noqa: F401  (the contexts' form hints)
    from tui.widgets.fields import hints

    registers = Registers(app)
    try:
        registers.setup()
        filters = {(ref.table, ref.where) for ref in hints()["COMMAND_REFERENCES"].values() if ref.where}
        for table, where in sorted(filters):
            assert registers.db.execute(registers.conn, f"SELECT COUNT(*) FROM {table} WHERE {where}")[0][0] == 0
        assert len(filters) > 60
    finally:
        registers.close()
