"""What a user chooses for their own interface: the language, the calendar dates are shown and typed in, and the
digits numbers are written with; the values each may take and the one-sentence refusal of any other. The user's
record keeps them (`domain.access.User`); the interface reads them at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from domain.records import require

LANGUAGES = ("en", "az", "ru", "fa_AF", "ps")  # English, Azerbaijani, Russian, Dari, Pashto
CALENDARS = ("gregorian", "solar_hijri")
DIGIT_SETS = ("latin", "eastern")  # eastern: the Extended Arabic-Indic digits of Dari and Pashto (۰۱۲۳)


@dataclass(frozen=True)
class Preferences:
    """A user's stored choices; language "" while they have chosen none (the locale then decides)."""

    language: str = ""
    calendar: str = "gregorian"
    digits: str = "latin"


def _canonical(value: str, known: tuple[str, ...] | list[str]) -> str:
    """The known spelling of a choice typed in another case or with '-' for '_' ('fa-AF', 'Solar-Hijri');
    anything else as typed (the check refuses it)."""
    key = value.strip().replace("-", "_").lower()
    return next((k for k in known if k.lower() == key), value)


def check_language(language: str) -> str:
    language = _canonical(language, LANGUAGES)
    require(
        language in LANGUAGES,
        "unknown language {language!r}; languages are {languages}",
        language=language,
        languages=", ".join(LANGUAGES),
    )
    return language


def check_calendar(calendar: str) -> str:
    calendar = _canonical(calendar, CALENDARS)
    require(
        calendar in CALENDARS,
        "unknown calendar {calendar!r}; calendars are {calendars}",
        calendar=calendar,
        calendars=", ".join(CALENDARS),
    )
    return calendar


def check_digits(digits: str) -> str:
    digits = _canonical(digits, DIGIT_SETS)
    require(
        digits in DIGIT_SETS,
        "unknown digits {digits!r}; digits are {digit_sets}",
        digits=digits,
        digit_sets=", ".join(DIGIT_SETS),
    )
    return digits
