"""Dates in the calendars a reader may use (Gregorian, Solar Hijri) and the digit sets numbers are typed in.

Stored dates are always ISO Gregorian; this module converts them, exactly (jdatetime), to and from the text a
reader of either calendar writes and reads (`1405-09-10` is 2026-12-01), and maps the Persian (۰-۹) and Arabic
(٠-٩) digits typed in Dari and Pashto to Latin ones and back. Everything that shows or reads a date for a person
(table cells, cards, forms, filter words, reports grouped by month or year) comes here, so the calendar is
decided in one place.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

import jdatetime

EASTERN = "۰۱۲۳۴۵۶۷۸۹"  # Extended Arabic-Indic: the digits of Dari and Pashto
ARABIC = "٠١٢٣٤٥٦٧٨٩"  # Arabic-Indic
_TO_LATIN = str.maketrans(EASTERN + ARABIC + "٫٬", "0123456789" * 2 + ".,")
_TO_EASTERN = str.maketrans("0123456789", EASTERN)
# The Solar Hijri years a date is typed in (1921-2121): a Gregorian day typed by mistake (2026-12-01) is refused
# rather than read as a day six centuries on.
SOLAR_HIJRI_YEARS = range(1300, 1500)
_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def latin_digits(text: str) -> str:
    """`text` with every Persian or Arabic digit (and their decimal and thousands marks) made Latin."""
    return text.translate(_TO_LATIN)


def eastern_digits(text: str) -> str:
    """`text` with its Latin digits written as the Extended Arabic-Indic digits of Dari and Pashto."""
    return text.translate(_TO_EASTERN)


def date_text(day: date, calendar: str = "gregorian") -> str:
    """The day as a reader of `calendar` writes it: 2026-12-01, or 1405-09-10 in Solar Hijri."""
    if calendar == "solar_hijri":
        j = jdatetime.date.fromgregorian(date=day)
        return f"{j.year:04d}-{j.month:02d}-{j.day:02d}"
    return day.isoformat()


def parse_date(text: str, calendar: str = "gregorian") -> date:
    """The Gregorian day a reader of `calendar` means by `text` (any digit set); ValueError if it is none."""
    typed = latin_digits(text.strip())
    if calendar != "solar_hijri":
        return date.fromisoformat(typed)  # what the forms always took (2026-11-23, 20261123)
    m = _DAY.match(typed)
    if m is None:
        raise ValueError(f"not a date: {text!r}")
    year, month, day = (int(g) for g in m.groups())
    if year not in SOLAR_HIJRI_YEARS:
        raise ValueError(f"not a Solar Hijri date: {text!r}")
    try:
        return jdatetime.date(year, month, day).togregorian()
    except ValueError:
        raise ValueError(f"not a Solar Hijri date: {text!r}") from None


def example(calendar: str = "gregorian") -> str:
    """A date as the reader of `calendar` types it, for hints ("a date like 1405-09-10")."""
    return date_text(date(2026, 12, 1), calendar)


def is_iso_day(value: object) -> bool:
    """Whether `value` is a day as stored (`2026-12-01`)."""
    return isinstance(value, str) and _ISO_DAY.match(value) is not None


@lru_cache(maxsize=16384)  # a screen redraws the same days many times
def iso_text(value: object, calendar: str) -> str | None:
    """A stored ISO day (`2026-12-01`) in `calendar`, or None when `value` is not one (shown as it is) or the
    calendar is Gregorian (shown as stored)."""
    if calendar == "gregorian" or not isinstance(value, str) or not _ISO_DAY.match(value):
        return None
    try:
        return date_text(date.fromisoformat(value), calendar)
    except ValueError:
        return None


def month_of(day: date, calendar: str = "gregorian") -> str:
    """The month a day falls in, as `YYYY-MM` of `calendar` (2026-12, or 1405-09)."""
    return date_text(day, calendar)[:7]


def year_range(year: int, calendar: str = "gregorian") -> tuple[date, date]:
    """The first day of `year` of `calendar` and the first day of the next, in Gregorian."""
    if calendar == "solar_hijri":
        return jdatetime.date(year, 1, 1).togregorian(), jdatetime.date(year + 1, 1, 1).togregorian()
    return date(year, 1, 1), date(year + 1, 1, 1)


def month_range(year: int, month: int, calendar: str = "gregorian") -> tuple[date, date]:
    """The first day of a month of `calendar` and the first day of the next, in Gregorian."""
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    if calendar == "solar_hijri":
        return jdatetime.date(year, month, 1).togregorian(), jdatetime.date(*following, 1).togregorian()
    return date(year, month, 1), date(*following, 1)
