"""Forms as a clerk types into them at 80x24: nothing typed or pasted is lost, the form's limits are the
domain's, picking a suggestion leaves Tab and typing alone, a refusal is shown where the user looks, Esc
never silently discards typed values, dates of the act start on today, and labels say what is required."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from textual import events
from textual.widgets import Input, OptionList, Select, Static, TextArea

from domain.assets import RegisterAsset
from domain.commands import COMMANDS
from domain.correspondence import Document, ReceiveDocument, document_id
from domain.records import LINE, TextLimit
from tests.tui.support import recorded, small_organisation
from tests.tui.test_shell import shell
from tui.screens.forms import CommandForm, ConfirmDiscard, LongText
from tui.widgets.fields import form_fields


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    application.handle(RegisterAsset(inventory="LT-1", category="computer", description="laptop",
                                     cost=Decimal("950.00"), location="HQ store", acquired_on=date(2026, 1, 1)),
                       user="admin")
    application.handle(ReceiveDocument(received_on=date(2026, 1, 5), sender="Ministry", subject="Ballots"),
                       user="admin")
    yield application
    application.close()


async def open_form(pilot: Any, ui: Any, name: str, values: dict[str, Any] | None = None) -> CommandForm:
    ui.open_form(COMMANDS[name], values)
    await pilot.pause()
    form = ui.screen
    assert isinstance(form, CommandForm)
    return form


def instruction(app: Any) -> str:
    doc = app.find(document_id("INC-2026-00001"))
    assert isinstance(doc, Document)
    return doc.instruction


# ---- 2: pasted lines ------------------------------------------------------------------------------

async def test_pasted_lines_are_kept_in_long_texts_and_become_spaces_in_one_line_fields(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "correspondence.resolve", {"document": "INC-2026-00001", "unit": "FIN"})
        area = form.query_one("#f-instruction", TextArea)
        assert isinstance(area, LongText)
        area.focus()
        await pilot.pause()
        ui.post_message(events.Paste("Prepare a reply.\nAsk the provinces.\nReport by Friday."))
        await pilot.pause()
        unit = form.query_one("#f-unit", Input)
        unit.focus()
        unit.value = ""
        ui.post_message(events.Paste("FIN\n"))
        await pilot.pause()
        assert unit.value == "FIN"
        sender = "Ministry\r\nof Interior"
        one_line = form_fields(COMMANDS["correspondence.resolve"])  # the area is a long text; the unit one line
        assert {f.name: f.kind for f in one_line}["instruction"] == "longtext"
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert not isinstance(ui.screen, CommandForm)
        assert instruction(lite) == "Prepare a reply.\nAsk the provinces.\nReport by Friday."
        form = await open_form(pilot, ui, "correspondence.receive")
        field = form.query_one("#f-sender", Input)
        field.focus()
        ui.post_message(events.Paste(sender))
        await pilot.pause()
        assert field.value == "Ministry of Interior"  # nothing pasted is lost, and it stays one line


# ---- 3: one source of truth for limits ----------------------------------------------------------------

def test_every_forms_text_limit_is_the_commands_declaration() -> None:
    import typing

    for name, command in COMMANDS.items():
        declared = {}
        for f in msgspec.structs.fields(command):
            ann = f.type
            if typing.get_origin(ann) in (typing.Union, __import__("types").UnionType):
                ann = next(a for a in typing.get_args(ann) if a is not type(None))
            if typing.get_origin(ann) is typing.Annotated:
                declared[f.name] = next(m for m in ann.__metadata__ if isinstance(m, TextLimit))
        for field in form_fields(command):
            assert field.limit == declared.get(field.name, LINE), (name, field.name)


async def test_a_250_character_instruction_is_accepted_by_the_form_as_by_the_domain(lite: Any) -> None:
    text = ("Prepare a reply to the ministry on the ballot shipment. " * 5)[:250]
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "correspondence.resolve",
                               {"document": "INC-2026-00001", "unit": "FIN", "instruction": text})
        assert str(form.query_one("#e-instruction", Static).render()) == ""
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert not isinstance(ui.screen, CommandForm) and instruction(lite) == text.strip()
        form = await open_form(pilot, ui, "correspondence.file", {"document": "INC-2026-00001",
                                                                   "case_file": "F" * 41})
        await pilot.press("ctrl+s")
        await recorded(pilot)  # the domain's 40 for a case file, said at the field before anything is sent
        assert ui.screen is form and "at most 40 characters" in str(form.query_one("#e-case_file").render())


# ---- 5 and 7: suggestion lists ----------------------------------------------------------------------

async def test_after_picking_a_suggestion_tab_and_typing_go_to_the_next_field(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "units.establish")
        form.query_one("#f-parent", Input).focus()
        await pilot.press(*"budg")
        matches = form.query_one("#m-parent", OptionList)
        assert matches.has_class("open")
        await pilot.press("down", "enter")
        await pilot.pause()
        assert form.query_one("#f-parent", Input).value == "FIN" and not matches.has_class("open")
        await pilot.press("tab")
        await pilot.pause()
        assert not matches.has_class("open") and form.focused is not None and form.focused.id != "f-parent"
        assert form.focused.id != "m-parent"  # the list never takes the Tab


async def test_esc_closes_the_list_then_asks_before_discarding_typed_values(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "units.establish")
        await pilot.press(*"LOG", "tab", *"Logistics")
        form.query_one("#f-parent", Input).focus()
        await pilot.press(*"budg")
        matches = form.query_one("#m-parent", OptionList)
        assert matches.has_class("open")
        await pilot.press("escape")
        await pilot.pause()
        assert ui.screen is form and not matches.has_class("open")
        assert form.query_one("#f-unit_name", Input).value == "Logistics"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(ui.screen, ConfirmDiscard)
        await pilot.press("n")
        await pilot.pause()
        assert ui.screen is form and form.query_one("#f-code", Input).value == "LOG"
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(ui.screen, CommandForm | ConfirmDiscard)
        form = await open_form(pilot, ui, "units.establish")
        await pilot.press("escape")  # nothing typed: closes at once
        await pilot.pause()
        assert not isinstance(ui.screen, CommandForm | ConfirmDiscard)


# ---- 6: a refusal where the user looks -----------------------------------------------------------------

async def test_a_refusal_is_shown_by_the_field_at_fault_which_gets_the_focus(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "assets.register", {
            "inventory": "LT-2", "category": "computer", "description": "laptop", "cost": "-950",
            "location": "HQ store", "acquired_on": "2026-01-02"})
        form.query_one("#f-location", Input).focus()
        await pilot.press("ctrl+s")
        await recorded(pilot)
        await pilot.pause()
        assert ui.screen is form and form.focused is form.query_one("#f-cost")
        error = form.query_one("#e-cost", Static)
        assert str(error.render()).startswith("Refused:") and "cost" in str(error.render())
        region = error.region
        assert form.region.contains_region(region) and region.height > 0  # on screen, not scrolled away


# ---- 11 and 12: today's date and what is required ---------------------------------------------------------

def test_dates_of_the_act_start_on_today_and_other_dates_do_not() -> None:
    today = date.today().isoformat()
    issue = {f.name: f.default for f in form_fields(COMMANDS["assets.issue"])}
    accredit = {f.name: f.default for f in form_fields(COMMANDS["accreditation.accredit-organisation"])}
    assert issue["on"] == today and accredit["decided_on"] == today
    trip = {f.name: f.default for f in form_fields(COMMANDS["trips.plan"])}
    receive = {f.name: f.default for f in form_fields(COMMANDS["correspondence.receive"])}
    assert trip["start"] == "" and trip["end"] == "" and receive["their_date"] == ""


async def test_an_incoming_letters_subject_says_when_it_is_required(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "correspondence.receive")
        labels = [str(w.render()) for w in form.query("Label")]
        assert "Subject (required unless confidential)" in labels and "Subject (optional)" not in labels
        form.query_one("#f-sender", Input).value = "Ministry"
        form.query_one("#f-classification", Select).value = "confidential"
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert not isinstance(ui.screen, CommandForm)  # confidential: no subject needed, as the label said


async def test_a_code_repeated_across_units_is_offered_once_and_only_in_the_chosen_unit(lite: Any) -> None:
    from domain.organisation import EstablishPosition

    lite.handle(EstablishPosition(unit="FIN", code="DIR", position_title="Finance director"), user="admin")
    ui = shell(lite)
    async with ui.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot, ui, "staff.hire")
        form.query_one("#f-position", Input).focus()
        await pilot.press("D")  # no unit yet: DIR exists in KBL and FIN, offered once (it crashed the app)
        matches = form.query_one("#m-position", OptionList)
        assert ui.is_running and [str(matches.get_option_at_index(i).id) for i in range(matches.option_count)] == [
            "DIR"]
        form.query_one("#f-unit", Input).value = "FIN"
        form.query_one("#f-position", Input).value = ""
        await pilot.press(*"dir")
        assert "Finance director" in str(matches.get_option_at_index(0).prompt)


def test_a_multi_line_value_stays_on_its_row_in_a_register() -> None:
    from tui.widgets.table import cell_text

    assert cell_text("Prepare a reply.\nReport by Friday.") == "Prepare a reply. ⏎ Report by Friday."


# ---- a command recorded while its registers could not follow ------------------------------------------------

async def test_a_command_recorded_while_the_registers_cannot_follow_closes_as_recorded_and_says_so(
        lite: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The form must not say 'Not recorded' for a command that is in the store (a clerk would save it again)."""
    import sqlite3

    ui = shell(lite)
    notes: list[str] = []
    async with ui.run_test(size=(80, 24)) as pilot:
        real_notify = ui.notify

        def notify(message: Any, *args: Any, **kwargs: Any) -> None:
            notes.append(str(message))
            real_notify(message, *args, **kwargs)

        def registers_fail(position: int) -> None:
            raise sqlite3.OperationalError("database table is locked: staff")

        monkeypatch.setattr(ui, "notify", notify)
        monkeypatch.setattr(ui.registers, "wait", registers_fail)
        head = lite.head()
        form = await open_form(pilot, ui, "correspondence.receive",
                               {"received_on": date(2026, 1, 6), "sender": "Kabul office", "subject": "Seals"})
        form.action_submit()
        await recorded(pilot)
        assert not isinstance(ui.screen, CommandForm)  # closed as recorded, not kept with "Not recorded"
        assert lite.head() > head
        assert any("recorded, but the registers could not be brought up to date (database table is locked: staff)"
                   in n for n in notes), notes
        assert not any("Not recorded" in n for n in notes)
