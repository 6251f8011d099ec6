"""Export from the UI: `e` on a register view writes its current filter and sort, `e` on the reports screen
writes the report shown, to the file named in a small modal; a bad name is said in the modal and nothing is
written; a provincial, uncleared clerk's export holds only the rows that clerk sees."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from textual.widgets import Input, Static

from domain.access import AddUser
from domain.correspondence import ReceiveDocument
from tests.tui.support import small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.reports import ReportsScreen
from tui.screens.save_as import SaveAsScreen

SECRET, HQ, OWN = "CANARY-SECRET-3e1f", "CANARY-HQ-77aa", "KBL-OWN-LETTER"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    application.handle(AddUser(user="kbl", role="clerk", office="KBL"), user="admin")
    for n, subject in enumerate(["Ballots", "Observers", "Training", HQ]):
        application.handle(ReceiveDocument(received_on=date(2026, 3, 2 + n), sender="Ministry", subject=subject),
                           user="admin")
    application.handle(ReceiveDocument(received_on=date(2026, 3, 9), sender="Ministry", subject=SECRET,
                                       classification="confidential"), user="admin")
    application.handle(ReceiveDocument(received_on=date(2026, 3, 10), sender="PEC", subject=OWN), user="kbl")
    yield application
    application.close()


async def _until(pilot: Any, check: Any, what: str) -> None:
    for _ in range(100):  # bounded: a loaded machine may need more than one turn
        await pilot.pause()
        if check():
            return
    raise AssertionError(f"{what} did not happen")


async def _save_as(pilot: Any, ui: Any, path: Path) -> SaveAsScreen:
    await pilot.press("e")
    await _until(pilot, lambda: isinstance(ui.screen, SaveAsScreen), "the save-as modal")
    screen = ui.screen
    screen.query_one("#save-as-file", Input).value = str(path)
    await pilot.press("enter")
    return screen


async def test_e_exports_the_register_view_with_its_filter_and_sort(office: Any, tmp_path: Path) -> None:
    ui = shell(office)
    out = tmp_path / "letters.xlsx"
    async with ui.run_test(size=(140, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        table = ui.query_one("#table")
        table.set_filter("Ministry")
        table.sort_by("subject")
        await _save_as(pilot, ui, out)
        await _until(pilot, out.exists, "the file")
        await _until(pilot, lambda: not isinstance(ui.screen, SaveAsScreen), "closing the modal")
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    subjects = [row[header.index("subject")] for row in ws.iter_rows(min_row=2, values_only=True)]
    # filtered (not the KBL letter), sorted, and not the confidential one: the admin is not cleared
    assert subjects == sorted(["Ballots", "Observers", "Training", HQ])
    assert ws.freeze_panes == "A2"


async def test_a_bad_file_name_is_said_in_the_modal_and_nothing_is_written(office: Any, tmp_path: Path) -> None:
    (tmp_path / "taken.csv").write_text("mine")
    ui = shell(office)
    async with ui.run_test(size=(140, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        for name, said in (("taken.csv", "already exists"), ("notes.txt", "must end in"),
                           ("missing/x.csv", "does not exist")):
            screen = await _save_as(pilot, ui, tmp_path / name)
            error = screen.query_one("#save-as-error", Static)
            await _until(pilot, lambda s=said, e=error: s in str(e.render()), f"the error {said!r}")
            await pilot.press("escape")
            await _until(pilot, lambda: not isinstance(ui.screen, SaveAsScreen), "closing the modal")
    assert not (tmp_path / "missing").exists() and not list(tmp_path.glob("notes*"))
    assert (tmp_path / "taken.csv").read_text() == "mine" and not (tmp_path / "notes.txt").exists()


async def test_a_provincial_uncleared_clerks_export_holds_only_their_rows(office: Any, tmp_path: Path) -> None:
    ui = shell(office, user="kbl")
    out = tmp_path / "mine.csv"
    async with ui.run_test(size=(140, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        await _save_as(pilot, ui, out)
        await _until(pilot, out.exists, "the file")
    text = out.read_text(encoding="utf-8-sig")
    assert OWN in text and SECRET not in text and HQ not in text and "Ballots" not in text
    assert len(list(csv.DictReader(text.splitlines()))) == 1


async def test_e_on_the_reports_screen_exports_the_report_shown(office: Any, tmp_path: Path) -> None:
    ui = shell(office, user="kbl")
    out = tmp_path / "journal.xlsx"
    async with ui.run_test(size=(140, 40)) as pilot:
        await choose_register(pilot, ui, "correspondence")
        await pilot.press("r")
        await _until(pilot, lambda: isinstance(ui.screen, ReportsScreen) and ui.screen.result is not None,
                     "the report")
        await _save_as(pilot, ui, out)
        await _until(pilot, out.exists, "the file")
    ws = openpyxl.load_workbook(out).active
    cells = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert any(OWN in c for c in cells) and not any(SECRET in c or HQ in c for c in cells)


async def test_the_rows_written_are_counted_in_the_readers_digits(office: Any, tmp_path: Path) -> None:
    """A reader who asked for Eastern Arabic-Indic digits reads how many rows were written in them."""
    from domain.access import SetPreferences

    office.handle(SetPreferences(user="admin", digits="eastern"), user="admin")
    ui = shell(office)
    said: list[str] = []
    out = tmp_path / "letters.csv"
    async with ui.run_test(size=(140, 40)) as pilot:
        notify = ui.notify
        ui.notify = lambda message, *args, **kwargs: (said.append(str(message)), notify(message, *args, **kwargs))[1]
        await choose_register(pilot, ui, "correspondence")
        await _save_as(pilot, ui, out)
        await _until(pilot, lambda: bool(said), "the message")
    rows = len(list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines())))
    assert said[0].startswith("۰۱۲۳۴۵۶۷۸۹"[rows] + " "), said
