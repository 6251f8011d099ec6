"""The shell's keys and inputs as a clerk, an auditor and an administrator meet them in a real terminal:
control characters in a filter, the rebuild screen's keys, the keys panel."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tests.tui.support import screen_text, small_organisation
from tests.tui.test_shell import shell
from tui.widgets.table import RegisterTable


async def test_control_characters_in_a_filter_are_ignored_with_a_word(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24), notifications=True) as pilot:
        table = ui.query_one(RegisterTable)
        await pilot.press("slash")
        ui.query_one("#filter", Input).value = "Kab\x00ul"  # the trigram path on SQLite, ILIKE on PostgreSQL
        await pilot.pause()
        assert ui.is_running and table.total == 0  # "Kab ul" matches nothing: not every row
        ui.query_one("#filter", Input).value = "K\x00"  # too short for the index: the LIKE path
        await pilot.pause()
        assert ui.is_running and table.total == 1 and "Kabul" in screen_text(ui)
        ui.query_one("#filter", Input).value = "\x00"
        await pilot.pause()
        assert ui.is_running and table.total == 4
        assert any("Control characters in a filter are ignored" in n.message for n in ui._notifications)
