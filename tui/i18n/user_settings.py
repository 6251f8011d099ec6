"""The acting user's stored interface choices (language, calendar, digits) and the session's Settings taken
from them at start-up. The language's own order (`--lang`, `SECRETARIAT_LANG`, this setting, the locale) is
resolved elsewhere; calendar and digits come from the user's record alone."""

from __future__ import annotations

from typing import Any, cast

from domain.preferences import Preferences
from tui.i18n.settings import Calendar, Digits, Settings, current, use


def stored_preferences(secretariat: Any, name: str) -> Preferences:
    """What the user named `name` chose (their record's values); the defaults for an unknown user."""
    user = secretariat.user(name) if name else None
    return user.preferences if user is not None else Preferences()


def apply_user_settings(secretariat: Any, name: str) -> Settings:
    """Make the session show dates and digits as the acting user chose (the language as already resolved)."""
    return use_preferences(stored_preferences(secretariat, name))


def use_preferences(chosen: Preferences) -> Settings:
    """The session's dates and digits from choices already read (the language as already resolved)."""
    settings = Settings(current().language, cast(Calendar, chosen.calendar), cast(Digits, chosen.digits))
    use(settings)
    return settings
