"""Public holidays loaded from the `holidays` package (calendar.load-holidays in domain/calendar.py): a year of
Afghanistan's for an IEC store, of Azerbaijan's for a CEC store, each day a holiday of the working calendar
that due dates skip; the country's own week; refusals in one sentence. On both stores."""

from __future__ import annotations

from datetime import date

import holidays as package
import pytest

from domain.application import Secretariat
from domain.calendar import (
    CALENDAR_ID,
    COUNTRIES,
    Calendar,
    DeclareHoliday,
    LoadPublicHolidays,
    SetWeekend,
    add_working_days,
    parse_weekend,
    public_holidays,
)
from projections.registers import read_register
from projections.runner import Registers
from tests.domain.test_access import refused, run


def calendar(app: Secretariat) -> Calendar:
    found = app.find(CALENDAR_ID)
    assert isinstance(found, Calendar)
    return found


def test_afghanistans_year_is_loaded_as_the_package_has_it(app: Secretariat) -> None:
    run(app, LoadPublicHolidays(country="AF", year=2026, names_in="en_US"))
    expected = package.country_holidays("AF", years=2026, language="en_US")
    held = calendar(app).holidays
    assert held == {d.isoformat(): name for d, name in expected.items()}
    assert held["2026-08-19"] == "Afghanistan Independence Day"
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        rows = read_register(registers.db, registers.conn, "holidays")
    finally:
        registers.close()
    assert [(r["day"], r["holiday"]) for r in rows] == sorted((d.isoformat(), n) for d, n in expected.items())


def test_azerbaijans_names_are_its_own_unless_asked(app: Secretariat) -> None:
    run(app, LoadPublicHolidays(country="az", year=2026))
    assert calendar(app).holidays["2026-11-08"] == "Zəfər Günü"
    assert dict(public_holidays("AF", 2026))[date(2026, 8, 19)] == "روز استقلال افغانستان"
    assert dict(public_holidays("AF", 2026, "ps_AF"))[date(2026, 8, 19)] == "د افغانستان د استقلال ورځ"


def test_days_already_declared_are_kept_and_a_second_load_is_refused(app: Secretariat) -> None:
    run(app, DeclareHoliday(day=date(2026, 8, 19), holiday_name="Independence Day"))
    result = run(app, LoadPublicHolidays(country="AF", year=2026, names_in="en_US"))
    assert result.outcome.message == f"{len(public_holidays('AF', 2026)) - 1} public holidays of Afghanistan in " \
                                     "2026 declared"
    assert calendar(app).holidays["2026-08-19"] == "Independence Day"
    refused(app, LoadPublicHolidays(country="AF", year=2026), "^every public holiday of Afghanistan in 2026 is "
            "declared already$")


@pytest.mark.parametrize(("fields", "sentence"), [
    ({"country": "FR", "year": 2026}, r"^unknown country 'FR'; countries are AF \(Afghanistan\), AZ \(Azerbaijan\)$"),
    ({"country": "AF", "year": 1800}, r"^year 1800 must be between 2000 and 2100$"),
    ({"country": "AZ", "year": 2026, "names_in": "fa_AF"}, r"^the holidays of Azerbaijan are named in az, en_US, uk, "
                                                          r"not 'fa_AF'$"),
])
def test_an_unknown_country_year_or_language_is_refused(app: Secretariat, fields: dict, sentence: str) -> None:
    refused(app, LoadPublicHolidays(**fields), sentence)
    assert app.find(CALENDAR_ID) is None


def test_only_deciders_load_them(app: Secretariat) -> None:
    from domain.access import AddUser

    run(app, AddUser(user="clerk", role="clerk"))
    refused(app, LoadPublicHolidays(country="AF", year=2026), "may not run", user="clerk")


def test_due_dates_skip_the_afghan_week_and_holidays(app: Secretariat) -> None:
    assert COUNTRIES["AF"][1] == "fri" and COUNTRIES["AZ"][1] == "sat,sun"
    run(app, SetWeekend(weekend=COUNTRIES["AF"][1]), reason="the Afghan government's week")
    run(app, LoadPublicHolidays(country="AF", year=2026, names_in="en_US"))
    cal = calendar(app)
    assert cal.weekend == parse_weekend("fri") == [4]
    # Thu 13 Aug 2026; Fri 14 is the weekend, Sat 15 Islamic Emirate Victory Day: Sun 16, Mon 17
    assert add_working_days(cal, date(2026, 8, 13), 2) == date(2026, 8, 17)
    assert not cal.is_working_day(date(2026, 8, 19)) and cal.is_working_day(date(2026, 8, 22))  # a Saturday works


def test_the_azerbaijani_week_and_holidays(app: Secretariat) -> None:
    run(app, LoadPublicHolidays(country="AZ", year=2026, names_in="en_US"))
    cal = calendar(app)
    assert cal.weekend == parse_weekend(COUNTRIES["AZ"][1])
    # Fri 6 Nov 2026; Sat, Sun weekend, Mon 9 National Flag Day (Sun 8 Victory Day observed Tue 10): Wed 11
    assert add_working_days(cal, date(2026, 11, 6), 1) == date(2026, 11, 11)
