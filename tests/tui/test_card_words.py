"""A record card as a clerk reads it at 80x24: its actions in view and in the footer, its fields in words
(yes/no, amounts with thousands and cents, other records by their title, labels instead of snake_case)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer

from tests.tui.support import card_shown, screen_text, small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard


async def test_a_card_shows_words_and_its_actions_without_scrolling(app: Any) -> None:
    from decimal import Decimal

    from domain.finance import AddBudgetLine, OpenBudget

    small_organisation(app)
    app.handle(OpenBudget(year=2026, source="STATE", budget_title="State budget 2026"), user="admin")
    app.handle(AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC",
                             description="Temporary staff", amount=Decimal("248270000")), user="admin")
    ui = shell(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "enter")  # the unit FIN, under SEC
        card = await card_shown(pilot)  # the card reads its record in a worker
        assert isinstance(card, RecordCard)
        text = screen_text(ui)
        assert "active: yes" in text and "True" not in text and "False" not in text
        assert "parent id" not in text and "parent: Unit SEC" in text  # another record by its title
        actions = card.query_one("#card-actions")
        assert "[r] Rename" in str(actions.render()) and actions.region.bottom <= 10  # in view at 80x24
        footer = card.query_one(Footer)
        keys = {b.binding.key: b.binding.description for b in card.active_bindings.values()}
        assert keys.get("r") == "Rename" and keys.get("d") == "Dissolve" and footer.display
        await pilot.press("r")  # the footer's key runs the action
        await pilot.pause()
        assert ui.screen.__class__.__name__ == "CommandForm"
        await pilot.press("escape")
        await pilot.press("escape")
        await choose_register(pilot, ui, "budget")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(ui)
        assert "amount: 248,270,000.00" in text and "248270000" not in text
        assert "economic code: 2211" in text and "economic_code" not in text and "cost centre: PEC" in text


def test_a_records_collection_is_counted_in_the_readers_digits_never_an_english_noun() -> None:
    """A payroll run's payslips, a personal file's attestations (domain.shown): the field's label names them,
    the value is their count; nothing English like '2 payslip(s)' reaches a Dari or Russian reader."""
    from domain.shown import Keyed, Listed
    from tui.i18n import settings
    from tui.screens.card import value_text

    settings.use(settings.Settings("fa_AF", "solar_hijri", "eastern"))
    assert value_text(Listed([1, 2, 3], "payslip")) == "۳"
    assert value_text(Keyed({"a": 1}, noun="grade")) == "۱"
    assert value_text(Listed(noun="attestation")) == "-"
    settings.use(settings.Settings("ru"))
    assert value_text(Listed([1, 2], "payslip")) == "2"


def test_a_sessions_agenda_and_attendance_are_told_in_the_readers_language_digits_and_calendar() -> None:
    """The Commission's own record: its agenda with the votes, its attendance, read in Russian and in Dari
    with Eastern digits; typed titles and names stay as typed; str() stays English for logs and JSON."""
    from datetime import date

    from domain.control import Assignments
    from domain.sessions import Attendance, Items
    from tui.i18n import settings
    from tui.screens.card import value_text

    items = Items([{"number": 1, "title": "On observers", "kind": "decision", "unit": "PLAN",
                    "vote": {"for": 9, "against": 0, "abstained": 1, "adopted": True}, "decision": "DEC-2026-0008"},
                   {"number": 2, "title": "On the calendar", "kind": "decision", "unit": "PLAN", "vote": None}])
    attendance = Attendance({"N. Zadran": {"status": "proxy", "reason": "", "proxy": "M. Ibrahimi"},
                             "A. Noori": {"status": "present", "reason": "", "proxy": ""}})
    control = Assignments({"FIN": {"instruction": "x", "assigned_on": date(2026, 3, 1), "due": date(2026, 3, 21),
                                   "executed_on": None, "report": ""}})
    assert str(items).startswith("1. On observers (decision, PLAN): 9-0-1, adopted, DEC-2026-0008")
    settings.use(settings.Settings("ru"))
    assert value_text(items) == ("1. On observers (решение, PLAN): 9-0-1, принято, DEC-2026-0008; "
                                 "2. On the calendar (решение, PLAN): ожидает")
    assert value_text(attendance) == "присутствуют: 1; N. Zadran по доверенности M. Ibrahimi"
    settings.use(settings.Settings("fa_AF", "solar_hijri", "eastern"))
    told = value_text(items)
    assert "۹-۰-۱" in told and "تصویب شد" in told and "؛ " in told and "adopted" not in told
    assert value_text(control) == "FIN (مهلت ۱۴۰۵-۰۱-۰۱)"  # 21 March 2026: Nowruz 1405


def test_an_employees_labour_card_and_contract_are_told_in_the_readers_language(app: Any) -> None:
    """The labour card kept on the employee (hire, contract, promotion) reads in Russian on the card and in its
    notes: no English sentence from the domain's state reaches a Russian clerk."""
    from datetime import date

    from domain.personnel import SignContract
    from tests.domain.test_personnel import employee, hire, run, setup
    from tui.contexts.personnel import employee_notes
    from tui.i18n import settings
    from tui.screens.card import record_fields

    setup(app)
    hire(app, kind="temporary")
    run(app, SignContract(number="E1", contract_number="LC-7", start=date(2026, 1, 10), end=date(2026, 12, 31)))
    e = employee(app, "E1")
    settings.use(settings.Settings("ru"))
    fields = dict(record_fields(e))
    assert fields["card"].startswith("записей: 2, последняя: 2026-01-10 трудовой договор LC-7 с 2026-01-10 по")
    assert fields["contract"] == "LC-7 с 2026-01-10 по 2026-12-31"
    notes = "\n".join(employee_notes(app, e))
    assert "принят (временный, до 2026-12-31) на должность Clerk, HQ/CLK; приказ 12/2026 от 2026-01-05" in notes
    assert "hired" not in notes and "labour contract" not in notes


def test_a_records_own_dict_reads_with_translated_labels_and_words() -> None:
    """A court case's judgment, a session's minutes: their keys read as labels and their words (an outcome)
    from the vocabulary, in the reader's language; typed text stays as typed."""
    from datetime import date

    from tui.i18n import settings
    from tui.screens.card import value_text

    judgment = {"on": date(2026, 9, 2), "outcome": "lost", "appeal_until": date(2026, 10, 2),
                "summary": "to be reconsidered"}
    settings.use(settings.Settings("ru"))
    text = value_text(judgment, field="judgment")
    assert "appeal until" not in text and "outcome" not in text and "lost" not in text
    assert "to be reconsidered" in text and "2026-09-02" in text


def test_a_command_receipt_reads_like_every_other_card(app: Any) -> None:
    """A command receipt's outcome is a value made of fields: the card shows them as labelled words (the records
    by their title), never Python's picture of the value (`Outcome(message=...)`)."""
    from domain.receipts import CommandReceipt
    from tui.i18n import settings
    from tui.screens.card import record_fields, record_title

    receipt = next(r for n in app.recorder.select_notifications(1, 10)
                   if isinstance(r := app.find(n.originator_id), CommandReceipt))
    fields = dict(record_fields(receipt, lambda _id: "User admin"))
    assert fields["outcome"] == "message (store initialised; admin is its first administrator), record ids (User admin)"
    assert record_title(receipt) == "CommandReceipt users.init"
    settings.use(settings.Settings("ru", "gregorian", "latin"))
    try:
        shown = dict(record_fields(receipt, lambda _id: "User admin"))["outcome"]
    finally:
        settings.use(settings.Settings())
    assert "Outcome" not in shown and "message" not in shown and "record ids" not in shown
