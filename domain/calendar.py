"""The working calendar: which weekdays are the weekend and which dates are public holidays, kept as events
of one Calendar record, and the due-date arithmetic the registry and the appeals register use.

Public holidays of a year may be declared one by one or loaded from the `holidays` package for the country
whose election body keeps the store (Afghanistan's for an IEC store, Azerbaijan's for a CEC store); each country
has its working week (`COUNTRIES`). A due date is computed once, when the command runs, from the calendar in
force then, and is stored in the command's event; replaying the history never moves a deadline, even after
holidays change. Until a calendar is set up the weekend is Saturday and Sunday and there are no holidays.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message
from domain.records import NAME, Name, Record, clean, require
from domain.roles import DECIDERS

CALENDAR_ID: UUID = uuid.uuid5(uuid.UUID("9a3c4e7b-51d2-4f0a-8b6e-2c1d0e9f8a71"), "calendar/main")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_WEEKEND = (5, 6)  # Saturday, Sunday
MAX_WORKING_DAYS = 365
# The countries whose public holidays can be loaded: (name, the government's weekend)
COUNTRIES: dict[str, tuple[str, str]] = {"AF": ("Afghanistan", "fri"), "AZ": ("Azerbaijan", "sat,sun")}
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Calendar(Record):
    weekend: list[int]
    holidays: dict[str, str]

    class Opened(Record.Created):
        weekend: list[int]

        def apply(self, c: Calendar) -> None:
            c.weekend = list(self.weekend)
            c.holidays = {}

    class WeekendSet(Record.Event):
        weekend: list[int]

        def apply(self, c: Calendar) -> None:
            c.weekend = list(self.weekend)

    class HolidayDeclared(Record.Event):
        day: date
        holiday: str

        def apply(self, c: Calendar) -> None:
            c.holidays[self.day.isoformat()] = self.holiday

    class HolidayRemoved(Record.Event):
        day: date

        def apply(self, c: Calendar) -> None:
            c.holidays.pop(self.day.isoformat(), None)

    @property
    def label(self) -> str:
        return Message("working calendar")

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day.isoformat() not in self.holidays

    def declare(self, day: date, name: str, envelope: Envelope) -> None:
        name = clean(name, "holiday name", NAME)
        require(day.isoformat() not in self.holidays,
                "{day} is already a holiday ({get})", day=day, get=self.holidays.get(day.isoformat()))
        self.trigger_event(self.HolidayDeclared, day=day, holiday=name, envelope=envelope)

    def remove(self, day: date, envelope: Envelope) -> None:
        require(day.isoformat() in self.holidays, "{day} is not a holiday", day=day)
        self.trigger_event(self.HolidayRemoved, day=day, envelope=envelope)

    def set_weekend(self, days: list[int], envelope: Envelope) -> None:
        require(len(days) < 7, "at least one day of the week must be a working day")
        require(sorted(days) != sorted(self.weekend), "the weekend is already {weekend}",
                weekend=weekend_text(self.weekend))
        self.trigger_event(self.WeekendSet, weekend=sorted(days), envelope=envelope)


def weekend_text(days: list[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in sorted(days)) or "none"


def parse_weekend(text: str) -> list[int]:
    days = []
    for word in text.replace(" ", ",").split(","):
        word = word.strip().lower()[:3]
        if not word:
            continue
        require(word in WEEKDAYS, "unknown weekday {word!r}; write e.g. 'sat,sun' or 'thu,fri'", word=word)
        days.append(WEEKDAYS.index(word))
    return sorted(set(days))


def check_country(country: str) -> str:
    code = (country or "").strip().upper()
    require(code in COUNTRIES, "unknown country {country!r}; countries are {countries}", country=country,
            countries=", ".join(f"{c} ({name})" for c, (name, _) in COUNTRIES.items()))
    return code


def public_holidays(country: str, year: int, language: str = "") -> list[tuple[date, str]]:
    """The public holidays of `country` in `year` as the `holidays` package knows them, named in `language`
    (one the package has for that country; "" for the country's own), in date order. Days with two holidays
    are one entry, their names joined by "; "."""
    import holidays

    code = check_country(country)
    require(FIRST_YEAR <= year <= LAST_YEAR, "year {year} must be between {first} and {last}", year=year,
            first=FIRST_YEAR, last=LAST_YEAR)
    names = holidays.country_holidays(code)
    known = names.supported_languages
    require(not language or language in known,
            "the holidays of {country} are named in {known}, not {language!r}", country=COUNTRIES[code][0],
            known=", ".join(known), language=language)
    # always a language of its own: left unset, the package would follow this process's locale
    found = holidays.country_holidays(code, years=year, language=language or names.default_language)
    return sorted(found.items())


def working_calendar(ctx: Context) -> Calendar | None:
    return ctx.find(Calendar, CALENDAR_ID)


def add_working_days(calendar: Calendar | None, start: date, days: int) -> date:
    """The date `days` working days after `start` (the start itself not counted)."""
    require(0 < days <= MAX_WORKING_DAYS, "working days must be between 1 and {max_working_days}, not {days}",
                                          max_working_days=MAX_WORKING_DAYS, days=days)
    weekend = calendar.weekend if calendar is not None else list(DEFAULT_WEEKEND)
    holidays = calendar.holidays if calendar is not None else {}
    day, left = start, days
    while left:
        day += timedelta(days=1)
        if day.weekday() not in weekend and day.isoformat() not in holidays:
            left -= 1
    return day


def _calendar(ctx: Context) -> Calendar:
    found = working_calendar(ctx)
    if found is None:
        found = ctx.add(Calendar._create(Calendar.Opened, id=CALENDAR_ID, weekend=list(DEFAULT_WEEKEND),
                                         envelope=ctx.envelope))
    return found


class DeclareHoliday(Command, frozen=True, kw_only=True):
    name = "calendar.declare-holiday"
    title = "Declare a public holiday"
    roles = DECIDERS
    day: date
    holiday_name: Name

    def execute(self, ctx: Context) -> Outcome:
        calendar = _calendar(ctx)
        calendar.declare(self.day, self.holiday_name, ctx.envelope)
        return Outcome(message=Message("{day} declared a holiday", day=self.day), record_ids=[calendar.id])


class RemoveHoliday(Command, frozen=True, kw_only=True):
    name = "calendar.remove-holiday"
    title = "Remove a public holiday"
    roles = DECIDERS
    needs_reason = True
    day: date

    def execute(self, ctx: Context) -> Outcome:
        calendar = ctx.get(Calendar, CALENDAR_ID, Message("{day} is not a holiday", day=self.day))
        calendar.remove(self.day, ctx.envelope)
        return Outcome(message=Message("{day} is a working day again", day=self.day), record_ids=[calendar.id])


class SetWeekend(Command, frozen=True, kw_only=True):
    name = "calendar.set-weekend"
    title = "Set the weekend days"
    roles = DECIDERS
    needs_reason = True
    weekend: str

    def execute(self, ctx: Context) -> Outcome:
        days = parse_weekend(self.weekend)
        calendar = _calendar(ctx)
        calendar.set_weekend(days, ctx.envelope)
        return Outcome(message=Message("the weekend is now {weekend_text}", weekend_text=weekend_text(days)),
                       record_ids=[calendar.id])


class LoadPublicHolidays(Command, frozen=True, kw_only=True):
    """A year's public holidays of a country, from the `holidays` package, each declared as a holiday; days
    already declared are left as they are."""

    name = "calendar.load-holidays"
    title = "Load a year's public holidays of a country"
    roles = DECIDERS
    country: str
    year: int
    names_in: str = ""  # the names' language: the country's own unless given (en_US, fa_AF, ps_AF, az ...)

    def execute(self, ctx: Context) -> Outcome:
        found = public_holidays(self.country, self.year, self.names_in)
        country = COUNTRIES[check_country(self.country)][0]
        calendar = _calendar(ctx)
        new = [(day, name) for day, name in found if day.isoformat() not in calendar.holidays]
        require(new, "every public holiday of {country} in {year} is declared already", country=country,
                year=self.year)
        for day, name in new:
            calendar.declare(day, name, ctx.envelope)
        return Outcome(message=Message("{n} public holidays of {country} in {year} declared", n=len(new),
                                       country=country, year=self.year),
                       record_ids=[calendar.id])
