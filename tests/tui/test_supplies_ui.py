"""Supplies screens, driven as a logistics clerk would (Textual pilot, SQLite): acknowledge a dispatch from its
card, a shortage without discrepancies refused at the form with the typed values kept, then recorded; a ballot
account whose reconciliation does not add up is refused showing the sums, explained by an act, reconciled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from domain.supplies.ballots import CountBallots
from domain.supplies.distribution import AcknowledgeDispatch, ReturnDispatch
from tests.domain.supplies_support import BP, VOTING_DAY, account, dispatch, send, stocked
from tests.tui.support import screen_text
from tests.tui.test_finance_ui import fill, open_first, submit
from tests.tui.test_shell import shell
from tui.screens.forms import CommandForm


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from domain.eventstore.store import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    stocked(application)
    send(application)
    yield application
    application.close()


async def test_acknowledge_a_dispatch_a_shortage_needs_its_discrepancies(store: Any) -> None:
    ui = shell(store)
    async with ui.run_test(size=(120, 50)) as pilot:
        card = await open_first(pilot, ui, "dispatches")
        text = screen_text(ui)
        assert "Dispatch W-1" in text and "[a] Acknowledge receipt" in text and "due by 2026-08-27" in text
        await pilot.press("a")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-commission", Input).value == "PE26/001-0001"
        fill(form, received_on="2026-08-22", received_by="Chair [b]Karimi[/b]", received=f"{BP}=510, KIT=1")
        await submit(pilot)
        assert ui.screen is form  # refused: the form stays, with the refusal and the typed values
        assert "BP-PE26-001 short 5): state the discrepancies" in screen_text(ui)
        assert form.query_one("#f-received", Input).value == f"{BP}=510, KIT=1"
        fill(form, discrepancies="one pad [/x] short")
        await submit(pilot)
        assert ui.screen is card
        text = screen_text(ui)
        assert "short: BP-PE26-001 5" in text and "[t] Record the return" in text
    assert dispatch(store).received == {BP: 510, "KIT": 1}
    assert dispatch(store).status == "acknowledged" and account(store).received == 510


async def test_a_reconciliation_that_does_not_add_up_shows_the_sums_then_an_act_explains_it(store: Any) -> None:
    store.handle(AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22),
                                     received_by="Chair"), user="admin")
    store.handle(ReturnDispatch(waybill="W-1", returned_on=VOTING_DAY, returned=f"{BP}=90"), user="admin")
    store.handle(CountBallots(commission="PE26/001-0001", issued=400, spoiled=22, counted_on=VOTING_DAY,
                              protocol="P-1"), user="admin")
    ui = shell(store)
    async with ui.run_test(size=(120, 50)) as pilot:
        card = await open_first(pilot, ui, "ballot-accounts")
        assert "Open finding: +3 ballot(s)" in screen_text(ui)
        await pilot.press("r")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, on="2026-09-03")
        await submit(pilot)
        assert ui.screen is form
        assert "received 515 but issued 400 + spoiled 22 + returned unused 90" in screen_text(ui)
        await pilot.press("escape")
        await pilot.pause()
        assert ui.screen is card
        await pilot.press("x")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-quantity", Input).value == "3"
        fill(form, act_number="ACT-1", on="2026-09-02", explanation="three ballots torn", reason="committee act")
        await submit(pilot)
        assert ui.screen is card and "[r] Reconcile" in screen_text(ui)
        await pilot.press("r")
        await pilot.pause()
        fill(ui.screen, on="2026-09-03")
        await submit(pilot)
        assert ui.screen is card and "none for you now" in screen_text(ui)
    assert account(store).status == "reconciled"
