"""What a Dari, Pashto or Solar Hijri reader sees and types, through the pilot at 80x24: dates shown and typed
in Solar Hijri with Eastern digits (stored Gregorian), Arabic-script text drawn in visual order in right-to-left
and left-to-right sessions alike, the mirrored layout of a right-to-left session, and an English session left
exactly as it was."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bidi import get_display

from domain.access import SetPreferences
from domain.calendar import CALENDAR_ID, DeclareHoliday
from domain.commands import COMMANDS
from domain.organisation import EstablishUnit
from tests.tui.support import screen_text, small_organisation, wait_for
from tests.tui.test_shell import choose_register, shell
from tui.i18n import settings
from tui.i18n.bidi import visual
from tui.i18n.catalogue import _
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.widgets.table import RegisterTable

HERAT = "دفتر ولایتی هرات ۱۴۰۵"  # "Herat provincial office 1405", typed in Dari with Persian digits
SUBJECT = "Karimi, Herat: گزارش انتخابات 2026"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    app = open_store(str(tmp_path / "store.db"), create=True)
    app.bootstrap("admin")
    small_organisation(app)
    app.handle(EstablishUnit(code="PO-HER", unit_name=HERAT, kind="provincial", parent="SEC"), user="admin")
    app.handle(DeclareHoliday(day=date(2026, 3, 21), holiday_name="Nowruz"), user="admin")
    yield app
    app.close()


def _dari(app: Any) -> None:
    """Admin reads Solar Hijri with Eastern digits; the language (resolved before the app starts) is Dari."""
    app.handle(SetPreferences(user="admin", calendar="solar_hijri", digits="eastern"), user="admin")
    settings.use(settings.Settings(language="fa_AF"))


def _table_lines(ui: Any) -> list[str]:
    table = ui.query_one(RegisterTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def test_bidi_reorders_only_right_to_left_text() -> None:
    assert visual("Finance and Budget") == "Finance and Budget"
    assert visual("هرات") == "تاره"  # drawn from the right: the first letter ends up at the right
    assert visual(HERAT) == get_display(HERAT)
    assert visual(HERAT) != HERAT and sorted(visual(HERAT)) == sorted(HERAT)  # only the order changes
    assert visual("a\nهرات") == "a\nتاره"  # each line on its own


async def test_arabic_script_is_drawn_in_visual_order_in_an_english_session(office: Any) -> None:
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        await wait_for(pilot, lambda: any(get_display(HERAT)[:10] in line for line in _table_lines(ui)))
        lines = _table_lines(ui)
        assert not any(HERAT[:10] in line for line in lines)  # never the logical order on screen
        assert lines[0].startswith("code")  # an English session stays left to right
        assert "-rtl" not in ui.classes
    # stored exactly as typed, in logical order
    assert office.find(__import__("domain.organisation", fromlist=["unit_id"]).unit_id("PO-HER")).name == HERAT


async def test_a_solar_hijri_reader_sees_and_types_solar_hijri_dates(office: Any) -> None:
    _dari(office)
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        assert settings.current() == settings.Settings("fa_AF", "solar_hijri", "eastern")
        await choose_register(pilot, ui, "holidays")
        await wait_for(pilot, lambda: any("۱۴۰۵-۰۱-۰۱" in line for line in _table_lines(ui)))
        assert not any("2026-03-21" in line for line in _table_lines(ui))
        status = str(ui.screen_stack[0].query_one("#register-status").render())  # its row count in Eastern digits
        assert any(c in "۱۲۳۴۵۶۷۸۹" for c in status) and not any(c.isascii() and c.isdigit() for c in status), status
        ui.open_form(COMMANDS["calendar.declare-holiday"], {})
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        form.query_one("#f-day").value = "۱۴۰۵-۰۹-۱۰"  # typed in Solar Hijri, Persian digits
        form.query_one("#f-holiday_name").value = "Azar"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(ui.screen, CommandForm))
        calendar = office.find(CALENDAR_ID)
        assert calendar.holidays["2026-12-01"] == "Azar"  # stored Gregorian
        ui.open_form(COMMANDS["calendar.declare-holiday"], {})
        await pilot.pause()
        form = ui.screen
        form.query_one("#f-day").value = "1404-12-30"  # 1404 has no 30 Esfand
        form.query_one("#f-holiday_name").value = "Nothing"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert ui.screen is form
        assert _("a date like {example}", example="۱۴۰۵-۰۹-۰۲") in str(form.query_one("#e-day").render())


async def test_a_card_shows_solar_hijri_dates(office: Any) -> None:
    _dari(office)
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "elections")
        await wait_for(pilot, lambda: ui.query_one(RegisterTable).total > 0)
        await pilot.press("enter")
        label = visual(_("voting day"), rtl=True)
        await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard) and label in screen_text(ui))
        text = screen_text(ui)
        assert "۱۴۰۵-۰۶-۱۰" in text and "2026-09-01" not in text  # voting day 2026-09-01
        # a right-to-left card: the label at the line's right end, its value to its left
        line = next(line for line in text.splitlines() if "۱۴۰۵-۰۶-۱۰" in line)
        assert line.rstrip().endswith(label) and line.index("۱۴۰۵-۰۶-۱۰") < line.index(label)
        assert "voting day" not in text


async def test_a_right_to_left_session_is_mirrored(office: Any) -> None:
    _dari(office)
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        await wait_for(pilot, lambda: ui.query_one(RegisterTable).total > 0)
        assert "-rtl" in ui.classes
        sidebar, table = ui.query_one("#sidebar"), ui.query_one(RegisterTable)
        assert sidebar.region.x > table.region.x  # the sidebar on the right
        header = _table_lines(ui)[0].rstrip()
        assert header.endswith(visual(_("code")))  # the first column read first, from the right
        ui.notify(SUBJECT)
        await pilot.pause()
        toast = list(ui._notifications)[-1].message  # what the toast draws
        assert visual(SUBJECT) in toast and SUBJECT not in toast  # drawn in visual order
        assert "2026" in visual(SUBJECT)  # a Latin number inside Arabic-script text keeps its digits' order


async def test_an_english_session_shows_what_it_always_showed(office: Any) -> None:
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "holidays")
        await wait_for(pilot, lambda: any("2026-03-21" in line for line in _table_lines(ui)))
        assert settings.current() == settings.Settings()
        assert not any(ch in line for line in _table_lines(ui) for ch in "۰۱۲۳۴۵۶۷۸۹")
