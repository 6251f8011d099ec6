"""Finance and accreditation screens, driven as a finance clerk and a liaison officer would (Textual pilot,
SQLite: the store does not matter here): allocate a budget line's money to a commission, a transfer over the
balance refused at the form with the typed values kept, then transferred; accredit an observer, revoke."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from domain import finance as f
from domain import stakeholders as s
from domain.finance import Allocation, allocation_id
from domain.stakeholders import Individual, individual_id
from tests.tui.support import card_shown, recorded, screen_text, small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    for command in (
        f.OpenBudget(year=2026, source="STATE", budget_title="State budget"),
        f.AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC",
                        amount=Decimal("1000.00"), description="Temporary staff [b]x[/b]"),
        f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
        s.ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE/ODIHR",
                            kind="international observers", applied_on=date(2026, 7, 1)),
        s.AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=date(2026, 7, 2)),
        s.ApplyIndividual(election="PE26", organisation="OSCE", document="P123", full_name="Jane [/x] Doe",
                          applied_on=date(2026, 7, 3)),
    ):
        application.handle(command, user="admin")
    yield application
    application.close()


def fill(form: Any, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#f-{name}").value = value


async def submit(pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await recorded(pilot)


async def open_first(pilot: Any, ui: Any, register: str) -> RecordCard:
    await choose_register(pilot, ui, register)
    await pilot.press("enter")
    await card_shown(pilot)
    assert isinstance(ui.screen, RecordCard)
    return ui.screen


async def test_allocate_then_a_transfer_over_the_balance_is_refused_at_the_form(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        card = await open_first(pilot, ui, "budget")
        assert "Temporary staff [b]x[/b]" in screen_text(ui)  # shown literally
        assert "[a] Allocate to a commission" in screen_text(ui)
        await pilot.press("a")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-line", Input).value == "2026-STATE-2211-PEC"
        fill(form, commission="PE26/001", amount="600.00", allocated_on="2026-05-01", report_due="2026-10-01")
        await submit(pilot)
        assert ui.screen is card and "unallocated balance 400.00 of 1,000.00" in screen_text(ui)
        await pilot.press("escape")
        await pilot.pause()

        card = await open_first(pilot, ui, "allocations")
        assert "[t] Transfer" in screen_text(ui)
        await pilot.press("t")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        assert form.query_one("#f-amount", Input).value == "600.00"  # the untransferred balance, editable
        fill(form, amount="700.00", payment_order="PO-77", value_date="2026-05-03")
        await submit(pilot)
        assert ui.screen is form  # refused: the form stays, with the refusal and the typed values
        assert "exceeds the untransferred balance 600.00" in screen_text(ui)
        assert form.query_one("#f-amount", Input).value == "700.00"
        assert form.query_one("#f-payment_order", Input).value == "PO-77"
        fill(form, amount="600.00")
        await submit(pilot)
        assert ui.screen is card
        assert "untransferred 0.00 of 600.00; transferred 600.00" in screen_text(ui)
    a = lite.find(allocation_id("AL-2026-STATE-0001"))
    assert isinstance(a, Allocation) and a.transferred == Decimal("600.00") and a.payment_orders == ["PO-77"]


async def test_accredit_an_observer_then_revoke(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        card = await open_first(pilot, ui, "accreditations")  # the individual sorts before the organisation
        assert "Individual P123" in screen_text(ui) and "Jane [/x] Doe" in screen_text(ui)
        await pilot.press("a")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, badge="B-0001", valid_from="2026-08-01", valid_until="2026-09-30")
        await submit(pilot)
        assert ui.screen is card and "[r] Revoke (badge returned)" in screen_text(ui)
        await pilot.press("r")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, revoked_on="2026-08-20", badge_returned_on="2026-08-21", reason="badge lent to another person")
        await submit(pilot)
        assert ui.screen is card and "none for you now" in screen_text(ui)
    i = lite.find(individual_id("PE26", "P123"))
    assert isinstance(i, Individual) and i.status == "revoked" and i.badge == "B-0001"


async def test_new_on_the_allocations_register_opens_the_allocation_form(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "allocations")
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.command.name == "allocations.allocate"
        fill(form, line="2026-STATE-2211-PEC", commission="PE26/001", amount="1000.01", allocated_on="2026-05-01",
             report_due="2026-10-01")
        await submit(pilot)
        assert ui.screen is form and "exceeds the unallocated balance 1,000.00" in screen_text(ui)


async def test_a_large_transfer_waits_in_the_approvals_register_for_a_second_user(lite: Any) -> None:
    from domain.access import AddUser, SetThreshold

    lite.handle(f.Allocate(line="2026-STATE-2211-PEC", commission="PE26/001", amount=Decimal("900.00"),
                           allocated_on=date(2026, 5, 1), report_due=date(2026, 10, 1)), user="admin")
    lite.handle(AddUser(user="fclerk2", role="clerk", office="FIN"), user="admin")
    lite.handle(SetThreshold(amount=Decimal("100.00")), user="admin")
    lite.handle(f.Transfer(allocation="AL-2026-STATE-0001", amount=Decimal("500.00"), payment_order="PO-1",
                           value_date=date(2026, 5, 2)), user="clerk")
    for user, approves in (("clerk", False), ("fclerk2", True)):
        ui = shell(lite, user)
        async with ui.run_test(size=(120, 50)) as pilot:
            await open_first(pilot, ui, "approvals")
            assert "awaiting approval" in screen_text(ui) and "[a] Approve" in screen_text(ui)
            await pilot.press("a")
            await pilot.pause()
            await submit(pilot)
            text = screen_text(ui)
            if not approves:  # the maker: refused at the form, nothing made
                assert "clerk entered this payment and cannot approve or reject it" in text
            else:
                assert "PendingPayment.Approved" in text and "awaiting approval → approved" in text
    allocation = lite.find(f.allocation_id("AL-2026-STATE-0001"))
    assert allocation.transferred == Decimal("500.00")
