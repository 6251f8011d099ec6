"""The auditor's and the administrator's workspaces, driven through the UI (Textual pilot)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from textual.widgets import DataTable, Input, SelectionList, Static

from domain.access import SetClearance
from domain.errors import NotPermitted
from domain.organisation import RenameUnit
from projections.runner import all_projections
from tests.raw import RawEvents
from tests.tui.support import rebuild_done, recorded, screen_text, settled, small_organisation, wait_for
from tui.app import SecretariatApp
from tui.screens.admin import RebuildScreen, StatusScreen
from tui.screens.audit import AsOfScreen, EventScreen, VerifyScreen
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.screens.replay import ReplayScreen
from tui.widgets.table import RegisterTable


def shell(app: Any, user: str = "admin") -> SecretariatApp:
    return SecretariatApp(app, user, store_label="store.db", poll_seconds=0.2)


async def test_event_log_filters_and_opens_an_event_with_its_envelope(app: Any) -> None:
    small_organisation(app)
    app.handle(RenameUnit(code="HR", unit_name="Personnel"), user="admin", reason="new structure")
    ui = shell(app, "audra")
    async with ui.run_test(size=(120, 40)) as pilot:
        ui.show_register("event-log")
        await settled(pilot)
        table = ui.query_one(RegisterTable)
        assert table.total == app.head() and table.current_values()["position"] == app.head()  # newest first
        await pilot.press("slash", *"type:Renamed actor:admin")
        await settled(pilot)
        assert table.total == 1 and table.current_values()["reason"] == "new structure"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(ui.screen, EventScreen)
        text = screen_text(ui)
        assert "Unit.Renamed" in text and "new structure" in text and "Personnel" in text
        assert "actor_name: admin" in text and "chain hash" in text
        await pilot.press("h")  # the record's history, from the event
        await pilot.pause()
        assert isinstance(ui.screen, RecordCard) and "Unit.Established" in screen_text(ui)


async def test_auditor_reads_but_every_command_is_refused(app: Any) -> None:
    small_organisation(app)
    ui = shell(app, "audra")
    async with ui.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(ui.screen, CommandForm)
        with pytest.raises(NotPermitted, match="auditors can read everything but change nothing"):
            ui.run_command(RenameUnit, {"code": "HR", "unit_name": "x"}, "c-1", "")
        await pilot.press("b")  # the rebuild screen is an administrator's
        assert not isinstance(ui.screen, RebuildScreen)


async def test_as_of_shows_a_marked_historical_register(app: Any) -> None:
    small_organisation(app)
    before = app.head()
    app.handle(RenameUnit(code="HR", unit_name="Personnel"), user="admin")
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(ui.screen, AsOfScreen)
        await pilot.press(*str(before), "enter")
        await pilot.pause()
        text = screen_text(ui)
        assert f"HISTORICAL VIEW — Units as of position {before}" in text
        assert "Human Resources" in text and "Personnel" not in text
        ui.screen.query_one("#moment", Input).value = "not a date"
        await pilot.press("enter")
        assert "a position like 1200" in str(ui.screen.query_one("#asof-error", Static).render())


async def test_replay_steps_and_highlights_changed_rows(app: Any) -> None:
    small_organisation(app)
    app.handle(RenameUnit(code="HR", unit_name="Personnel"), user="admin")
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("y")
        await pilot.pause()
        replay = ui.screen
        assert isinstance(replay, ReplayScreen) and replay.state.position == 0
        await pilot.press("right", "right", "right")
        assert replay.state.position == 3 and "► SEC" in screen_text(ui)  # the first unit appears
        await pilot.press("t", *"Renamed", "enter")
        assert "Unit.Renamed" in screen_text(ui) and re.search(r"► HR +Personnel", screen_text(ui))  # in columns
        position = replay.state.position
        await pilot.press("left")
        assert replay.state.position == position - 1 and "Personnel" not in screen_text(ui)
        await pilot.press("u", *"nobody", "enter")
        assert replay.state.position == app.head()


async def test_verify_with_progress_checkpoints_and_tampering(app: Any, store_url: str) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("v")
        await wait_for(pilot, lambda: "Chain intact" in screen_text(ui))
        screen = ui.screen
        assert isinstance(screen, VerifyScreen)
        assert f"Chain intact: {app.head()} events" in screen_text(ui)
        await pilot.press("c")
        checkpoints = screen.query_one("#checkpoints")
        await wait_for(pilot, lambda: checkpoints.option_count == 1)
        checkpoints.focus()
        checkpoints.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: "matches checkpoint" in screen_text(ui))
        RawEvents(store_url).execute("UPDATE {t} SET state = ? WHERE {pos} = 5", (b'{"forged":1}',))
        screen.run_check()
        await wait_for(pilot, lambda: "Chain broken at position 5" in screen_text(ui))


async def test_users_and_roles_through_forms(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        ui.show_register("users")
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        form.query_one("#f-user", Input).value = "zara"
        form.query_one("#f-role").value = "clerk"
        await pilot.press("ctrl+s")
        await recorded(pilot)
        await pilot.press("slash", *"zara", "enter", "enter")
        await pilot.pause()
        assert isinstance(ui.screen, RecordCard)
        await pilot.press("c")
        await pilot.pause()
        ui.screen.query_one("#f-clearance").value = "confidential"
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert app.user("zara").clearance == "confidential"


async def test_status_is_live(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(ui.screen, StatusScreen)
        table = ui.screen.query_one("#status", DataTable)
        assert table.row_count == len(all_projections())
        head = app.head()
        app.handle(RenameUnit(code="HR", unit_name="Personnel"), user="admin")

        def heads() -> dict[str, Any]:
            return {str(table.get_row_at(i)[0]): table.get_row_at(i)[3] for i in range(table.row_count)}

        await wait_for(pilot, lambda: heads()["organisation"] == f"{head + 2:,}")


WRITER = textwrap.dedent("""
    import sys
    from domain.application import open_store
    from domain.organisation import EstablishUnit
    app = open_store(sys.argv[1])
    for n in range(5):
        app.handle(EstablishUnit(code=f"W{n}", unit_name="Written meanwhile", kind="office"), user="admin")
