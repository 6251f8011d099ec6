"""Which language, calendar and digits this session shows: one value, resolved once at start-up.

The order (issue 23): `--lang`, then `SECRETARIAT_LANG`, then the user's own setting recorded in the store,
then the locale of the process; English where none applies. Everything that draws text or dates reads
`current()`; nothing else decides the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Calendar = Literal["gregorian", "solar_hijri"]
Digits = Literal["latin", "eastern"]

LANGUAGES: tuple[str, ...] = ("en", "az", "ru", "fa_AF", "ps")
RIGHT_TO_LEFT: frozenset[str] = frozenset({"fa_AF", "ps"})


@dataclass(frozen=True)
class Settings:
    """What the interface shows: the language, the calendar dates are shown and typed in, the digits."""

    language: str = "en"
    calendar: Calendar = "gregorian"
    digits: Digits = "latin"

    @property
    def rtl(self) -> bool:
        return self.language in RIGHT_TO_LEFT


_current = Settings()


def current() -> Settings:
    return _current


def use(settings: Settings) -> None:
    """Set the session's settings (start-up, or a test)."""
    global _current
    _current = settings
