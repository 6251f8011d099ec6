"""The event log names each event's record by its business number: free text and `record:` find the events
of APL-2026-00001, `streams_labelled` finds the record for `secretariat history`; its times show in local
time to the second; reports' JSON carries numbers, never glyphs or formatted percentages."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from domain.appeals import RegisterAppeal, appeal_id
from domain.organisation import EstablishPosition, EstablishUnit
from projections.audit_log import streams_labelled
from projections.paging import RegisterQuery
from projections.registers import local_time_text
from projections.registers import registers as all_registers
from projections.reports import ReportResult
from projections.runner import Registers
from tui.widgets.table import cell_text


@pytest.fixture
def logged(app: Any) -> Iterator[Registers]:
    app.handle(EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial"), user="admin")
    app.handle(EstablishPosition(unit="KBL", code="DIR", position_title="Director"), user="admin")
    for applicant in ("Zahra Ahmadi", "Rəşad Məmmədov"):
        app.handle(RegisterAppeal(kind="complaint", channel="written", received_on=date(2026, 3, 2),
                                  applicant=applicant, contact="Kabul", subject="Voter list"), user="admin")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    yield registers
    registers.close()


def test_free_text_and_record_word_find_a_business_number(logged: Registers) -> None:
    query = RegisterQuery(logged.db, logged.conn, all_registers()["event-log"])
    for text in ("APL-2026-00002", "apl-2026-00002", "record:APL-2026-00002", "record:apl-2026-00002"):
        query.set(filter=text)
        rows = query.page(0, 100)
        assert query.problem is None and len(rows) == query.count() >= 1, text
        record = query.columns.index("record")
        assert {r[record] for r in rows} == {"APL-2026-00002"}, text
    query.set(filter=f"record:{appeal_id('APL-2026-00002')}")  # the record id still works
    assert query.count() >= 1


def test_records_are_found_by_number_code_or_name(logged: Registers) -> None:
    db, conn = logged.db, logged.conn
    assert streams_labelled(db, conn, "apl-2026-00001") == [(appeal_id("APL-2026-00001").hex, "APL-2026-00001")]
    assert [label for _, label in streams_labelled(db, conn, "KBL/DIR")] == ["KBL/DIR"]
    assert [label for _, label in streams_labelled(db, conn, "kbl")] == ["KBL"]
    assert [label for _, label in streams_labelled(db, conn, "ADMIN")] == ["admin"]
    assert streams_labelled(db, conn, "APL-2026-00099") == []


@pytest.fixture
def kabul_time() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kabul"  # UTC+04:30 all year
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_event_log_times_show_in_local_time_to_the_second(kabul_time: None) -> None:
    stored = "2026-11-23T14:05:09.123456+00:00"
    assert local_time_text(stored) == "2026-11-23 18:35:09"
    register = all_registers()["event-log"]
    assert cell_text(stored, "recorded_at", register.money, register.timestamps) == "2026-11-23 18:35:09"
    assert local_time_text("not a time") == "not a time"


def test_report_json_carries_numbers_and_text_draws_bars() -> None:
    result = ReportResult(("line", "amount", "executed"), [("A", 400, 83), ("B", 200, None)], money=("amount",),
                          bars="amount", percent=("executed",))
    assert result.as_dicts() == [{"line": "A", "amount": "4.00", "executed": 83},
                                 {"line": "B", "amount": "2.00", "executed": None}]
    assert result.cell("executed", 83) == "83%" and result.cell("executed", None) == "-"
    assert result.bar_cells(result.rows[0]) == ["█" * 20] and result.bar_cells(result.rows[1]) == ["█" * 10]


def test_a_badge_number_finds_the_accredited_person(app: Any) -> None:
    from domain.organisation import ScheduleElection
    from domain.stakeholders import (
        AccreditIndividual,
        AccreditOrganisation,
        ApplyIndividual,
        ApplyOrganisation,
        individual_id,
    )

    day = date(2026, 7, 1)
    for command in (
        ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                         voting_day=date(2026, 9, 27)),
        ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE/ODIHR",
                          kind="international observers", applied_on=day),
        AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=day),
        ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="Jane Doe", applied_on=day),
        AccreditIndividual(election="PE26", document="P1", badge="PE26-00007", valid_from=date(2026, 8, 1),
                           valid_until=date(2026, 10, 1)),
    ):
        app.handle(command, user="admin")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        person = individual_id("PE26", "P1").hex
        assert streams_labelled(registers.db, registers.conn, "pe26-00007") == [(person, "PE26-00007")]
        assert streams_labelled(registers.db, registers.conn, "P1") == [(person, "P1")]  # the document too
        query = RegisterQuery(registers.db, registers.conn, all_registers()["event-log"])
        query.set(filter="PE26-00007")
        assert query.count() >= 1  # the badge's own event, found by its number
    finally:
        registers.close()


def test_record_word_takes_a_code_in_any_case_and_a_query_built_with_a_filter_is_checked(logged: Registers) -> None:
    log = all_registers()["event-log"]
    query = RegisterQuery(logged.db, logged.conn, log)
    query.set(filter="record:kbl")
    assert query.count() >= 1 and {r[query.columns.index("record")] for r in query.page(0, 50)} == {"KBL"}
    built = RegisterQuery(logged.db, logged.conn, all_registers()["units"], filter="foo:bar")
    assert built.problem is not None and built.count() == 0
