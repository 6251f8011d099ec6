"""The one place the session writes and reads dates, numbers and amounts (tui/i18n/formats.py) and where it is
applied: table cells, card values, form fields (typed in any digit set, in the reader's calendar) and printed
documents. An English, Gregorian, Latin session writes exactly what it always wrote."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from domain.commands import COMMANDS
from projections.documents import Document, Table
from projections.registers import money_text
from tui.i18n import formats, settings
from tui.i18n.catalogue import _
from tui.i18n.settings import Settings
from tui.paper.pdf import render
from tui.screens.card import value_text
from tui.widgets.fields import form_fields
from tui.widgets.table import cell_text

ENGLISH = Settings()
DARI = Settings("fa_AF", "solar_hijri", "eastern")
PASHTO_LATIN = Settings("ps", "solar_hijri", "latin")


@pytest.mark.parametrize("minor", [0, 5, 123456, -123456, 100000000000])
def test_english_money_is_written_as_before(minor: int) -> None:
    assert formats.show_money(minor, ENGLISH) == money_text(minor)


def test_money_and_numbers_per_locale_and_digits() -> None:
    assert formats.show_money(123456789, Settings("az")) == "1.234.567,89"
    assert formats.show_money(123456789, Settings("ru")) == "1\xa0234\xa0567,89"
    assert formats.show_money(123456789, DARI) == "۱٬۲۳۴٬۵۶۷٫۸۹"
    assert formats.show_money(-5, DARI).endswith("۰٫۰۵")
    assert formats.show_amount(Decimal("1250.5"), Settings("fa_AF")) == "1,250.50"
    assert formats.show_count(2026, DARI) == "۲۰۲۶"
    assert formats.show_count(2026, PASHTO_LATIN) == "2026"


def test_dates_in_the_readers_calendar_and_digits() -> None:
    day = date(2026, 12, 1)
    assert formats.show_date(day, ENGLISH) == "2026-12-01"
    assert formats.show_date(day, DARI) == "۱۴۰۵-۰۹-۱۰"
    assert formats.show_date(day, PASHTO_LATIN) == "1405-09-10"
    assert formats.show_stored("2026-12-01", ENGLISH) is None  # shown as stored
    assert formats.show_stored("INC-2026-00001", DARI) is None  # a number, not a day
    assert formats.read_date("۱۴۰۵-۰۹-۱۰", DARI) == day
    assert formats.read_date("1405-09-10", PASHTO_LATIN) == day
    assert formats.read_date("٢٠٢٦-١٢-٠١", ENGLISH) == day
    with pytest.raises(ValueError):
        formats.read_date("1404-12-30", DARI)


def test_table_cells_and_card_values_follow_the_session() -> None:
    settings.use(DARI)
    assert cell_text("2026-03-21") == "۱۴۰۵-۰۱-۰۱"
    assert cell_text(12) == "۱۲"
    assert cell_text(123456, "amount", money=("amount",)) == "۱٬۲۳۴٫۵۶"
    assert cell_text("INC-2026-00001") == "INC-2026-00001"  # codes and typed text as they are
    assert value_text(date(2026, 3, 21)) == "۱۴۰۵-۰۱-۰۱"
    assert value_text(Decimal("1250.50")) == "۱٬۲۵۰٫۵۰"
    assert value_text(datetime(2026, 3, 21, 9, 5)) == "۱۴۰۵-۰۱-۰۱ ۰۹:۰۵"
    assert value_text({"a", "b"}) == "۲"  # a collection counted in the reader's digits

    class Nested:  # a record's nested value (an order's assignments), unhashable: no day, shown as it is
        __hash__ = None  # type: ignore[assignment]

        def __str__(self) -> str:
            return "nested"

    assert formats.show_stored(Nested(), DARI) is None and value_text(Nested()) == "nested"
    settings.use(ENGLISH)
    assert cell_text("2026-03-21") == "2026-03-21" and cell_text(12) == "12"
    assert cell_text(123456, "amount", money=("amount",)) == "1,234.56"
    assert value_text(date(2026, 3, 21)) == "2026-03-21" and value_text(Decimal("1250.5")) == "1,250.50"
    assert value_text(datetime(2026, 3, 21, 9, 5)) == "2026-03-21 09:05"


def test_a_sentences_days_and_figures_follow_the_session_wherever_it_is_filled() -> None:
    """Every template is filled in one place (`catalogue._`): a day given to it is written in the reader's
    calendar and a whole number in their digits, so no screen or note passes them by hand; typed text stays."""
    from tui.i18n.catalogue import _

    settings.use(DARI)
    assert _("due {due}", due=date(2026, 3, 21)) == _("due {due}", due="۱۴۰۵-۰۱-۰۱")
    assert "۱۴۰۵-۰۱-۰۱" in _("due {due}", due=date(2026, 3, 21))
    assert "۱۲" in _("overdue by {days} days (due {due})", days=12, due=date(2026, 3, 21))
    assert "2026-03-21" in _("given on {on}: {conclusion}", on=date(2026, 3, 21), conclusion="2026-03-21")
    settings.use(ENGLISH)
    assert _("overdue by {days} days (due {due})", days=12, due=date(2026, 3, 21)) == \
        "overdue by 12 days (due 2026-03-21)"


def test_a_percentage_in_eastern_digits_takes_the_arabic_percent_sign() -> None:
    assert formats.show_percent(83, DARI) == "۸۳٪" and formats.show_percent(83, ENGLISH) == "83%"
    assert formats.show_percent(7, PASHTO_LATIN) == "7%"


def _field(command: str, name: str):
    import domain.access
    import domain.calendar  # noqa: F401  (their commands registered)

    return next(f for f in form_fields(COMMANDS[command]) if f.name == name)


def test_form_fields_read_every_digit_set_and_the_readers_calendar() -> None:
    day = _field("calendar.declare-holiday", "day")
    amount = _field("approvals.threshold", "amount")
    settings.use(DARI)
    assert day.check("۱۴۰۵-۰۹-۱۰") is None and day.value("۱۴۰۵-۰۹-۱۰") == date(2026, 12, 1)
    # a Gregorian day is no Solar Hijri one; the sentence in the reader's language
    assert day.check("2026-12-01") == _("a date like {example}", example="۱۴۰۵-۰۹-۰۲") != "a date like ۱۴۰۵-۰۹-۰۲"
    assert amount.check("۱۲۵۰٫۵۰") is None and amount.value("۱۲۵۰٫۵۰") == Decimal("1250.50")
    assert amount.value("١٬٢٥٠") == Decimal("1250")
    settings.use(ENGLISH)
    assert day.check("1405-09-10") is None and day.value("1405-09-10") == date(1405, 9, 10)  # Gregorian as ever
    assert day.check("2026-02-30") == "a date like 2026-11-23"
    assert day.value("۲۰۲۶-۱۲-۰۱") == date(2026, 12, 1)  # Persian digits typed in an English session
    assert amount.check("1,250.00") is None and amount.check("۱۲۵۰") is None


def test_a_whole_number_field_takes_eastern_digits_and_nothing_else() -> None:
    from tui.widgets.fields import Field

    count = Field("count", "Count", "int", True)
    assert count.check("۴۲") is None and count.value("۴۲") == 42
    assert count.check("٤٢") is None and count.value("٤٢") == 42
    assert count.check("²") == "a whole number"


def test_printed_documents_date_in_the_readers_calendar() -> None:
    document = Document("letter", "Registration card INC-2026-00001", ("correspondence",), ("INC-2026-00001",), 7,
                        datetime(2026, 12, 1, 9, 0, tzinfo=UTC), "admin",
                        fields=[("Registered on", "2026-12-01"), ("Number", "INC-2026-00001")],
                        tables=[Table("Dates", ("day", "what"), [("2026-03-21", "Nowruz")])])
    settings.use(PASHTO_LATIN)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render(document))).pages)
    assert "1405-09-10" in text and "1405-01-01" in text and "INC-2026-00001" in text
    settings.use(ENGLISH)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(render(document))).pages)
    assert "2026-12-01" in text and "1405" not in text


def test_an_imported_date_cell_is_read_back_as_the_same_day_in_any_calendar() -> None:
    from tui.import_files import _cell_text

    cell = datetime(2026, 12, 1)
    for chosen in (ENGLISH, DARI, PASHTO_LATIN):
        settings.use(chosen)
        assert _field("calendar.declare-holiday", "day").value(_cell_text(cell)) == date(2026, 12, 1)
        assert _field("calendar.declare-holiday", "day").value(_cell_text(date(2024, 3, 20))) == date(2024, 3, 20)
    settings.use(ENGLISH)
    assert _cell_text(cell) == "2026-12-01"  # what an English import always read


def test_card_notes_write_amounts_days_and_counts_in_the_sessions_formats() -> None:
    """A card's notes (budget line, allocation, donor project, payroll run, contract) write money with the
    session's locale formatter and days in its calendar and digits: 1.234.567,89 for an Azerbaijani reader,
    Eastern Arabic-Indic digits and Solar Hijri days for a Dari one; English as before."""
    import uuid
    from types import SimpleNamespace

    from tui.contexts.finance import allocation_notes, line_notes, project_notes
    from tui.contexts.payroll import _run_notes
    from tui.contexts.procurement import contract_notes

    big = Decimal("1234567.89")
    line = SimpleNamespace(unallocated=big, amount=big, allocated=Decimal(0))
    allocation = SimpleNamespace(untransferred=big, amount=big, transferred=Decimal(5), verified=Decimal(0),
                                 refunded=Decimal(0), active=True, commission_id=uuid.uuid4(), commission_label="PEC",
                                 reported=None, report_due=date(2026, 12, 1), expected_refund=Decimal(0),
                                 refund_due=None, allows=lambda _command: None)
    project = SimpleNamespace(received=big, amount=big, currency="USD", tranches=2, paid=big, cash=big, active=False)
    run = SimpleNamespace(lines=[1, 2], gross=big, tax=big, pension=big, net=big, allows=lambda _command: "no")
    contract = SimpleNamespace(lines={}, delivered={}, delivered_value=big, amount=big, paid=big,
                               delivery_due=date(2026, 12, 1), last_delivery_on=None)
    office = SimpleNamespace(find=lambda _id: object())

    def notes() -> str:
        return "\n".join([*line_notes(office, line), *allocation_notes(office, allocation, date(2026, 12, 2)),
                          *project_notes(office, project), *_run_notes(office, run), *contract_notes(office, contract)])

    english = notes()
    assert "1,234,567.89" in english and "due 2026-12-01 — OVERDUE" in english
    settings.use(Settings("az"))
    azerbaijani = notes()
    assert "1.234.567,89" in azerbaijani and "1,234,567.89" not in azerbaijani
    settings.use(DARI)
    dari = notes()
    assert "۱٬۲۳۴٬۵۶۷٫۸۹" in dari and "۱۴۰۵-۰۹-۱۰" in dari
    assert not any(c.isascii() and c.isdigit() for c in dari), dari


def test_supplies_and_media_notes_count_in_the_readers_digits_and_date_in_their_calendar() -> None:
    """Stock, dispatch, ballot account and campaign notes: counts in the reader's digits (۱٬۲۳۴ for a Dari reader
    who asked for Eastern digits), days in their calendar; English as before."""
    from types import SimpleNamespace

    from tui.contexts.media import campaign_notes
    from tui.contexts.supplies import account_notes, dispatch_notes, stock_notes

    stock = SimpleNamespace(on_hand=1234, serials=[], last_on=date(2026, 12, 1))
    line = SimpleNamespace(item="BALLOT", quantity=1234, first=None, last=None)
    dispatch = SimpleNamespace(lines=[line], allows=lambda _command: "acknowledged", sent={"BALLOT": 1234},
                               received={"BALLOT": 1000}, acknowledged_on=date(2026, 12, 1))
    account = SimpleNamespace(received=1234, issued=1000, spoiled=4, unused=200, cancelled=0, explained=0,
                              counted_on=date(2026, 12, 1), open_finding=30)
    campaign = SimpleNamespace(reached=1234, provinces=["HER"], channels=["radio"], reach={"HER": 1234})

    def notes() -> str:
        return "\n".join([*stock_notes(None, stock), *dispatch_notes(None, dispatch), *account_notes(None, account),
                          *campaign_notes(None, campaign)])

    english = notes()
    assert "On hand: 1,234" in english and "2026-12-01" in english and "+30" in english
    settings.use(DARI)
    dari = notes()
    assert "۱٬۲۳۴" in dari and "۲۳۴" in dari and "۱۴۰۵-۰۹-۱۰" in dari
    assert not any(c.isascii() and c.isdigit() for c in dari), dari
