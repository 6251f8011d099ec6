"""Payroll, leave and ledger screens, driven as a finance clerk, the head of finance and an HR officer would
(Textual pilot, SQLite): a month's payroll computed from the register's "n", its approval by the same person
refused at the form with the values kept, approved by the head and paid from the run's card; leave requested
from an employee's card, an overlapping request refused at the form; the journal showing what the events
posted, a typed memo shown literally."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from domain import ledger as lg
from domain import organisation as o
from domain import payroll as pr
from domain import personnel as p
from domain.access import AddUser
from tests.tui.support import card_shown, screen_text, small_organisation
from tests.tui.test_finance_ui import fill, open_first, submit
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    for command in (
        AddUser(user="boss", role="head", office="FIN"),
        o.EstablishPosition(unit="FIN", code="ACC", position_title="Accountant", grade="G1"),
        p.HireEmployee(number="E1", full_name="Ann [b]Karimi[/b]", employment_type="permanent", unit="FIN",
                       position="ACC", order_number="1", order_date=date(2026, 1, 1), effective=date(2026, 1, 1)),
        pr.SetSalaryScale(grade="G1", steps="30000 32000", effective=date(2026, 1, 1), decision="D-1"),
        pr.SetPayParameters(tax_free=Decimal("5000"), tax_rate=Decimal("10"), pension_rate=Decimal("3"),
                            effective=date(2026, 1, 1), decision="D-2"),
        pr.SetPayTerms(number="E1", step=1, effective=date(2026, 1, 1)),
        lg.ReceiveFunds(reference="TR-1", year=2026, amount=Decimal("100000"), received_on=date(2026, 1, 3)),
    ):
        application.handle(command, user="admin", reason="set-up")
    yield application
    application.close()


async def test_payroll_computed_then_approved_by_a_second_person_and_paid(office: Any) -> None:
    ui = shell(office)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "payroll")
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, period="2026-01", computed_on="2026-01-25")
        await submit(pilot)
        assert "PAY-2026-01-ALL" in screen_text(ui)
        await pilot.press("escape")
        await pilot.pause()
        await open_first(pilot, ui, "payroll")
        assert "[a] Approve (second person)" in screen_text(ui) and "computed by admin" in screen_text(ui)
        await pilot.press("a")
        await pilot.pause()
        fill(ui.screen, approved_on="2026-01-26")
        await submit(pilot)
        assert isinstance(ui.screen, CommandForm)  # refused at the form, the typed date kept
        assert "a second person approves it" in screen_text(ui)
        assert ui.screen.query_one("#f-approved_on", Input).value == "2026-01-26"
    boss = shell(office, user="boss")
    async with boss.run_test(size=(120, 50)) as pilot:
        await open_first(pilot, boss, "payroll")
        await pilot.press("a")
        await pilot.pause()
        fill(boss.screen, approved_on="2026-01-26")
        await submit(pilot)
        assert isinstance(boss.screen, RecordCard) and "[p] Record paid" in screen_text(boss)
        await pilot.press("p")
        await pilot.pause()
        fill(boss.screen, paid_on="2026-01-27", reference="PO-SAL-1")
        await submit(pilot)
        assert office.find(pr.run_id("PAY-2026-01-ALL", 1)).status == "paid"
        await pilot.press("escape")
        await pilot.pause()
        await choose_register(pilot, boss, "journal")
        text = screen_text(boss)
        assert "payroll PAY-2026-01-ALL paid" in text or "2200" in text


async def test_leave_requested_from_the_employee_card_and_an_overlap_refused(office: Any) -> None:
    ui = shell(office)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "staff")
        await pilot.press("enter")
        await pilot.pause()
        assert "Ann [b]Karimi[/b]" in screen_text(ui)  # the name as typed, never markup
        await pilot.press("v")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-number", Input).value == "E1"
        form.query_one("#f-kind").value = "unpaid"  # a choice field
        fill(form, start="2026-03-02", end="2026-03-04")
        await submit(pilot)
        assert isinstance(ui.screen, RecordCard)
        await pilot.press("v")
        await pilot.pause()
        form = ui.screen
        form.query_one("#f-kind").value = "unpaid"
        fill(form, start="2026-03-04", end="2026-03-05")
        await submit(pilot)
        assert isinstance(ui.screen, CommandForm)
        assert "overlaps unpaid leave E1/2026/1" in " ".join(str(w.render()) for w in ui.screen.query(Static))


async def test_the_journal_shows_a_typed_memo_literally(office: Any) -> None:
    office.handle(lg.PostAdjustingEntry(number="ADJ-1", on=date(2026, 2, 1), debit_account="EXP-2211",
                                        credit_account="1100", amount=Decimal("10"), memo="[b]typo[/b] fixed"),
                  user="admin", reason="bank [/x] charges")
    ui = shell(office)
    async with ui.run_test(size=(160, 40)) as pilot:
        await choose_register(pilot, ui, "journal")
        await pilot.pause()
        text = screen_text(ui)
        assert "adjusting entry ADJ-1: bank [/x" in text and "EXP-2211" in text  # newest first, as typed
        await pilot.press("enter")  # the line's card is the adjusting entry's record
        await card_shown(pilot)
        assert isinstance(ui.screen, RecordCard) and "[b]typo[/b] fixed" in screen_text(ui)
