"""How the session writes and reads dates, numbers and amounts: its calendar (Gregorian or Solar Hijri), its
digits (Latin, or the Eastern Arabic-Indic digits of Dari and Pashto) and its language's number symbols (Babel).

Everything drawn for a person (table cells, cards, reports) is written by `show_*`, and everything a person
types into a date or number field or filter is read by `read_*`, so the settings act in one place. Stored
values never change: dates stay ISO Gregorian, amounts minor units, digits Latin. An English, Gregorian, Latin
session writes exactly what it always wrote.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal

from projections import calendars
from projections.registers import money_text
from projections.reports import ReportResult
from tui.i18n.settings import Settings, current


def _plain(settings: Settings) -> bool:
    return settings.language == "en" and settings.digits == "latin"


def digits(text: str, settings: Settings | None = None) -> str:
    """`text` with its digits in the session's digit set (unchanged for Latin)."""
    settings = settings or current()
    return calendars.eastern_digits(text) if settings.digits == "eastern" else text


def show_percent(value: int, settings: Settings | None = None) -> str:
    """A whole percentage as the session writes it: 83%, or ۸۳٪ with the Arabic percent sign in Eastern digits."""
    settings = settings or current()
    return digits(f"{value}%", settings).replace("%", "٪") if settings.digits == "eastern" else f"{value}%"


def show_date(day: date, settings: Settings | None = None) -> str:
    """A day as the session writes it: 2026-12-01, 1405-09-10, or ۱۴۰۵-۰۹-۱۰."""
    settings = settings or current()
    return digits(calendars.date_text(day, settings.calendar), settings)


def show_stored(value: Any, settings: Settings | None = None) -> str | None:
    """A stored value that is an ISO day (`2026-12-01`) in the session's calendar and digits; None for
    anything else, which is shown as it is."""
    if not isinstance(value, str):  # a number, a record's nested value ...: not a stored day
        return None
    settings = settings or current()
    if settings.calendar == "gregorian":
        return digits(value, settings) if settings.digits == "eastern" and calendars.is_iso_day(value) else None
    converted = calendars.iso_text(value, settings.calendar)
    return None if converted is None else digits(converted, settings)


def show_day(value: date | str, settings: Settings | None = None) -> str:
    """A day given as a date or as stored text, as the session writes it (anything else as it is)."""
    if isinstance(value, date):
        return show_date(value, settings)
    return show_stored(value, settings) or str(value)


@lru_cache(maxsize=16384)  # Babel is slow and a screen redraws the same amounts many times
def _number(value: Decimal | int, pattern: str, settings: Settings) -> str:
    system = "default" if settings.digits == "eastern" else "latn"
    try:
        text = format_decimal(value, format=pattern, locale=settings.language, numbering_system=system)
    except Exception:  # a locale Babel lacks: the plain form rather than none
        text = f"{value:,}"
    return digits(text, settings)


def show_money(minor: Any, settings: Settings | None = None) -> str:
    """Minor units as an amount in the session's locale: 1,234.56 (en), 1.234,56 (az), ۱٬۲۳۴٫۵۶ (Dari)."""
    settings = settings or current()
    if minor is None or _plain(settings):
        return money_text(minor)
    return _number(Decimal(int(minor)) / 100, "#,##0.00", settings)


def show_amount(amount: Decimal, settings: Settings | None = None) -> str:
    """A Decimal amount with thousands and cents, in the session's locale."""
    settings = settings or current()
    if _plain(settings):
        return f"{Decimal(amount):,.2f}"
    return _number(amount, "#,##0.00", settings)


def show_count(n: int, settings: Settings | None = None) -> str:
    """A whole number in the session's digits (no grouping: counts, numbers and codes read the same)."""
    return digits(str(n), settings)


_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_EASTERN_MARKS = str.maketrans({",": "٬", ".": "٫"})  # the Arabic thousands and decimal marks


def _eastern(text: str) -> str:
    return text if current().digits != "eastern" else calendars.eastern_digits(text.translate(_EASTERN_MARKS))


class Figure(int):
    """A whole number that writes itself in the session's digits under any format spec a template gives it
    (`{count:,}`, `{change:+,}`), so a catalogue's templates keep their specs: Latin as before, or Eastern
    Arabic-Indic digits with the Arabic thousands mark (۱٬۲۳۴), read back by `read_digits`."""

    def __format__(self, spec: str) -> str:
        return _eastern(format(int(self), spec))

    def __str__(self) -> str:
        return format(self, "")


class Measure(float):
    """A measured quantity (seconds, a rate) that writes itself in the session's digits as Figure does, with the
    Arabic decimal mark (۲٫۵)."""

    def __format__(self, spec: str) -> str:
        return _eastern(format(float(self), spec))

    def __str__(self) -> str:
        return format(self, "")


class Money(Decimal):
    """An amount of money in a template, written by `show_amount` whatever format spec the template gives it
    (`{amount}`, `{limit:,.2f}`): thousands and cents in the session's locale and digits, the one way amounts are
    written in sentences as in the registers' cells."""

    def __format__(self, spec: str, context: Any = None, /) -> str:
        return show_amount(Decimal(self))

    def __str__(self) -> str:
        return format(self, "")


