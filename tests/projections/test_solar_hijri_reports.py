"""Reports grouped and chosen by months and years of the reader's calendar (projections/reports.py `calendar`,
`year_clause`, `month_key`): appeals by Solar Hijri month, a Solar Hijri year, the `calendar=` parameter every
report takes, and the cells the UI and the command line show in that calendar. On both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from domain import appeals as ap
from domain.errors import Refused
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tui.i18n.formats import show_report_cell
from tui.i18n.settings import Settings

RECEIVED = (date(2026, 3, 19), date(2026, 3, 21), date(2026, 4, 20), date(2026, 4, 21))
# 1404-12-28, 1405-01-01 (Nowruz), 1405-01-31, 1405-02-01


@pytest.fixture
def registers(app: Any) -> Iterator[Registers]:
    for day in RECEIVED:
        app.handle(ap.RegisterAppeal(kind="complaint", channel="written", received_on=day, applicant="Zahra",
                                     contact="Herat", subject="List"), user="admin")
    r = Registers(app)
    r.setup()
    r.catch_up()
    yield r
    r.close()


def _report(r: Registers, name: str, reader_calendar: str = "gregorian", **params: str) -> Any:
    return run_report(ReportContext(r.db, r.conn, date(2026, 12, 1), True, params, reader_calendar), name,
                      ["clerk"])


def _months(result: Any) -> list[tuple[str, int]]:
    return [(row[0], row[1]) for row in result.rows]


def test_appeals_by_month_of_either_calendar(registers: Registers) -> None:
    assert _months(_report(registers, "appeals-by-month")) == [("2026-03", 2), ("2026-04", 2)]
    assert _months(_report(registers, "appeals-by-month", "solar_hijri")) == [
        ("1404-12", 1), ("1405-01", 2), ("1405-02", 1)]
    # every count of the month is folded, not only the first
    hijri = _report(registers, "appeals-by-month", "solar_hijri")
    assert [row[2] for row in hijri.rows] == [1, 2, 1]  # all still open


def test_a_year_of_the_readers_calendar(registers: Registers) -> None:
    assert _months(_report(registers, "appeals-by-month", "solar_hijri", year="1405")) == [
        ("1405-01", 2), ("1405-02", 1)]
    assert _months(_report(registers, "appeals-by-month", "solar_hijri", year="۱۴۰۴")) == [("1404-12", 1)]
    assert _months(_report(registers, "appeals-by-month", year="2026")) == [("2026-03", 2), ("2026-04", 2)]
    assert _report(registers, "appeals-by-kind", "solar_hijri", year="1405").rows[0][1] == 3
    with pytest.raises(Refused, match=r"^year must be like 1405, not '26'$"):
        _report(registers, "appeals-by-kind", "solar_hijri", year="26")


def test_every_report_takes_the_calendar_as_a_parameter(registers: Registers) -> None:
    assert _months(_report(registers, "appeals-by-month", "gregorian", calendar="solar_hijri")) == [
        ("1404-12", 1), ("1405-01", 2), ("1405-02", 1)]
    with pytest.raises(Refused, match=r"^unknown calendar 'lunar'; calendars are gregorian, solar_hijri$"):
        _report(registers, "appeals-by-month", calendar="lunar")
    with pytest.raises(Refused, match="takes no parameter colour"):
        _report(registers, "appeals-by-month", calendar="solar_hijri", colour="red")


def test_report_cells_are_shown_in_the_readers_calendar_and_digits(registers: Registers) -> None:
    result = _report(registers, "overdue-appeals")  # none assigned: no rows; a journal with dates instead
    journal = _report(registers, "appeals-by-month")
    dari = Settings("fa_AF", "solar_hijri", "eastern")
    assert show_report_cell(journal, "appeals", 2, dari) == "۲"
    assert show_report_cell(journal, "month", "2026-03", dari) == "۲۰۲۶-۰۳"  # a month key: its digits, not a day
    assert show_report_cell(result, "due", "2026-12-01", dari) == "۱۴۰۵-۰۹-۱۰"
    assert show_report_cell(result, "due", "2026-12-01", Settings()) == "2026-12-01"
    assert show_report_cell(result, "due", "2026-12-01", Settings("ps", "gregorian", "eastern")) == "۲۰۲۶-۱۲-۰۱"
