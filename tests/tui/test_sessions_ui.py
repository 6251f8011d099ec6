"""The Commission's work driven from the shell (Textual pilot, SQLite): a session convened, refused to open
without quorum at the form, opened, an item voted and its decision registered from the card; an order drafted,
visaed by the Law department and signed from its card."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from domain.acts import Decision, Order, decision_id, order_id
from domain.commands import COMMANDS
from domain.sessions import AddAgendaItem, MarkAttendance, Session, session_id
from tests.domain.commission import MEMBERS, setup_commission
from tests.tui.support import card_shown, screen_text, wait_for
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.widgets.table import RegisterTable


@pytest.fixture
def cec(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    setup_commission(application)
    yield application
    application.close()


async def _fill(pilot: Any, ui: Any, values: dict[str, str]) -> None:
    form = ui.screen
    assert isinstance(form, CommandForm), screen_text(ui)
    for name, value in values.items():
        widget = form.query_one(f"#f-{name}")
        assert isinstance(widget, Input | Select)
        widget.value = value
    await pilot.pause()
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: not form.recording)  # recorded or refused, in a worker
    await pilot.pause()
    if isinstance(ui.screen, RecordCard):  # the card a form came from reads its record again
        await card_shown(pilot)


async def _open_card(pilot: Any, ui: Any, register: str) -> None:
    await choose_register(pilot, ui, register)
    assert ui.query_one(RegisterTable).total >= 1
    await pilot.press("enter")
    await card_shown(pilot)
    assert isinstance(ui.screen, RecordCard), screen_text(ui)


async def test_a_session_from_convening_to_its_decision(cec: Any) -> None:
    ui = shell(cec)
    async with ui.run_test(size=(120, 50)) as pilot:
        ui.open_form(COMMANDS["sessions.convene"])
        await pilot.pause()
        await _fill(pilot, ui, {"held_on": "2026-03-10", "place": "Hall [b]A[/b]", "chair": "Chair"})
        await _open_card(pilot, ui, "sessions")
        text = screen_text(ui)
        assert "Session SES-2026-001" in text and "[o] Open (checks the quorum)" in text and "Hall [b]A[/b]" in text
        await pilot.press("o")
        await pilot.pause()
        await _fill(pilot, ui, {})
        assert isinstance(ui.screen, CommandForm) and "no quorum: 0 of 9 members present, 6 needed" in screen_text(ui)
        await pilot.press("escape")
        await pilot.pause()
        for member in MEMBERS[:7]:
            cec.handle(MarkAttendance(session="SES-2026-001", member=member), user="admin")
        cec.handle(AddAgendaItem(session="SES-2026-001", item_title="Calendar of events", unit="GEN"), user="admin")
        await pilot.press("escape")
        await pilot.pause()
        await _open_card(pilot, ui, "sessions")
        await pilot.press("o")
        await pilot.pause()
        await _fill(pilot, ui, {})
        assert isinstance(ui.screen, RecordCard) and "Session.Opened" in screen_text(ui)
        await pilot.press("v")
        await pilot.pause()
        await _fill(pilot, ui, {"votes_for": "6", "against": "1"})
        assert "6-1-0, adopted" in screen_text(ui) and "[d] Register the decision" in screen_text(ui)
        await pilot.press("d")
        await pilot.pause()
        await _fill(pilot, ui, {})
        assert "DEC-2026-0001" in screen_text(ui)
    session = cec.find(session_id("SES-2026-001"))
    assert isinstance(session, Session) and session.status == "open" and session.items[0]["decision"]
    decision = cec.find(decision_id("DEC-2026-0001"))
    assert isinstance(decision, Decision) and decision.votes == "6-1-0" and decision.adopted_on == date(2026, 3, 10)


async def test_an_order_through_legal_visa_to_signature(cec: Any) -> None:
    ui = shell(cec)
    async with ui.run_test(size=(120, 50)) as pilot:
        ui.open_form(COMMANDS["orders.draft"])
        await pilot.pause()
        await _fill(pilot, ui, {"order_title": "On the duty roster [/x]", "unit": "GEN", "drafted_on": "2026-03-02"})
        await _open_card(pilot, ui, "orders")
        text = screen_text(ui)
        assert "Order DRF-2026-0001" in text and "signed only after the Law department's visa" in text
        assert "Sign" not in text
        await pilot.press("b")
        await pilot.pause()
        await _fill(pilot, ui, {"on": "2026-03-02"})
        await pilot.press("v")
        await pilot.pause()
        await _fill(pilot, ui, {"lawyer": "L1", "opinion": "lawful", "on": "2026-03-03"})
        assert "[s] Sign and register (Chairman)" in screen_text(ui)
        await pilot.press("s")
        await pilot.pause()
        await _fill(pilot, ui, {"on": "2026-03-04"})
        assert "ORD-2026-0001" in screen_text(ui) and "[u] Put under control" in screen_text(ui)
    order = cec.find(order_id("DRF-2026-0001"))
    assert isinstance(order, Order) and order.number == "ORD-2026-0001" and order.visa["lawyer"] == "L1 Lawyer One"
