"""The read policy in the terminal UI: an uncleared auditor meets a confidential letter (its subject a
canary) in the live table, the as-of view, replay and the event screen, and never reads its subject or
its command's reason; a cleared one does. A provincial clerk's tables hold only their office's rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widgets import Input

from domain.access import AddUser, SetClearance
from domain.correspondence import ReceiveDocument
from domain.organisation import EstablishUnit
from tests.tui.support import screen_text, small_organisation
from tui.app import SecretariatApp
from tui.screens.audit import AsOfScreen, EventScreen
from tui.screens.replay import ReplayScreen
from tui.widgets.fields import UNIT

CANARY = "CANARY-UI-SUBJECT-4e1d"
REASON = "CANARY-UI-REASON-a7c0"


def _letter(app: Any) -> int:
    app.handle(SetClearance(user="admin", clearance="confidential"), user="admin")
    app.handle(ReceiveDocument(received_on=date(2026, 5, 1), sender="Ministry", subject=CANARY,
                               classification="confidential"), user="admin", reason=REASON)
    return app.head()


async def _seen(app: Any, user: str, position: int) -> str:
    """Everything `user` reads of the letter (registered up to `position`) through the table, the as-of
    view, replay and the event screen."""
    ui = SecretariatApp(app, user, store_label="store.db", poll_seconds=3600)
    seen = []
    async with ui.run_test(size=(160, 50)) as pilot:
        ui.show_register("correspondence")
        await pilot.pause()
        seen.append(screen_text(ui))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(ui.screen, AsOfScreen)
        ui.screen.query_one("#moment", Input).value = str(position)
        await pilot.press("enter")
        await pilot.pause()
        seen.append(screen_text(ui))
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause()
        replay = ui.screen
        assert isinstance(replay, ReplayScreen)
        replay.state.step_to(position - 1)  # the letter's registration, then its receipt
        replay.render_state()
        seen.append(screen_text(ui))
        replay.state.step_to(position)
        replay.render_state()
        seen.append(screen_text(ui))
        await pilot.press("escape")
        for p in (position - 1, position):
            ui.push_screen(EventScreen(p))
            await pilot.pause()
            seen.append(screen_text(ui))
            await pilot.press("escape")
    return "\n".join(seen)


async def test_an_uncleared_auditor_never_reads_a_confidential_letter(app: Any) -> None:
    small_organisation(app)
    text = await _seen(app, "audra", _letter(app))
    assert CANARY not in text and REASON not in text
    assert "confidential (you are not cleared for confidential records)" in text  # the envelope, not the fields


async def test_a_cleared_auditor_reads_it_everywhere(app: Any) -> None:
    small_organisation(app)
    position = _letter(app)
    app.handle(SetClearance(user="audra", clearance="confidential"), user="admin")
    text = await _seen(app, "audra", position)
    assert text.count(CANARY) >= 4 and REASON in text


async def test_a_provincial_clerk_sees_their_office_only(app: Any) -> None:
    small_organisation(app)
    app.handle(EstablishUnit(code="BLK", unit_name="Balkh", kind="provincial", parent="SEC"), user="admin")
    app.handle(AddUser(user="kclerk", role="clerk", office="KBL"), user="admin")
    ui = SecretariatApp(app, "kclerk", store_label="store.db", poll_seconds=3600)
    async with ui.run_test(size=(160, 50)) as pilot:
        ui.show_register("units")
        await pilot.pause()
        text = screen_text(ui)
        assert "Kabul" in text and "Balkh" not in text and "Finance and Budget" not in text
        assert [code for code, _ in ui.lookup(UNIT, "", 10)] == ["KBL"]  # type-ahead: the same scope
    admin = SecretariatApp(app, "admin", store_label="store.db", poll_seconds=3600)
    async with admin.run_test(size=(160, 50)):
        assert {"KBL", "BLK", "FIN"} <= {code for code, _ in admin.lookup(UNIT, "", 10)}
