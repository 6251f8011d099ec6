"""The event log is a view of the event rows: a confidential record's events (and every event of a command that
touched one) are marked and their reasons withheld, the same after a rebuild; a store whose log was a table of
version 4 gets the view on start; its count is its last position; its filters read through indexes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain import correspondence as co
from domain.readpolicy import CONFIDENTIAL
from projections.audit_log import confidential_at
from projections.engine import STATE_TABLE
from projections.paging import RegisterQuery
from projections.registers import registers as all_registers
from projections.runner import Registers

D = date(2026, 3, 2)
LOG = "SELECT position, reason, confidential, record, actor, type FROM event_log ORDER BY position"


def _log(registers: Registers) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in registers.db.execute(registers.conn, LOG)]


def test_a_confidential_record_and_its_command_are_marked_and_rebuilt_alike(app: Any) -> None:
    app.handle(co.ReceiveDocument(received_on=D, sender="Ministry", subject="Ballots"), user="admin",
               reason="open reason")
    app.handle(co.ReceiveDocument(received_on=D, sender="Agency", classification="confidential"), user="admin",
               reason="secret reason")
    registers = Registers(app)
    try:
        registers.setup()
        registers.catch_up()
        rows = _log(registers)
        secret = [r for r in rows if r[2]]
        assert {r[3] for r in rows if r[3]} >= {"INC-2026-00001", "CONF-2026-00001"}
        assert [r[1] for r in rows if r[3] == "INC-2026-00001"] == ["open reason"]
        # the document and the rest of its command (its number's counter, its receipt), all withheld
        assert {r[5] for r in secret} >= {"Document.Registered", "CommandReceipt.Recorded"}
        assert all(r[3] != "INC-2026-00001" for r in secret)  # the open letter's command before it: not marked
        assert all(r[1] == CONFIDENTIAL for r in secret) and "secret reason" not in {r[1] for r in rows}
        assert all(confidential_at(registers.db, registers.conn, r[0]) == bool(r[2]) for r in rows)
        registers.rebuild()
        assert _log(registers) == rows
    finally:
        registers.close()


def test_a_log_kept_as_a_table_by_version_4_becomes_the_view_on_start(app: Any) -> None:
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    rows = _log(registers)
    db, conn = registers.db, registers.conn
    with db.write(conn):  # as version 4 left it: the log a table of its own, with its kept count
        db.execute(conn, "DROP VIEW event_log")
        db.execute(conn, "CREATE TABLE event_log (position BIGINT PRIMARY KEY)")
        db.execute(conn, "DROP TABLE event_log_topics")
        db.execute(conn, "INSERT INTO register_rows (name, n) VALUES ('event_log', 1)")
        db.execute(conn, f"UPDATE {STATE_TABLE} SET version = 4 WHERE name = 'event-log'")
    registers.close()
    again = Registers(app)
    try:
        assert [(s.register, s.from_version) for s in again.setup()] == [("event-log", 4)]
        assert _log(again) == rows
        assert not again.db.execute(again.conn, "SELECT n FROM register_rows WHERE name = 'event_log'")
        query = RegisterQuery(again.db, again.conn, all_registers()["event-log"])
        assert query.count() == app.head() == len(rows)
    finally:
        again.close()


@pytest.mark.parametrize("word", ["actor:admin", "office:HQ", "type:Document.Registered", "type:Registered",
                                  "kind:Document", "register:correspondence", "record:INC-2026-00001"])
def test_the_log_s_filters_read_through_indexes(app: Any, word: str) -> None:
    if app.store_config.kind != "sqlite":
        pytest.skip("SQLite's query plans")
    app.handle(co.ReceiveDocument(received_on=D, sender="Ministry", subject="Ballots"), user="admin")
    registers = Registers(app)
    try:
        registers.setup()
        registers.catch_up()
        query = RegisterQuery(registers.db, registers.conn, all_registers()["event-log"], filter=word)
        where, params = query._like()
        plan = registers.db.execute(registers.conn, f"EXPLAIN QUERY PLAN SELECT position FROM event_log{where} "
                                    "ORDER BY position DESC LIMIT 50", params)
        steps = [str(r[3]) for r in plan]
        # never a walk over every event, nor over every record
        assert not [s for s in steps if s.startswith("SCAN") and s != "SCAN CONSTANT ROW"], steps
        assert query.count() >= 1 or word == "office:HQ"
    finally:
        registers.close()


def test_an_unfiltered_page_found_by_position_equals_the_rows_stepped_over(app: Any) -> None:
    for n in range(4):
        app.handle(co.ReceiveDocument(received_on=D, sender=f"Ministry {n}", subject="Ballots"), user="admin")
    registers = Registers(app)
    try:
        registers.setup()
        registers.catch_up()
        for descending in (True, False):
            query = RegisterQuery(registers.db, registers.conn, all_registers()["event-log"])
            query.set(descending=descending)
            every = query.all_rows()
            assert len(every) == query.count() == app.head()
            for offset, limit in ((0, 3), (2, 5), (len(every) - 2, 5), (len(every) + 3, 2)):
                assert query.page(offset, limit) == every[offset:offset + limit], (descending, offset)
    finally:
        registers.close()
