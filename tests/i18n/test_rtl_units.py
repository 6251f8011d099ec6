"""A date, a range or a signed figure inside right-to-left text is drawn as one left-to-right unit: an official
reads 1405-09-11 (or 2026-12-02) as written, not 11-09-1405 as the bidi algorithm alone lays three numbers
after Arabic letters. The embedding marks that hold the unit together are not drawn."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from domain.access import SetPreferences
from tests.i18n.test_no_english_left import drawn, office  # noqa: F401  (the fixture)
from tests.tui.support import wait_for
from tui.app import SecretariatApp
from tui.i18n.bidi import visual
from tui.i18n.settings import Settings, use

MARKS = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(("text", "unit"), [
    ("تاریخ 2026-12-02 است", "2026-12-02"),
    ("تاریخ ۱۴۰۵-۰۹-۱۱ است", "۱۴۰۵-۰۹-۱۱"),
    ("تاریخ ۱۴۰۵-۰۹-۱۱ است (ctrl+s)", "۱۴۰۵-۰۹-۱۱"),  # a line with brackets goes through the other algorithm
    ("موقعیت‌های ۱-۵ صادر شد", "۱-۵"),
    ("مکاتیب -۲ نسبت به هفتهٔ گذشته", "-۲"),
    ("نامهٔ INC-2026-00001 ثبت شد", "INC-2026-00001"),
])
def test_a_date_range_or_signed_figure_is_one_left_to_right_unit(text: str, unit: str) -> None:
    for rtl in (True, None):  # a Dari session, and a Dari line in an English session
        shown = visual(text, rtl)
        assert unit in shown and not MARKS.search(shown), shown


def test_text_without_right_to_left_letters_is_untouched() -> None:
    text = "as of 2026-12-02, +3"
    assert visual(text, True) is text


@pytest.mark.parametrize("office", ["fa_AF"], indirect=True)
async def test_a_date_in_a_right_to_left_title_is_drawn_year_first(office: Any) -> None:  # noqa: F811
    """The dashboard's title and its chart notes in Dari, Solar Hijri, Eastern digits, as drawn at 80x24."""
    from tui.screens.dashboard import DashboardScreen

    office.handle(SetPreferences(user="admin", calendar="solar_hijri", digits="eastern"), user="admin")
    ui = SecretariatApp(office, "admin", store_label="—")
    try:
        async with ui.run_test(size=(80, 24)) as pilot:
            screen = DashboardScreen(today=date(2026, 12, 2))
            ui.push_screen(screen)
            await wait_for(pilot, lambda: screen.loads >= 1)
            await pilot.pause()
            text = drawn(ui)
            title = text.splitlines()[screen.query_one("#dash-title").region.y]
    finally:
        use(Settings(language="fa_AF"))
    assert "۱۴۰۵-۰۹-۱۱" in title, title  # 2026-12-02, read as one unit
    assert "۱۱-۰۹-۱۴۰۵" not in text and not MARKS.search(text), text
