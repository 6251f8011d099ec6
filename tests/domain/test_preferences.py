"""A user's interface preferences (language, calendar, digits; domain/preferences.py and users.preferences in
domain/access.py): who may set them, the values each may take, the users register that shows them, and the
session's settings taken from them at start-up (tui/i18n/user_settings.py). On both stores."""

from __future__ import annotations

from typing import Any

import pytest

from domain.access import AddUser, DeactivateUser, SetPreferences
from domain.application import Secretariat
from domain.errors import NotPermitted
from domain.preferences import LANGUAGES, Preferences
from projections.registers import read_register
from projections.runner import Registers
from tests.domain.test_access import refused, run
from tui.i18n import settings
from tui.i18n.user_settings import apply_user_settings, stored_preferences


@pytest.fixture
def office(app: Secretariat) -> Secretariat:
    run(app, AddUser(user="karimi", role="clerk"))
    run(app, AddUser(user="aliyev", role="head"))
    run(app, AddUser(user="audit", role="auditor"))
    return app


def test_a_user_sets_their_own_and_an_administrator_anyones(office: Secretariat) -> None:
    run(office, SetPreferences(user="karimi", language="fa_AF", calendar="solar_hijri", digits="eastern"),
        user="karimi")
    assert stored_preferences(office, "karimi") == Preferences("fa_AF", "solar_hijri", "eastern")
    run(office, SetPreferences(user="aliyev", language="az"), user="admin")
    # what is not given stays as it was
    assert stored_preferences(office, "aliyev") == Preferences("az", "gregorian", "latin")
    run(office, SetPreferences(user="karimi", digits="latin"), user="karimi")
    assert stored_preferences(office, "karimi") == Preferences("fa_AF", "solar_hijri", "latin")


def test_a_choice_typed_in_another_case_or_with_a_hyphen_is_taken_in_its_known_spelling(office: Secretariat) -> None:
    run(office, SetPreferences(user="karimi", language="fa-af", calendar="Solar-Hijri", digits=" Eastern "),
        user="karimi")
    assert stored_preferences(office, "karimi") == Preferences("fa_AF", "solar_hijri", "eastern")


def test_nobody_else_sets_another_users_preferences(office: Secretariat) -> None:
    refused(office, SetPreferences(user="aliyev", language="ru"), "may set only their own preferences",
            user="karimi", error=NotPermitted)
    refused(office, SetPreferences(user="karimi", language="ru"), "may set only their own", user="aliyev",
            error=NotPermitted)
    # auditors change nothing, their own preferences included: an administrator sets them
    refused(office, SetPreferences(user="audit", language="ru"), "auditors can read everything", user="audit",
            error=NotPermitted)
    run(office, SetPreferences(user="audit", language="ru"), user="admin")
    assert stored_preferences(office, "audit").language == "ru"


@pytest.mark.parametrize(("fields", "sentence"), [
    ({"language": "fr"}, r"^unknown language 'fr'; languages are en, az, ru, fa_AF, ps$"),
    ({"language": ""}, r"^unknown language ''"),
    ({"calendar": "julian"}, r"^unknown calendar 'julian'; calendars are gregorian, solar_hijri$"),
    ({"digits": "roman"}, r"^unknown digits 'roman'; digits are latin, eastern$"),
    ({"language": "ps", "calendar": "lunar"}, r"^unknown calendar 'lunar'"),
])
def test_an_unknown_value_is_refused_in_one_sentence(office: Secretariat, fields: dict[str, str],
                                                     sentence: str) -> None:
    refused(office, SetPreferences(user="karimi", **fields), sentence, user="karimi")
    assert stored_preferences(office, "karimi") == Preferences()


def test_nothing_new_or_a_deactivated_user_is_refused(office: Secretariat) -> None:
    refused(office, SetPreferences(user="karimi", calendar="gregorian"), "already has these preferences",
            user="karimi")
    run(office, DeactivateUser(user="karimi"), reason="left")
    refused(office, SetPreferences(user="karimi", language="ps"), "karimi is deactivated")
    refused(office, SetPreferences(user="nobody", language="ps"), "no user named 'nobody'")


def test_the_users_register_shows_them(office: Secretariat) -> None:
    run(office, SetPreferences(user="karimi", language="ps", calendar="solar_hijri", digits="eastern"),
        user="karimi")
    registers = Registers(office)
    registers.setup()
    registers.catch_up()
    try:
        rows = {r["name"]: r for r in read_register(registers.db, registers.conn, "users")}
    finally:
        registers.close()
    assert (rows["karimi"]["language"], rows["karimi"]["calendar"], rows["karimi"]["digits"]) == (
        "ps", "solar_hijri", "eastern")
    assert (rows["aliyev"]["language"], rows["aliyev"]["calendar"], rows["aliyev"]["digits"]) == (
        None, "gregorian", "latin")


def test_the_session_takes_calendar_and_digits_from_the_acting_user(office: Secretariat) -> None:
    run(office, SetPreferences(user="karimi", language="fa_AF", calendar="solar_hijri", digits="eastern"),
        user="karimi")
    before = settings.current()
    try:
        settings.use(settings.Settings(language="ps"))  # as resolved before (--lang): kept
        applied = apply_user_settings(office, "karimi")
        assert applied == settings.current() == settings.Settings("ps", "solar_hijri", "eastern")
        assert apply_user_settings(office, "aliyev") == settings.Settings("ps", "gregorian", "latin")
    finally:
        settings.use(before)


def test_the_domain_knows_the_interfaces_languages() -> None:
    assert settings.LANGUAGES == LANGUAGES


def test_preferences_survive_a_replay(office: Secretariat, store_url: str) -> Any:
    from domain.application import open_store

    run(office, SetPreferences(user="aliyev", calendar="solar_hijri"), user="aliyev")
    again = open_store(store_url)
    try:
        assert stored_preferences(again, "aliyev") == Preferences("", "solar_hijri", "latin")
    finally:
        again.close()
