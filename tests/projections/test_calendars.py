"""Solar Hijri dates and Eastern digits (projections/calendars.py): exact conversion against known dates over
leap years, round trips, the digits typed in Dari and Pashto; and filter words typed in the reader's calendar
(projections/filterwords.py), on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import DeclareHoliday
from projections.calendars import (
    date_text,
    eastern_digits,
    iso_text,
    latin_digits,
    month_of,
    month_range,
    parse_date,
    year_range,
)
from projections.filterwords import FilterProblem
from projections.paging import RegisterQuery
from projections.registers import register
from projections.runner import Registers
from tests.conftest import STORES
from tests.projections.support import fresh_store

KNOWN = [  # (Gregorian, Solar Hijri)
    (date(2024, 3, 20), "1403-01-01"),  # Nowruz 1403
    (date(2025, 3, 20), "1403-12-30"),  # 1403 is a leap year: its Esfand has 30 days
    (date(2025, 3, 21), "1404-01-01"),  # Nowruz 1404
    (date(2026, 3, 20), "1404-12-29"),  # 1404 is not: Esfand ends on the 29th
    (date(2026, 3, 21), "1405-01-01"),
    (date(2026, 12, 1), "1405-09-10"),
    (date(2026, 11, 30), "1405-09-09"),
    (date(2026, 10, 17), "1405-07-25"),  # the demo election's voting day
    (date(2000, 2, 29), "1378-12-10"),  # a Gregorian leap day
    (date(2030, 3, 20), "1408-12-30"),  # 1408: the next leap year after 1403 (five years on)
]


@pytest.mark.parametrize(("gregorian", "hijri"), KNOWN)
def test_known_days_convert_both_ways(gregorian: date, hijri: str) -> None:
    assert date_text(gregorian, "solar_hijri") == hijri
    assert parse_date(hijri, "solar_hijri") == gregorian
    assert date_text(gregorian) == gregorian.isoformat()  # Gregorian unchanged


@given(st.dates(min_value=date(1925, 1, 1), max_value=date(2100, 12, 31)))
def test_every_day_round_trips_and_follows_the_day_before(day: date) -> None:
    text = date_text(day, "solar_hijri")
    assert parse_date(text, "solar_hijri") == day
    assert parse_date(eastern_digits(text), "solar_hijri") == day
    before = date_text(day - timedelta(days=1), "solar_hijri")
    assert before < text  # the text sorts as the days do (one day on, never a gap or a repeat)


@pytest.mark.parametrize("bad", ["1404-12-30", "1405-13-01", "1405-00-10", "1405-07-31", "1405/09/10", "today", "",
                                 "2026-12-01", "1299-12-29", "1500-01-01"])
def test_a_day_the_calendar_has_not_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_date(bad, "solar_hijri")


def test_digits_of_every_set_are_read_and_eastern_ones_written() -> None:
    assert latin_digits("۱۴۰۵-۰۹-۱۰") == "1405-09-10"
    assert latin_digits("٢٠٢٦-١٢-٠١") == "2026-12-01"
    assert latin_digits("۱٬۲۵۰٫۵۰") == "1,250.50"
    assert eastern_digits("1405-09-10") == "۱۴۰۵-۰۹-۱۰"
    assert parse_date("٢٠٢٦-١٢-٠١") == date(2026, 12, 1)


def test_stored_days_only_are_converted_for_display() -> None:
    assert iso_text("2026-12-01", "solar_hijri") == "1405-09-10"
    assert iso_text("2026-12-01", "gregorian") is None
    for other in ("INC-2026-00001", "2026-12-01T10:00", "2026-13-01", 20261201, None):
        assert iso_text(other, "solar_hijri") is None


def test_months_and_years_of_either_calendar() -> None:
    assert month_of(date(2026, 12, 1), "solar_hijri") == "1405-09"
    assert month_of(date(2026, 12, 1)) == "2026-12"
    assert year_range(1403, "solar_hijri") == (date(2024, 3, 20), date(2025, 3, 21))
    assert month_range(1403, 12, "solar_hijri") == (date(2025, 2, 19), date(2025, 3, 21))  # 30 days in 1403
    assert month_range(1404, 12, "solar_hijri") == (date(2026, 2, 20), date(2026, 3, 21))  # 29 days in 1404
    assert month_range(2026, 12) == (date(2026, 12, 1), date(2027, 1, 1))


# ---- filter words in the reader's calendar ---------------------------------------------------------

@pytest.fixture(params=STORES)
def holidays(request: pytest.FixtureRequest) -> Iterator[tuple[Any, Any]]:
    with fresh_store(request.param) as app:
        for day, name in ((date(2026, 3, 20), "Last of Esfand"), (date(2026, 3, 21), "Nowruz"),
                          (date(2026, 12, 1), "Azar"), (date(2027, 3, 21), "Nowruz 1406")):
            app.handle(DeclareHoliday(day=day, holiday_name=name), user="admin")
        registers = Registers(app)
        registers.setup()
        registers.catch_up()
        try:
            yield registers.db, registers.conn
        finally:
            registers.close()


def _names(db: Any, conn: Any, text: str, calendar: str) -> list[str]:
    q = RegisterQuery(db, conn, register("holidays"), filter=text, calendar=calendar, today=date(2026, 12, 1))
    assert q.problem is None, q.problem
    return [row[1] for row in q.page(0, 10)]


def test_holidays_found_by_a_solar_hijri_year_and_month(holidays: tuple[Any, Any]) -> None:
    db, conn = holidays

    q = RegisterQuery(db, conn, register("holidays"), calendar="solar_hijri")
    assert len(q.all_rows()) == 4
    assert _names(db, conn, "year:1405", "solar_hijri") == ["Nowruz", "Azar"]
    assert _names(db, conn, "year:۱۴۰۴", "solar_hijri") == ["Last of Esfand"]
    assert _names(db, conn, "year:2026", "gregorian") == ["Last of Esfand", "Nowruz", "Azar"]


def test_a_bad_value_in_the_readers_calendar_is_refused_in_words(holidays: tuple[Any, Any]) -> None:
    db, conn = holidays
    q = RegisterQuery(db, conn, register("holidays"), filter="year:26", calendar="solar_hijri",
                      today=date(2026, 12, 1))
    assert q.problem == "year: needs a year like 1405, not '26'"
    assert q.count() == 0
    q = RegisterQuery(db, conn, register("holidays"), filter="year:26", today=date(2026, 12, 1))
    assert q.problem == "year: needs a year like 2026, not '26'"


def test_date_words_are_typed_in_the_readers_calendar() -> None:
    from projections.filterwords import _date, _due, _time

    today = date(2026, 12, 1)
    assert _date("on", "1405-09-10", today, "solar_hijri") == "2026-12-01"
    assert _date("on", "۱۴۰۵-۰۹-۱۰", today, "solar_hijri") == "2026-12-01"
    assert _date("on", "2026-12-01", today) == "2026-12-01"
    assert _time("since", "1405-01-01T08:00", today, "solar_hijri") == "2026-03-21T08:00"
    assert _due("due <= ?", "1405-09-09", today, "solar_hijri").params == ("2026-11-30",)
    with pytest.raises(FilterProblem, match=r"^on: needs a date like 1405-09-10 \(or today\), not '1404-12-30'$"):
        _date("on", "1404-12-30", today, "solar_hijri")
    with pytest.raises(FilterProblem, match=r"^on: needs a date like 2026-12-01 \(or today\)"):
        _date("on", "2026-02-30", today)


def test_holidays_found_by_a_solar_hijri_month(holidays: tuple[Any, Any]) -> None:
    db, conn = holidays
    assert _names(db, conn, "month:1404-12", "solar_hijri") == ["Last of Esfand"]
    assert _names(db, conn, "month:1405-09", "solar_hijri") == ["Azar"]
    assert _names(db, conn, "month:2026-03", "gregorian") == ["Last of Esfand", "Nowruz"]
    assert _names(db, conn, "on:1405-01-01", "solar_hijri") == ["Nowruz"]
