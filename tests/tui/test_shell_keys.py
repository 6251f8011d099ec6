"""The shell's keys and inputs as a clerk, an auditor and an administrator meet them in a real terminal:
control characters in a filter, the rebuild screen's keys, the keys panel."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input

from tests.tui.support import screen_text, settled, small_organisation, wait_for
from tests.tui.test_shell import shell
from tui.widgets.table import RegisterTable


async def test_control_characters_in_a_filter_are_ignored_with_a_word(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24), notifications=True) as pilot:
        table = ui.query_one(RegisterTable)
        await pilot.press("slash")
        ui.query_one("#filter", Input).value = "Kab\x00ul"  # the trigram path on SQLite, ILIKE on PostgreSQL
        await settled(pilot)
        assert ui.is_running and table.total == 0  # "Kab ul" matches nothing: not every row
        ui.query_one("#filter", Input).value = "K\x00"  # too short for the index: the LIKE path
        await settled(pilot)
        assert ui.is_running and table.total == 1 and "Kabul" in screen_text(ui)
        ui.query_one("#filter", Input).value = "\x00"
        await settled(pilot)
        assert ui.is_running and table.total == 4
        assert any("Control characters in a filter are ignored" in n.message for n in ui._notifications)


def test_no_screen_binds_a_key_that_terminals_send_for_another() -> None:
    """ctrl+h arrives as Backspace, ctrl+i as Tab, ctrl+m and ctrl+j as Enter, ctrl+[ as Esc: a binding on one
    of them fires when the user only meant to edit (it hid the rebuild screen while a reason was typed)."""
    import inspect

    from textual.screen import Screen

    import tui.app
    import tui.screens.admin
    import tui.screens.audit
    import tui.screens.card
    import tui.screens.forms
    import tui.screens.replay
    import tui.screens.reports

    ambiguous = {"ctrl+h", "ctrl+i", "ctrl+m", "ctrl+j", "ctrl+left_square_bracket"}
    owners = [tui.app.SecretariatApp, *(cls for module in (tui.screens.admin, tui.screens.audit, tui.screens.card,
                                                          tui.screens.forms, tui.screens.replay, tui.screens.reports)
                                        for _, cls in inspect.getmembers(module, inspect.isclass)
                                        if issubclass(cls, Screen) and cls.__module__ == module.__name__)]
    assert len(owners) > 8
    for owner in owners:
        keys = {key.strip() for b in owner.BINDINGS for key in (b.key if hasattr(b, "key") else b[0]).split(",")}
        assert not keys & ambiguous, owner


async def test_the_rebuild_screen_hides_on_f2_and_backspace_edits_the_reason(app: Any) -> None:
    from tui.screens.admin import RebuildScreen

    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(ui.screen, RebuildScreen)
        ui.screen.query_one("#rebuild-reason", Input).focus()
        await pilot.press(*"schema", "backspace")
        assert ui.screen.query_one("#rebuild-reason", Input).value == "schem"
        assert "F2 hides" in screen_text(ui)
        await pilot.press("f2")
        await pilot.pause()
        assert not isinstance(ui.screen, RebuildScreen)


async def test_esc_closes_the_keys_panel_and_enter_verifies_against_the_newest_checkpoint(app: Any) -> None:
    from textual.widgets import OptionList

    from tui.screens.audit import VerifyScreen

    small_organisation(app)
    ui = shell(app, "audra")
    async with ui.run_test(size=(80, 24)) as pilot:
        ui.action_show_help_panel()
        await pilot.pause()
        assert ui.screen.query("HelpPanel")
        await pilot.press("escape")
        await pilot.pause()
        assert not ui.screen.query("HelpPanel") and ui.is_running
        await pilot.press("v")
        await pilot.pause()
        verify = ui.screen
        assert isinstance(verify, VerifyScreen)
        await pilot.press("c")  # a first checkpoint
        await pilot.pause()
        await pilot.press("escape", "v")
        await pilot.pause()
        verify = ui.screen
        assert isinstance(verify, VerifyScreen)
        checkpoints = verify.query_one("#checkpoints", OptionList)
        assert checkpoints.option_count == 1 and verify.focused is checkpoints
        await pilot.press("enter")
        # the check runs in a worker (the poll's, superseded, may be cancelled meanwhile: not waited on)
        await wait_for(pilot, lambda: "matches checkpoint" in screen_text(ui))
