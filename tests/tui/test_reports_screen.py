"""The reports screen as a clerk uses it: it starts on the current register's reports, its list grows with the
terminal, a parameter error leaves no stale result under it, and Enter on a row opens the records behind it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList, Static

from domain.correspondence import ReceiveDocument, ResolveDocument
from tests.tui.support import card_shown, screen_text, settled, small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.reports import ReportsScreen
from tui.widgets.table import RegisterTable


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    for n, subject in enumerate(["Ballots", "Observers", "Training"]):
        application.handle(ReceiveDocument(received_on=date(2026, 3, 2 + n), sender="Ministry", subject=subject),
                           user="admin")
    application.handle(ResolveDocument(document="INC-2026-00002", unit="FIN", instruction="Reply",
                                       on=date(2026, 3, 3)), user="admin")
    yield application
    application.close()


async def test_reports_start_on_the_registers_own_and_the_list_grows_with_the_screen(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(160, 45)) as pilot:
        await choose_register(pilot, ui, "staff")
        await pilot.press("r")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, ReportsScreen)
        listed = screen.query_one("#report-list", OptionList)
        assert screen.current == "staff-by-unit"  # not the first report of all, the incoming journal
        assert listed.get_option_at_index(listed.highlighted or 0).id == "staff-by-unit"
        assert listed.outer_size.width >= 48  # 30% of 160, not a fixed 34 columns


async def test_a_parameter_error_leaves_no_stale_result(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        await pilot.press("r")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, ReportsScreen) and screen.current == "incoming-journal"
        table = screen.query_one("#report-table", DataTable)
        assert table.row_count == 3
        await pilot.press("p", *"year=20x6", "enter")
        await pilot.pause()
        assert "year must be like 2026" in str(screen.query_one("#report-error", Static).render())
        assert table.row_count == 0 and "3 rows" not in screen_text(ui)


async def test_enter_on_a_report_row_opens_the_records_behind_it(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        await pilot.press("r")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, ReportsScreen)
        table = screen.query_one("#report-table", DataTable)
        table.focus()
        table.move_cursor(row=1)
        await pilot.press("enter")  # INC-2026-00002: one record, its card opens
        await card_shown(pilot)
        assert isinstance(ui.screen, RecordCard) and "Document INC-2026-00002" in screen_text(ui)
        await pilot.press("escape")
        await settled(pilot)
        assert ui.current.name == "correspondence" and ui.query_one(RegisterTable).total == 1
        await choose_register(pilot, ui, "appeals")
        await pilot.press("r")
        await pilot.pause()
        assert ui.screen.current == "appeals-by-kind"  # type: ignore[attr-defined]