""")


async def test_rebuild_runs_while_navigating_and_clerks_write(app: Any, store_url: str) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, RebuildScreen)
        await pilot.press("ctrl+s")
        assert "A reason is required." in screen_text(ui)
        screen.query_one("#rebuild-choice", SelectionList).deselect("event-log")
        screen.query_one("#rebuild-reason", Input).value = "new indexes"
        writer = subprocess.Popen([sys.executable, "-c", WRITER, store_url])  # a clerk in another process
        await pilot.press("ctrl+s", "f2")  # start, then hide the screen: the rebuild goes on
        assert not isinstance(ui.screen, RebuildScreen)
        await pilot.press("down", "down", "up")  # navigating the register meanwhile
        table = ui.query_one(RegisterTable)
        assert table.cursor == 1
        await rebuild_done(ui)
        await wait_for(pilot, lambda: not screen.running)
        assert writer.wait(60) == 0
        assert ui.background_status == ""  # the outcome is a toast, not a line left in every register
        assert any(n.title == "Rebuilt" and n.message.startswith("organisation:") for n in ui._notifications)
        await wait_for(pilot, lambda: table.total == 9)  # 4 units and the 5 written during the rebuild
        rebuilt = [e for e in RawEvents(store_url).rows() if "RegisterRebuild" in e[3]]
        assert len(rebuilt) == len(all_projections()) - 1  # every register but the event log, each recorded


async def test_rebuild_cancel_leaves_the_registers(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        table = ui.query_one(RegisterTable)
        before = [table.row(i) for i in range(table.total)]
        await pilot.press("b")
        await pilot.pause()
        screen = ui.screen
        screen.cancel.set()  # cancelled before its first progress report
        screen.query_one("#rebuild-reason", Input).value = "try"
        screen.running = True
        screen.rebuild(["organisation"], "try")
        await rebuild_done(ui)
        await wait_for(pilot, lambda: not screen.running)
        assert "Cancelled" in str(screen.query_one("#rebuild-line", Static).render())
        await pilot.press("escape")
        table.reload()
        await settled(pilot)
        assert [table.row(i) for i in range(table.total)] == before


async def test_export_from_the_ui_verifies_offline(app: Any, tmp_path: Any) -> None:
    from domain.eventstore.export import verify_export
    from tui.screens.audit import ExportScreen

    small_organisation(app)
    ui = shell(app, "audra")
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#export-out", Input).value = str(tmp_path / "for-auditors")
        await pilot.press("ctrl+s")
        assert "Not exported: an export carries confidential records as stored; audra is not cleared" in str(
            screen.query_one("#export-result", Static).render())
        app.handle(SetClearance(user="audra", clearance="confidential"), user="admin")
        screen.query_one("#export-since", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        assert "a position like 1200" in str(screen.query_one("#export-result", Static).render())
        screen.query_one("#export-since", Input).value = ""
        exported = app.head()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Exported" in str(screen.query_one("#export-result", Static).render()),
                       seconds=60)
        assert f"Exported {exported} events" in str(screen.query_one("#export-result", Static).render())
    report = verify_export(tmp_path / "for-auditors")
    assert report.ok and report.count == exported
    recorded = app.mapper.to_domain_event(app.recorder.select_notifications(app.head(), 1)[0])
    assert recorded.action == "export" and recorded.envelope.actor_name == "audra"  # the export is an event


async def test_a_hidden_rebuild_finishes_while_a_card_is_open(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, RebuildScreen)
        screen.query_one("#rebuild-reason", Input).value = "new indexes"
        await pilot.press("ctrl+s", "f2")
        await pilot.press("enter")  # a card covers the shell while the rebuild reports its progress
        await pilot.pause()
        assert isinstance(ui.screen, RecordCard)
        await rebuild_done(ui)
        await wait_for(pilot, lambda: not screen.running)
        await pilot.pause()
        assert ui.background_status == "" and "Done." not in str(
            ui.screen_stack[0].query_one("#register-status").render())


async def test_status_checks_the_registers_against_the_history(app: Any) -> None:
    from tests.raw import RawEvents

    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        screen = ui.screen
        assert isinstance(screen, StatusScreen)
        line = screen.query_one("#check")
        await pilot.press("c")
        await wait_for(pilot, lambda: "equal the history" in str(line.render()), seconds=30)
        assert "registers equal the history" in str(line.render())
        if app.store_config.kind == "sqlite":
            raw = RawEvents(str(app.store_config.path))
            raw.execute("UPDATE units SET name = 'Forged' WHERE code = 'HR'")
            await pilot.press("c")
            await wait_for(pilot, lambda: "differs" in str(line.render()), seconds=30)
            assert "register organisation differs" in str(line.render()) and "Forged" in str(line.render())
