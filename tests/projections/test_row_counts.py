"""The row counts kept with each register equal COUNT(*) of its table after commands (the catch-up), after a
rebuild's swap, on a store whose counts did not exist yet, and what a register view shows as its total is
the kept count; as-of views (scratch databases) still count their own rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.correspondence import ReceiveDocument
from domain.organisation import AppointMember, EstablishCommission, ScheduleElection
from projections.paging import RegisterQuery
from projections.registers import register
from projections.rowcounts import ROWS_TABLE, row_count
from projections.runner import Registers


def _counts_match(registers: Registers) -> None:
    db, conn = registers.db, registers.conn
    for p in registers.projections:
        for t in p.tables:
            actual = int(db.execute(conn, f"SELECT COUNT(*) FROM {t.name}")[0][0])
            assert row_count(db, conn, t.name) == actual, t.name


def _commands(app: Any, n: int) -> None:
    app.handle(ScheduleElection(code="PE26", election_name="Election", kind="presidential",
                                voting_day=date(2026, 10, 1)), user="admin")
    app.handle(EstablishCommission(election="PE26", constituency=1, commission_name="One"), user="admin")
    for i in range(n):
        app.handle(AppointMember(election="PE26", constituency=1, member=f"Member {i:02d}"), user="admin")
        app.handle(ReceiveDocument(received_on=date(2026, 5, 1), sender=f"Sender {i}", subject="S"), user="admin")


def test_counts_follow_commands_and_rebuilds(app: Any) -> None:
    registers = Registers(app)
    try:
        registers.setup()
        _counts_match(registers)
        _commands(app, 5)
        registers.catch_up()
        _counts_match(registers)
        assert row_count(registers.db, registers.conn, "correspondence") == 5
        registers.rebuild(["correspondence", "organisation"])
        _counts_match(registers)
        _commands_more(app)
        registers.catch_up()
        _counts_match(registers)
        registers.rebuild()
        _counts_match(registers)
        query = RegisterQuery(registers.db, registers.conn, register("correspondence"))
        assert query.count() == 6
    finally:
        registers.close()


def _commands_more(app: Any) -> None:
    app.handle(ReceiveDocument(received_on=date(2026, 5, 2), sender="Late", subject="S"), user="admin")
    app.handle(AppointMember(election="PE26", constituency=1, member="Member late"), user="admin")


def test_a_store_from_before_the_counts_is_counted_at_setup(app: Any) -> None:
    registers = Registers(app)
    try:
        registers.setup()
        _commands(app, 3)
        registers.catch_up()
        with registers.db.write(registers.conn):
            registers.db.execute(registers.conn, f"DELETE FROM {ROWS_TABLE}")
    finally:
        registers.close()
    again = Registers(app)
    try:
        again.setup()
        _counts_match(again)
        _commands_more(app)
        again.catch_up()
        _counts_match(again)
    finally:
        again.close()
