"""Supplies screens, driven as a logistics clerk would (Textual pilot, SQLite): acknowledge a dispatch from its
card, a shortage without discrepancies refused at the form with the typed values kept, then recorded; a ballot
account whose reconciliation does not add up is refused showing the sums, explained by an act, reconciled."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from domain.errors import Refused
from domain.supplies.ballots import CountBallots, ReconcileBallots
from domain.supplies.distribution import AcknowledgeDispatch, ReturnDispatch
from tests.domain.supplies_support import BP, VOTING_DAY, account, dispatch, send, stocked
from tests.tui.support import screen_text
from tests.tui.test_finance_ui import fill, open_first, submit
from tests.tui.test_shell import shell
from tui.screens.forms import CommandForm


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

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


async def test_a_reconciliation_that_does_not_add_up_is_not_offered_until_an_act_explains_it(store: Any) -> None:
    store.handle(AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22),
                                     received_by="Chair"), user="admin")
    store.handle(ReturnDispatch(waybill="W-1", returned_on=VOTING_DAY, returned=f"{BP}=90"), user="admin")
    store.handle(CountBallots(commission="PE26/001-0001", issued=400, spoiled=22, counted_on=VOTING_DAY,
                              protocol="P-1"), user="admin")
    ui = shell(store)
    async with ui.run_test(size=(120, 50)) as pilot:
        card = await open_first(pilot, ui, "ballot-accounts")
        assert "Open finding: +3 ballot(s)" in screen_text(ui)
        # the domain refuses to reconcile it, with the sums: the card does not offer it (Account.allows)
        with pytest.raises(Refused, match=r"received 515 but issued 400 \+ spoiled 22 \+ returned unused 90"):
            store.handle(ReconcileBallots(commission="PE26/001-0001", on=date(2026, 9, 3)), user="admin")
        assert "[r] Reconcile" not in screen_text(ui)
        await pilot.press("r")
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


async def test_every_supplies_register_opens_its_records_card(store: Any) -> None:
    """A row of each register opens the card of its record (a stock movement opens its stock card)."""
    ui = shell(store)
    async with ui.run_test(size=(120, 50)) as pilot:
        for register, title in (("voter-numbers", "VoterFigure PE26/001-0001"), ("supply-items", "Item BP-PE26-001"),
                                ("warehouses", "Warehouse HQ-WH"), ("stock", "Stock BP-PE26-001 at HQ-WH"),
                                ("stock-moves", "Stock BP-PE26-001 at HQ-WH"),
                                ("distribution-plan", "Quota PE26/001-0001"), ("dispatches", "Dispatch W-1")):
            await open_first(pilot, ui, register)
            assert title in screen_text(ui), register
            await pilot.press("escape")
            await pilot.pause()


async def test_approve_a_request_then_a_contract_above_the_budget_line_is_refused_at_the_form(store: Any) -> None:
    from decimal import Decimal

    from domain.finance import AddBudgetLine, OpenBudget
    from domain.procurement import RequestPurchase

    for command in (OpenBudget(year=2026, source="STATE", budget_title="State"),
                    AddBudgetLine(year=2026, source="STATE", economic_code="2214", cost_centre="LOG",
                                  amount=Decimal("1000.00")),
                    RequestPurchase(unit="HQ", requested_on=date(2026, 3, 1), purpose="kits [b]x[/b]", items="KIT=5",
                                    estimated_cost=Decimal("900"), budget_line="2026-STATE-2214-LOG")):
        store.handle(command, user="admin")
    ui = shell(store)
    async with ui.run_test(size=(120, 50)) as pilot:
        card = await open_first(pilot, ui, "purchase-requests")
        assert "kits [b]x[/b]" in screen_text(ui) and "[a] Approve" in screen_text(ui)
        await pilot.press("a")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, approved_on="2026-03-02")
        form.query_one("#f-method", Select).value = "open tender"
        await submit(pilot)
        assert ui.screen is card and "[c] Sign the contract" in screen_text(ui)
        await pilot.press("c")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-amount", Input).value == "900.00"
        fill(form, number="C-1", supplier="Kits Ltd", amount="1200.00", signed_on="2026-03-05",
             delivery_due="2026-04-01")
        await submit(pilot)
        assert ui.screen is form
        assert "contract amount 1,200.00 exceeds the unallocated balance 1,000.00" in screen_text(ui)
        fill(form, amount="900.00")
        await submit(pilot)
        assert ui.screen is card and "none for you now" in screen_text(ui)
    from domain.procurement import Contract, contract_id

    assert isinstance(store.find(contract_id("C-1")), Contract)
