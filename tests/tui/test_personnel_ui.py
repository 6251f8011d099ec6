"""Personnel and property screens, driven as an HR clerk would (Textual pilot, SQLite: the store does not
matter here): hire into a vacancy, issue a laptop, a separation blocked until clearance, then completed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from domain.assets import IssueAsset, RegisterAsset
from domain.commands import COMMANDS
from domain.personnel import Employee, employee_id
from tests.tui.support import recorded, screen_text, small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    application.handle(RegisterAsset(inventory="LT-1", category="computer", description="laptop",
                                     cost=Decimal("950.00"), location="HQ store", acquired_on=date(2026, 1, 1)),
                       user="admin")
    yield application
    application.close()


def fill(form: Any, **values: str) -> None:
    for name, value in values.items():
        widget = form.query_one(f"#f-{name}")
        widget.value = value


async def submit(pilot: Any) -> None:
    await pilot.press("ctrl+s")
    await recorded(pilot)


async def test_hire_issue_blocked_separation_return_and_separate(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(110, 50)) as pilot:
        ui.open_form(COMMANDS["staff.hire"])
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, number="C-7", full_name="Clerk [b]Seven[/b]", unit="KBL", position="DIR", order_number="12/2026",
             order_date="2026-01-05", effective="2026-01-10", term_end="2026-12-31")
        form.query_one("#f-employment_type", Select).value = "temporary"
        await submit(pilot)
        assert not isinstance(ui.screen, CommandForm)
        await choose_register(pilot, ui, "staff")
        assert "Clerk [b]Seven[/b]" in screen_text(ui)  # shown literally
        await pilot.press("enter")
        await pilot.pause()
        card = ui.screen
        assert isinstance(card, RecordCard) and "[i] Issue asset" in screen_text(ui)
        assert "Employee C-7 Clerk [b]Seven[/b]" in screen_text(ui)
        await pilot.press("i")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-custodian", Input).value == "C-7"
        fill(form, inventory="LT-1", on="2026-02-01")
        await submit(pilot)
        assert ui.screen is card and "Holds: asset LT-1 (computer, laptop)" in screen_text(ui)
        text = screen_text(ui)  # state read as words, not as ids and dicts
        assert "holdings: asset LT-1 (computer, laptop)" in text and "'kind'" not in text
        assert "card: entries: 1, latest: 2026-01-10 hired (temporary until 2026-12-31)" in text
        await pilot.press("s")
        await pilot.pause()
        form = ui.screen
        form.query_one("#f-kind", Select).value = "resignation"
        fill(form, last_day="2026-06-30", order_number="44/2026", order_date="2026-06-01", reason="resigned")
        await submit(pilot)
        assert ui.screen is card
        text = screen_text(ui)
        assert "Separation blocked until clearance" in text
        assert "holds asset LT-1 (computer, laptop) — return it or report it lost" in text
        assert "[x] Complete separation" not in text  # the domain does not allow it yet (Employee.allows)
        head = lite.head()
        await pilot.press("x")
        await pilot.pause()
        assert ui.screen is card and lite.head() == head
        await pilot.press("escape")
        await pilot.pause()
        await choose_register(pilot, ui, "assets")
        await pilot.press("enter")
        await pilot.pause()
        assert "[b] Return" in screen_text(ui) and "only they can return it" in screen_text(ui)
        await pilot.press("b")
        await pilot.pause()
        form = ui.screen
        assert form.query_one("#f-returned_by", Input).value == "C-7"
        fill(form, on="2026-06-29")
        await submit(pilot)
        await pilot.press("escape")
        await choose_register(pilot, ui, "staff")
        await pilot.press("enter")
        await pilot.pause()
        assert "Clearance complete" in screen_text(ui) and "[x] Complete separation" in screen_text(ui)
        await pilot.press("x")
        await pilot.pause()
        await submit(pilot)
        assert isinstance(ui.screen, RecordCard)
        found = lite.find(employee_id("C-7"))
        assert isinstance(found, Employee) and not found.active
        assert "separated (resignation) from KBL/DIR" in screen_text(ui)


async def test_second_issue_of_an_issued_asset_is_refused_at_the_form(lite: Any) -> None:
    from domain.personnel import HireEmployee

    for number, post in (("C-1", "DIR"),):
        lite.handle(HireEmployee(number=number, full_name="First", employment_type="permanent", unit="KBL",
                                 position=post, order_number="1", order_date=date(2026, 1, 1),
                                 effective=date(2026, 1, 1)), user="admin")
    lite.handle(IssueAsset(inventory="LT-1", custodian_kind="unit", custodian="FIN", on=date(2026, 1, 2)),
                user="admin")
    ui = shell(lite)
    async with ui.run_test(size=(110, 40)) as pilot:
        ui.open_form(COMMANDS["assets.issue"])
        await pilot.pause()
        form = ui.screen
        fill(form, inventory="LT-1", custodian="C-1", on="2026-02-01")
        form.query_one("#f-custodian_kind", Select).value = "employee"
        head = lite.head()
        await submit(pilot)
        assert ui.screen is form
        assert "Refused: asset LT-1 is issued (to FIN); it cannot be issued" in screen_text(ui)
        assert form.query_one("#f-custodian", Input).value == "C-1"  # typed values stay
        assert form.query_one("#f-inventory", Input).value == "LT-1"
        assert lite.head() == head
