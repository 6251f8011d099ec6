"""The registry driven from the shell (Textual pilot): a letter registered and resolved, an appeal registered,
assigned, answered with an outgoing letter and closed; a confidential letter an uncleared clerk never sees."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select, TextArea

from domain.access import SetClearance
from domain.appeals import Appeal, appeal_id
from domain.commands import COMMANDS
from domain.correspondence import Document, ReceiveDocument, ResolveDocument, document_id
from tests.tui.support import card_shown, screen_text, small_organisation, wait_for
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.widgets.table import RegisterTable


@pytest.fixture
def local_app(tmp_path: Path) -> Iterator[Any]:
    """SQLite only: what is tested here is the screens, not the store."""
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    yield application
    application.close()


async def _fill(pilot: Any, ui: Any, values: dict[str, str]) -> None:
    form = ui.screen
    assert isinstance(form, CommandForm)
    for name, value in values.items():
        widget = form.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input | TextArea)
            widget.value = value  # type: ignore[union-attr]
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not form.recording)  # recorded or refused, in a worker
    await pilot.pause()
    if isinstance(ui.screen, RecordCard):  # the card a form came from reads its record again
        await card_shown(pilot)


async def _open(pilot: Any, ui: Any, command: str) -> None:
    ui.open_form(COMMANDS[command])
    await pilot.pause()


async def _card_action(pilot: Any, ui: Any, key: str, values: dict[str, str]) -> None:
    assert isinstance(ui.screen, RecordCard)
    await pilot.press(key)
    await pilot.pause()
    await _fill(pilot, ui, values)
    assert isinstance(ui.screen, RecordCard), screen_text(ui)  # the form closed: the command was recorded


async def test_letter_and_appeal_from_registration_to_closing(local_app: Any) -> None:
    app = local_app
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 50)) as pilot:
        await _open(pilot, ui, "correspondence.receive")
        await _fill(pilot, ui, {"received_on": "2026-03-02", "sender": "Ministry of Interior",
                                "their_number": "14/552", "subject": "Security of polling centres [b]"})
        await choose_register(pilot, ui, "correspondence")
        table = ui.query_one(RegisterTable)
        assert table.total == 1 and "INC-2026-00001" in screen_text(ui)
        await pilot.press("enter")
        await card_shown(pilot)
        assert "Document INC-2026-00001" in screen_text(ui) and "[r] Resolve to a unit" in screen_text(ui)
        await _card_action(pilot, ui, "r", {"unit": "FIN", "instruction": "Prepare a reply"})
        assert "under control" in screen_text(ui) and "Document.Resolved" in screen_text(ui)
        letter = app.find(document_id("INC-2026-00001"))
        assert isinstance(letter, Document) and letter.unit == "FIN" and letter.due is not None
        await pilot.press("escape")

        await _open(pilot, ui, "appeals.register")
        await _fill(pilot, ui, {"kind": "complaint", "channel": "written", "received_on": "2026-03-03",
                                "applicant": "Zahra Ahmadi", "contact": "Kabul, district 3",
                                "subject": "Name missing from the voter list"})
        await choose_register(pilot, ui, "appeals")
        assert table.total == 1 and "APL-2026-00001" in screen_text(ui)
        await pilot.press("enter")
        await card_shown(pilot)
        assert "cannot close yet" in screen_text(ui)
        await _card_action(pilot, ui, "a", {"lead_unit": "FIN", "co_units": "HR"})
        assert "assigned" in screen_text(ui) and "lead unit FIN" in screen_text(ui)
        await _card_action(pilot, ui, "s", {})
        await _card_action(pilot, ui, "d", {"decision": "Upheld: the name is restored"})
        await pilot.press("escape")

        await _open(pilot, ui, "correspondence.send")
        await _fill(pilot, ui, {"sent_on": "2026-03-10", "addressee": "Zahra Ahmadi",
                                "subject": "Response to your appeal"})
        await choose_register(pilot, ui, "appeals")
        await pilot.press("enter")
        await card_shown(pilot)
        await _card_action(pilot, ui, "w", {"response": "OUT-2026-00001"})
        assert "answered" in screen_text(ui)
        await _card_action(pilot, ui, "c", {})
        assert "Appeal.Closed" in screen_text(ui)
    appeal = app.find(appeal_id("APL-2026-00001"))
    assert isinstance(appeal, Appeal) and appeal.status == "closed" and appeal.response == "OUT-2026-00001"
    assert appeal.lead_unit == "FIN" and appeal.co_units == ["HR"]


async def test_a_refused_close_shows_at_the_form(local_app: Any) -> None:
    app = local_app
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(120, 50)) as pilot:
        await _open(pilot, ui, "appeals.close")
        await _fill(pilot, ui, {"appeal": "APL-2026-00009", "on": "2026-03-03"})
        assert isinstance(ui.screen, CommandForm) and "no appeal numbered APL-2026-00009" in screen_text(ui)


async def test_a_confidential_letter_is_invisible_to_an_uncleared_clerk(local_app: Any) -> None:
    app = local_app
    small_organisation(app)
    app.handle(ReceiveDocument(received_on=date(2026, 3, 2), sender="Ministry", subject="Ballots"), user="admin")
    app.handle(ReceiveDocument(received_on=date(2026, 3, 2), sender="Intelligence service",
                               subject="Threat assessment", classification="confidential"), user="admin")
    secret = document_id("CONF-2026-00001")
    ui = shell(app, "clerk")
    async with ui.run_test(size=(120, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        table = ui.query_one(RegisterTable)
        assert table.total == 1
        text = screen_text(ui)
        assert "INC-2026-00001" in text and "CONF-2026-00001" not in text and "Threat" not in text
        head = app.head()
        ui.push_screen(RecordCard(str(secret)))
        await card_shown(pilot)
        text = screen_text(ui)
        assert "Confidential record" in text and "Threat" not in text and "Intelligence" not in text
        assert app.head() == head  # nothing viewed, so nothing recorded
    app.handle(SetClearance(user="clerk", clearance="confidential"), user="admin")
    ui = shell(app, "clerk")
    async with ui.run_test(size=(120, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        assert ui.query_one(RegisterTable).total == 2 and "CONF-2026-00001" in screen_text(ui)
        head = app.head()
        ui.push_screen(RecordCard(str(secret)))
        await card_shown(pilot)
        assert "Threat assessment" in screen_text(ui) and "[h] Hand over" in screen_text(ui)
        assert app.head() == head + 1  # the cleared reader's view is recorded


async def test_reports_screen_shows_the_registry_reports(local_app: Any) -> None:
    from tui.screens.reports import ReportsScreen

    app = local_app
    small_organisation(app)
    app.handle(ReceiveDocument(received_on=date(2026, 3, 2), sender="Ministry", subject="Ballots [/x]"), user="admin")
    app.handle(ResolveDocument(document="INC-2026-00001", unit="FIN", instruction="Reply", on=date(2026, 3, 2)),
               user="admin")
    ui = shell(app)
    async with ui.run_test(size=(140, 40)) as pilot:
        screen = ReportsScreen(today=date(2026, 4, 1))
        ui.push_screen(screen)
        await pilot.pause()
        screen.show("documents-under-control")
        await pilot.pause()
        from textual.widgets import DataTable

        row = [str(cell) for cell in screen.query_one("#report-table", DataTable).get_row_at(0)]
        assert row[0] == "INC-2026-00001" and "Ballots [/x]" in row and row[-1] == "16"
        assert "1 overdue as of 2026-04-01" in screen_text(ui)


async def test_hand_over_offers_employees_by_number_or_name(local_app: Any) -> None:
    from domain.personnel import HireEmployee
    from tui.widgets.fields import form_fields

    app = local_app
    small_organisation(app)
    app.handle(HireEmployee(number="E-17", full_name="Mariam Sadat", employment_type="permanent", unit="KBL",
                            position="DIR", order_number="5", order_date=date(2026, 1, 3),
                            effective=date(2026, 1, 4)), user="admin")
    fields = {f.name: f for f in form_fields(COMMANDS["correspondence.hand-over"])}
    employee = fields["employee"]
    assert employee.kind == "reference" and employee.reference is not None
    ui = shell(app)
    async with ui.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        assert ui.lookup(employee.reference, "mariam", 6) == [("E-17", "Mariam Sadat")]
        assert ui.lookup(employee.reference, "E-1", 6) == [("E-17", "Mariam Sadat")]