def figure(n: int) -> Figure:
    """`n` as a Figure: pass it to `_()` or an f-string where a count is drawn."""
    return Figure(n)


def in_readers_digits(value: Any) -> Any:
    """A template's parameter as the session writes it: a number (int or float, not a bool) as a Figure or a
    Measure, an amount (a Decimal) as Money, anything else as it is. The catalogue fills every template through
    this, so a count or an amount in any message (the command line's among them) is written in the reader's digits
    and locale without each message asking."""
    if isinstance(value, bool) or isinstance(value, (Figure, Measure, Money)):
        return value
    if isinstance(value, Decimal):  # an amount (domain.shown.Amount among them)
        return Money(value)
    if isinstance(value, int):
        return Figure(value)
    if isinstance(value, float):
        return Measure(value)
    return value


def show_said(message: Any) -> str:
    """A declared text or Message in the session's language, its days ("as of 2026-12-02") in the reader's
    calendar and digits and its numbers in their digits; a parameter that is a message itself is said translated,
    anything else as it is."""
    from domain.errors import Message
    from tui.i18n.catalogue import _, say

    if not isinstance(message, Message) or not message.params:
        return say(message)
    return _(message.template, **{k: _said(v) for k, v in message.params.items()})


def _said(value: Any) -> Any:
    """A parameter of a sentence show_said fills: a message said the same way (its own stored days too), a day (or a
    stored ISO day) in the reader's calendar; numbers and amounts are left to the catalogue (in_readers_digits)."""
    from domain.errors import Message

    if isinstance(value, Message):
        return show_said(value)
    if isinstance(value, Decimal):  # an amount: the catalogue writes it (in_readers_digits), whatever its spec
        return value
    return show_day(value) if isinstance(value, (str, date)) else value


def show_told(sentences: Any) -> str:
    """Sentences read in turn (a record's agenda, a cell's publications), each said as `show_said` says it, joined
    as the language lists them ("; ", "؛ " in Dari and Pashto)."""
    from tui.i18n.catalogue import _

    return _("; {part}", part="").join(show_said(m) for m in sentences)


def show_cell(value: Any, column: str = "", money: tuple[str, ...] = (), timestamps: tuple[str, ...] = ()) -> str:
    """A register's cell as a table draws it (the UI's tables and `secretariat show`): statuses in the session's
    language, amounts in its locale, numbers in its digits, days and times in its calendar, a cell's sentences
    (domain.shown.said) and a status not yet in effect said in its language."""
    from domain.errors import Message
    from domain.shown import sentences_in
    from projections.registers import local_time_text
    from tui.i18n.catalogue import _, word

    if value is None:
        return "-"
    if (sentences := sentences_in(value)) is not None:
        return show_told(sentences)
    if isinstance(value, Message):  # a sentence made when read ("on staff from 2026-12-01")
        return show_said(value)
    if column in timestamps:
        moment = local_time_text(value)
        day = show_stored(moment[:10])
        return digits(day + moment[10:]) if day else moment
    if column == "active":
        return _("yes") if value else _("no")
    if (translated := word(column, value)) is not None:  # a status, role or kind, in the session's language
        return translated
    if column in money:
        return show_money(value)
    if isinstance(value, int | float):
        return digits(str(value))
    text = show_stored(value) or str(value)
    return text.replace("\n", " ⏎ ") if "\n" in text else text  # a long text's lines, on the row's one line


def show_report_cell(result: ReportResult, column: str, value: Any, settings: Settings | None = None) -> str:
    """A report's cell as the session shows it: amounts and counts in its locale and digits, stored days in its
    calendar; anything else as the report writes it."""
    from domain.errors import Message
    from domain.shown import sentences_in

    if isinstance(value, Message) and value:  # a sentence the report writes in a cell (a case's "attention")
        return show_said(value)
    if (sentences := sentences_in(value)) is not None:  # a register's cell of sentences the report reads
        return show_told(sentences)
    if isinstance(value, Decimal):  # an amount the report writes in a cell (a payslip's lines)
        return show_amount(value, settings)
    settings = settings or current()
    if value is None or (settings.calendar == "gregorian" and _plain(settings)):
        return result.cell(column, value)
    if column in result.money:
        return show_money(value, settings)
    if column in result.percent:
        return show_percent(value, settings)
    if isinstance(value, int) and not isinstance(value, bool):
        return digits(str(value), settings)
    if isinstance(value, str) and _MONTH.fullmatch(value):  # a month a report groups by (2026-01, 1405-01)
        return digits(value, settings)
    return show_stored(value, settings) or result.cell(column, value)


def read_date(text: str, settings: Settings | None = None) -> date:
    """The day typed in the session's calendar, in any digit set; ValueError when it is none."""
    settings = settings or current()
    return calendars.parse_date(text, settings.calendar)


def read_digits(text: str) -> str:
    """Typed text with Persian and Arabic digits made Latin (numbers, amounts, dates are read in any set)."""
    return calendars.latin_digits(text)


def date_example(settings: Settings | None = None) -> str:
    """A date as the session types it, for the hints beside date fields and in refusals."""
    settings = settings or current()
    return digits(calendars.date_text(date(2026, 11, 23), settings.calendar), settings)
